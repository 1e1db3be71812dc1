#!/usr/bin/env bash
# A real several-instance deployment on 127.0.0.1: PostgreSQL, Redis (Debian's redis-server),
# three instances of the published Release build (environment variables only, limits shared on
# Redis, X-Forwarded-For trusted only from the balancer) and HAProxy (Debian's haproxy) in front,
# round robin, health-checking /health/ready. Seeds the demo organization, agent and key, prints
# the one URL to call and writes .data/cluster.env. Ctrl-C stops everything it started.
#
#   scripts/cluster.sh                 # start and wait for Ctrl-C (or SIGTERM)
#   scripts/cluster.sh cli ARGS…       # the management CLI on the running cluster's database
#   scripts/cluster.sh redis-stop|redis-start|pg-stop|pg-start   # faults, for the rig tests
#
# README's default limits apply unless RateLimiting__*, Cors__* or Database__* variables are set
# (they are passed on to every instance). CLUSTER_DIR (default .data/cluster) holds the databases,
# logs and build; CLUSTER_ENV_FILE (default .data/cluster.env) the env file; PORT the balancer's port.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/lib.sh

DIR=${CLUSTER_DIR:-$ROOT/.data/cluster}
ENV_FILE=${CLUSTER_ENV_FILE:-$ROOT/.data/cluster.env}
INSTANCES=3

redis_start() {
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$DIR" \
    --daemonize yes --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" >/dev/null
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "Redis did not start on port $REDIS_PORT (see $DIR/redis.log)"
}
redis_stop() {
  [ -s "$DIR/redis.pid" ] || return 0
  local pid; pid=$(cat "$DIR/redis.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$DIR/redis.pid"
}

# The instances' settings: only these variables reach them (env -i), as an operator would set them.
app_env() {
  APP_ENV=(
    PATH="$PATH" HOME="$DIR/run" ${DOTNET_ROOT:+DOTNET_ROOT="$DOTNET_ROOT"}
    ASPNETCORE_ENVIRONMENT=Production
    ConnectionStrings__Agentsgt="Host=127.0.0.1;Port=$PG_PORT;Database=agentsgt;Username=postgres"
    ApiKeys__Peppers__cluster="$(cat "$DIR/pepper")" ApiKeys__CurrentPepperId=cluster
    LIVEKIT_URL="${LIVEKIT_URL:-ws://localhost:7880}" LIVEKIT_API_KEY="${LIVEKIT_API_KEY:-devkey}"
    LIVEKIT_API_SECRET="${LIVEKIT_API_SECRET:-secret}"
    Redis__Configuration="127.0.0.1:$REDIS_PORT" Redis__Instances="$INSTANCES"
    # HAProxy connects from 127.0.0.2 (its "source"): only that address may say who the client is.
    ForwardedHeaders__KnownProxies=127.0.0.2
  )
  local var
  while IFS= read -r var; do APP_ENV+=("$var=${!var}"); done < <(compgen -e | grep -E '^(RateLimiting|Cors|Database|Logging)__' || true)
}
cli() { (cd "$DIR/run" && exec env -i "${APP_ENV[@]}" dotnet "$DIR/publish/Agentsgt.Api.dll" "$@"); }

if [ $# -gt 0 ]; then
  [ -s "$ENV_FILE" ] || die "no running cluster ($ENV_FILE is missing): start scripts/cluster.sh first"
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  DIR=$CLUSTER_DIR
  REDIS_PORT=${REDIS_URL##*:}
  case "$1" in
    cli) shift; app_env; cli "$@" ;;
    redis-stop) redis_stop ;;
    redis-start) redis_start ;;
    pg-stop) ensure_postgres; stop_cluster "$DIR/pg" ;;
    pg-start) ensure_postgres; start_cluster "$DIR/pg" "$PG_PORT" ;;
    *) die "unknown command '$1' (cli, redis-stop, redis-start, pg-stop, pg-start)" ;;
  esac
  exit 0
fi

require_dotnet
ensure_postgres
ensure_curl
command -v redis-server >/dev/null && command -v redis-cli >/dev/null || { log "installing Redis (Debian package redis-server)"; apt_install redis-server; }
command -v haproxy >/dev/null || { log "installing HAProxy (Debian package haproxy)"; apt_install haproxy; }

PIDS=()
HAPROXY_PID=""
cleanup() {
  trap - EXIT INT TERM
  log "stopping the cluster"
  [ -z "$HAPROXY_PID" ] || kill "$HAPROXY_PID" 2>/dev/null || true
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}" $HAPROXY_PID; do wait "$pid" 2>/dev/null || true; done
  redis_stop
  [ ! -f "$DIR/pg/PG_VERSION" ] || stop_cluster "$DIR/pg"
  rm -f "$ENV_FILE"
}

