#!/usr/bin/env python3
"""First service call of fresh client processes: how long the call right after wait_for_service takes.

Starts one AddTwoInts server process, then N client processes one after another; each creates its
client, waits for the service and times its first two calls. Prints one JSON line per client and a
summary line. Usage: first_call.py [N] (default 20). Uses a random ROS_DOMAIN_ID unless one is set.
"""
import json
import os
import random
import subprocess
import sys
import time

SERVER = '''
import rclpy
from example_interfaces.srv import AddTwoInts
rclpy.init()
node = rclpy.create_node('first_call_server')
def add(request, response):
    response.sum = request.a + request.b
    return response
node.create_service(AddTwoInts, 'first_call_add', add)
print('ready', flush=True)
try:
    rclpy.spin(node)
except Exception:
    pass
'''

CLIENT = '''
import json, time
import rclpy
from example_interfaces.srv import AddTwoInts
rclpy.init()
node = rclpy.create_node('first_call_client')
client = node.create_client(AddTwoInts, 'first_call_add')
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
    env = dict(os.environ)
    env.setdefault('ROS_DOMAIN_ID', str(random.randint(10, 99)))
    server = subprocess.Popen([sys.executable, '-c', SERVER], env=env, stdout=subprocess.PIPE, text=True)
    try:
        server.stdout.readline()
        firsts = []
        for _ in range(n):
            out = subprocess.run([sys.executable, '-c', CLIENT], env=env, capture_output=True, text=True,
                                 timeout=60).stdout.strip()
            print(out)
            first = json.loads(out)['first_ms'] if out else None
            firsts.append(first if first is not None else float('inf'))
        firsts.sort()
        print(json.dumps({"role": "first_call_summary", "clients": n, "first_ms_p50": firsts[n // 2],
                          "first_ms_max": firsts[-1], "over_5ms": sum(1 for f in firsts if f > 5)}))
    finally:
        server.terminate()
        server.wait(10)


if __name__ == '__main__':
    main()
