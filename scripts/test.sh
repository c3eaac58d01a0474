#!/usr/bin/env bash
# Runs every test on SQLite and on PostgreSQL: `cargo nextest run` twice, first with
# CPOR_TEST_DATABASE_URL unset (each test gets its own SQLite database and keeps its PoE files in
# its data directory), then with it pointing at a PostgreSQL server (each test creates its own
# database there) and with the PoE files in a real S3-compatible server, s3s-fs on a loopback port
# (scripts/s3-throwaway.sh, each test under its own prefix): the two engines of a deployment.
#
#   scripts/test.sh               # everything
#   scripts/test.sh claim         # extra arguments go to both runs, e.g. a test filter
#
# What the tests need and a fresh machine lacks (PostgreSQL, Chromium and its driver) is installed
# first with scripts/install-test-deps.sh, which says what it installs and why (as root, or with
# sudo). PostgreSQL: if CPOR_TEST_DATABASE_URL is set, that server is used (a superuser URL naming
# the maintenance database, e.g. postgres://cpor@127.0.0.1:54329/postgres); otherwise a throwaway
# server is started with scripts/pg-throwaway.sh and stopped at the end. The PostgreSQL run is
# never skipped.
# Both runs always happen; the exit status is non-zero if either failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! cargo nextest --version >/dev/null 2>&1; then
  echo "cargo-nextest is not installed; installing it (cargo install cargo-nextest --locked)" >&2
  cargo install cargo-nextest --locked
fi

bash scripts/install-test-deps.sh

# The OpenID provider the single sign-on tests run, from the npm registry (tests/oidc).
if [[ ! -d tests/oidc/node_modules/oidc-provider ]]; then
  echo "== installing the test OpenID provider (npm ci in tests/oidc) ==" >&2
  (cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error)
fi

pg_url=${CPOR_TEST_DATABASE_URL:-}
pg_dir=
s3_dir=
cleanup() {
  if [[ -n $s3_dir ]]; then
    bash scripts/s3-throwaway.sh stop "$s3_dir" || true
    rm -rf "$s3_dir"
  fi
  if [[ -n $pg_dir ]]; then
    bash scripts/pg-throwaway.sh stop "$pg_dir" || true
    rm -rf "$pg_dir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Set PostgreSQL up before the first run, so that a missing installation fails at once rather
# than after the whole SQLite run.
if [[ -z $pg_url ]]; then
  if ! bash scripts/pg-throwaway.sh bindir >/dev/null; then
    echo "error: the tests run on PostgreSQL too, and no PostgreSQL server binaries were found." >&2
    echo "Install PostgreSQL (Debian/Ubuntu: sudo apt-get install postgresql), or set" >&2
    echo "CPOR_TEST_DATABASE_URL to a server where you are a superuser, e.g." >&2
    echo "CPOR_TEST_DATABASE_URL=postgres://USER@127.0.0.1:5432/postgres" >&2
    exit 1
  fi
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/cpor-test-pg.XXXXXX")
  # Not `eval "$(...)"`: eval would hide a failed start.
  pg_exports=$(bash scripts/pg-throwaway.sh start "$pg_dir")
  eval "$pg_exports"
  pg_url=$CPOR_TEST_DATABASE_URL
fi
unset CPOR_TEST_DATABASE_URL CPOR_TEST_PG_DIR

# The S3-compatible server of the PostgreSQL pass; its AWS_* variables go to that pass only.
s3_dir=$(mktemp -d "${TMPDIR:-/tmp}/cpor-test-s3.XXXXXX")
s3_exports=$(bash scripts/s3-throwaway.sh start "$s3_dir")
mapfile -t s3_env < <(sed -n 's/^export //p' <<<"$s3_exports")

failed=()
run() {
  local name=$1
  shift
  printf '\n== %s ==\n\n' "$name"
  if "$@"; then
    printf '\n== %s: passed ==\n' "$name"
  else
    printf '\n== %s: FAILED (exit status %s) ==\n' "$name" "$?"
    failed+=("$name")
  fi
}

nextest=(cargo nextest run --workspace --all-targets --no-fail-fast "$@")
run SQLite "${nextest[@]}"
run "PostgreSQL and S3" env "${s3_env[@]}" CPOR_TEST_DATABASE_URL="$pg_url" "${nextest[@]}"

echo
if ((${#failed[@]})); then
  echo "Tests FAILED on: ${failed[*]}"
  exit 1
fi
echo "All tests passed on SQLite and on PostgreSQL with S3."
