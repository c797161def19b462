#!/bin/sh
# Writes Hawtio's login (Tomcat's conf/tomcat-users.xml, which Hawtio reads on Tomcat) from
# HAWTIO_USER and HAWTIO_PASSWORD, sets Hawtio's options, then runs Tomcat.
#   HAWTIO_USER, HAWTIO_PASSWORD   the login (role admin); required unless HAWTIO_AUTHENTICATION=false
#   HAWTIO_AUTHENTICATION          true (default) or false: no login at all (a trusted network only)
#   HAWTIO_PROXY_ALLOWLIST         hosts Hawtio may connect to (its proxy refuses all others)
set -eu

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
