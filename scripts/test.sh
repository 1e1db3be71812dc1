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
command -v python3 >/dev/null || apt_install python3-minimal  # sums the test reports below

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

# One closing line for CI, summed over every test project's TRX report and the end-to-end TAP.
python3 - "$results" "$e2e_status" <<'PY' || status=1
import glob, os, re, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/*.trx")
for f in files:
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns).attrib
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"  dotnet test: {passed} passed / {failed} failed / {skipped} skipped ({len(files)} projects)")

# Node's TAP summary: "# pass N", "# fail N", "# cancelled N", "# skipped N", "# todo N".
tap = os.path.join(sys.argv[1], "e2e.tap")
counts = {}
if os.path.exists(tap):
    for line in open(tap, encoding="utf-8"):
        m = re.match(r"^# (pass|fail|cancelled|skipped|todo) (\d+)$", line.strip())
        if m:
            counts[m.group(1)] = int(m.group(2))
e_passed = counts.get("pass", 0)
e_failed = counts.get("fail", 0) + counts.get("cancelled", 0)
e_skipped = counts.get("skipped", 0) + counts.get("todo", 0)
if int(sys.argv[2]) != 0 and e_failed == 0:
    e_failed = 1  # the set-up (publish, database, service start) failed before or outside the tests
print(f"  end-to-end (tests/Browser): {e_passed} passed / {e_failed} failed / {e_skipped} skipped")
passed += e_passed
failed += e_failed
skipped += e_skipped
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or not files or passed == 0 or e_passed == 0 else 0)
PY
exit $status
