#!/usr/bin/env bash
# The benchmark (docs/benchmarks.md): the token endpoint under wrk against the PostgreSQL ceiling
# of the same SQL under pgbench, the signer against LiveKit's own Node SDK, and the API's memory
# over a soak run. It builds Release, starts its own PostgreSQL and API on 127.0.0.1 (free
# ports, a temporary directory) and stops and removes them at exit, Ctrl-C included.
# Settings are environment variables (BENCH_DURATION=20 BENCH_WARMUP=5 ...; see usage below).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/lib.sh

# Everything runs inside main, so bash reads the whole file before it starts: editing the script
# during a run cannot change what the run executes.
main() {

usage() {
  cat <<'USAGE'
Usage: scripts/bench.sh            (settings from the environment)
  BENCH_DURATION=20        seconds of each measured wrk and pgbench run
  BENCH_WARMUP=5           seconds of warm-up before each measured run (not counted)
  BENCH_SOAK=60            seconds of the 64-connection memory soak run (0 skips it)
  BENCH_CONNECTIONS="16 64 256"   connection counts
  BENCH_MIXES="many hot"   many = a random key of the seeded ones per request, hot = one key
  BENCH_KEYS=1000          organizations/agents/keys seeded
  BENCH_PGBENCH_FILES=100  pgbench scripts for the many-keys mix, one per key (at most 127)
  BENCH_THREADS=2          wrk and pgbench threads
  BENCH_SIGNER=1           0 skips the signer measurements (for endpoint-only experiments)
  BENCH_SIGNER_JOB=default BenchmarkDotNet job for the signer: default, short or skip
  BENCH_SIGNER_SECONDS=10  seconds of each single-core signer rate run (ours, naive, Node)
  BENCH_DBCOST_CALLS=2000  calls per repository method in the API-side CPU per database call step
  BENCH_COUNTERS=1         dotnet-counters during the 64-connection many-keys run (0: off)
  BENCH_FSYNC_TEST=1       pg_test_fsync of the data directory's disk (0: off)
  BENCH_CONN_EXTRA=        appended to the API's connection string, e.g.
                           "No Reset On Close=true" or "Options=-c synchronous_commit=off"
                           (an Options=... part is given to pgbench as PGOPTIONS too)
  BENCH_OUT=artifacts/bench/<UTC time>   where the raw outputs and report.txt are kept
  BENCH_STRICT=0           1: exit 3 when a target is not met
USAGE
}
case "${1:-}" in -h|--help) usage; exit 0 ;; "") ;; *) usage >&2; exit 2 ;; esac

# An integer setting within bounds, so every loop and run below is bounded.
int_setting() {
  local name=$1 default=$2 min=$3 max=$4 value
  value=${!name:-$default}
  [[ $value =~ ^[0-9]+$ ]] && [ "$value" -ge "$min" ] && [ "$value" -le "$max" ] \
    || die "$name must be an integer $min–$max (got '$value')"
  echo "$value"
}
DURATION=$(int_setting BENCH_DURATION 20 1 3600)
WARMUP=$(int_setting BENCH_WARMUP 5 0 600)
SOAK=$(int_setting BENCH_SOAK 60 0 3600)
KEYS=$(int_setting BENCH_KEYS 1000 1 100000)
FILES=$(int_setting BENCH_PGBENCH_FILES 100 1 127)
THREADS=$(int_setting BENCH_THREADS 2 1 64)
SIGNER_SECONDS=$(int_setting BENCH_SIGNER_SECONDS 10 1 600)
SIGNER=$(int_setting BENCH_SIGNER 1 0 1)
DBCOST_CALLS=$(int_setting BENCH_DBCOST_CALLS 2000 10 100000)
COUNTERS=$(int_setting BENCH_COUNTERS 1 0 1)
FSYNC_TEST=$(int_setting BENCH_FSYNC_TEST 1 0 1)
STRICT=$(int_setting BENCH_STRICT 0 0 1)
CONNECTIONS=${BENCH_CONNECTIONS:-16 64 256}
MIXES=${BENCH_MIXES:-many hot}
SIGNER_JOB=${BENCH_SIGNER_JOB:-default}
CONN_EXTRA=${BENCH_CONN_EXTRA:-}
SOAK_CONNECTIONS=64
MAX_CONNECTIONS=0
for c in $CONNECTIONS; do
  [[ $c =~ ^[0-9]+$ ]] && [ "$c" -ge 1 ] && [ "$c" -le 1000 ] || die "BENCH_CONNECTIONS: '$c' is not 1–1000"
  [ "$c" -gt "$MAX_CONNECTIONS" ] && MAX_CONNECTIONS=$c
