#!/usr/bin/env bash
# Installs the REAL rclpy (ROS 2 Kilted wheels from PyPI, over Fast DDS) into a separate virtualenv,
# .venv-rclpy, as the peer of the interoperability tests (tests/interop/). Idempotent.
# Nothing ROS-related ever goes into the project's .venv: rclx *is* an `rclpy` there.
# usage: scripts/setup-rclpy-peer.sh
#   RCLX_RCLPY_PEER_VENV     another location (the tests read the same variable)
#   RCLX_RCLPY_PEER_PACKAGES another set, e.g. Jazzy's: "ros-rclpy==7.1.6 ros-jazzy-std-msgs ros-jazzy-rmw-fastrtps-cpp"
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${RCLX_RCLPY_PEER_VENV:-$root/.venv-rclpy}
# Real rclpy and what the tests use. Kilted's wheels are built for CPython 3.11 (manylinux_2_28).
read -ra packages <<<"${RCLX_RCLPY_PEER_PACKAGES:-ros-rclpy==9.1.2 ros-std-msgs==5.5.1 ros-rmw-fastrtps-cpp==9.3.3}"
python=${RCLX_RCLPY_PEER_PYTHON:-python3}

# The wheels' own bootstrapper (a .pth file) re-executes Python with LD_LIBRARY_PATH set;
# no AMENT_PREFIX_PATH or RMW_IMPLEMENTATION is needed for `import rclpy` (Fast DDS is the default).
check() {
  env -u PYTHONPATH -u PYTHONHOME -u VIRTUAL_ENV -u _ROS_WHEELS_BOOTSTRAP_COMPLETE \
    "$venv/bin/python" -c "import rclpy, std_msgs.msg; from rclpy.utilities import get_rmw_implementation_identifier as r; print(rclpy.__file__, r())" \
    >/dev/null 2>&1
}

# What was installed, so that a changed package list installs the new packages into an existing venv.
stamp=$venv/.rclx-peer-packages
if [[ -x $venv/bin/python ]] && check && [[ "$(cat "$stamp" 2>/dev/null)" == "${packages[*]}" ]]; then
  echo "[setup-rclpy-peer] ready (already installed): $venv"
  exit 0
fi

created=0
fail() {
  # A half-made virtualenv would make the tests run (and fail) instead of skip: remove what we made.
  if ((created)); then rm -rf "$venv"; fi
  echo "[setup-rclpy-peer] ERROR: $*" >&2
  echo "[setup-rclpy-peer] the interop tests (tests/interop/) will be skipped" >&2
  exit 1
}

start=$(date +%s)
if [[ ! -x $venv/bin/python ]]; then
  created=1
  echo "[setup-rclpy-peer] creating $venv with $python ($("$python" --version 2>&1))"
  "$python" -m venv "$venv" || fail "could not create the virtualenv $venv with $python"
fi
echo "[setup-rclpy-peer] installing ${packages[*]} into $venv"
log=$(mktemp)
if ! "$venv/bin/python" -m pip install --disable-pip-version-check "${packages[@]}" >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  rm -f "$log"
  fail "pip could not install the rclpy wheels (${packages[*]}); they are cp311 manylinux_2_28 wheels (this is $("$venv/bin/python" --version 2>&1) on $(uname -m)); is PyPI reachable?"
fi
rm -f "$log"
check || fail "the wheels installed but 'import rclpy' fails in $venv; try: $venv/bin/python -c 'import rclpy'"
echo "${packages[*]}" >"$stamp"
echo "[setup-rclpy-peer] ready: $venv ($(du -sh "$venv" | cut -f1), $(( $(date +%s) - start )) s)"
