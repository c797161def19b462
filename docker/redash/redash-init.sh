#!/bin/bash
# One-shot setup of Redash 10 for Causality, run by the redash-init service before Redash starts:
# its tables, its admin user and the "Causality (Trino)" data source. Each step is skipped when its
# work is already there, so the service may run on every `docker compose up`.
set -euo pipefail

manage=/app/manage.py
data_source="Causality (Trino)"
# Redash 10's Presto query runner (PyHive) against Trino, which accepts its X-Presto-* headers
# (protocol.v1.alternate-header-name=Presto in docker/trino/etc/config.properties).
data_source_options='{"host": "trino", "port": 8080, "username": "redash", "catalog": "hive", "schema": "causality"}'

echo "redash-init: tables"
# creates the tables when the database has none; says so and does nothing otherwise
"$manage" database create_tables
# applies the migrations of a newer Redash image to an existing database (the server does it too)
"$manage" db upgrade

echo "redash-init: admin user $REDASH_ADMIN_EMAIL"
if grep -qxF "Email: $REDASH_ADMIN_EMAIL" <<<"$("$manage" users list)"; then
  echo "redash-init: the admin user exists (its password is changed in Redash, not here)"
else
  "$manage" users create_root "$REDASH_ADMIN_EMAIL" admin --password "$REDASH_ADMIN_PASSWORD"
fi

echo "redash-init: data source $data_source"
if grep -qxF "Name: $data_source" <<<"$("$manage" ds list)"; then
  echo "redash-init: the data source exists"
else
  "$manage" ds new "$data_source" --type presto --options "$data_source_options"
  # `ds new` exits 0 even when it refuses the options: check that the data source is there
  grep -qxF "Name: $data_source" <<<"$("$manage" ds list)" || { echo "redash-init: data source not created" >&2; exit 1; }
fi
echo "redash-init: done"