done
[ "$SOAK_CONNECTIONS" -gt "$MAX_CONNECTIONS" ] && MAX_CONNECTIONS=$SOAK_CONNECTIONS
for m in $MIXES; do [[ $m == many || $m == hot ]] || die "BENCH_MIXES: '$m' is not many or hot"; done
[[ $SIGNER_JOB == default || $SIGNER_JOB == short || $SIGNER_JOB == skip ]] || die "BENCH_SIGNER_JOB must be default, short or skip"
[ "$FILES" -le "$KEYS" ] || FILES=$KEYS
[[ $CONN_EXTRA != *$'\n'* ]] || die "BENCH_CONN_EXTRA must be one line"

# Rate limits raised through configuration (the report prints them): the benchmark measures
# the endpoint, not the limiter's 429s.
RATE_LIMIT=100000000
# The API's Npgsql pool (Npgsql's default Maximum Pool Size) and headroom for psql and vacuum.
API_POOL=100
PG_MAX_CONNECTIONS=$((MAX_CONNECTIONS + API_POOL + 20))

OUT=${BENCH_OUT:-$ROOT/artifacts/bench/$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d /tmp/agentsgt-bench.XXXXXX)
PG_DIR=$WORK/pg
PG_STARTED=0
API_PID=""
CHILD_PID=""
BG_PIDS=()

# Stops only what this script started, by process id, then removes the temporary directory.
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in $CHILD_PID "${BG_PIDS[@]}" $API_PID; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $CHILD_PID "${BG_PIDS[@]}" $API_PID; do
    wait_gone "$pid" 15 || kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "$PG_STARTED" = 1 ]; then stop_cluster "$PG_DIR"; fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_gone PID SECONDS: true once the process has exited (bounded wait).
wait_gone() {
  local pid=$1 i
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  return 1
}

# run CMD...: runs a command in the background and waits for it, so that Ctrl-C interrupts the
# wait at once and cleanup stops the command (timeout passes the signal on to its child).
run() {
  local status=0
  "$@" &
  CHILD_PID=$!
  wait "$CHILD_PID" || status=$?
  CHILD_PID=""
  return "$status"
}

# --- tools -------------------------------------------------------------------------------------
require_dotnet
ensure_postgres
# pgbench and pg_test_fsync come with the server package; find them beside it if not on PATH.
PG_TOOLS=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
command -v pgbench >/dev/null || { [ -n "$PG_TOOLS" ] && PATH=$PATH:$PG_TOOLS; }
command -v pgbench >/dev/null || die "pgbench not found (it comes with the Debian package postgresql)"
command -v wrk >/dev/null || { log "installing wrk (Debian package wrk)"; apt_install wrk; }
command -v node >/dev/null && command -v npm >/dev/null || { log "installing Node.js (Debian packages nodejs npm)"; apt_install nodejs npm; }
command -v curl >/dev/null || apt_install curl
PIN=()
if command -v taskset >/dev/null; then PIN=(taskset -c 0); fi
CLK_TCK=$(getconf CLK_TCK)

# --- build -------------------------------------------------------------------------------------
log "building Release (dotnet publish src/Api, tests/Benchmarks)"
dotnet publish src/Api -c Release -o "$WORK/api" -nologo -v q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; die "dotnet publish src/Api failed"; }
dotnet build tests/Benchmarks -c Release -nologo -v q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; die "dotnet build tests/Benchmarks failed"; }
BENCH=(dotnet "$ROOT/tests/Benchmarks/bin/Release/net10.0/Agentsgt.Benchmarks.dll")
API_DLL=$WORK/api/Agentsgt.Api.dll

