#!/usr/bin/env python3
"""First service call of fresh client processes: how long the call right after wait_for_service takes.

Starts one AddTwoInts server process (rclbench.py's srv role), then N client processes one after
another; each creates its client, waits for the service and times its first two calls. Prints one
JSON line per client and a summary line. Usage: first_call.py [N] (default 20). Uses a random
ROS_DOMAIN_ID unless one is set.
"""
import json
import os
import random
import subprocess
import sys

from _srv import addtwoints_server

CLIENT = '''
import json, time
import rclpy
from example_interfaces.srv import AddTwoInts
rclpy.init()
node = rclpy.create_node('first_call_client')
client = node.create_client(AddTwoInts, 'bench_add')
ready = client.wait_for_service(timeout_sec=30.0)
ms = []
for i in range(2):
    t0 = time.perf_counter()
    future = client.call_async(AddTwoInts.Request(a=i, b=1))
    rclpy.spin_until_future_complete(node, future, timeout_sec=5.0)
    ms.append(round((time.perf_counter() - t0) * 1e3, 2) if future.done() else None)
print(json.dumps({"role": "first_call", "ready": ready, "first_ms": ms[0], "second_ms": ms[1]}))
'''


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    os.environ.setdefault('ROS_DOMAIN_ID', str(random.randint(10, 99)))
    with addtwoints_server(duration_s=30 + 3 * n):
        firsts = []
        for _ in range(n):
            out = subprocess.run([sys.executable, '-c', CLIENT], capture_output=True, text=True,
                                 timeout=60).stdout.strip()
            print(out)
            first = json.loads(out)['first_ms'] if out else None
            firsts.append(first if first is not None else float('inf'))
    firsts.sort()
    print(json.dumps({"role": "first_call_summary", "clients": n, "first_ms_p50": firsts[n // 2],
                      "first_ms_max": firsts[-1], "over_5ms": sum(1 for f in firsts if f > 5)}))


if __name__ == '__main__':
    main()
