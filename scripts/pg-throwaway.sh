#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: one cluster in DIR, trust authentication, listening
# on 127.0.0.1 only, with durability switched off for speed. Nothing here is fit for real data.
#
#   eval "$(scripts/pg-throwaway.sh start DIR)"   # prints the export lines below on stdout
#   scripts/pg-throwaway.sh stop DIR              # safe when the server is not running
#   scripts/pg-throwaway.sh bindir                # where initdb/pg_ctl are; fails if nowhere
#
# start prints
#   export CPOR_TEST_DATABASE_URL=postgres://cpor@127.0.0.1:PORT/postgres
#   export CPOR_TEST_PG_DIR=DIR
# The superuser is `cpor`; the URL names the maintenance database `postgres`, from which tests
# create (and drop) a database each. Everything else goes to stderr or to DIR/*.log.
#
# initdb refuses to run as root, so as root the cluster is owned by (and run as) an unprivileged
# system user, `cpor-pg` (created if missing; override with CPOR_PG_USER).
# Optional: PG_BINDIR to choose the binaries, CPOR_PG_PORT for the first port to try (54329).
set -euo pipefail

readonly PG_USER_AS_ROOT=${CPOR_PG_USER:-cpor-pg}
readonly SUPERUSER=cpor

log() { echo "pg-throwaway: $*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  cat >&2 <<EOF
usage: $0 start DIR    start a throwaway cluster in DIR and print export lines
       $0 stop DIR     stop it (does nothing if it is not running)
       $0 bindir       print the directory of initdb and pg_ctl
EOF
  exit 2
}

