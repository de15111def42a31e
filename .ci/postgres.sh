#!/usr/bin/env bash
# Install (if missing) and start Debian's PostgreSQL, make a role and a database for the tests, print the DSN.
# Idempotent and quiet: run it again and it prints the same DSN. Needs root (apt-get, su postgres).
#   export DETENTE_TEST_PG="$(.ci/postgres.sh)"      # then the PostgreSQL half of the store tests runs
set -euo pipefail
DB=${DETENTE_PG_DB:-detente_test}
ROLE=${DETENTE_PG_ROLE:-detente}
PASS=${DETENTE_PG_PASSWORD:-detente}
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null 2>&1
fi
if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
  pg_createcluster "$ver" main >/dev/null
fi
read -r ver name port status _ < <(pg_lsclusters -h | head -1)
if [ "$status" != "online" ]; then
  pg_ctlcluster "$ver" "$name" start >/dev/null 2>&1 || pg_ctlcluster "$ver" "$name" start
fi
psql_pg() { su postgres -c "psql -p $port -qAtX -v ON_ERROR_STOP=1 $*"; }
for _ in $(seq 1 30); do psql_pg "-c 'SELECT 1'" >/dev/null 2>&1 && break; sleep 0.5; done
if [ "$(psql_pg "-c \"SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'\"")" != "1" ]; then
  psql_pg "-c \"CREATE ROLE $ROLE LOGIN PASSWORD '$PASS'\"" >/dev/null
fi
if [ "$(psql_pg "-c \"SELECT 1 FROM pg_database WHERE datname = '$DB'\"")" != "1" ]; then
  psql_pg "-c \"CREATE DATABASE $DB OWNER $ROLE\"" >/dev/null
fi
echo "postgresql://$ROLE:$PASS@localhost:$port/$DB"
