"""Opt-in zero-copy receive (rclx.zero_copy): numpy views over the received bytes."""

import array
import gc
import time

import numpy

import rclpy
from rclpy.serialization import deserialize_message, serialize_message
from rclx import zero_copy
from sensor_msgs.msg import Image, PointCloud2, PointField


def _cloud(n_points: int = 4096) -> PointCloud2:
    pc = PointCloud2(height=1, width=n_points, point_step=16, row_step=16 * n_points)
    pc.fields = [PointField(name=n, offset=4 * k, datatype=7, count=1) for k, n in enumerate('xyzi')]
    pc.data = array.array('B', bytes(range(256)) * (16 * n_points // 256))
    return pc


def test_views_equal_the_copying_path_and_are_read_only():
    pc = _cloud()
    data = serialize_message(pc)
    view = zero_copy.deserialize_message(data, PointCloud2)
    assert isinstance(view.data, numpy.ndarray) and not view.data.flags.writeable
    assert view == pc and pc == view
    assert view == deserialize_message(data, PointCloud2)
    # The view really points into `data`: no copy of the payload was made.
    assert numpy.shares_memory(view.data, numpy.frombuffer(data, dtype=numpy.uint8))


def test_views_keep_their_buffer_alive():
    data = bytearray(serialize_message(_cloud()))
    view = zero_copy.deserialize_message(data, PointCloud2)
    expected = bytes(view.data)
    del data
    gc.collect()
    assert bytes(view.data) == expected


def test_small_arrays_are_still_copied():
    img = Image(height=1, width=4, encoding='mono8', step=4, data=array.array('B', [1, 2, 3, 4]))
    view = zero_copy.deserialize_message(serialize_message(img), Image)
    assert isinstance(view.data, array.array)
    assert view == img


def test_zero_copy_subscription_receives_views(context):
    node = rclpy.create_node('zc', context=context)
    got = []
    zero_copy.create_subscription(node, PointCloud2, 'zc_cloud', got.append, 10)
    pub = node.create_publisher(PointCloud2, 'zc_cloud', 10)
    pc = _cloud()
    from rclpy.executors import SingleThreadedExecutor
    ex = SingleThreadedExecutor(context=context)
    ex.add_node(node)
    end = time.monotonic() + 10
    while pub.get_subscription_count() == 0 and time.monotonic() < end:
        ex.spin_once(timeout_sec=0.05)
    pub.publish(pc)
    while not got and time.monotonic() < end:
        ex.spin_once(timeout_sec=0.05)
    ex.shutdown()
    assert got and isinstance(got[0].data, numpy.ndarray)
    assert got[0] == pc
    msg = got.pop()
    data = msg.data
    del msg
    gc.collect()
    assert bytes(data[:256]) == bytes(range(256))  # the DDS sample is still alive through the view
    node.destroy_node()
