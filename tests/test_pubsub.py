"""Publish/subscribe across processes over real DDS traffic."""

import array
import time

import numpy
import pytest

import rclpy
from rclpy.node import Node
from rclpy.qos import (DurabilityPolicy, HistoryPolicy, QoSProfile, ReliabilityPolicy,
                       qos_profile_sensor_data)
from std_msgs.msg import String

PUBLISH_1000 = '''
import time, rclpy
from rclpy.qos import QoSProfile, HistoryPolicy, ReliabilityPolicy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('stream_pub')
pub = node.create_publisher(String, 'stream', QoSProfile(depth=1000, history=HistoryPolicy.KEEP_LAST,
                            reliability=ReliabilityPolicy.RELIABLE))
end = time.monotonic() + 20
while pub.get_subscription_count() == 0 and time.monotonic() < end:
    time.sleep(0.01)
time.sleep(0.2)
for i in range(1000):
    pub.publish(String(data='message %d' % i))
time.sleep(2.0)
node.destroy_node()
rclpy.shutdown()
'''


@pytest.fixture
def node(context):
    n = rclpy.create_node('test_pubsub', context=context)
    yield n
    n.destroy_node()


def _spin(node: Node, cond, timeout: float = 10.0) -> bool:
    from rclpy.executors import SingleThreadedExecutor
    ex = SingleThreadedExecutor(context=node.context)
    ex.add_node(node)
    end = time.monotonic() + timeout
    try:
        while not cond() and time.monotonic() < end:
            ex.spin_once(timeout_sec=0.05)
    finally:
        ex.shutdown()
    return cond()


def test_reliable_stream_of_1000_arrives_in_order(node, peer):
    got = []
    node.create_subscription(String, 'stream', lambda m: got.append(m.data),
                             QoSProfile(depth=1000, reliability=ReliabilityPolicy.RELIABLE))
    p = peer(PUBLISH_1000)
    assert _spin(node, lambda: len(got) >= 1000, timeout=40.0), f'received {len(got)} of 1000'
    p.wait()
    assert got == ['message %d' % i for i in range(1000)]


BURST = '''
import time, rclpy
from rclpy.qos import QoSProfile, HistoryPolicy, ReliabilityPolicy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('burst_pub')
pub = node.create_publisher(String, 'burst', QoSProfile(depth=COUNT, history=HistoryPolicy.KEEP_LAST,
                            reliability=RELIABILITY))
end = time.monotonic() + 20
while pub.get_subscription_count() == 0 and time.monotonic() < end:
    time.sleep(0.01)
time.sleep(0.2)
for i in range(COUNT):
    pub.publish(String(data='burst %d' % i))
if THEN == 'stay-idle':
    time.sleep(5.0)
print('closing at', time.time(), flush=True)
node.destroy_node()
rclpy.shutdown()
'''


@pytest.mark.parametrize('then, reliability, count', [
    ('stay-idle', ReliabilityPolicy.BEST_EFFORT, 500),  # nothing but the end of the burst sends its tail
    ('stay-idle', ReliabilityPolicy.RELIABLE, 5000),
    ('exit-at-once', ReliabilityPolicy.RELIABLE, 5000),
])
def test_tail_of_a_publish_burst_arrives_without_further_publishes(node, peer, then, reliability, count):
    """A tight publish loop is packed into few packets; its last samples must still go out soon
    (while the publisher idles) or when it shuts down right away."""
    got = []
    node.create_subscription(String, 'burst', lambda m: got.append(m.data),
                             QoSProfile(depth=count, reliability=reliability))
    code = BURST.replace('COUNT', str(count)).replace('THEN', repr(then))
    p = peer(code.replace('RELIABILITY', 'ReliabilityPolicy.' + reliability.name))
    assert _spin(node, lambda: len(got) >= count, timeout=30.0), f'received {len(got)} of {count}'
    all_in = time.time()
    assert got == ['burst %d' % i for i in range(count)]
    closing = float(p.wait().split('closing at')[1])
    if then == 'stay-idle':  # 5 s idle before closing: the tail must not have waited for it
        assert all_in < closing, 'the last samples came only when the publisher shut down'


LISTEN = '''
import rclpy
from rclpy.qos import QoSProfile, ReliabilityPolicy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('acking_sub')
node.create_subscription(String, 'acked', lambda m: None, QoSProfile(depth=100, reliability=ReliabilityPolicy.RELIABLE))
rclpy.spin(node)
'''


def test_wait_for_all_acked_waits_for_the_readers_acknowledgements(node, peer):
    import os
    import signal
    from rclpy.duration import Duration
    from rclpy.exceptions import InvalidHandle
    pub = node.create_publisher(String, 'acked', QoSProfile(depth=100, reliability=ReliabilityPolicy.RELIABLE))
    assert pub.wait_for_all_acked(Duration(seconds=0)), 'nothing published, nobody matched: all acked'
    p = peer(LISTEN)
    assert _spin(node, lambda: pub.get_subscription_count() > 0, timeout=20.0)
    for i in range(50):  # a burst: held back until the wait sends it
        pub.publish(String(data='m %d' % i))
    assert pub.wait_for_all_acked(Duration(seconds=10))
    os.kill(p.popen.pid, signal.SIGSTOP)  # a reader that cannot acknowledge
    try:
        pub.publish(String(data='unacked'))
        assert not pub.wait_for_all_acked(Duration(seconds=0.5))
        assert not pub.wait_for_all_acked(Duration(seconds=0))
    finally:
        os.kill(p.popen.pid, signal.SIGCONT)
    assert pub.wait_for_all_acked()  # no timeout: until acknowledged
    best_effort = node.create_publisher(String, 'acked', QoSProfile(depth=10, reliability=ReliabilityPolicy.BEST_EFFORT))
    best_effort.publish(String(data='be'))
    assert best_effort.wait_for_all_acked(Duration(seconds=0))
    best_effort.assert_liveliness()
    pub.destroy()
    with pytest.raises(InvalidHandle):
        pub.wait_for_all_acked(Duration(seconds=0))


