#!/usr/bin/env python3
"""Per-message cost of the receive path's Python side, with the messages already queued.

Publishes N String(64 B) messages to a subscription of the same node (in-process delivery, so no
network and no second process), then drains them with rclpy.spin_once(node) and with
executor.spin_once() (the node added once). The difference is what rclpy.spin_once's add_node /
remove_node around every call costs. Prints one JSON line per way, twice each.
"""
import json
import time

import rclpy
from rclpy.qos import QoSProfile
from std_msgs.msg import String

N = 20000


def main() -> None:
    rclpy.init()
    node = rclpy.create_node('spin_once_bench')
    pub = node.create_publisher(String, 'spin_once_bench', QoSProfile(depth=N))
    count = [0]

    def callback(_msg: String) -> None:
        count[0] += 1

    node.create_subscription(String, 'spin_once_bench', callback, QoSProfile(depth=N))
    msg = String(data='x' * 64)
    executor = rclpy.get_global_executor()
    for way in ('rclpy.spin_once', 'executor.spin_once') * 2:
        for _ in range(N):
            pub.publish(msg)
        count[0] = 0
        if way == 'executor.spin_once':
            executor.add_node(node)
        start = time.perf_counter()
        while count[0] < N:
            if way == 'rclpy.spin_once':
                rclpy.spin_once(node, timeout_sec=0.05)
            else:
                executor.spin_once(timeout_sec=0.05)
        elapsed = time.perf_counter() - start
        if way == 'executor.spin_once':
            executor.remove_node(node)
        print(json.dumps({"role": "spin_once_bench", "way": way, "us_per_msg": round(elapsed / N * 1e6, 2)}))
    node.destroy_node()
    rclpy.shutdown()


if __name__ == '__main__':
    main()
