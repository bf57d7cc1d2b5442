#!/usr/bin/env python3
"""Sequential AddTwoInts calls as rclbench.py's `cli` role makes them, with the latency distribution.

rclbench prints the rate and p50 only; on this machine the rate is decided by the slow calls (a
thread that slept instead of polling costs ~100 us more), so this prints p90/p99 and how many calls
and how much of the time fell in each latency band. Starts and stops the server itself.
usage: cli_dist.py [CALLS]   (default 2000; ROS_DOMAIN_ID is honoured)
"""
import json
import sys
import time

import rclpy
from example_interfaces.srv import AddTwoInts

from _srv import addtwoints_server, ready_client


def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with addtwoints_server():
        node, client = ready_client('bench_cli_dist')
        lat = []
        t0 = time.perf_counter()
        for i in range(calls):
            req = AddTwoInts.Request(a=i, b=2 * i)
            start = time.perf_counter_ns()
            future = client.call_async(req)
            rclpy.spin_until_future_complete(node, future, timeout_sec=5.0)
            if not future.done() or future.result().sum != 3 * i:
                raise SystemExit(f'cli_dist: call {i} got no or a wrong answer')
            lat.append((time.perf_counter_ns() - start) / 1000.0)
        elapsed = time.perf_counter() - t0
        node.destroy_node()
        rclpy.shutdown()
    ordered = sorted(lat)
    total = sum(lat)

    def q(p: float) -> float:
        return round(ordered[int(p * (len(ordered) - 1))], 1)

    bands, low = {}, 0.0
    for high in (50, 100, 200, 500, float('inf')):
        band = [x for x in lat if low <= x < high]
        bands[f'{low:g}-{high:g}us'] = {'calls': len(band), 'time_pct': round(100 * sum(band) / total, 1)}
        low = high
    print(json.dumps({'role': 'cli_dist', 'calls': calls, 'calls_per_s': round(calls / elapsed, 1),
                      'rtt_us_mean': round(total / calls, 1), 'rtt_us_p50': q(0.5), 'rtt_us_p90': q(0.9),
                      'rtt_us_p99': q(0.99), 'rtt_us_max': q(1.0), 'bands': bands}))


if __name__ == '__main__':
    main()