# The directory holding initdb and pg_ctl: PG_BINDIR, else the highest version under
# /usr/lib/postgresql (Debian's layout), else wherever PATH finds them (symlinks resolved).
find_bindir() {
  local dir candidate
  if [[ -n ${PG_BINDIR:-} ]]; then
    [[ -x $PG_BINDIR/initdb && -x $PG_BINDIR/pg_ctl ]] || die "PG_BINDIR=$PG_BINDIR has no initdb and pg_ctl"
    echo "$PG_BINDIR"
    return
  fi
  dir=$(
    for candidate in /usr/lib/postgresql/*/bin; do
      if [[ -x $candidate/initdb && -x $candidate/pg_ctl ]]; then echo "$candidate"; fi
    done | sort -t/ -k5,5 -V | tail -n 1
  )
  if [[ -n $dir ]]; then
    echo "$dir"
    return
  fi
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dir=$(dirname "$(readlink -f "$(command -v initdb)")")
    if [[ -x $dir/pg_ctl ]]; then
      echo "$dir"
    else
      dirname "$(command -v initdb)"
    fi
    return
  fi
  log "error: PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or on PATH."
  log "Install PostgreSQL, e.g. 'sudo apt-get install postgresql' on Debian/Ubuntu, or set PG_BINDIR."
  return 1
}

# Who runs the cluster: ourselves, or an unprivileged system user when we are root.
cluster_user() {
  if ((EUID == 0)); then echo "$PG_USER_AS_ROOT"; else id -un; fi
}

ensure_user() {
  local user=$1
  getent passwd "$user" >/dev/null && return
  log "creating system user $user to own the cluster (initdb refuses to run as root)"
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin --comment "CPOR throwaway PostgreSQL" "$user" \
    || getent passwd "$user" >/dev/null # lost a race with a parallel start: fine
}

# Runs a command as USER (from /, which every user may enter), dropping root if we have it.
as_user() {
  local user=$1
  shift
  if ((EUID != 0)) || [[ $user == root ]]; then
    (cd / && "$@")
  elif command -v runuser >/dev/null; then
    (cd / && runuser -u "$user" -- "$@")
  else
    (cd / && su -s /bin/sh "$user" -c "$(printf '%q ' "$@")")
  fi
}

port_in_use() {
  local port=$1
  if command -v ss >/dev/null; then
    [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]] && return 0
  fi
  # Something accepting on the loopback address also counts (and covers machines without ss).
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

free_port() {
  local port=$1 last=$(($1 + 200))
  while ((port <= last)); do
    port_in_use "$port" || { echo "$port"; return; }
    port=$((port + 1))
  done
  die "no free TCP port between $1 and $last on 127.0.0.1"
}

is_running() {
  local bindir=$1 data=$2 user=$3
  [[ -f $data/postmaster.pid ]] && as_user "$user" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
}

# The port of a running cluster, from postmaster.pid (line 4).
running_port() { sed -n 4p "$1/postmaster.pid"; }

print_exports() {
  local port=$1 dir=$2
  printf 'export CPOR_TEST_DATABASE_URL=%q\n' "postgres://$SUPERUSER@127.0.0.1:$port/postgres"
  printf 'export CPOR_TEST_PG_DIR=%q\n' "$dir"
}

start() {
  local dir=$1 bindir user data conf port locale
  bindir=$(find_bindir) || exit 1
  user=$(cluster_user)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  data=$dir/data
  # The server's unix socket lives in DIR, and a socket path is limited to 107 bytes.
  ((${#dir} <= 80)) || die "DIR path is too long for a unix socket directory (keep it under 80 characters): $dir"

  if ((EUID == 0)) && [[ $user != root ]]; then
    ensure_user "$user"
    chown "$user:" "$dir"
    chmod 0700 "$dir"
    as_user "$user" test -w "$dir" -a -x "$dir" \
      || die "$user cannot reach $dir (is a parent directory private to root?); use a directory under /tmp"
  fi

  if is_running "$bindir" "$data" "$user"; then
    port=$(running_port "$data")
    log "already running in $dir on port $port"
    print_exports "$port" "$dir"
    return
  fi

  if [[ ! -f $data/PG_VERSION ]]; then
    # C.UTF-8 exists on every glibc system (Debian calls it C.utf8); initdb would otherwise pick up
    # LANG, which may name a locale that is not generated.
    # (grep without -q reads all its input, so pipefail cannot see a SIGPIPE from `locale`.)
    if locale -a 2>/dev/null | grep -ixE 'c\.utf-?8' >/dev/null; then locale=C.UTF-8; else locale=C; fi
    log "initdb ($bindir) in $data as $user"
    as_user "$user" "$bindir/initdb" -D "$data" -U "$SUPERUSER" -A trust -E UTF8 \
      --locale="$locale" --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed (log above, also in $dir/initdb.log)"; }
    echo "include_if_exists = 'throwaway.conf'" >>"$data/postgresql.conf"
  fi

  conf=$data/throwaway.conf
  port=$(free_port "${CPOR_PG_PORT:-54329}")
  for _ in 1 2 3 4 5; do
    cat >"$conf" <<EOF
# Written by scripts/pg-throwaway.sh: a throwaway test server; never use these settings for real data.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '${dir//\'/\'\'}'
max_connections = 300
shared_buffers = 64MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = 1GB
EOF
    [[ $user == "$(id -un)" ]] || chown "$user:" "$conf"
    log "starting on 127.0.0.1:$port (log: $dir/postgres.log)"
    if as_user "$user" "$bindir/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 start >&2; then
      print_exports "$port" "$dir"
      return
    fi
    # Another process may have taken the port between the check and the start: try the next one.
    if [[ $(tail -n 20 "$dir/postgres.log" 2>/dev/null) == *"Address already in use"* ]]; then
      log "port $port was taken meanwhile; trying another"
      port=$(free_port $((port + 1)))
      continue
    fi
    break
  done
  tail -n 30 "$dir/postgres.log" >&2 2>/dev/null || true
  die "the server did not start (log above, also in $dir/postgres.log)"
}

stop() {
  local dir=$1 data bindir user
  if [[ ! -f $dir/data/postmaster.pid ]]; then
    log "not running in $dir"
    return 0
  fi
  data=$(cd "$dir/data" && pwd -P) # absolute: pg_ctl runs from /
  bindir=$(find_bindir) || exit 1
  user=$(stat -c %U "$data")
  if as_user "$user" "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >&2; then
    return 0
  fi
  # pg_ctl status exits with 3 when no server runs (say, a stale postmaster.pid after a crash).
  local rc=0
  as_user "$user" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1 || rc=$?
  if ((rc == 3)); then
    log "not running in $dir"
    return 0
  fi
  die "could not stop the server in $dir"
}

case ${1:-} in
  start) (($# == 2)) || usage; start "$2" ;;
  stop) (($# == 2)) || usage; stop "$2" ;;
  bindir) (($# == 1)) || usage; find_bindir ;;
  *) usage ;;
esac
