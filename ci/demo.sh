#!/usr/bin/env bash
# The main job, end to end on this machine, on the built-in fake cloud: set up, build,
# start `drh serve` (manual virtual clock) on a free loopback port, deploy an Aurora
# global database in two regions through signed API calls, take us-east-1 out, fail the
# database over to us-west-2 with data loss allowed, bring the region back and watch the
# old primary rejoin; then read a pipeline's outputs file into the deployment model.
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
members() {
  echo "\$ drh call rds DescribeGlobalClusters --region us-west-2   (members only)"
  "$drh" call rds DescribeGlobalClusters --region us-west-2 --endpoint-url "$endpoint" |
    grep -E '"DBClusterArn"|"IsWriter"|"SynchronizationStatus"|"Status": "(failing|switching)'
}
E=(--endpoint-url "$endpoint")

say "who am I (STS through SigV4, as against AWS)"
run whoami "${E[@]}"

say "deploy: an Aurora PostgreSQL global database, writer in us-east-1, reader in us-west-2"
quiet call rds CreateGlobalCluster "${E[@]}" --param GlobalClusterIdentifier=orders \
  --param Engine=aurora-postgresql
for side in east:us-east-1 west:us-west-2; do
  name=orders-${side%%:*} region=${side#*:}
  extra=()
  [[ $region == us-east-1 ]] && extra=(--param MasterUsername=dradmin --param MasterUserPassword=demo-password-1)
  quiet call rds CreateDBCluster --region "$region" "${E[@]}" --param DBClusterIdentifier="$name" \
    --param Engine=aurora-postgresql --param GlobalClusterIdentifier=orders "${extra[@]}"
  quiet call rds CreateDBInstance --region "$region" "${E[@]}" --param DBInstanceIdentifier="$name-1" \
    --param DBClusterIdentifier="$name" --param Engine=aurora-postgresql --param DBInstanceClass=db.r6g.large
done
admin POST /_drh/clock/advance '{"seconds": 600}'
members

say "us-east-1 goes out (a region-outage fault): its APIs answer 503 as AWS does"
admin POST /_drh/faults '{"kind": "region-outage", "region": "us-east-1"}'
set +e
run call rds DescribeDBClusters "${E[@]}" --max-attempts 1
echo "exit code: $?"
set -e

say "fail the global database over to us-west-2, allowing data loss (called in us-west-2)"
"$drh" call rds FailoverGlobalCluster --region us-west-2 "${E[@]}" --param GlobalClusterIdentifier=orders \
  --param TargetDbClusterIdentifier=arn:aws:rds:us-west-2:123456789012:cluster:orders-west \
  --param AllowDataLoss=true | grep -E '"Status"|"IsDataLossAllowed"'
admin POST /_drh/clock/advance '{"seconds": 120}'
members
echo "\$ drh call rds DescribeEvents --region us-west-2 ...   (what the failover recorded)"
"$drh" call rds DescribeEvents --region us-west-2 "${E[@]}" --param SourceType=db-cluster \
  --param Duration=60 | grep '"Message"'

say "us-east-1 comes back: the old primary rejoins as a secondary"
admin DELETE /_drh/faults
admin POST /_drh/clock/advance '{"seconds": 300}'
members

say "a pipeline's outputs file (seed 000, terraform output -json) read into the DR model"
set +e
run outputs --outputs fixtures/samples/seed000_terraform.json
echo "exit code: $?"
set -e
echo
echo "demo done."
