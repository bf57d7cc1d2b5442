#!/usr/bin/env python3
"""CPU of a node whose 100 Hz timer calls a service (AddTwoInts, served by rclbench.py's srv role).

The client's thread CPU (/proc/self/schedstat, precise) and process CPU (os.times) over 12 s, after a
1 s warm-up. It shows what polling costs a slow-paced exchange: the dispatcher polls briefly after
handing out work, and should stop doing so after the kind of work whose next work comes late
(here: the reply's callback, followed by nothing until the next tick). Prints one JSON line.
usage: timer_client_cpu.py   (starts and stops the server itself; ROS_DOMAIN_ID is honoured)
"""
import json
import os
import time

import rclpy
from example_interfaces.srv import AddTwoInts

from _srv import addtwoints_server, ready_client


def thread_ns() -> int:
    with open('/proc/thread-self/schedstat') as f:
        return int(f.read().split()[0])


def main() -> None:
    with addtwoints_server():
        node, client = ready_client('timer_client_cpu')
        replies = [0]

        def count(_future) -> None:
            replies[0] += 1

        def tick() -> None:
            client.call_async(AddTwoInts.Request(a=1, b=2)).add_done_callback(count)

        node.create_timer(0.01, tick)
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            rclpy.spin_once(node, timeout_sec=0.1)
        replies[0] = 0
        t0, c0, r0 = time.monotonic(), os.times(), thread_ns()
        end = t0 + 12.0
        while time.monotonic() < end:
            rclpy.spin_once(node, timeout_sec=0.1)
        r1, c1, wall = thread_ns(), os.times(), time.monotonic() - t0
        cpu = (c1.user - c0.user) + (c1.system - c0.system)
        print(json.dumps({'role': 'timer_client_cpu', 'replies': replies[0], 'wall_s': round(wall, 2),
                          'thread_ms_per_s': round((r1 - r0) / 1e6 / wall, 2),
                          'cpu_percent': round(100 * cpu / wall, 2)}))
        node.destroy_node()
        rclpy.shutdown()


if __name__ == '__main__':
    main()
