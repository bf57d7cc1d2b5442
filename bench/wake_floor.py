#!/usr/bin/env python3
"""The CPU floor of idle_cpu.py on this machine: a bare 100 Hz sleep loop, no ROS at all.

idle_cpu.py's node wakes 100 times per second (its timer); this loop does nothing but wake as often,
measured with the same accounting (os.times over 10 s), so it shows what the wake-ups alone cost here.
Prints one JSON line.
"""
import json
import os
import time


def main() -> None:
    period = 0.01
    t0, c0 = time.monotonic(), os.times()
    end = t0 + 10.0
    wakes = 0
    while time.monotonic() < end:
        time.sleep(period)
        wakes += 1
    c1, wall = os.times(), time.monotonic() - t0
    cpu = (c1.user - c0.user) + (c1.system - c0.system)
    print(json.dumps({"role": "wake_floor", "wakes": wakes, "wall_s": round(wall, 2),
                      "cpu_percent": round(100 * cpu / wall, 2)}))


if __name__ == '__main__':
    main()
