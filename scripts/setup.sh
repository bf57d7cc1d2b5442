#!/usr/bin/env bash
# Installs everything rclx needs on a fresh Debian/Ubuntu machine, idempotently:
# system packages (Cyclone DDS, GoogleTest, ...), a virtualenv at .venv and the pip build of rclx.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

apt_packages=(cyclonedds-dev cyclonedds-tools libgtest-dev cmake g++ python3-venv iproute2)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "[setup] installing system packages: ${missing[*]}"
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ ! -x .venv/bin/python ]]; then
  echo "[setup] creating .venv"
  python3 -m venv .venv
fi
py=.venv/bin/python
# Build requirements installed once so rebuilds are incremental (no build isolation).
if ! $py -c "import nanobind, scikit_build_core, numpy, yaml, pytest, pytest_timeout" 2>/dev/null; then
  echo "[setup] installing Python build and test requirements"
  $py -m pip install -q --disable-pip-version-check "scikit-build-core>=0.10" "nanobind>=2.4" ninja cmake \
    numpy PyYAML pytest pytest-timeout
fi
echo "[setup] building rclx (pip install -e .)"
$py -m pip install -q --disable-pip-version-check --no-build-isolation -e . 2>&1 | grep -v "^\s*$" || true
$py -c "import rclx._core" || { echo "[setup] the rclx build failed" >&2; exit 1; }
echo "[setup] ready: $root/.venv"
