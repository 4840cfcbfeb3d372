#!/usr/bin/env bash
# A scheduled DR exercise on a test world: build a seed stack (default 003) in the
# in-process fake, validate it, run the switchover, regional-failover, DNS failover and
# replication drills, validate again to prove the world was put back, and keep every
# report in one dated directory.
# Run by cron (ci/drill.cron) or a CI schedule (ci/drill-workflow.yml); exit status is the
# first non-zero one: 1 a check failed or a target was missed, 4 a drill rolled back.
# Each drill leaves drill.json, drill.md, drill.svg and a JUnit file; DRH_POLICY names a
# policy with the RTO/RPO targets (default 300 s / 60 s).
#
#   ci/scheduled-drill.sh [STACK] [REPORT_ROOT]
#
# Drills never run against a real AWS account here: drh drill refuses any target but the
# fake and loopback.
set -uo pipefail
cd "$(dirname "$0")/.."

stack=${1:-003}
root=${2:-build/drill-reports}
drh=${DRH:-build/release/harness/cli/drh}
if [[ ! -x "$drh" ]]; then
  echo "== build (preset release)"
  cmake --preset release >/dev/null && cmake --build --preset release --target drh || exit 2
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$root/$stamp"
mkdir -p "$out"
export DRH_HOME="$out/world"
status=0
step() {
  echo "== $*"
  "$@"
  local rc=$?
  [[ $rc -ne 0 && $status -eq 0 ]] && status=$rc
  return 0
}

step "$drh" up --stack "$stack" --write-outputs "$out/outputs.json" --quiet
step "$drh" validate --outputs "$out/outputs.json" --junit "$out/validate-before.xml" \
  --json "$out/validate-before.json"
for drill in switchover regional-failover dns-failover replication; do
  step "$drh" drill --drill "$drill" --outputs "$out/outputs.json" \
    --journal "$out/$drill.journal.jsonl" --report-dir "$out/$drill" ${DRH_POLICY:+--policy "$DRH_POLICY"}
done
step "$drh" validate --outputs "$out/outputs.json" --junit "$out/validate-after.xml" \
  --json "$out/validate-after.json"
echo "reports: $out (exit $status)"
exit "$status"
