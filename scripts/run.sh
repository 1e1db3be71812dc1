#!/usr/bin/env bash
# Runs the service locally with everything it needs: a PostgreSQL cluster in .data/pg,
# migrations, the demo organization/agent/API key, dev LiveKit settings for whatever LIVEKIT_* is
# not set, and Swagger UI. Ctrl-C stops the API, and the database if no other run.sh of this
# checkout still uses it. AGENTSGT_DATA moves .data elsewhere (the tests use a temporary one).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/lib.sh

PORT=${PORT:-5080}
PGPORT=${AGENTSGT_PGPORT:-55432}
DATA=${AGENTSGT_DATA:-$ROOT/.data}
API_URL="http://localhost:$PORT"
DLL=$ROOT/src/Api/bin/Debug/net10.0/Agentsgt.Api.dll

# Before anything is built or started: a second run.sh on the same port would only fail later.
port_taken "$PORT" && die "port $PORT is in use (another ./scripts/run.sh?): PORT=$((PORT + 1)) ./scripts/run.sh runs a second instance"

require_dotnet
ensure_postgres
ensure_curl
mkdir -p "$DATA/runs"

# Every run.sh of this checkout shares one PostgreSQL: it keeps the port it was started on, and
# the last run.sh to stop stops it, but only if a run.sh started it.
if as_pg_user "$PG_BIN/pg_ctl" -D "$DATA/pg" status >/dev/null 2>&1; then
  PGPORT=$(sed -n 4p "$DATA/pg/postmaster.pid")
  log "using the PostgreSQL already running on 127.0.0.1:$PGPORT"
fi
start_cluster "$DATA/pg" "$PGPORT"
[ "$PG_STARTED" = 0 ] || touch "$DATA/runs/pg-started"
touch "$DATA/runs/$$"

API_PID=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$API_PID" ]; then kill "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; fi
  rm -f "$DATA/runs/$$"
  local other others=""
  for other in "$DATA"/runs/[0-9]*; do
    [ -e "$other" ] || continue
    if kill -0 "${other##*/}" 2>/dev/null; then others+=" ${other##*/}"; else rm -f "$other"; fi
  done
  if [ ! -e "$DATA/runs/pg-started" ]; then return 0; fi
  if [ -n "$others" ]; then
    log "leaving PostgreSQL running for the other run.sh (pid$others)"
  else
    log "stopping PostgreSQL"
    stop_cluster "$DATA/pg"
    rm -f "$DATA/runs/pg-started"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

psql_admin() { psql -X -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres "$@"; }
if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'agentsgt'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE agentsgt" >/dev/null
fi

# One pepper per checkout, kept beside the database, so demo keys survive restarts.
if [ ! -s "$DATA/pepper" ]; then
  (umask 077; head -c 48 /dev/urandom | base64 -w0 >"$DATA/pepper")
fi

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export ConnectionStrings__Agentsgt="Host=127.0.0.1;Port=$PGPORT;Database=agentsgt;Username=postgres"
export ApiKeys__Peppers__local
ApiKeys__Peppers__local=$(cat "$DATA/pepper")
export ApiKeys__CurrentPepperId=local
# LiveKit's own dev-mode values (`livekit-server --dev`), each only where nothing is given; one
# set to empty stays empty, so the service names it.
[ -n "${LiveKit__Url:-}" ] || export LIVEKIT_URL=${LIVEKIT_URL-ws://localhost:7880}
[ -n "${LiveKit__ApiKey:-}" ] || export LIVEKIT_API_KEY=${LIVEKIT_API_KEY-devkey}
[ -n "${LiveKit__ApiSecret:-}" ] || export LIVEKIT_API_SECRET=${LIVEKIT_API_SECRET-secret}

# What scripts/agentsgt needs to run the CLI against this database.
(
  umask 077
  printf '%s\n' "ASPNETCORE_ENVIRONMENT=$ASPNETCORE_ENVIRONMENT" "AGENTSGT_PGPORT=$PGPORT" \
    "ConnectionStrings__Agentsgt='$ConnectionStrings__Agentsgt'" "ApiKeys__Peppers__local='$ApiKeys__Peppers__local'" \
    "ApiKeys__CurrentPepperId=local" >"$DATA/cli.env"
)

log "building"
dotnet build src/Api -c Debug -nologo -v q -clp:ErrorsOnly >/dev/null || dotnet build src/Api -c Debug -nologo -v q -clp:ErrorsOnly
api() { dotnet "$DLL" "$@"; }
api db migrate >/dev/null
api demo seed --env-file "$DATA/demo.env" --api-url "$API_URL" >/dev/null

dotnet "$DLL" --urls "$API_URL" --contentRoot "$ROOT/src/Api" &
API_PID=$!
# The banner only once the service listens, i.e. every setting passed its start-up check.
until curl -fsS -o /dev/null "$API_URL/health/live" 2>/dev/null; do
  if ! kill -0 "$API_PID" 2>/dev/null; then
    status=0; wait "$API_PID" || status=$?; API_PID=""
    exit "$status"
  fi
  sleep 0.2
done

set -a; . "$DATA/demo.env"; set +a
cat <<INFO

  AgentsGT voice-token service
  ----------------------------
  API            $API_URL
  Swagger UI     $API_URL/swagger
  Health         $API_URL/health/live, $API_URL/health/ready
  Organization   $ORG_ID
  Agent          $AGENT_ID
  API key        $API_KEY
  LiveKit        ${LiveKit__Url:-${LIVEKIT_URL:-}} (key ${LiveKit__ApiKey:-${LIVEKIT_API_KEY:-}})
  Saved to       ${DATA#"$ROOT"/}/demo.env
  CLI            ./scripts/agentsgt keys list --org $ORG_ID

  Try it:
    curl -sS -X POST $API_URL/api/v1/agents/$AGENT_ID/livekit/token \\
      -H "Authorization: Bearer $API_KEY" \\
      -H "Content-Type: application/json" \\
      -d '{"visitorName": "John Doe"}'

INFO
status=0
wait "$API_PID" || status=$?
API_PID=""
exit "$status"