{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "cores=$(nproc)"
  echo "memory=$(free -g | awk '/^Mem:/{print $2 " GiB"}')"
  echo "kernel=$(uname -r)"
  echo "dotnet=$(dotnet --version)"
  echo "wrk=$(wrk --version 2>&1 | head -n1 | awk '{print $2}')"
  echo "node=$(node --version)"
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "duration=$DURATION"
  echo "warmup=$WARMUP"
  echo "soak=$SOAK"
  echo "soak_connections=$SOAK_CONNECTIONS"
  echo "connections=$CONNECTIONS"
  echo "mixes=$MIXES"
  echo "keys=$KEYS"
  echo "pgbench_files=$FILES"
  echo "threads=$THREADS"
  echo "signer_job=$SIGNER_JOB"
  echo "signer_seconds=$SIGNER_SECONDS"
  echo "pinned=${PIN[*]:-no taskset}"
  echo "clk_tck=$CLK_TCK"
  echo "rate_limits=RateLimiting__PerKeyTokenLimit=$RATE_LIMIT RateLimiting__PerKeyTokensPerPeriod=$RATE_LIMIT RateLimiting__PerKeyReplenishmentSeconds=1"
  echo "conn_extra=$CONN_EXTRA"
} >"$OUT/meta.env"

# --- signer ------------------------------------------------------------------------------------
# First, while nothing else of ours runs.
if [ "$SIGNER" = 1 ] && [ "$SIGNER_JOB" != skip ]; then
  log "signer: BenchmarkDotNet ($SIGNER_JOB job), ns and bytes per token"
  short=(); [ "$SIGNER_JOB" = short ] && short=(--short)
  run timeout 1800 "${BENCH[@]}" signer "${short[@]}" --artifacts "$WORK/bdn" >"$OUT/signer-bdn.txt" 2>&1 \
    || { tail -n 40 "$OUT/signer-bdn.txt" >&2; die "signer benchmark failed"; }
  grep -E '^\| |^SIGNER_RESULT' "$OUT/signer-bdn.txt" >&2 || true
fi

if [ "$SIGNER" = 1 ]; then
log "signer: tokens/s on one core (${PIN[*]:-not pinned}), ${SIGNER_SECONDS}s each after ${WARMUP}s warm-up"
for impl in ours naive; do
  run timeout $((SIGNER_SECONDS + WARMUP + 60)) "${PIN[@]}" "${BENCH[@]}" signer-rate --impl "$impl" --seconds "$SIGNER_SECONDS" --warmup "$WARMUP" \
    >"$OUT/signer-rate-$impl.txt" 2>&1 || { cat "$OUT/signer-rate-$impl.txt" >&2; die "signer-rate $impl failed"; }
