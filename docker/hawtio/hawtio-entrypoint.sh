#!/bin/sh
# Writes Hawtio's login (Tomcat's conf/tomcat-users.xml, which Hawtio reads on Tomcat) from
# HAWTIO_USER and HAWTIO_PASSWORD, sets Hawtio's options, then runs Tomcat.
#   HAWTIO_USER, HAWTIO_PASSWORD   the login (role admin); required unless HAWTIO_AUTHENTICATION=false
#   HAWTIO_AUTHENTICATION          true (default) or false: no login at all (a trusted network only)
#   HAWTIO_PROXY_ALLOWLIST         hosts Hawtio may connect to (its proxy refuses all others)
#   CAUSALITY_MANAGEMENT_URL       Causality's management address, which /causality/ connects Hawtio to
set -eu

# A page of Hawtio's own origin that adds the connection to Causality (Hawtio keeps connections in
# the browser's localStorage) and opens the Camel routes: http://<host>:8090/causality/
management="${CAUSALITY_MANAGEMENT_URL:-http://causality-collector:9876}"
scheme="${management%%://*}"
target="${management#*://}"
target="${target%%/*}"
mkdir -p /usr/local/tomcat/webapps/causality
cat > /usr/local/tomcat/webapps/causality/index.html <<HTML
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Causality in Hawtio</title></head><body>
<script>
  var connections = JSON.parse(localStorage.getItem('connect.connections') || '{}');
  connections['causality'] = {id: 'causality', name: 'causality', scheme: '$scheme', host: '${target%:*}',
                              port: ${target##*:}, path: '/observe/jolokia'};
  localStorage.setItem('connect.connections', JSON.stringify(connections));
  location.replace('/hawtio/camel/routes?con=causality');
</script>
</body></html>
HTML

auth="${HAWTIO_AUTHENTICATION:-true}"
if [ "$auth" = "true" ]; then
  : "${HAWTIO_USER:?HAWTIO_USER is not set}" "${HAWTIO_PASSWORD:?HAWTIO_PASSWORD is not set}"
  xml() { printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }
  (
    umask 077
    cat > /usr/local/tomcat/conf/tomcat-users.xml <<XML
<?xml version="1.0" encoding="UTF-8"?>
<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
  <role rolename="admin"/>
  <user username="$(xml "$HAWTIO_USER")" password="$(xml "$HAWTIO_PASSWORD")" roles="admin"/>
</tomcat-users>
XML
  )
fi

CATALINA_OPTS="${CATALINA_OPTS:-} -Dhawtio.authenticationEnabled=$auth"
CATALINA_OPTS="$CATALINA_OPTS -Dhawtio.proxyAllowlist=${HAWTIO_PROXY_ALLOWLIST:-localhost,127.0.0.1}"
export CATALINA_OPTS
exec "$@"
