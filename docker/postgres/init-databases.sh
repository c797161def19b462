#!/bin/sh
# Runs once, when the postgres volume is new (docker-entrypoint-initdb.d): one database and owner
# per client, the Hive Metastore's and Redash's. Changing HIVE_DB_PASSWORD or REDASH_DB_PASSWORD
# later takes an ALTER ROLE ... PASSWORD as well (see docker/README.md).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     --set hive_password="$HIVE_DB_PASSWORD" --set redash_password="$REDASH_DB_PASSWORD" <<'SQL'
CREATE ROLE hive LOGIN PASSWORD :'hive_password';
CREATE DATABASE metastore OWNER hive;
CREATE ROLE redash LOGIN PASSWORD :'redash_password';
CREATE DATABASE redash OWNER redash;
SQL