def _all_kinds():
    from builtin_interfaces.msg import Time
    from geometry_msgs.msg import Point
    from rclx_test_msgs.msg import AllKinds
    return AllKinds(
        b=True, by=b'\x7f', c=200, f32=1.5, f64=-2.25, i8=-128, u8=255, i16=-32768, u16=65535,
        i32=-2147483648, u32=4294967295, i64=-(2 ** 63), u64=2 ** 64 - 1, s='héllo', ws='wide ✓ 𝄞',
        bs='bounded', stamp=Time(sec=12, nanosec=34),
        fixed_f64=numpy.array([1.0, 2.0, 3.0]), bounded_i32=array.array('i', [1, -2, 3]),
        bytes_u8=array.array('B', b'\x00\x01\xff'), fixed_bool=[True, False], seq_byte=[b'\x01', b'\x02'],
        seq_str=['a', '', 'ccc'], fixed_bounded_str=['ab', 'cde'], seq_wstr=['ω', ''],
        points=[Point(x=1.0, y=2.0, z=3.0), Point(x=-1.0)], fixed_points=[Point(z=9.0), Point()],
        bounded_points=[Point(y=5.0)], seq_i64=array.array('q', [2 ** 62, -1]),
        seq_f32=array.array('f', [0.5, -0.25]))


def test_every_field_kind_round_trips_through_another_process(node, peer):
    from rclx_test_msgs.msg import AllKinds
    sent = _all_kinds()
    echo = peer('''
import time, rclpy
from rclx_test_msgs.msg import AllKinds
rclpy.init()
node = rclpy.create_node('echo')
pub = node.create_publisher(AllKinds, 'kinds_back', 10)
node.create_subscription(AllKinds, 'kinds', lambda m: pub.publish(m), 10)
end = time.monotonic() + 20
while time.monotonic() < end:
    rclpy.spin_once(node, timeout_sec=0.1)
''')
    got = []
    pub = node.create_publisher(AllKinds, 'kinds', 10)
    node.create_subscription(AllKinds, 'kinds_back', got.append, 10)
    assert _spin(node, lambda: pub.get_subscription_count() > 0, 20.0)
    end = time.monotonic() + 20
    while not got and time.monotonic() < end:
        pub.publish(sent)
        _spin(node, lambda: bool(got), 0.5)
    echo.stop()
    assert got, 'no echo received'
    assert got[0] == sent
    assert isinstance(got[0].fixed_f64, numpy.ndarray) and isinstance(got[0].seq_i64, array.array)


def test_best_effort_publisher_does_not_reach_reliable_subscription(node):
    got = []
    other = rclpy.create_node('be_pub', context=node.context)
    pub = other.create_publisher(String, 'qos_mismatch', qos_profile_sensor_data)
    node.create_subscription(String, 'qos_mismatch', got.append,
                             QoSProfile(depth=10, reliability=ReliabilityPolicy.RELIABLE))
    # Reliable publisher -> best-effort subscription does match (control case).
    pub2 = other.create_publisher(String, 'qos_ok', 10)
    got_ok = []
    node.create_subscription(String, 'qos_ok', got_ok.append, qos_profile_sensor_data)
    time.sleep(1.0)
    assert pub.get_subscription_count() == 0
    assert pub2.get_subscription_count() == 1
    for _ in range(5):
        pub.publish(String(data='lost'))
        pub2.publish(String(data='found'))
    _spin(node, lambda: len(got_ok) >= 5, 3.0)
    assert got == []
    assert len(got_ok) == 5
    other.destroy_node()


def test_transient_local_late_joiner_gets_last_n(node, peer):
    p = peer('''
import time, rclpy
from rclpy.qos import QoSProfile, DurabilityPolicy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('latched')
pub = node.create_publisher(String, 'latched', QoSProfile(depth=3, durability=DurabilityPolicy.TRANSIENT_LOCAL))
for i in range(10):
    pub.publish(String(data=str(i)))
print('published', flush=True)
time.sleep(20)
''')
    assert p.popen.stdout.readline().strip() == 'published'
    time.sleep(0.5)
    got = []
    node.create_subscription(String, 'latched', lambda m: got.append(m.data),
                             QoSProfile(depth=3, durability=DurabilityPolicy.TRANSIENT_LOCAL))
    assert _spin(node, lambda: len(got) >= 3, 10.0)
    _spin(node, lambda: False, 0.5)
    assert got == ['7', '8', '9']


def test_publish_of_wrong_message_type_raises_type_error(node):
    pub = node.create_publisher(String, 'typed', 10)
    from std_msgs.msg import Int32
    with pytest.raises(TypeError):
        pub.publish(Int32(data=1))


def test_raw_subscription_gets_cdr_bytes(node):
    got = []
    node.create_subscription(String, 'raw', got.append, 10, raw=True)
    pub = node.create_publisher(String, 'raw', 10)
    assert _spin(node, lambda: pub.get_subscription_count() > 0, 5.0)
    pub.publish(String(data='hello'))
    assert _spin(node, lambda: bool(got), 5.0)
    assert got[0] == b'\x00\x01\x00\x00\x06\x00\x00\x00hello\x00'
