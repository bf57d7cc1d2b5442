"""The first message of a fresh publisher process, published the moment get_subscription_count() turns 1.

usage: .venv/bin/python bench/first_message.py [RUNS]   (same file on real rclpy: env -u PYTHONPATH
.venv-jazzy/bin/python bench/first_message.py)
Each run starts a publisher process that waits for this process' subscription, publishes one message
stamped with the wall clock, and stays up; prints the latencies (ms) and how many exceeded 5 ms.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import rclpy
from std_msgs.msg import String

PUBLISHER = '''
import time, rclpy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('first_message_pub')
pub = node.create_publisher(String, 'first_message', 10)
while pub.get_subscription_count() < 1:
    time.sleep(0.0005)
pub.publish(String(data=str(time.time_ns())))
time.sleep(1.0)
'''


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    rclpy.init()
    node = rclpy.create_node('first_message_sub')
    got = []
    node.create_subscription(String, 'first_message', lambda m: got.append(time.time_ns() - int(m.data)), 10)
    latencies = []
    with tempfile.NamedTemporaryFile('w', suffix='.py', delete=False) as script:
        script.write(PUBLISHER)
    try:
        for _ in range(runs):
            got.clear()
            proc = subprocess.Popen([sys.executable, script.name])
            end = time.monotonic() + 5.0
            while not got and time.monotonic() < end:
                rclpy.spin_once(node, timeout_sec=0.05)
            proc.wait()
            latencies.append(round(got[0] / 1e6, 2) if got else None)
    finally:
        os.unlink(script.name)
    done = [x for x in latencies if x is not None]
    print(json.dumps({'bench': 'first_message', 'runs': runs, 'latencies_ms': latencies,
                      'over_5ms': sum(1 for x in done if x > 5.0), 'lost': runs - len(done)}))
    rclpy.shutdown()


if __name__ == '__main__':
    main()