done
( cd tests/Benchmarks/node && timeout 600 npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm.log" 2>&1 ) \
  || { cat "$WORK/npm.log" >&2; die "npm ci in tests/Benchmarks/node failed"; }
run timeout $((SIGNER_SECONDS + WARMUP + 60)) "${PIN[@]}" node tests/Benchmarks/node/sign-rate.mjs "$SIGNER_SECONDS" "$WARMUP" \
  >"$OUT/signer-rate-node.txt" 2>&1 || { cat "$OUT/signer-rate-node.txt" >&2; die "Node signer failed"; }
cat "$OUT"/signer-rate-*.txt | grep RATE_RESULT >&2
fi

# --- PostgreSQL --------------------------------------------------------------------------------
PG_PORT=$(free_port)
start_cluster "$PG_DIR" "$PG_PORT"
PG_STARTED=1
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"; }
# Durability stays at PostgreSQL's defaults (fsync, synchronous_commit, full_page_writes on);
# only max_connections is raised so 256 pgbench clients and the API's pool both fit.
psql_admin -c "ALTER SYSTEM SET max_connections = $PG_MAX_CONNECTIONS" >/dev/null
as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w -t 60 -m fast restart >/dev/null || die "PostgreSQL did not restart"
psql_admin -c "CREATE DATABASE agentsgt" >/dev/null
{
  echo "postgres=$(psql_admin -tAc "SHOW server_version")"
  for s in fsync synchronous_commit full_page_writes wal_sync_method max_connections shared_buffers; do
    echo "pg_$s=$(psql_admin -tAc "SHOW $s")"
  done
} >>"$OUT/meta.env"
PG_TEST_FSYNC=$(command -v pg_test_fsync || ls "$PG_BIN/pg_test_fsync" "$PG_TOOLS/pg_test_fsync" 2>/dev/null | head -n1 || true)
if [ "$FSYNC_TEST" = 1 ] && [ -n "$PG_TEST_FSYNC" ]; then
  log "pg_test_fsync on the data directory's disk (what one commit's flush costs)"
  run timeout 120 "$PG_TEST_FSYNC" -s 1 -f "$WORK/fsync.test" >"$OUT/pg_test_fsync.txt" 2>&1 || true
  rm -f "$WORK/fsync.test"
fi

CONN="Host=127.0.0.1;Port=$PG_PORT;Database=agentsgt;Username=postgres"
[ -n "$CONN_EXTRA" ] && CONN="$CONN;$CONN_EXTRA"
PG_OPTIONS=""
[[ $CONN_EXTRA =~ (^|;)[[:space:]]*Options=([^;]*) ]] && PG_OPTIONS=${BASH_REMATCH[2]}
PEPPER=$(head -c 48 /dev/urandom | base64 -w0)
LIVEKIT_SECRET=$(head -c 36 /dev/urandom | base64 -w0)

log "migrating and seeding $KEYS organizations, agents and API keys"
ConnectionStrings__Agentsgt=$CONN ApiKeys__Peppers__bench=$PEPPER ApiKeys__CurrentPepperId=bench \
  dotnet "$API_DLL" db migrate >/dev/null
"${BENCH[@]}" seed --connection "$CONN" --pepper-id bench --pepper "$PEPPER" --count "$KEYS" --out "$WORK/keys.tsv" >&2
psql_admin -d agentsgt -c "VACUUM ANALYZE" >/dev/null

# --- API ---------------------------------------------------------------------------------------
API_PORT=$(free_port)
API_URL=http://127.0.0.1:$API_PORT
API_ENV=(
  ASPNETCORE_ENVIRONMENT=Production
  "ConnectionStrings__Agentsgt=$CONN"
  "ApiKeys__Peppers__bench=$PEPPER" ApiKeys__CurrentPepperId=bench
  LiveKit__Url=ws://127.0.0.1:7880 LiveKit__ApiKey=APIbenchmark0001 "LiveKit__ApiSecret=$LIVEKIT_SECRET"
  "RateLimiting__PerKeyTokenLimit=$RATE_LIMIT" "RateLimiting__PerKeyTokensPerPeriod=$RATE_LIMIT" RateLimiting__PerKeyReplenishmentSeconds=1
  Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore=Warning
)
IFS=$'\t' read -r HOT_AGENT _ _ HOT_PUBLIC HOT_SECRET <"$WORK/keys.tsv"

# start_api LOG [NAME=VALUE...]: the published API in the background, ready when it answers.
start_api() {
  local logfile=$1 i; shift
  env "${API_ENV[@]}" "$@" dotnet "$API_DLL" --urls "$API_URL" --contentRoot "$WORK/api" >"$logfile" 2>&1 &
  API_PID=$!
  for ((i = 0; i < 240; i++)); do
    kill -0 "$API_PID" 2>/dev/null || { tail -n 30 "$logfile" >&2; die "the API exited at start-up"; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$API_URL/" || true)" != 000 ] && return 0
    sleep 0.25
  done
  die "the API did not answer within 60 s"
}
stop_api() {
  kill -TERM "$API_PID" 2>/dev/null || true
  wait_gone "$API_PID" 15 || kill -KILL "$API_PID" 2>/dev/null || true
  API_PID=""
}
token_request() {
  curl -sS -o "$WORK/response.json" -w '%{http_code}' --max-time 10 -X POST "$API_URL/api/v1/agents/$HOT_AGENT/livekit/token" \
    -H "Authorization: Bearer $HOT_PUBLIC:$HOT_SECRET" -H 'Content-Type: application/json' \
    -d '{"roomName":"support-room-001","visitorName":"John Doe"}'
}

# --- the SQL of one request, captured, not hand-written ----------------------------------------
# EF Core's command log (JSON lines) gives the statements with their @parameters; PostgreSQL's
# statement log over the same requests tells what else reaches the server (e.g. DISCARD ALL).
CAPTURE_REQUESTS=3
log "capturing the SQL of $((CAPTURE_REQUESTS + 1)) token requests from the EF Core log"
start_api "$WORK/capture.log" 'Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Information' Logging__Console__FormatterName=json
capture_request() {
  local code
  code=$(token_request)
  [ "$code" = 200 ] || { cat "$WORK/response.json" >&2; tail -n 20 "$WORK/capture.log" >&2; die "token request answered $code"; }
}
# One request first, so the server-side count sees a warm pool (no first-connection set-up).
capture_request
psql_admin -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
sleep 1
psql_admin -c "SELECT 'agentsgt-bench-capture-begin'" >/dev/null
for ((i = 0; i < CAPTURE_REQUESTS; i++)); do capture_request; done
psql_admin -c "SELECT 'agentsgt-bench-capture-end'" >/dev/null
psql_admin -c "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()" >/dev/null
stop_api
awk -v n="$CAPTURE_REQUESTS" '
  /agentsgt-bench-capture-begin/ { on = 1; next }
  /agentsgt-bench-capture-end/   { on = 0 }
  on && /LOG:  execute /                   { execute++ }
  on && /LOG:  statement: DISCARD ALL/     { discard++ }
  on && /LOG:  statement: / && !/DISCARD ALL/ { simple++ }
  END { printf "server_executes_per_request=%g\nserver_discard_all_per_request=%g\nserver_other_statements_per_request=%g\n", execute / n, discard / n, simple / n }
' "$PG_DIR/server.log" >"$OUT/capture-server.env"
"${BENCH[@]}" pgbench-scripts --log "$WORK/capture.log" --keys "$WORK/keys.tsv" --out "$WORK/pgbench" \
  --files "$FILES" --requests $((CAPTURE_REQUESTS + 1)) >"$OUT/capture.txt" || { cat "$OUT/capture.txt" >&2; die "no pgbench scripts"; }
cp "$WORK/pgbench/statements.sql" "$OUT/statements.sql"
cat "$OUT/capture.txt" "$OUT/capture-server.env" >&2

# Npgsql prepares nothing unless Max Auto Prepare is set; pgbench then sends the same
# unprepared Parse/Bind/Execute per statement with -M extended.
PGBENCH_MODE=extended
[[ ${CONN,,} == *"max auto prepare"* ]] && PGBENCH_MODE=prepared
echo "pgbench_mode=$PGBENCH_MODE" >>"$OUT/meta.env"
echo "pgbench_options=$PG_OPTIONS" >>"$OUT/meta.env"

# pgbench_args MIX: the -D bindings and -f scripts of a mix, into PGBENCH_ARGS.
pgbench_args() {
  PGBENCH_ARGS=()
  local line f
  while IFS= read -r line; do PGBENCH_ARGS+=(-D "$line"); done <"$WORK/pgbench/$1.defines"
  if [ "$1" = hot ]; then
    PGBENCH_ARGS+=(-f "$WORK/pgbench/hot.sql")
  else
    for f in "$WORK"/pgbench/many-*.sql; do PGBENCH_ARGS+=(-f "$f"); done
  fi
}
run_pgbench() { # MIX CONNECTIONS SECONDS OUTFILE
  pgbench_args "$1"
  PGOPTIONS=$PG_OPTIONS run timeout $(($3 + 120)) pgbench -n -M "$PGBENCH_MODE" -r -c "$2" -j "$(min "$THREADS" "$2")" -T "$3" \
    -h 127.0.0.1 -p "$PG_PORT" -U postgres "${PGBENCH_ARGS[@]}" agentsgt >"$4" 2>&1 \
    || { tail -n 20 "$4" >&2; die "pgbench failed ($1, $2 connections)"; }
}
run_wrk() { # MIX CONNECTIONS SECONDS OUTFILE
  run timeout $(($3 + 60)) wrk -t "$(min "$THREADS" "$2")" -c "$2" -d "${3}s" --timeout 10s \
    -s "$ROOT/tests/Benchmarks/wrk/token.lua" "$API_URL" -- "$WORK/keys.tsv" "$1" >"$4" 2>&1 \
    || { tail -n 20 "$4" >&2; die "wrk failed ($1, $2 connections)"; }
}
min() { if [ "$1" -lt "$2" ]; then echo "$1"; else echo "$2"; fi; }

# CPU time so far, in clock ticks: the API process; PostgreSQL (postmaster with its exited
# children, plus every live child); and the whole machine (busy and total, all cores).
cpu_snapshot() {
  local pm stat rest fields api=0 pg=0 busy total d
  pm=$(head -n1 "$PG_DIR/postmaster.pid")
  if { read -r stat <"/proc/$API_PID/stat"; } 2>/dev/null; then
    rest=${stat##*) }; read -r -a fields <<<"$rest"; api=$((fields[11] + fields[12]))
  fi
  for d in /proc/[0-9]*; do
    { read -r stat <"$d/stat"; } 2>/dev/null || continue
    rest=${stat##*) }; read -r -a fields <<<"$rest"
    if [ "${d#/proc/}" = "$pm" ]; then
      pg=$((pg + fields[11] + fields[12] + fields[13] + fields[14]))
    elif [ "${fields[1]}" = "$pm" ]; then
      pg=$((pg + fields[11] + fields[12]))
    fi
  done
  read -r _ fields <"/proc/stat"
  read -r -a fields <<<"$fields"
  total=0; for d in "${fields[@]:0:8}"; do total=$((total + d)); done
  busy=$((total - fields[3] - fields[4]))
  echo "$1 api=$api pg=$pg busy=$busy total=$total"
}

# --- dotnet-counters (optional) ----------------------------------------------------------------
COUNTERS_TOOL=""
if [ "$COUNTERS" = 1 ]; then
  if timeout 300 dotnet tool install dotnet-counters --version 10.0.750501 --tool-path "$WORK/tools" >"$WORK/tool.log" 2>&1; then
    COUNTERS_TOOL=$WORK/tools/dotnet-counters
  else
    log "dotnet-counters did not install; the report goes without it"
  fi
fi

# --- the endpoint against the ceiling ----------------------------------------------------------
start_api "$WORK/api.log"
code=$(token_request)
[ "$code" = 200 ] || { cat "$WORK/response.json" >&2; die "token request answered $code"; }
echo "api_pid_rss_kb_at_start=$(awk '/VmRSS/{print $2}' "/proc/$API_PID/status")" >>"$OUT/meta.env"
COUNTERS_CONNECTIONS=64
[[ " $CONNECTIONS " == *" 64 "* ]] || COUNTERS_CONNECTIONS=$(echo "$CONNECTIONS" | awk '{print $1}')

for mix in $MIXES; do
  for c in $CONNECTIONS; do
    log "$mix mix, $c connections: wrk ${WARMUP}s warm-up + ${DURATION}s, then pgbench the same"
    [ "$WARMUP" -gt 0 ] && run_wrk "$mix" "$c" "$WARMUP" "$WORK/warmup.txt"
    counters_pid=""
    if [ -n "$COUNTERS_TOOL" ] && [ "$mix" = many ] && [ "$c" = "$COUNTERS_CONNECTIONS" ]; then
      timeout $((DURATION + 60)) "$COUNTERS_TOOL" collect -p "$API_PID" --refresh-interval 1 --format csv \
        -o "$OUT/counters-$mix-$c.csv" --counters 'EventCounters\System.Runtime' --duration "$(printf '00:%02d:%02d:%02d' $((DURATION / 3600)) $((DURATION % 3600 / 60)) $((DURATION % 60)))" \
        >"$WORK/counters.log" 2>&1 &
      counters_pid=$!
      BG_PIDS+=("$counters_pid")
      sleep 1
    fi
    cpu_snapshot start >"$OUT/cpu-wrk-$mix-$c.txt"
    run_wrk "$mix" "$c" "$DURATION" "$OUT/wrk-$mix-$c.txt"
    cpu_snapshot end >>"$OUT/cpu-wrk-$mix-$c.txt"
    if [ -n "$counters_pid" ]; then
      wait_gone "$counters_pid" 30 || { kill -TERM "$counters_pid" 2>/dev/null || true; wait_gone "$counters_pid" 10 || true; }
      BG_PIDS=()
    fi
    grep WRK_RESULT "$OUT/wrk-$mix-$c.txt" >&2 || true

    [ "$WARMUP" -gt 0 ] && run_pgbench "$mix" "$c" "$WARMUP" "$WORK/warmup.txt"
    cpu_snapshot start >"$OUT/cpu-pgbench-$mix-$c.txt"
    run_pgbench "$mix" "$c" "$DURATION" "$OUT/pgbench-$mix-$c.txt"
    cpu_snapshot end >>"$OUT/cpu-pgbench-$mix-$c.txt"
    grep -E '^tps' "$OUT/pgbench-$mix-$c.txt" >&2 || true
  done
done

# --- memory soak -------------------------------------------------------------------------------
if [ "$SOAK" -gt 0 ]; then
  log "memory: API RSS every second over a ${SOAK}s many-keys run at $SOAK_CONNECTIONS connections"
  [ "$WARMUP" -gt 0 ] && run_wrk many "$SOAK_CONNECTIONS" "$WARMUP" "$WORK/warmup.txt"
  # In the background (timeout passes cleanup's signal on to wrk) while this loop samples.
  timeout $((SOAK + 60)) wrk -t "$(min "$THREADS" "$SOAK_CONNECTIONS")" -c "$SOAK_CONNECTIONS" -d "${SOAK}s" --timeout 10s \
    -s "$ROOT/tests/Benchmarks/wrk/token.lua" "$API_URL" -- "$WORK/keys.tsv" many >"$OUT/wrk-soak.txt" 2>&1 &
  wrk_pid=$!
  BG_PIDS+=("$wrk_pid")
  : >"$OUT/rss.txt"
  for ((t = 1; t <= SOAK + 30; t++)); do
    sleep 1
    kill -0 "$wrk_pid" 2>/dev/null || break
    echo "$t $(awk '/VmRSS/{print $2}' "/proc/$API_PID/status")" >>"$OUT/rss.txt"
  done
  wait "$wrk_pid" || die "wrk soak run failed"
  BG_PIDS=()
fi

echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/meta.env"
stop_api

# With the API stopped: the client-side CPU of each database call, 16 callers at once.
log "API-side CPU per database call (db-cost, $DBCOST_CALLS calls each)"
run timeout 600 "${BENCH[@]}" db-cost --connection "$CONN" --keys "$WORK/keys.tsv" --calls "$DBCOST_CALLS" --warmup $((DBCOST_CALLS / 4)) \
  >"$OUT/db-cost.txt" 2>&1 || { cat "$OUT/db-cost.txt" >&2; die "db-cost failed"; }
cat "$OUT/db-cost.txt" >&2

# --- report ------------------------------------------------------------------------------------
status=0
"${BENCH[@]}" report --dir "$OUT" | tee "$OUT/report.txt" || status=$?
log "raw outputs and report.txt are in ${OUT#"$ROOT"/}"
if [ "$status" = 3 ] && [ "$STRICT" = 0 ]; then status=0; fi
exit "$status"
}

main "$@"
