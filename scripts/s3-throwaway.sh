#!/usr/bin/env bash
# A throwaway S3-compatible server for the tests: s3s-fs (https://github.com/s3s-project/s3s), an
# S3 API over a directory, on a loopback port, with one bucket, `cpor-test`. Chosen because it is
# a real server speaking the S3 protocol (signatures, multipart uploads, listings) that installs
# with `cargo install` on any machine with Rust, needs no configuration and starts in milliseconds.
# Nothing here is fit for real data.
#
#   eval "$(scripts/s3-throwaway.sh start DIR)"   # prints the export lines below on stdout
#   scripts/s3-throwaway.sh stop DIR              # safe when the server is not running
#   scripts/s3-throwaway.sh install               # cargo install s3s-fs, unless it is on PATH
#
# start prints the standard AWS_* variables the portal's object store reads, and
#   export CPOR_TEST_STORAGE_URL=s3://cpor-test
# Each test then keeps its files under a prefix of its own in that bucket.
set -euo pipefail

readonly VERSION=0.14.1 # 0.15 and later need a newer Rust than Debian's rustup default here
readonly BUCKET=cpor-test
readonly ACCESS_KEY=cpor-test-access
readonly SECRET_KEY=cpor-test-secret-key

log() { echo "s3-throwaway: $*" >&2; }
die() { log "error: $*"; exit 1; }

install() {
  command -v s3s-fs >/dev/null && return
  log "installing s3s-fs $VERSION (cargo install, about two minutes once; cached in ~/.cargo/bin)"
  cargo install "s3s-fs@$VERSION" --features binary --locked --quiet
}

free_port() {
  local port
  for port in $(seq "${CPOR_S3_PORT:-59000}" 59100); do
    if ! (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free port between ${CPOR_S3_PORT:-59000} and 59100"
}

start() {
  local dir=$1 port pid
  install
  mkdir -p "$dir/root/$BUCKET"
  port=$(free_port)
  s3s-fs --host 127.0.0.1 --port "$port" --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" "$dir/root" \
    >"$dir/s3s-fs.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/pid"
  for _ in $(seq 100); do
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "s3s-fs listening on 127.0.0.1:$port (pid $pid, files in $dir/root)"
      cat <<OUT
export AWS_ENDPOINT=http://127.0.0.1:$port
export AWS_ALLOW_HTTP=true
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=$ACCESS_KEY
export AWS_SECRET_ACCESS_KEY=$SECRET_KEY
export CPOR_TEST_STORAGE_URL=s3://$BUCKET
OUT
      return
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$dir/s3s-fs.log" >&2; die "s3s-fs exited"; }
    sleep 0.1
  done
  die "s3s-fs did not listen on port $port"
}

stop() {
  local dir=$1
  [[ -f $dir/pid ]] || return 0
  kill "$(cat "$dir/pid")" 2>/dev/null || true
  rm -f "$dir/pid"
}

case ${1:-} in
  start) [[ -n ${2:-} ]] || die "usage: $0 start DIR"; start "$2" ;;
  stop) [[ -n ${2:-} ]] || die "usage: $0 stop DIR"; stop "$2" ;;
  install) install ;;
  *) die "usage: $0 start DIR | stop DIR | install" ;;
esac
