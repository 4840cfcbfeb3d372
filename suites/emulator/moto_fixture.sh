#!/usr/bin/env bash
# ctest fixture: start or stop one moto_server on a free loopback port for the emulator
# tests. Writes <state>/url and <state>/pid. Without moto_server, start fails under CI=true
# and otherwise leaves no url, so the tests skip with a message.
set -euo pipefail
action=$1
state=$2
mkdir -p "$state"
case "$action" in
  start)
    rm -f "$state/url" "$state/pid"
    if ! command -v moto_server >/dev/null 2>&1; then
      echo "moto_server not found on PATH"
      [[ "${CI:-}" == "true" ]] && exit 1
      exit 0
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    setsid moto_server -H 127.0.0.1 -p "$port" >"$state/moto.log" 2>&1 < /dev/null &
    echo $! >"$state/pid"
    for _ in $(seq 1 200); do
      if python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1',$port)))"; then
        echo "http://127.0.0.1:$port" >"$state/url"
        echo "moto_server listening on http://127.0.0.1:$port (pid $(cat "$state/pid"))"
        exit 0
      fi
      sleep 0.1
    done
    echo "moto_server did not start; log:"; cat "$state/moto.log"
    kill "$(cat "$state/pid")" 2>/dev/null || true
    exit 1
    ;;
  stop)
    if [[ -f "$state/pid" ]]; then
      kill "$(cat "$state/pid")" 2>/dev/null || true
      rm -f "$state/pid" "$state/url"
    fi
    ;;
  *) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac
