#!/usr/bin/env bash
# The demo: a talker and a listener (rclpy tutorial code, examples/) as two processes over Cyclone DDS.
# usage: scripts/demo.sh [--forever] [SECONDS]   (default: 6 seconds, then both stop with Ctrl-C)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
forever=0
seconds=6
for a in "$@"; do
  case $a in
    --forever) forever=1 ;;
    -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
    *) seconds=$a ;;
  esac
done
bash "$root/scripts/setup.sh" >&2
py="$root/.venv/bin/python"
export ROS_DOMAIN_ID=${ROS_DOMAIN_ID:-$((RANDOM % 100 + 100))}
echo "[demo] ROS_DOMAIN_ID=$ROS_DOMAIN_ID: listener and talker on /chatter"
# Background jobs of a script start with Ctrl-C (SIGINT) ignored, and Python then keeps ignoring it,
# so the examples would never stop: give them Python's own SIGINT handler back, then run them as is.
run_example() {
  exec "$py" -c 'import runpy, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")' "$@"
}
run_example "$root/examples/listener.py" &
listener=$!
sleep 0.5
run_example "$root/examples/talker.py" &
talker=$!
stop() { kill -INT "$talker" "$listener" 2>/dev/null || true; wait "$talker" "$listener" 2>/dev/null || true; }
trap stop EXIT
if ((forever)); then
  wait
else
  sleep "$seconds"
fi
