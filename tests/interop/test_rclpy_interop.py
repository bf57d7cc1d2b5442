"""Interoperability with the REAL rclpy (ROS 2 Kilted wheels over Fast DDS), as a second process.

The peer runs with the python of a separate virtualenv (.venv-rclpy, made by
scripts/setup-rclpy-peer.sh); rclx runs in this process. Both speak RTPS: Fast DDS on the peer's
side, Cyclone DDS on ours. The tests are skipped when that virtualenv is missing.
"""

import json
import time

import pytest

from rclpy.node import Node
from std_msgs.msg import Float64MultiArray, Header, MultiArrayDimension, String

from _harness import (DISCOVERY_TIMEOUT, node, pytestmark, rclpy_peer, spin,  # noqa: F401 (fixtures)
                      spin_until)

def text(i: int) -> str:
    """Payloads of every length modulo 4 (padding) with non-ASCII characters (UTF-8 on the wire)."""
    return f'héllo wörld {i} ' + 'x' * (i % 7)


TALKER = '''
import sys, time
import rclpy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('rclpy_talker')
pub = node.create_publisher(String, '/interop_chatter', 10)
print('ready', rclpy.utilities.get_rmw_implementation_identifier(), flush=True)
i = 0
while True:
    pub.publish(String(data=f'héllo wörld {i} ' + 'x' * (i % 7)))
    i += 1
    rclpy.spin_once(node, timeout_sec=0.1)
'''


def test_rclpy_publishes_rclx_receives(rclpy_peer, node):
    peer = rclpy_peer(TALKER)
    assert peer.expect('ready ', DISCOVERY_TIMEOUT) == 'rmw_fastrtps_cpp'
    got: List[str] = []
    node.create_subscription(String, '/interop_chatter', lambda m: got.append(m.data), 10)
    assert spin_until(node, lambda: len(got) >= 10, DISCOVERY_TIMEOUT), \
        f'rclx received {len(got)} messages from real rclpy; {peer.diagnostics()}'
    for data in got:
        i = int(data.split()[2])
        assert data == text(i)
    indices = [int(d.split()[2]) for d in got]
    assert indices == sorted(indices) and len(set(indices)) == len(indices)


LISTENER = '''
import json, sys
import rclpy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('rclpy_listener')
node.create_subscription(String, '/interop_back', lambda m: print('got', json.dumps(m.data), flush=True), 10)
print('ready', flush=True)
rclpy.spin(node)
'''


def test_rclx_publishes_rclpy_receives(rclpy_peer, node):
    peer = rclpy_peer(LISTENER)
    peer.expect('ready', DISCOVERY_TIMEOUT)
    pub = node.create_publisher(String, '/interop_back', 10)
    state = {'i': 0, 'next': 0.0}

    def publish_now_and_then() -> None:
        if time.monotonic() >= state['next']:
            pub.publish(String(data=text(state['i'])))
            state['i'] += 1
            state['next'] = time.monotonic() + 0.1

    received = [json.loads(peer.expect('got ', DISCOVERY_TIMEOUT, spin=publish_now_and_then)) for _ in range(10)]
    first = int(received[0].split()[2])
    assert received == [text(first + k) for k in range(10)]


BURST_LISTENER = '''
import json
import rclpy
from rclpy.qos import QoSProfile, ReliabilityPolicy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('rclpy_burst_listener')
got = []
def on_message(m):
    got.append(m.data)
    if len(got) == 300:
        print('all', json.dumps(got), flush=True)
node.create_subscription(String, '/interop_burst', on_message, QoSProfile(depth=300, reliability=ReliabilityPolicy.RELIABLE))
print('ready', flush=True)
rclpy.spin(node)
'''


def test_a_publish_burst_reaches_rclpy_whole_and_in_order(rclpy_peer, node):
    """A tight publish loop is packed several samples per RTPS message; Fast DDS must take them all."""
    from rclpy.qos import QoSProfile, ReliabilityPolicy
    peer = rclpy_peer(BURST_LISTENER)
    peer.expect('ready', DISCOVERY_TIMEOUT)
    pub = node.create_publisher(String, '/interop_burst', QoSProfile(depth=300, reliability=ReliabilityPolicy.RELIABLE))
    assert spin_until(node, lambda: pub.get_subscription_count() > 0, DISCOVERY_TIMEOUT), peer.diagnostics()
    spin_until(node, lambda: False, 0.5)  # let the peer's reader settle before the burst
    for i in range(300):
        pub.publish(String(data=text(i)))
    assert json.loads(peer.expect('all ', DISCOVERY_TIMEOUT, spin=lambda: spin(node))) == [text(i) for i in range(300)]


