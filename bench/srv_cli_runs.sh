#!/bin/bash
# Runs rclbench.py's srv/cli pair N times (default 8) and prints each cli JSON line: service call
# rates vary from run to run on a 2-core machine, so compare builds over many runs.
# usage: bench/srv_cli_runs.sh [N]   (PY picks the interpreter; default .venv/bin/python)
set -u
here=$(dirname "$(readlink -f "$0")")
PY=${PY:-$here/../.venv/bin/python}
B=$here/../../shared/bench/rclbench.py
export ROS_DOMAIN_ID=${ROS_DOMAIN_ID:-$((RANDOM % 90 + 10))}
for _ in $(seq "${1:-8}"); do
  timeout 60 "$PY" "$B" srv --count 1000 --duration 40 >/dev/null 2>&1 &
  server=$!
  sleep 1
  timeout 60 "$PY" "$B" cli --count 1000 --duration 40 2>&1 | grep '^{' || echo '{"role": "cli", "error": "no result"}'
  kill "$server" 2>/dev/null
  wait "$server" 2>/dev/null
done
