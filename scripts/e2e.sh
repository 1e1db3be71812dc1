#!/usr/bin/env bash
# End-to-end tests of the published service, run as an operator runs it: `dotnet publish`, then
# `db migrate`, `demo seed` and the API itself with environment variables only, from another
# working directory, on a throwaway PostgreSQL (or a new database on AGENTSGT_TEST_DATABASE_URL's
# server). Then tests/Browser: HTTP checks of the running service and Swagger UI driven in Debian's
# headless Chromium by playwright-core, and a web page using a publishable key from an allowed and
# from another origin. Screenshots and the service's log go to artifacts/browser/.
#
#   scripts/e2e.sh [TAP_FILE]   # also writes the results as TAP to TAP_FILE (scripts/test.sh reads it)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/lib.sh

TAP_FILE=${1:-}
ARTIFACTS=$ROOT/artifacts/browser

require_dotnet
ensure_node
ensure_chromium
ensure_curl
[ -n "${AGENTSGT_TEST_DATABASE_URL:-}" ] || ensure_postgres

WORK=$(mktemp -d)
API_PID=""
cleanup() {
  if [ -n "$API_PID" ]; then kill "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; fi
  if [ -f "$WORK/pg/PG_VERSION" ]; then stop_cluster "$WORK/pg"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$ARTIFACTS" "$WORK/run"
rm -f "$ARTIFACTS"/*.png "$ARTIFACTS"/api.log

log "installing the browser test's packages (npm ci)"
(cd tests/Browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)

log "publishing src/Api (Release) to a temporary folder"
dotnet publish src/Api -c Release -o "$WORK/publish" -nologo -v q -clp:ErrorsOnly >/dev/null \
  || dotnet publish src/Api -c Release -o "$WORK/publish" -nologo -v q -clp:ErrorsOnly

if [ -n "${AGENTSGT_TEST_DATABASE_URL:-}" ]; then
  # A later Database= wins in an Npgsql connection string; `db migrate` creates the database.
  CONNECTION="$AGENTSGT_TEST_DATABASE_URL;Database=agentsgt_e2e_$(date +%s)_$$"
else
  PGPORT=$(free_port)
  start_cluster "$WORK/pg" "$PGPORT"
  CONNECTION="Host=127.0.0.1;Port=$PGPORT;Database=agentsgt;Username=postgres"
fi

PORT=$(free_port)
API_URL="http://127.0.0.1:$PORT"
LIVEKIT_URL="wss://livekit.e2e.test"
PEPPER=$(head -c 48 /dev/urandom | base64 -w0)
LIVEKIT_SECRET=$(head -c 48 /dev/urandom | base64 -w0)

# Only these variables reach the service (env -i): what an operator would set, nothing from this
# shell, and the working directory is an empty folder, not the publish folder.
APP_ENV=(
  PATH="$PATH" HOME="$WORK/run" ${DOTNET_ROOT:+DOTNET_ROOT="$DOTNET_ROOT"}
  ConnectionStrings__Agentsgt="$CONNECTION"
  ApiKeys__Peppers__e2e="$PEPPER" ApiKeys__CurrentPepperId=e2e
  LIVEKIT_URL="$LIVEKIT_URL" LIVEKIT_API_KEY=APIe2e LIVEKIT_API_SECRET="$LIVEKIT_SECRET"
  ASPNETCORE_URLS="$API_URL"
)
app() { (cd "$WORK/run" && exec env -i "${APP_ENV[@]}" dotnet "$WORK/publish/Agentsgt.Api.dll" "$@"); }

log "db migrate, demo seed, then the service on $API_URL (Production, environment variables only)"
app db migrate >/dev/null
app demo seed --env-file "$WORK/demo.env" --api-url "$API_URL" >/dev/null
# A subshell that execs, so $! is the service's own PID and cleanup stops the service itself.
(cd "$WORK/run" && exec env -i "${APP_ENV[@]}" dotnet "$WORK/publish/Agentsgt.Api.dll") >"$ARTIFACTS/api.log" 2>&1 &
API_PID=$!

for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "$API_URL/health/live" 2>/dev/null && break
  kill -0 "$API_PID" 2>/dev/null || { cat "$ARTIFACTS/api.log" >&2; die "the service exited during start-up"; }
  sleep 0.5
done
curl -fsS -o /dev/null "$API_URL/health/live" || die "the service did not answer /health/live within 60 s"

# A publishable key for the widget page served on ALLOWED_PORT (the browser test starts that
# static server, and a second one on OTHER_PORT that the key does not allow).
ALLOWED_PORT=$(free_port)
OTHER_PORT=$(free_port)
while [ "$OTHER_PORT" = "$ALLOWED_PORT" ]; do OTHER_PORT=$(free_port); done
PUBLISHABLE_KEY=$(set -a; . "$WORK/demo.env"; set +a
  app keys create --org "$ORG_ID" --publishable --allowed-origin "http://127.0.0.1:$ALLOWED_PORT" --agent "$AGENT_ID" \
    --name "e2e widget" --json 2>/dev/null | sed -n 's/.*"publicKey": *"\(pk_[0-9A-Za-z]*\)".*/\1/p')
[ -n "$PUBLISHABLE_KEY" ] || die "could not create the publishable key"

log "running tests/Browser (node --test; Chromium at $CHROMIUM_PATH)"
reporters=(--test-reporter=spec --test-reporter-destination=stdout)
[ -z "$TAP_FILE" ] || reporters+=(--test-reporter=tap "--test-reporter-destination=$TAP_FILE")
status=0
(
  set -a; . "$WORK/demo.env"; set +a
  cd tests/Browser
  API_URL="$API_URL" LIVEKIT_URL="$LIVEKIT_URL" API_LOG="$ARTIFACTS/api.log" ARTIFACTS_DIR="$ARTIFACTS" \
    PUBLISHABLE_KEY="$PUBLISHABLE_KEY" ALLOWED_ORIGIN_PORT="$ALLOWED_PORT" OTHER_ORIGIN_PORT="$OTHER_PORT" \
    node --test "${reporters[@]}" published-service.test.mjs swagger-ui.test.mjs publishable-key.test.mjs local-run.test.mjs
) || status=$?
exit $status
