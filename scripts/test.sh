#!/usr/bin/env bash
# Runs every test: unit tests, integration tests against a real PostgreSQL that the test run
# provides for itself (AGENTSGT_TEST_DATABASE_URL if set, else Testcontainers when a Docker
# engine answers, else a throwaway local cluster), the LiveKit end-to-end tests (LiveKit's npm
# SDKs in tests/LiveKitE2E, run by an NUnit fixture so they count below), then scripts/e2e.sh:
# the published service run with environment variables only, checked over HTTP and through
# Swagger UI in headless Chromium, and tests/Cluster on scripts/cluster.sh (three instances,
# Redis, HAProxy; faults injected under load). Installs what it needs (PostgreSQL, Node.js, Chromium, the
# locked npm packages) if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

require_dotnet
if [ -z "${AGENTSGT_TEST_DATABASE_URL:-}" ]; then
  ensure_postgres
fi
ensure_node

log "installing LiveKit's npm packages (tests/LiveKitE2E, from package-lock.json)"
(cd tests/LiveKitE2E && npm ci --no-audit --no-fund --loglevel=error)

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

log "building"
dotnet build Agentsgt.sln -c Release -nologo -v q -clp:ErrorsOnly

log "running tests"
status=0
dotnet test Agentsgt.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" "$@" || status=$?

log "running the end-to-end tests (scripts/e2e.sh)"
e2e_status=0
bash scripts/e2e.sh "$results/e2e.tap" || e2e_status=$?
[ "$e2e_status" -eq 0 ] || status=$e2e_status

# The several-instance rig (scripts/cluster.sh: 3 instances, Redis, HAProxy) and its fault tests;
# its TRX report joins the others in the summary below.
log "running the several-instance tests (tests/Cluster on scripts/cluster.sh)"
dotnet test tests/Cluster -c Release -nologo --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" || status=1

# One closing line for CI, summed over every *.trx and every *.tap report in the results
# directory (tests/TestReport); a runner that failed without a failing test counts as one failure.
failed_runners=()
[ "$e2e_status" -eq 0 ] || failed_runners+=(--failed e2e.tap)
dotnet tests/TestReport/bin/Release/net10.0/Agentsgt.TestReport.dll "$results" "${failed_runners[@]}" || status=1
exit $status
