#!/usr/bin/env bash
# A throw-away PostgreSQL server for the test suites: `npm run db:start` / `npm run db:stop`.
# .ci/run uses it too, so contributors and CI start the server the same way.
#
# start: initdb into a new temporary directory, pg_ctl start on 127.0.0.1 at a free port (or
#   LE_PG_PORT), check that the server answering on that port is the one just started (never
#   someone else's), create the database linked_enforcement, print DATABASE_URL and write it to
#   .tmp/database-url (npm test reads it while the server runs). As root it runs the server as the
#   postgres user (PostgreSQL refuses root); as anyone else, as that user: no sudo.
#   PG_BIN names the folder of initdb and pg_ctl when they are not found.
# url: print the running server's DATABASE_URL (exit 1 when none runs).
# stop: stop that server and delete its directory.
set -euo pipefail
cd "$(dirname "$0")/.."

# LE_DB_STATE moves these files elsewhere (test/dbScript.test.ts does, to leave yours alone).
state_dir="${LE_DB_STATE:-.tmp}"
url_file="$state_dir/database-url"
server_file="$state_dir/db-server"
database=linked_enforcement

say() { echo "db:$command: $*" >&2; }
fail() { say "$*"; exit 1; }

find_pg_bin() {
  local dir
  for dir in "${PG_BIN:-}" "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)" \
    "$(dirname "$(command -v initdb 2>/dev/null || echo .)")" "$(pg_config --bindir 2>/dev/null || true)"; do
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

# PostgreSQL will not run as root: as root, run it as the postgres user the packages create.
as_server() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# The directory of the server that `start` left running, if it still runs.
running_server() {
  [ -f "$server_file" ] || return 1
  local dir
  dir="$(cat "$server_file")"
  [ -f "$dir/data/postmaster.pid" ] && echo "$dir"
}

start() {
  if dir="$(running_server)"; then
    say "already running (data in $dir/data); npm run db:stop stops it."
    echo "DATABASE_URL=$(cat "$url_file")"
    return 0
  fi
  pg_bin="$(find_pg_bin)" || fail "PostgreSQL is not installed (no initdb and pg_ctl found). Install it, then run npm run db:start again:
  Debian, Ubuntu: sudo apt-get install postgresql
  Fedora:         sudo dnf install postgresql-server
  macOS:          brew install postgresql@17
or set PG_BIN to the folder that holds initdb and pg_ctl, or export DATABASE_URL for a server you already have."
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    fail "running as root, but there is no postgres user to run the server as (PostgreSQL refuses root). Create one, or run this as a normal user."
  fi

  dir="$(mktemp -d "${TMPDIR:-/tmp}/linked-enforcement-pg.XXXXXX")"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  trap 'if [ -n "${dir:-}" ]; then as_server "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; fi' EXIT
  as_server "$pg_bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || fail "initdb failed:"$'\n'"$(cat "$dir/initdb.log")"

  # A free port can be taken between choosing it and binding it: then choose another (unless
  # LE_PG_PORT fixed it). pg_ctl -w waits for this data directory's server, so a port in use ends in
  # a failed start here, never in a connection to another server.
  local attempt port
  for attempt in 1 2 3 4 5; do
    port="${LE_PG_PORT:-$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")}"
    if as_server "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null 2>&1; then
      break
    fi
    if [ -z "${LE_PG_PORT:-}" ] && [ "$attempt" -lt 5 ] && grep -q 'Address already in use' "$dir/server.log"; then continue; fi
    fail "the server did not start on 127.0.0.1:$port:"$'\n'"$(tail -n 5 "$dir/server.log")"
  done

  # Ask whoever answers on 127.0.0.1:$port where its data is: it must be this server.
  local answered
  answered="$(as_server "$pg_bin/psql" -X -A -t -h 127.0.0.1 -p "$port" -U postgres -d postgres -c 'show data_directory' 2>&1)" || true
  [ "$answered" = "$dir/data" ] || fail "127.0.0.1:$port is not answered by the server just started (it said: $answered)"
  as_server "$pg_bin/createdb" -h "$dir" -p "$port" -U postgres "$database"

  mkdir -p "$state_dir"
  echo "postgres://postgres@127.0.0.1:$port/$database" >"$url_file"
  echo "$dir" >"$server_file"
  trap - EXIT
  say "PostgreSQL $("$pg_bin/pg_ctl" --version | awk '{print $3}') runs on 127.0.0.1:$port (data in $dir/data). npm test reads the URL from $url_file; npm run db:stop stops it."
  echo "DATABASE_URL=$(cat "$url_file")"
}

stop() {
  if [ ! -f "$server_file" ]; then
    say "no server started by npm run db:start."
    return 0
  fi
  dir="$(cat "$server_file")"
  case "$dir" in
    */linked-enforcement-pg.*) ;;
    *) fail "$server_file names $dir, which db:start did not create; not deleting it." ;;
  esac
  if [ -f "$dir/data/postmaster.pid" ]; then
    pg_bin="$(find_pg_bin)" || fail "cannot find pg_ctl to stop the server in $dir/data"
    as_server "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  fi
  rm -rf "$dir"
  rm -f "$url_file" "$server_file"
  say "stopped; deleted $dir."
}

command="${1:-}"
case "$command" in
  start) start ;;
  url) running_server >/dev/null && cat "$url_file" ;;
  stop) stop ;;
  *) echo "usage: scripts/db.sh start|url|stop" >&2; exit 2 ;;
esac
