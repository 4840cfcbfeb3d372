#!/usr/bin/env bash
# ctest fixture: start or stop one `drh serve --port 0 --clock manual` shared by the
# conformance tests. Writes <state>/url and <state>/pid.
set -euo pipefail
action=$1
state=$2
drh=${3:-}
mkdir -p "$state"
case "$action" in
  start)
    rm -f "$state/url" "$state/pid"
    # Own session: nothing aimed at the fixture's process group may stop the shared server.
    setsid "$drh" serve --port 0 --clock manual >"$state/serve.log" 2>&1 < /dev/null &
    echo $! >"$state/pid"
    for _ in $(seq 1 200); do
      if url=$(grep -o 'listening on http://[^ ]*' "$state/serve.log" 2>/dev/null); then
        echo "${url#listening on }" >"$state/url"
        echo "drh serve at $(cat "$state/url") (pid $(cat "$state/pid"))"
        exit 0
      fi
      kill -0 "$(cat "$state/pid")" 2>/dev/null || break
      sleep 0.05
    done
    echo "drh serve did not start; log:"; cat "$state/serve.log"
    kill "$(cat "$state/pid")" 2>/dev/null || true
    exit 1
    ;;
  stop)
    if [[ -f "$state/pid" ]]; then
      kill "$(cat "$state/pid")" 2>/dev/null || true
      rm -f "$state/pid" "$state/url"
    fi
    ;;
  *) echo "usage: $0 start|stop STATE_DIR [DRH]" >&2; exit 2 ;;
esac
