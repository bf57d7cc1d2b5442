#!/usr/bin/env python3
"""PointCloud2 (1 MB) deserialization per second: rclpy's copying path vs rclx.zero_copy. One JSON line."""
import array
import json
import sys
import time

from rclpy.serialization import deserialize_message, serialize_message
from rclx import zero_copy
from sensor_msgs.msg import PointCloud2, PointField

duration = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
pc = PointCloud2(height=1, width=65536, point_step=16, row_step=16 * 65536)
pc.fields = [PointField(name=n, offset=4 * k, datatype=7, count=1) for k, n in enumerate('xyzi')]
pc.data = array.array('B', bytes(pc.row_step))
data = serialize_message(pc)
out = {'role': 'zero_copy', 'bytes': len(data)}
for name, fn in (('copy_deser_per_s', lambda: deserialize_message(data, PointCloud2)),
                 ('zero_copy_deser_per_s', lambda: zero_copy.deserialize_message(data, PointCloud2))):
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < duration:
        fn()
        n += 1
    out[name] = round(n / (time.perf_counter() - t0), 1)
print(json.dumps(out))
