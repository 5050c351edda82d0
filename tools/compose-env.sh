#!/usr/bin/env bash
# Writes .env for docker-compose.yml with a fresh random password for PostgreSQL and for Grafana's admin,
# and prints where to read them. Never overwrites an existing .env (git ignores it; the database keeps the
# password it was first created with, so a new one would lock the replicas out of an existing volume).
# usage: tools/compose-env.sh [FILE]    (default: .env beside docker-compose.yml)
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-.env}
if [ -e "$file" ]; then
  echo "compose-env: $file exists; left as it is (delete it to start over, and the postgres-data volume with it)" >&2
  exit 1
fi
password() {
  /usr/bin/env python3 -c 'import secrets; print(secrets.token_urlsafe(24))'
}
umask 077
{
  echo "# Written by tools/compose-env.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ); docker compose reads it."
  echo "POSTGRES_PASSWORD=$(password)"
  echo "GRAFANA_ADMIN_USER=admin"
  echo "GRAFANA_ADMIN_PASSWORD=$(password)"
} >"$file"
echo "compose-env: wrote $file (readable by you only); Grafana's admin password is GRAFANA_ADMIN_PASSWORD there"
