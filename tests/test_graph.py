"""The ROS graph: nodes, topics and endpoints of another process, seen through rclpy's Node API."""

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

import rclpy
from rclpy.exceptions import NodeNameNonExistentError
from rclpy.node import Node
from rclpy.qos import DurabilityPolicy, QoSProfile, ReliabilityPolicy
from rclpy.topic_endpoint_info import TopicEndpointInfo, TopicEndpointTypeEnum
from std_msgs.msg import String

# conftest.py normally picks the domain; keep this module safe on its own too.
os.environ.setdefault('ROS_DOMAIN_ID', str(100 + os.getpid() % 100))

# Every node publishes its parameter changes, as rclpy's do.
PARAMETER_EVENTS = ('/parameter_events', ['rcl_interfaces/msg/ParameterEvent'])

PEER = '''
import sys
import rclpy
from rclpy.qos import DurabilityPolicy, QoSProfile, ReliabilityPolicy
from std_msgs.msg import String
rclpy.init()
# No /rosout publisher, so the endpoint lists below hold only what the test creates.
node = rclpy.create_node('graph_peer', namespace='/gt', enable_rosout=False)
qos = QoSProfile(depth=3, reliability=ReliabilityPolicy.RELIABLE,
                 durability=DurabilityPolicy.TRANSIENT_LOCAL)
pub = node.create_publisher(String, '/chatter', qos)
sub = node.create_subscription(String, '/listen', lambda m: None, 10)
print('ready', flush=True)
sys.stdin.readline()  # the test closes stdin to ask for a clean exit
node.destroy_node()
rclpy.shutdown()
'''


@pytest.fixture
def node(context) -> Iterator[Node]:
    n = rclpy.create_node('graph_observer', context=context, enable_rosout=False)
    yield n
    n.destroy_node()


@pytest.fixture
def peer(tmp_path: Path, request) -> Iterator[subprocess.Popen]:
    """The peer process, started with extra environment from the test's `peer_env` parameter."""
    script = tmp_path / 'graph_peer.py'
    script.write_text(textwrap.dedent(PEER))
    env = dict(os.environ, **getattr(request, 'param', {}))
    proc = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout.readline().strip() == 'ready', proc.stderr.read()
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe is not None and not pipe.closed:
                pipe.close()


