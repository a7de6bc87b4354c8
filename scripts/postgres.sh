#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers at 127.0.0.1:5432 for `make test-pg`: starts the
# Debian cluster if it is installed but stopped, installs it if missing (as root).
set -euo pipefail

ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if command -v pg_isready >/dev/null && ready; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  cat >&2 <<MSG
PostgreSQL 没有在 127.0.0.1:5432 运行。请安装并启动它，或用 PG_URL 指定其他服务器。
PostgreSQL is not answering at 127.0.0.1:5432. Install and start it, or set PG_URL, e.g.
    sudo apt-get install postgresql && sudo pg_ctlcluster <version> main start
MSG
  exit 1
fi

if ! command -v pg_ctlcluster >/dev/null; then
  echo "Installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -V | tail -n 1)
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do ready && break; sleep 1; done
ready || { echo "PostgreSQL did not start" >&2; exit 1; }
# Tests connect as postgres without a password over TCP, as on the CI machines.
if ! psql "postgres://postgres@127.0.0.1:5432/postgres" -Atc 'select 1' >/dev/null 2>&1; then
  hba=$(su postgres -c "psql -Atc 'show hba_file'")
  sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload
fi