# A fresh deployment each time; stop what a previous run may have left behind.
if [ -f "$DIR/pg/PG_VERSION" ]; then stop_cluster "$DIR/pg"; fi
redis_stop
rm -rf "$DIR/pg" "$DIR/run" "$DIR"/*.log
mkdir -p "$DIR/run" "$(dirname "$ENV_FILE")"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PG_PORT=$(free_port)
REDIS_PORT=$(free_port)
PORT=${PORT:-$(free_port)}
API_URL="http://127.0.0.1:$PORT"
(umask 077; head -c 48 /dev/urandom | base64 -w0 >"$DIR/pepper")

start_cluster "$DIR/pg" "$PG_PORT"
psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE agentsgt" >/dev/null
log "starting Redis on 127.0.0.1:$REDIS_PORT"
redis_start

log "publishing src/Api (Release) to $DIR/publish"
dotnet publish src/Api -c Release -o "$DIR/publish" -nologo -v q -clp:ErrorsOnly >/dev/null \
  || dotnet publish src/Api -c Release -o "$DIR/publish" -nologo -v q -clp:ErrorsOnly

app_env
cli db migrate >/dev/null
(umask 077; cli demo seed --env-file "$DIR/demo.env" --api-url "$API_URL" >/dev/null)

INSTANCE_URLS=()
BACKENDS=""
for i in $(seq 1 "$INSTANCES"); do
  port=$(free_port)
  INSTANCE_URLS+=("http://127.0.0.1:$port")
  # A subshell that execs, so $! is the API process itself.
  (cd "$DIR/run" && exec env -i "${APP_ENV[@]}" ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet "$DIR/publish/Agentsgt.Api.dll") \
    >"$DIR/api$i.log" 2>&1 &
  PIDS+=($!)
  BACKENDS+="  server api$i 127.0.0.1:$port check"$'\n'
done

for i in $(seq 0 $((INSTANCES - 1))); do
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "${INSTANCE_URLS[$i]}/health/ready" 2>/dev/null && break
    kill -0 "${PIDS[$i]}" 2>/dev/null || { tail -n 20 "$DIR/api$((i + 1)).log" >&2; die "instance $((i + 1)) exited during start-up"; }
    sleep 0.5
  done
  curl -fsS -o /dev/null "${INSTANCE_URLS[$i]}/health/ready" || die "instance $((i + 1)) was not ready within 60 s"
done

# When no instance is ready (PostgreSQL down: every /health/ready is 503), the balancer answers
# the contract's own 503, Retry-After included, instead of HAProxy's HTML page.
body='{"error":"service_unavailable","message":"Service temporarily unavailable"}'
printf 'HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: %d\r\nRetry-After: 5\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n%s' \
  "${#body}" "$body" >"$DIR/503.http"

# Round robin over ready instances. retry-on + redispatch: a request whose connection failed or
# got no answer (an instance killed or stopping) is sent again to another instance.
cat >"$DIR/haproxy.cfg" <<CFG
global
  maxconn 4096

defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 15s
  timeout http-request 10s
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response response-timeout
  option forwardfor
  errorfile 503 $DIR/503.http

frontend api
  bind 127.0.0.1:$PORT
  default_backend instances

backend instances
  balance roundrobin
  option httpchk GET /health/ready
  http-check expect status 200
  default-server inter 500ms fall 2 rise 2 source 127.0.0.2
  # Which instance answered (api1…), for operators reading a response.
  http-response set-header X-Served-By %s
$BACKENDS
CFG
haproxy -c -q -f "$DIR/haproxy.cfg" || die "HAProxy refused $DIR/haproxy.cfg"
haproxy -db -f "$DIR/haproxy.cfg" >"$DIR/haproxy.log" 2>&1 &
HAPROXY_PID=$!
for _ in $(seq 1 50); do curl -fsS -o /dev/null "$API_URL/health/ready" 2>/dev/null && break; sleep 0.2; done
curl -fsS -o /dev/null "$API_URL/health/ready" || die "HAProxy does not answer on $API_URL (see $DIR/haproxy.log)"

(
  umask 077
  cat "$DIR/demo.env"
  echo "INSTANCE_PIDS=\"${PIDS[*]}\""
  echo "INSTANCE_URLS=\"${INSTANCE_URLS[*]}\""
  echo "REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
  echo "PG_PORT=$PG_PORT"
  echo "CLUSTER_DIR=$DIR"
) >"$ENV_FILE.tmp"
mv "$ENV_FILE.tmp" "$ENV_FILE"

set -a; . "$DIR/demo.env"; set +a
cat <<INFO

  AgentsGT voice-token service: $INSTANCES instances behind HAProxy
  ------------------------------------------------------------
  Call           $API_URL   (round robin over ${INSTANCE_URLS[*]})
  Instances      pids ${PIDS[*]}, logs $DIR/api*.log
  Redis          127.0.0.1:$REDIS_PORT (shared rate limits)
  PostgreSQL     127.0.0.1:$PG_PORT
  Saved to       ${ENV_FILE#"$ROOT"/}

  Try it:
    curl -sS -X POST $API_URL/api/v1/agents/$AGENT_ID/livekit/token \\
      -H "Authorization: Bearer $API_KEY" \\
      -H "Content-Type: application/json" \\
      -d '{"visitorName": "John Doe"}'

  Ctrl-C stops everything.
INFO

# Until Ctrl-C, SIGTERM, or HAProxy exiting. Instances may be killed (that is what the tests do).
wait "$HAPROXY_PID" || true
