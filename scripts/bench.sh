#!/usr/bin/env bash
# Page costs as ratios to the Fortunes floor (../shared/bench): the same stack reading 12 rows.
#
#   bash scripts/bench.sh                 # SQLite, 1,000,000 claims
#   CLAIMS=100000 bash scripts/bench.sh   # fewer claims
#   PG_URL=postgres://cpor@127.0.0.1:54329/postgres bash scripts/bench.sh   # PostgreSQL (a fresh database is made)
#   PG_URL=… PG_DB=cpor_1m bash scripts/bench.sh   # reuse a PostgreSQL database `cpor demo --claims N` filled
#   DATA=/tmp/demo1m bash scripts/bench.sh   # reuse a data directory `cpor demo --claims N` filled (SQLite)
#   ONLY=search ROUNDS=1 bash scripts/bench.sh   # only the pages whose name matches
#   CPOR_BIN=/tmp/cpor-before bash scripts/bench.sh   # another build of cpor (an A/B on one database)
#
# Each server runs pinned to core 0 (taskset), wrk pinned to core 1 (-t1 -c8 -d6s). A server's CPU
# per request is its utime + stime from /proc (for PostgreSQL, plus the CPU of every backend
# process of the benchmark's database, which shares core 0) divided by the requests wrk completed.
# The floor and the pages are measured alternately, three rounds, and the medians reported.
# Needs: wrk (apt-get install wrk), a release build of cpor and of the floor (done here).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
claims=${CLAIMS:-1000000}
seconds=${SECONDS_PER_RUN:-6}
rounds=${ROUNDS:-3}
shared=${SHARED:-../shared}
work=$(mktemp -d "${TMPDIR:-/tmp}/cpor-bench.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
echo "== building (release) ==" >&2
cargo build --release --quiet --bin cpor
(cd "$shared/bench/fortunes" && cargo build --release --quiet)
floor_bin=$(cd "$shared/bench/fortunes" && pwd)/target/release/fortunes-floor
cpor=${CPOR_BIN:-$PWD/target/release/cpor}

export CPOR_DATA_DIR=${DATA:-$work/data}
# One log line a request is part of a real deployment's cost, but not of the page's: measured without.
export CPOR_LOG=${CPOR_LOG:-warn}
db_name=
if [[ -n ${PG_URL:-} ]]; then
  db_name=${PG_DB:-cpor_bench_$$}
  [[ -z ${PG_DB:-} ]] && psql "$PG_URL" -qc "CREATE DATABASE $db_name" >/dev/null
  export CPOR_DATABASE_URL=${PG_URL%/*}/$db_name
fi
if [[ -z ${DATA:-} && -z ${PG_DB:-} ]]; then
  echo "== loading $claims claims ==" >&2
  "$cpor" demo --claims "$claims" | tail -1 >&2
fi
# Deadlines that passed before the measurement are swept first: a portal's own sweeper would
# otherwise move them during the first page's measurement and its CPU would count as the page's.
echo "== sweeping what is due ==" >&2
"$cpor" sweep | tail -1 >&2

cpu_ticks() { # utime + stime of a process, in clock ticks
  awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
backend_ticks() { # the CPU of the PostgreSQL backends serving the benchmark's database
  local total=0 pid
  [[ -z $db_name ]] && { echo 0; return; }
  for pid in $(pgrep -f "postgres: .* $db_name " || true); do
    total=$((total + $(cpu_ticks "$pid")))
  done
  echo "$total"
}
hz=$(getconf CLK_TCK)

start_server() { # command... ; waits for the port in $port
  taskset -c 0 "$@" >"$work/server.log" 2>&1 &
  server=$!
  pids+=("$server")
  for _ in $(seq 200); do
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return
    sleep 0.05
  done
  echo "server did not start: $*" >&2
  cat "$work/server.log" >&2
  exit 1
}

# measure URL [cookie]: prints microseconds of server CPU per request
measure() {
  local url=$1 cookie=${2:-} before after requests
  local headers=()
  [[ -n $cookie ]] && headers=(-H "Cookie: $cookie")
  taskset -c 1 wrk -t1 -c8 -d2s "${headers[@]}" "$url" >/dev/null # warm-up
  before=$(($(cpu_ticks "$server") + $(backend_ticks)))
  requests=$(taskset -c 1 wrk -t1 -c8 -d"${seconds}s" "${headers[@]}" "$url" | awk '/requests in/ { print $1 }')
  after=$(($(cpu_ticks "$server") + $(backend_ticks)))
  awk -v t=$((after - before)) -v hz="$hz" -v n="$requests" 'BEGIN { printf "%.1f\n", t / hz * 1e6 / n }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# The floor.
port=8081
cp "$floor_bin" "$work/floor"
start_server "$work/floor" "127.0.0.1:$port" "$work/fortunes.db"
floor_server=$server
floor_url=http://127.0.0.1:$port/fortunes

# The portal.
port=8082
start_server "$cpor" serve --bind "127.0.0.1:$port"
portal=$server
base=http://127.0.0.1:$port
jar=$work/cookies
token=$(curl -s -c "$jar" "$base/sign-in" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf_token=$token&email=admin%40fabrikam.example&password=cpor-demo-password&next=%2F" "$base/sign-in"
cookie=$(awk '$6 == "cpor_session" { print "cpor_session=" $7 }' "$jar")
reviewer_jar=$work/reviewer
token=$(curl -s -c "$reviewer_jar" "$base/sign-in" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$reviewer_jar" -c "$reviewer_jar" -o /dev/null -d "csrf_token=$token&email=reviewer%40cpor.example&password=cpor-demo-password&next=%2F" "$base/sign-in"
reviewer_cookie=$(awk '$6 == "cpor_session" { print "cpor_session=" $7 }' "$reviewer_jar")

first=$(curl -s -H "Cookie: $cookie" "$base/claims")
next=$(printf '%s' "$first" | sed -n 's/.*href="\([^"]*\)" rel="next".*/\1/p' | head -1 | sed 's/&#38;/\&/g; s/&amp;/\&/g')
claim=$(printf '%s' "$first" | sed -n 's/.*<th scope="row"><a href="\(\/claims\/CP-[^"]*\)".*/\1/p' | head -1)
# Searches from the rarest to one every claim matches (SQLite reads the first through the trigram
# index and walks the sort order for the others).
pages=(
  "dashboard, first page|/claims|$cookie"
  "dashboard, next page|$next|$cookie"
  "dashboard, status filter|/claims?status=submitted|$cookie"
  "dashboard, sorted by customer|/claims?sort=customer&dir=asc|$cookie"
  "claim page|$claim|$cookie"
  "search, one customer's number|/claims?q=7919|$cookie"
  "search, part of a number (about 4,000 match)|/claims?q=791|$cookie"
  "search, middle of a word (about 40,000 match)|/claims?q=abs|$cookie"
  "search, in every domain|/claims?q=.example|$cookie"
  "search, a whole customer name (1,000 match)|/claims?q=contoso+logistics|$cookie"
  "review queue|/review|$reviewer_cookie"
  "review queue, by age|/review?sort=age|$reviewer_cookie"
)

# ONLY=regex measures only the pages whose name matches.
if [[ -n ${ONLY:-} ]]; then
  kept=()
  for entry in "${pages[@]}"; do [[ ${entry%%|*} =~ $ONLY ]] && kept+=("$entry"); done
  pages=("${kept[@]}")
fi

declare -A results
floors=()
for round in $(seq "$rounds"); do
  server=$floor_server
  floors+=("$(measure "$floor_url")")
  server=$portal
  for entry in "${pages[@]}"; do
    IFS='|' read -r name path page_cookie <<<"$entry"
    results[$name]+="$(measure "$base$path" "$page_cookie") "
  done
  echo "round $round done" >&2
done
floor=$(printf '%s\n' "${floors[@]}" | median)
engine=SQLite
[[ -n $db_name ]] && engine="PostgreSQL (portal + its backends)"
echo
echo "$claims claims, $engine; the floor: $floor µs of CPU a request"
echo
echo "| page | CPU µs a request | × floor |"
echo "|---|---:|---:|"
for entry in "${pages[@]}"; do
  IFS='|' read -r name _ _ <<<"$entry"
  value=$(printf '%s\n' ${results[$name]} | median)
  awk -v n="$name" -v v="$value" -v f="$floor" 'BEGIN { printf "| %s | %.0f | %.1f |\n", n, v, v / f }'
done
if [[ -n $db_name && -z ${PG_DB:-} ]]; then
  kill "$portal" 2>/dev/null || true
  sleep 1
  psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $db_name" >/dev/null || true
fi
