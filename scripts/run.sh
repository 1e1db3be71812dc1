#!/usr/bin/env bash
# Runs the service locally with everything it needs: a PostgreSQL cluster in .data/pg,
# migrations, the demo organization/agent/API key, dev LiveKit settings unless LIVEKIT_* are
# set, and Swagger UI. Ctrl-C stops the API and the database.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/lib.sh

PORT=${PORT:-5080}
PGPORT=${AGENTSGT_PGPORT:-55432}
DATA=$ROOT/.data
API_URL="http://localhost:$PORT"

require_dotnet
ensure_postgres
mkdir -p "$DATA"
start_cluster "$DATA/pg" "$PGPORT"
trap 'log "stopping PostgreSQL"; stop_cluster "$DATA/pg"' EXIT

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
# LiveKit's own dev-mode defaults (`livekit-server --dev`), unless real settings are given.
if [ -z "${LIVEKIT_URL:-}${LiveKit__Url:-}" ]; then
  export LIVEKIT_URL=ws://localhost:7880 LIVEKIT_API_KEY=devkey LIVEKIT_API_SECRET=secret
fi

log "building"
dotnet build src/Api -c Debug -nologo -v q -clp:ErrorsOnly >/dev/null || dotnet build src/Api -c Debug -nologo -v q -clp:ErrorsOnly
api() { dotnet run --no-build --project src/Api -- "$@"; }
api db migrate >/dev/null
api demo seed --env-file "$DATA/demo.env" --api-url "$API_URL" >/dev/null

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
  LiveKit        ${LIVEKIT_URL:-${LiveKit__Url:-}} (key ${LIVEKIT_API_KEY:-${LiveKit__ApiKey:-}})
  Saved to       .data/demo.env

  Try it:
    curl -sS -X POST $API_URL/api/v1/agents/$AGENT_ID/livekit/token \\
      -H "Authorization: Bearer $API_KEY" \\
      -H "Content-Type: application/json" \\
      -d '{"visitorName": "John Doe"}'

INFO
dotnet run --no-build --project src/Api -- --urls "$API_URL" --contentRoot "$ROOT/src/Api"
