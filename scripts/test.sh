#!/usr/bin/env bash
# Runs every test: unit tests, integration tests against a real PostgreSQL that the test run
# provides for itself (AGENTSGT_TEST_DATABASE_URL if set, else Testcontainers when a Docker
# engine answers, else a throwaway local cluster), and the LiveKit end-to-end tests (LiveKit's
# npm SDKs in tests/LiveKitE2E, run by an NUnit fixture so they count below). Installs
# PostgreSQL, Node.js and the locked npm packages if they are missing.
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

# One closing line for CI, summed over every test project's TRX report.
python3 - "$results" <<'PY' || status=1
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/*.trx")
for f in files:
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns).attrib
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or not files or passed == 0 else 0)
PY
exit $status
