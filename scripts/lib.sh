# Shared by scripts/run.sh, test.sh, e2e.sh and bench.sh: install and find what they need.
# shellcheck shell=bash

# Colour only on a terminal: log files and CI output get plain text.
if [ -t 2 ]; then _blue=$'\033[1;34m' _red=$'\033[1;31m' _plain=$'\033[0m'; else _blue="" _red="" _plain=""; fi
log() { printf '%s==>%s %s\n' "$_blue" "$_plain" "$*" >&2; }
die() { printf '%serror:%s %s\n' "$_red" "$_plain" "$*" >&2; exit 1; }

apt_updated=0
apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install $* by hand"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ "$apt_updated" -eq 0 ]; then
    $sudo apt-get update -qq >/dev/null || die "apt-get update failed"
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

require_dotnet() {
  command -v dotnet >/dev/null || die "the .NET SDK is required (dotnet not on PATH): https://learn.microsoft.com/dotnet/core/install/linux-debian"
}

# Sets PG_BIN to the directory holding initdb and pg_ctl, installing PostgreSQL if needed.
ensure_postgres() {
  find_pg_bin() {
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
      PG_BIN=$(dirname "$(command -v initdb)"); return 0
    fi
    if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
      PG_BIN=$(pg_config --bindir); return 0
    fi
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then PG_BIN=$d; return 0; fi
    return 1
  }
  if ! find_pg_bin; then
    log "installing PostgreSQL (Debian package postgresql)"
    apt_install postgresql
    find_pg_bin || die "PostgreSQL was installed but initdb was not found"
  fi
  command -v psql >/dev/null || apt_install postgresql-client
  export PG_BIN
}

# Runs a command as the postgres OS user when we are root (PostgreSQL refuses to run as root).
as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# start_cluster DIR PORT: initialise DIR once, start PostgreSQL on 127.0.0.1:PORT if not running;
# PG_STARTED=1 when this call started it (only then is it the caller's to stop).
start_cluster() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "the postgres OS user is missing (install the postgresql package)"
    chown postgres:postgres "$dir"
    # The cluster lives under the checkout: every parent must be traversable by postgres.
    local p=$dir
    while [ "$p" != "/" ]; do p=$(dirname "$p"); chmod o+x "$p" 2>/dev/null || true; done
  fi
  chmod 700 "$dir"
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "creating a PostgreSQL cluster in $dir"
    as_pg_user "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 >"$dir.initdb.log" 2>&1 \
      || { cat "$dir.initdb.log" >&2; die "initdb failed"; }
  fi
  PG_STARTED=0
  if as_pg_user "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    return 0
  fi
  if port_taken "$port"; then
    die "port $port is in use by another program: set AGENTSGT_PGPORT to a free port"
  fi
  log "starting PostgreSQL on 127.0.0.1:$port"
  as_pg_user "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null \
    || { tail -n 20 "$dir/server.log" >&2; die "PostgreSQL did not start (is port $port free? set AGENTSGT_PGPORT)"; }
  PG_STARTED=1
}

stop_cluster() {
  local dir=$1
  as_pg_user "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

# Node.js and npm for tests/Browser and the LiveKit SDK end-to-end tests. playwright-core declares Node 20+; Debian 12's own nodejs
# is 18, so that one is tried with a warning rather than refused.
ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    log "installing Node.js and npm (Debian packages nodejs, npm)"
    apt_install nodejs npm
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 18 ] || die "Node.js 20 or later is needed for tests/Browser (found $(node --version))"
  [ "$major" -ge 20 ] || log "warning: playwright-core declares Node.js 20+, trying with $(node --version)"
}

# Debian's Chromium for the browser test (never a browser download). Sets CHROMIUM_PATH.
ensure_chromium() {
  CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
  if [ ! -x "$CHROMIUM_PATH" ]; then
    log "installing Chromium (Debian packages chromium, fonts-liberation)"
    apt_install chromium fonts-liberation
  fi
  [ -x "$CHROMIUM_PATH" ] || die "Chromium not found at $CHROMIUM_PATH"
  export CHROMIUM_PATH
}

ensure_curl() {
  command -v curl >/dev/null || apt_install curl
}

# True when something listens on 127.0.0.1:PORT.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A TCP port on 127.0.0.1 that nothing listens on (random tries, bounded; plain bash, no python).
# Taken below the kernel's ephemeral range: a port in it can be bound by any outgoing connection
# (no listener, so the probe below passes, yet listen() fails with EADDRINUSE; seen in CI).
free_port() {
  local port i low=32768 range
  range=$(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null) && low=${range%%[[:space:]]*}
  [ "$low" -gt 12000 ] 2>/dev/null || low=32768
  for ((i = 0; i < 200; i++)); do
    port=$((10000 + RANDOM % (low - 10000)))
    if ! port_taken "$port"; then echo "$port"; return 0; fi
  done
  die "no free TCP port found on 127.0.0.1"
}