ROUND_TRIP = '''
import rclpy
from std_msgs.msg import Float64MultiArray, Header
rclpy.init()
node = rclpy.create_node('rclpy_echo')
pubs = {'header': node.create_publisher(Header, '/echo_header_out', 10),
        'array': node.create_publisher(Float64MultiArray, '/echo_array_out', 10)}
node.create_subscription(Header, '/echo_header_in', pubs['header'].publish, 10)
node.create_subscription(Float64MultiArray, '/echo_array_in', pubs['array'].publish, 10)
print('ready', flush=True)
rclpy.spin(node)
'''


def test_nested_and_array_messages_round_trip_through_rclpy(rclpy_peer, node):
    """rclx -> real rclpy -> rclx for types with nested structs, sequences and 8-byte alignment."""
    peer = rclpy_peer(ROUND_TRIP)
    peer.expect('ready', DISCOVERY_TIMEOUT)
    header = Header(frame_id='base_link/ü')
    header.stamp.sec, header.stamp.nanosec = 1700000000, 123456789
    array = Float64MultiArray(data=[1.5, -2.25, 1e300, 0.0])
    array.layout.dim = [MultiArrayDimension(label='rows', size=2, stride=4),
                        MultiArrayDimension(label='cols', size=2, stride=2)]
    array.layout.data_offset = 3
    sent = {'header': header, 'array': array}
    got: Dict[str, object] = {}
    node.create_subscription(Header, '/echo_header_out', lambda m: got.setdefault('header', m), 10)
    node.create_subscription(Float64MultiArray, '/echo_array_out', lambda m: got.setdefault('array', m), 10)
    pubs = {'header': node.create_publisher(Header, '/echo_header_in', 10),
            'array': node.create_publisher(Float64MultiArray, '/echo_array_in', 10)}
    deadline = time.monotonic() + DISCOVERY_TIMEOUT
    while len(got) < 2 and time.monotonic() < deadline:
        for key, p in pubs.items():
            if key not in got:
                p.publish(sent[key])
        spin_until(node, lambda: len(got) == 2, 0.2)
    assert set(got) == {'header', 'array'}, f'echoed back: {sorted(got)}; {peer.diagnostics()}'
    assert got['header'] == header
    assert got['array'] == array


GRAPH = '''
import sys, time
import rclpy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('rclpy_graph', namespace='/interop')
pub = node.create_publisher(String, '/rclpy_graph_topic', 10)
print('ready', flush=True)
deadline = time.monotonic() + float(sys.argv[1] if len(sys.argv) > 1 else 60)
next_report = 0.0
while time.monotonic() < deadline:
    rclpy.spin_once(node, timeout_sec=0.1)
    names, topics = node.get_node_names(), node.get_topic_names_and_types()
    if 'rclx_interop' in names and ('/rclx_graph_topic', ['std_msgs/msg/String']) in topics:
        print('seen', sorted(node.get_node_names_and_namespaces()), sorted(topics), flush=True)
        break
    if time.monotonic() > next_report:  # for the test's failure message
        print('graph', sorted(node.get_node_names_and_namespaces()), sorted(topics), flush=True)
        next_report = time.monotonic() + 2.0
rclpy.spin(node)
'''


def test_graph_each_side_sees_the_other(rclpy_peer, node):
    node.create_publisher(String, '/rclx_graph_topic', 10)
    peer = rclpy_peer(GRAPH)
    peer.expect('ready', DISCOVERY_TIMEOUT)
        # The real rclpy sees rclx's node (through ros_discovery_info) and its topic.
    seen = peer.expect('seen ', DISCOVERY_TIMEOUT, spin=lambda: spin(node))
    assert "('rclx_interop', '/')" in seen and "('/rclx_graph_topic', ['std_msgs/msg/String'])" in seen
    # rclx sees the real rclpy's node and its topic.
    assert spin_until(node, lambda: ('rclpy_graph', '/interop') in node.get_node_names_and_namespaces(),
                      DISCOVERY_TIMEOUT), node.get_node_names_and_namespaces()
    assert 'rclpy_graph' in node.get_node_names()
    assert spin_until(node, lambda: ('/rclpy_graph_topic', ['std_msgs/msg/String'])
                      in node.get_topic_names_and_types(), DISCOVERY_TIMEOUT), node.get_topic_names_and_types()
    # Endpoints are attributed to the right node on both sides' view of the graph.
    assert ('/rclpy_graph_topic', ['std_msgs/msg/String']) in \
        node.get_publisher_names_and_types_by_node('rclpy_graph', '/interop')
