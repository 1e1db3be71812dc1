#!/usr/bin/env bash
# The benchmark (docs/benchmarks.md). This script only installs what the run needs, publishes the
# API (Release, ReadyToRun), builds the harness, starts a throwaway PostgreSQL on a free port of
# 127.0.0.1 and stops it at exit; the run itself is `Agentsgt.Benchmarks run` (tests/Benchmarks).
# Settings are environment variables: see `--help`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/lib.sh

usage() {
  cat <<'USAGE'
Usage: scripts/bench.sh            (settings from the environment)
  BENCH_DURATION=15        seconds of each measured wrk and pgbench run
  BENCH_WARMUP=5           seconds of warm-up before each measured run (and each signer rate run)
  BENCH_COLD=10            seconds of the cold-start measurement, from the moment a new API process is ready
  BENCH_OPEN_LOADS="25 50 75"   open-loop points, per cent of each mix's best closed-loop rate
  BENCH_OPEN_SECONDS=60    seconds of each open-loop point (after 2 s at the same rate)
  BENCH_OPEN_CONNECTIONS=128    keep-alive connections of the open-loop generator
  BENCH_OPEN_FLOOR_SECONDS=15   seconds of each open-loop point against the floor (0 skips them)
  BENCH_SOAK=180           seconds of the open-loop soak on a new API process (0 skips it; 600 = 10 minutes)
  BENCH_SOAK_INTERVAL=60   seconds per line of the soak
  BENCH_SOAK_LOAD=25       the soak's rate, per cent of the best many-keys closed-loop rate
  BENCH_GC_MODES=""        GC modes to compare, each on a new process: workstation workstation-nonconcurrent
                           server server-nonconcurrent datas (empty: none)
  BENCH_GC_SECONDS=20      seconds of each GC mode's open-loop point
  BENCH_CONNECTIONS="16 64 256"   connection counts
  BENCH_MIXES="many hot capped"   many = a random key of the seeded ones per request, hot = one key;
                           capped = many over a second set of keys whose organizations have
                           max_concurrent_sessions = 1000000 (every token takes the reservation, none is
                           refused), closed loop at 64 connections only, reported beside many
  BENCH_BASELINE_RPS=12011 the many-keys 64-connection req/s of a run before the session ledger (another
                           run): the report checks uncapped >= 90 % of it
  BENCH_JOIN_WINDOW=5      the API's Sessions:JoinWindowSeconds: short, so tokens also end (never_joined)
                           within each measured run, as they do in a steady state
  BENCH_AUTO_EXPLAIN=""    e.g. 20ms: PostgreSQL logs each statement slower than that with its plan
                           (auto_explain), and each autovacuum; the log lands in the output directory
  BENCH_KEYS=1000          organizations/agents/keys seeded
  BENCH_THREADS=2          wrk and pgbench threads
  BENCH_SIGNER=1           0 skips the signer measurements
  BENCH_SIGNER_JOB=default BenchmarkDotNet job for the signer: default, short or skip
  BENCH_SIGNER_SECONDS=10  seconds of each single-core signer rate run (ours, naive, Node)
  BENCH_DBCOST_CALLS=2000  calls per database call in the API-side CPU step
  BENCH_OUT=artifacts/bench/<UTC time>   where the raw outputs, report.txt and bench.png go
  BENCH_STRICT=0           1: exit 3 when a target is not met
USAGE
}
case "${1:-}" in -h|--help) usage; exit 0 ;; "") ;; *) usage >&2; exit 2 ;; esac
[ -z "${BENCH_AUTO_EXPLAIN:-}" ] || [[ $BENCH_AUTO_EXPLAIN =~ ^[0-9]+(us|ms|s|min)?$ ]] \
  || die "BENCH_AUTO_EXPLAIN must be a duration such as 10ms (got '$BENCH_AUTO_EXPLAIN')"

require_dotnet
ensure_postgres
PG_TOOLS=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
command -v pgbench >/dev/null || { [ -n "$PG_TOOLS" ] && PATH=$PATH:$PG_TOOLS; }
command -v pgbench >/dev/null || die "pgbench not found (it comes with the Debian package postgresql)"
command -v wrk >/dev/null || { log "installing wrk (Debian package wrk)"; apt_install wrk; }
ensure_node

OUT=${BENCH_OUT:-$ROOT/artifacts/bench/$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d /tmp/agentsgt-bench.XXXXXX)
PG_DIR=$WORK/pg
PG_STARTED=0
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ "$PG_STARTED" = 1 ]; then stop_cluster "$PG_DIR"; fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "building: dotnet publish src/Api (Release, ReadyToRun), tests/Benchmarks (Release), npm ci for the Node signer"
dotnet publish src/Api -c Release -o "$WORK/api" -nologo -v q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; die "dotnet publish src/Api failed"; }
dotnet build tests/Benchmarks -c Release -nologo -v q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; die "dotnet build tests/Benchmarks failed"; }
(cd tests/Benchmarks/node && timeout 600 npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm.log" 2>&1) \
  || { cat "$WORK/npm.log" >&2; die "npm ci in tests/Benchmarks/node failed"; }
if timeout 300 dotnet tool install dotnet-counters --version 10.0.750501 --tool-path "$WORK/tools" >"$WORK/tool.log" 2>&1; then
  export BENCH_COUNTERS_TOOL=$WORK/tools/dotnet-counters
else
  log "dotnet-counters did not install; the report goes without allocation figures"
fi

# PostgreSQL's default durability; max_connections raised so 256 pgbench clients and the API's pool fit.
PG_PORT=$(free_port)
start_cluster "$PG_DIR" "$PG_PORT"
PG_STARTED=1
psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "ALTER SYSTEM SET max_connections = 400" >/dev/null
if [ -n "${BENCH_AUTO_EXPLAIN:-}" ]; then
  psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "ALTER SYSTEM SET shared_preload_libraries = 'auto_explain'" \
    -c "ALTER SYSTEM SET log_autovacuum_min_duration = 0" >/dev/null
  # Not known to the server before the library loads, so not settable by ALTER SYSTEM yet.
  echo "auto_explain.log_min_duration = '$BENCH_AUTO_EXPLAIN'" >>"$PG_DIR/postgresql.conf"
fi
as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w -t 60 -m fast restart >/dev/null || die "PostgreSQL did not restart"

status=0
dotnet tests/Benchmarks/bin/Release/net10.0/Agentsgt.Benchmarks.dll run --api-dir "$WORK/api" --repo "$ROOT" --out "$OUT" \
  --pg-port "$PG_PORT" --postmaster "$(head -n1 "$PG_DIR/postmaster.pid")" || status=$?
[ -z "${BENCH_AUTO_EXPLAIN:-}" ] || cp "$PG_DIR/server.log" "$OUT/postgres.log"
log "report.txt, bench.png and the raw outputs are in ${OUT#"$ROOT"/}"
exit "$status"
