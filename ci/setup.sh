#!/usr/bin/env bash
# Installs the Debian packages drharness builds and tests with, when any is missing.
# Idempotent: when everything is present it only checks (well under a second).
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config ccache
  libssl-dev libcurl4-openssl-dev nlohmann-json3-dev libpugixml-dev libboost-dev
  libcli11-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev
  # Headless browser for the drill report's render test (suites/drill/render_report.py).
  chromium
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "ci/setup.sh: installing missing Debian packages: ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "ci/setup.sh: cannot install as this user (not root, no passwordless sudo). Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
