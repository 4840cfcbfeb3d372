#!/usr/bin/env bash
# The main job, end to end on this machine: set up, build, then show drh against a local
# emulator (moto_server on a free loopback port): who am I, and a few signed API calls.
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

if ! command -v moto_server >/dev/null 2>&1; then
  echo "ci/demo.sh: moto_server is not on PATH; it is needed for this demo" >&2
  exit 1
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp -t drh-demo-moto.XXXXXX.log)
moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
trap 'kill $moto_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1',$port)))" && break
  sleep 0.1
done
endpoint="http://127.0.0.1:$port"
echo "== emulator: moto_server at $endpoint"

# Emulators accept any keys; these are placeholders, not secrets.
export AWS_ACCESS_KEY_ID=AKIADEMO00000000TEST AWS_SECRET_ACCESS_KEY=demo-secret AWS_REGION=us-east-1

run() { echo; echo "\$ drh $*"; "$drh" "$@"; }
run whoami --endpoint-url "$endpoint"
run call ec2 DescribeVpcs --region us-west-2 --endpoint-url "$endpoint" \
  --param Filter.1.Name=isDefault --param Filter.1.Value.1=true
run call dynamodb CreateTable --endpoint-url "$endpoint" --json '{
  "TableName": "demo-sessions", "BillingMode": "PAY_PER_REQUEST",
  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}'
run call dynamodb PutItem --endpoint-url "$endpoint" \
  --json '{"TableName": "demo-sessions", "Item": {"pk": {"S": "canary#1"}}}'
run call dynamodb GetItem --endpoint-url "$endpoint" \
  --json '{"TableName": "demo-sessions", "Key": {"pk": {"S": "canary#1"}}}'
echo
echo "\$ drh call rds DescribeDBClusters --param DBClusterIdentifier=missing  (an AWS error: exit 1)"
set +e
"$drh" call rds DescribeDBClusters --endpoint-url "$endpoint" --param DBClusterIdentifier=missing
echo "exit code: $?"
set -e
echo
echo "demo done."
