#!/usr/bin/env bash
# The main job, end to end on this machine, on the built-in fake cloud: set up, build,
# start `drh serve` (manual virtual clock) on a free loopback port, deploy seed stack 000
# into it with `drh up` (two regions, through signed API calls), read the outputs file it
# wrote, validate the deployment check by check with `drh validate` (all pass), break it
# (a peering route deleted) and watch the check that exists for that fail; then deploy seed
# stack 003 beside it, take us-east-1 out, fail its Aurora global database over to us-east-2
# with data loss allowed (canaries in its DynamoDB global table give the RPO), bring the
# region back, and take both stacks down.
set -euo pipefail
cd "$(dirname "$0")/.."

ci/setup.sh
# Compiler cache keyed on paths relative to the checkout, so a fresh clone in another
# folder reuses earlier builds' objects.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
echo "== build (preset ci)"
cmake --preset ci >/dev/null
cmake --build --preset ci --target drh
drh=build/ci/harness/cli/drh

log=$(mktemp -t drh-demo-serve.XXXXXX.log)
setsid "$drh" serve --port 0 --clock manual >"$log" 2>&1 </dev/null &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null || true; rm -f "$log"' EXIT
endpoint=""
for _ in $(seq 1 100); do
  endpoint=$(grep -o 'listening on http://[^ ]*' "$log" 2>/dev/null | sed 's/^listening on //' || true)
  [[ -n "$endpoint" ]] && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.05
done
[[ -n "$endpoint" ]] || { echo "ci/demo.sh: drh serve did not start" >&2; cat "$log" >&2; exit 1; }
echo "== the built-in fake: drh serve at $endpoint (virtual clock, moved only when told)"

# The fake accepts any keys; these are placeholders, not secrets.
export AWS_ACCESS_KEY_ID=AKIADEMO00000000TEST AWS_SECRET_ACCESS_KEY=demo-secret AWS_REGION=us-east-1

say() { echo; echo "-- $*"; }
run() { echo "\$ drh $*"; "$drh" "$@"; }
# Prints the command with any password masked (placeholders here, but never echo one).
quiet() { echo "\$ drh $*" | sed -E 's/(Password=)[^ ]*/\1********/g'; "$drh" "$@" >/dev/null; }
# An admin call to drh serve: METHOD PATH [JSON].
admin() {
  echo "\$ $1 $2 ${3:-}"
  python3 - "$endpoint" "$@" <<'EOF'
import sys, urllib.request
base, method, path = sys.argv[1:4]
data = sys.argv[4].encode() if len(sys.argv) > 4 else None
req = urllib.request.Request(base + path, data=data, method=method,
                             headers={"Content-Type": "application/json"})
print(urllib.request.urlopen(req, timeout=10).read().decode())
EOF
}
E=(--endpoint-url "$endpoint")

work=$(mktemp -d -t drh-demo.XXXXXX)
trap 'kill $serve_pid 2>/dev/null || true; rm -f "$log"; rm -rf "$work"' EXIT
export DRH_HOME="$work"
# Reports outlive the demo, for a look afterwards (build/ is not tracked).
reports="$PWD/build/demo-reports"
mkdir -p "$reports"

say "who am I (STS through SigV4, as against AWS)"
run whoami "${E[@]}"

say "deploy seed stack 000 (CDKTF: Aurora global database, VPC peering, health checks, Lambda, lag alarm)"
run up --stack 000 --target "$endpoint" --write-outputs "$work/outputs.json"

say "the outputs file the pipeline would have written, read into the DR model"
run outputs --outputs "$work/outputs.json"

say "minutes pass after the deploy (virtual time): replication metrics, health checkers"
admin POST /_drh/clock/advance '{"seconds": 300}'

say "validate the deployment, check by check"
run validate --outputs "$work/outputs.json" --target "$endpoint" --stack 000 --invoke \
  --junit "$reports/validate.xml" --json "$reports/validate.json"
echo "reports for CI: JUnit $reports/validate.xml, JSON $reports/validate.json"

say "break one thing: delete the us-east-1 route to the peer VPC (10.1.0.0/16)"
pick() { python3 -c "import json,sys; print(json.load(open('$work/outputs.json'))['$1']['value'])"; }
rtb=$("$drh" call ec2 DescribeRouteTables "${E[@]}" --region us-east-1 \
  --param Filter.1.Name=vpc-id --param "Filter.1.Value.1=$(pick PrimaryVPCId)" |
  python3 -c "import json,sys; d=json.load(sys.stdin); s=d['routeTableSet']; s=s if isinstance(s,list) else [s]; print(next(t['routeTableId'] for t in s if '10.1.0.0/16' in json.dumps(t)))")
quiet call ec2 DeleteRoute "${E[@]}" --region us-east-1 --param "RouteTableId=$rtb" \
  --param DestinationCidrBlock=10.1.0.0/16
admin POST /_drh/clock/advance '{"seconds": 60}'
set +e
run validate --outputs "$work/outputs.json" --target "$endpoint" --stack 000 \
  --junit "$reports/validate-broken.xml" --json "$reports/validate-broken.json"
echo "exit code: $?   (1: a check failed; reports: $reports/validate-broken.xml, $reports/validate-broken.json)"
set -e

say "deploy seed stack 003 beside it (Aurora MySQL global database, DynamoDB global table) for a drill"
run up --stack 003 --target "$endpoint" --write-outputs "$work/outputs-003.json" --quiet
admin POST /_drh/clock/advance '{"seconds": 300}'

say "failover drill: us-east-1 is lost, Aurora fails over to us-east-2, then everything fails back"
echo "(canaries in the DynamoDB global table measure the RPO: what had not replicated is lost)"
set +e
run drill --drill regional-failover --outputs "$work/outputs-003.json" --target "$endpoint" \
  --allow-disruptive --journal "$work/drill.journal.jsonl" --report-dir "$reports/drill"
echo "exit code: $?   (0: the drill passed and met its RTO/RPO targets)"
set -e
echo "drill reports: $reports/drill/drill.md, drill.svg, drill.json, drill.junit.xml"

say "take the stacks down"
run down --stack 003 --quiet
run down --stack 000 --quiet
echo
echo "demo done."