def eventually(cond: Callable[[], bool], timeout: float = 2.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


def test_peer_node_appears_and_is_forgotten_after_exit(node, peer):
    assert eventually(lambda: ('graph_peer', '/gt') in node.get_node_names_and_namespaces())
    assert 'graph_peer' in node.get_node_names()
    assert ('graph_observer', '/') in node.get_node_names_and_namespaces()
    assert node.wait_for_node('/gt/graph_peer', 2.0)
    peer.stdin.close()
    assert peer.wait(timeout=30) == 0
    assert eventually(lambda: ('graph_peer', '/gt') not in node.get_node_names_and_namespaces())
    assert eventually(lambda: node.count_publishers('/chatter') == 0)
    assert not node.wait_for_node('/gt/graph_peer', 0.1)


def test_counts_and_topic_names(node, peer):
    assert eventually(lambda: node.count_publishers('/chatter') == 1)
    assert eventually(lambda: node.count_subscribers('/listen') == 1)
    assert node.count_subscribers('/chatter') == 0
    assert node.count_publishers('chatter') == 1  # relative names resolve against the node
    own = node.create_subscription(String, 'chatter', lambda m: None, 10)
    assert eventually(lambda: node.count_subscribers('/chatter') == 1)
    node.destroy_subscription(own)
    assert eventually(lambda: node.count_subscribers('/chatter') == 0)

    topics = node.get_topic_names_and_types()
    assert ('/chatter', ['std_msgs/msg/String']) in topics
    assert ('/listen', ['std_msgs/msg/String']) in topics
    assert topics == sorted(topics)
    assert all(name.startswith('/') for name, _ in topics)  # no ros_discovery_info, no rq/rr
    raw = node.get_topic_names_and_types(no_demangle=True)
    assert ('rt/chatter', ['std_msgs::msg::dds_::String_']) in raw


def test_names_and_types_by_node(node, peer):
    assert eventually(lambda: ('graph_peer', '/gt') in node.get_node_names_and_namespaces())
    assert eventually(lambda: node.get_publisher_names_and_types_by_node('graph_peer', '/gt') ==
                      [('/chatter', ['std_msgs/msg/String']), PARAMETER_EVENTS])
    # The peer's endpoints and its ros_discovery_info update arrive independently: wait for both.
    assert eventually(lambda: node.get_subscriber_names_and_types_by_node('graph_peer', '/gt') ==
                      [('/listen', ['std_msgs/msg/String'])])
    # Every rclpy node serves its parameters (rcl_interfaces) and its type descriptions, named
    # after the node.
    assert node.get_service_names_and_types_by_node('graph_peer', '/gt') == sorted([
        (f'/gt/graph_peer/{name}', [f'rcl_interfaces/srv/{type_}']) for name, type_ in (
            ('describe_parameters', 'DescribeParameters'), ('get_parameter_types', 'GetParameterTypes'),
            ('get_parameters', 'GetParameters'), ('list_parameters', 'ListParameters'),
            ('set_parameters', 'SetParameters'), ('set_parameters_atomically', 'SetParametersAtomically'))] +
        [('/gt/graph_peer/get_type_description', ['type_description_interfaces/srv/GetTypeDescription'])])
    assert node.get_client_names_and_types_by_node('graph_peer', '/gt') == []
    with pytest.raises(NodeNameNonExistentError):
        node.get_publisher_names_and_types_by_node('nobody', '/')


def test_publishers_info_has_node_and_qos(node, peer):
    def one_named() -> bool:
        infos = node.get_publishers_info_by_topic('/chatter')
        return len(infos) == 1 and infos[0].node_name == 'graph_peer'
    assert eventually(one_named)
    info = node.get_publishers_info_by_topic('/chatter')[0]
    assert isinstance(info, TopicEndpointInfo)
    assert info.node_namespace == '/gt'
    assert info.topic_type == 'std_msgs/msg/String'
    assert info.endpoint_type == TopicEndpointTypeEnum.PUBLISHER
    assert len(info.endpoint_gid) == 16 and all(0 <= b < 256 for b in info.endpoint_gid)
    assert isinstance(info.qos_profile, QoSProfile)
    assert info.qos_profile.reliability == ReliabilityPolicy.RELIABLE
    assert info.qos_profile.durability == DurabilityPolicy.TRANSIENT_LOCAL

    # The subscription is discovered independently of the publisher: wait for it with its node name.
    assert eventually(lambda: [(i.node_name, i.node_namespace) for i in node.get_subscriptions_info_by_topic('/listen')]
                      == [('graph_peer', '/gt')])
    subs = node.get_subscriptions_info_by_topic('/listen')
    assert subs[0].endpoint_type == TopicEndpointTypeEnum.SUBSCRIPTION
    assert (subs[0].node_name, subs[0].node_namespace) == ('graph_peer', '/gt')
    assert subs[0].qos_profile.durability == DurabilityPolicy.VOLATILE
    assert node.get_publishers_info_by_topic('rt/chatter', no_mangle=True)[0].topic_type == \
        'std_msgs::msg::dds_::String_'


def test_own_endpoints_follow_creation_and_destruction(node):
    pub = node.create_publisher(String, 'graph_local', 10)
    assert node.count_publishers('graph_local') == 1
    assert node.get_publishers_info_by_topic('graph_local')[0].node_name == 'graph_observer'
    assert node.get_publisher_names_and_types_by_node('graph_observer', '/') == \
        [('/graph_local', ['std_msgs/msg/String']), PARAMETER_EVENTS]
    node.destroy_publisher(pub)
    assert eventually(lambda: node.count_publishers('graph_local') == 0)
    assert node.get_publisher_names_and_types_by_node('graph_observer', '/') == [PARAMETER_EVENTS]


@pytest.mark.parametrize('peer', [{'RCLX_DISCOVERY_GID_SIZE': '24'}], indirect=True)
def test_humble_gid_layout_is_understood(node, peer):
    # The peer publishes ros_discovery_info with Humble's 24-byte Gids; this side reads both layouts.
    assert eventually(lambda: node.get_publisher_names_and_types_by_node('graph_peer', '/gt') ==
                      [('/chatter', ['std_msgs/msg/String']), PARAMETER_EVENTS])
    assert node.get_publishers_info_by_topic('/chatter')[0].node_name == 'graph_peer'
