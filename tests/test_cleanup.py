"""Cleanup: destroying nodes and entities releases their DDS entities and threads at once."""

import gc
import os
import threading
import time

import pytest

import rclpy
from rclpy.context import Context
from rclpy.exceptions import InvalidHandle
from std_msgs.msg import String
from std_srvs.srv import Trigger


def _os_threads() -> int:
    return len(os.listdir('/proc/self/task'))


def _make_node(context, i):
    node = rclpy.create_node(f'cleanup_{i}', context=context)
    node.create_publisher(String, 'cleanup_topic', 10)
    node.create_subscription(String, 'cleanup_topic', lambda m: None, 10)
    node.create_timer(10.0, lambda: None)
    node.create_service(Trigger, 'cleanup_srv', lambda req, resp: resp)
    node.create_client(Trigger, 'cleanup_srv')
    return node


def test_many_create_destroy_cycles_leak_nothing(context):
    # Warm up once: lazily created per-process state (type support, threads) is not a leak.
    _make_node(context, 0).destroy_node()
    gc.collect()
    entities = context.handle.entity_count()
    py_threads = threading.active_count()
    os_threads = _os_threads()
    for i in range(1000):
        node = _make_node(context, i)
        if i == 0:
            assert context.handle.entity_count() > entities
        node.destroy_node()
    gc.collect()
    assert context.handle.entity_count() == entities
    assert threading.active_count() == py_threads
    assert _os_threads() <= os_threads


def test_with_node_and_executor_cycles_leak_nothing(context):
    from rclpy.executors import SingleThreadedExecutor
    _make_node(context, 0).destroy_node()
    gc.collect()
    entities = context.handle.entity_count()
    py_threads = threading.active_count()
    for i in range(50):
        with _make_node(context, i) as node:
            executor = SingleThreadedExecutor(context=context)
            executor.add_node(node)
            executor.spin_once(timeout_sec=0)
            executor.shutdown()
    gc.collect()
    assert threading.active_count() == py_threads
    # An executor's wait set lives until the executor is collected.
    assert context.handle.entity_count() <= entities + 2


def test_destroy_node_releases_dds_entities_at_once(context, peer):
    observer = peer('''
        import sys, time
        import rclpy
        rclpy.init()
        node = rclpy.create_node('cleanup_observer', enable_rosout=False)
        def wait_for(count):
            end = time.monotonic() + 10
            while node.count_publishers('/cleanup_gone') != count and time.monotonic() < end:
                time.sleep(0.02)
            return node.count_publishers('/cleanup_gone')
        print('seen', wait_for(1), flush=True)
        start = time.monotonic()
        print('gone', wait_for(0), round(time.monotonic() - start, 2), flush=True)
        node.destroy_node()
        rclpy.shutdown()
    ''')
    node = rclpy.create_node('cleanup_gone', context=context)
    node.create_publisher(String, '/cleanup_gone', 10)
    assert observer.popen.stdout.readline().split() == ['seen', '1']
    node.destroy_node()
    gone = observer.popen.stdout.readline().split()
    assert gone[:2] == ['gone', '0']
    assert float(gone[2]) < 2.0


def test_destroyed_entities_raise_invalid_handle(context):
    node = rclpy.create_node('cleanup_invalid', context=context)
    pub = node.create_publisher(String, 'cleanup_invalid', 10)
    sub = node.create_subscription(String, 'cleanup_invalid', lambda m: None, 10)
    timer = node.create_timer(1.0, lambda: None)
    node.destroy_publisher(pub)
    with pytest.raises(InvalidHandle):
        pub.publish(String(data='x'))
    node.destroy_subscription(sub)
    with pytest.raises(InvalidHandle):
        sub.handle.take()
    node.destroy_timer(timer)
    with pytest.raises(InvalidHandle):
        timer.reset()
    with pytest.raises(InvalidHandle):
        timer.is_ready()
    node.destroy_node()
    with pytest.raises(InvalidHandle):
        node.create_publisher(String, 'cleanup_invalid', 10)
    with pytest.raises(InvalidHandle):
        node.create_timer(1.0, lambda: None)
    node.destroy_node()  # a second destroy does nothing


def test_init_and_node_context_managers():
    context = Context()
    with rclpy.init(context=context):
        assert context.ok()
        with rclpy.create_node('cleanup_with', context=context) as node:
            pub = node.create_publisher(String, 'cleanup_with', 10)
            entities = context.handle.entity_count()
        assert node._destroyed
        assert context.handle.entity_count() < entities
        with pytest.raises(InvalidHandle):
            pub.publish(String(data='x'))
    assert not context.ok()


def test_shutdown_destroys_everything():
    context = Context()
    rclpy.init(context=context)
    node = rclpy.create_node('cleanup_shutdown', context=context)
    node.create_publisher(String, 'cleanup_shutdown', 10)
    rclpy.shutdown(context=context)
    assert not context.ok()
    node.destroy_node()  # after shutdown: still fine
