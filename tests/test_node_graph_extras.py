"""Node graph queries beyond the basics: count_clients/count_services, enclaves, str(TopicEndpointInfo)."""

import re
import subprocess
import time
from typing import Any, Callable

import pytest

from example_interfaces.srv import AddTwoInts
import rclpy
from rclpy.exceptions import InvalidServiceNameException
from rclpy.topic_endpoint_info import TopicEndpointInfo
from rclx import _core

TIMEOUT = 20.0

PEER = '''
import sys
import rclpy
from example_interfaces.srv import AddTwoInts
from rclpy.qos import DurabilityPolicy, QoSProfile, ReliabilityPolicy
from std_msgs.msg import String
rclpy.init(args=['peer', '--ros-args', '--enclave', '/peer_enclave'])
node = rclpy.create_node('extras_peer', namespace='/ge', enable_rosout=False, start_parameter_services=False)
service = node.create_service(AddTwoInts, '/ge/add', lambda request, response: response)
clients = [node.create_client(AddTwoInts, '/ge/add') for _ in range(2)]
other = node.create_client(AddTwoInts, '~/private')
qos = QoSProfile(depth=3, reliability=ReliabilityPolicy.BEST_EFFORT, durability=DurabilityPolicy.TRANSIENT_LOCAL)
pub = node.create_publisher(String, '/ge/chatter', qos)
print('ready', flush=True)
sys.stdin.readline()  # closed by the test: exit
node.destroy_node()
rclpy.shutdown()
'''


def eventually(query: Callable[[], Any], expected: Any) -> Any:
    """Polls a graph query until it returns `expected` (discovery takes a moment) or time runs out."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        value = query()
        if value == expected or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


@pytest.fixture
def extras_peer(peer):
    proc = peer(PEER, stdin=subprocess.PIPE)
    proc.expect_line('ready')
    yield proc
    proc.finish(TIMEOUT)  # closes its stdin


def test_count_clients_and_services_of_another_process(context, extras_peer):
    node = rclpy.create_node('counter', namespace='/ge', context=context, enable_rosout=False,
                             start_parameter_services=False)
    assert eventually(lambda: node.count_clients('/ge/add'), 2) == 2
    assert eventually(lambda: node.count_services('add'), 1) == 1  # relative: under /ge
    assert eventually(lambda: node.count_clients('/ge/extras_peer/private'), 1) == 1
    assert node.count_services('/ge/extras_peer/private') == 0
    assert node.count_clients('/nobody/here') == 0
    # Our own endpoints count too.
    node.create_service(AddTwoInts, '/ge/add', lambda request, response: response)
    assert eventually(lambda: node.count_services('/ge/add'), 2) == 2
    node.destroy_node()


def test_count_clients_rejects_invalid_service_names(context):
    node = rclpy.create_node('counter', context=context, enable_rosout=False, start_parameter_services=False)
    with pytest.raises(InvalidServiceNameException):
        node.count_clients('/foo//bar')  # expands, but is not a valid full name
    with pytest.raises(ValueError, match="topic name '1bad' is invalid"):
        node.count_services('1bad')
    node.destroy_node()


@pytest.mark.skipif(not hasattr(_core.Graph, 'node_names_and_namespaces_with_enclaves'),
                    reason='the installed rclx._core predates the enclave query (rebuild needed)')
def test_node_names_and_namespaces_with_enclaves(context, extras_peer):
    node = rclpy.create_node('enclave_observer', context=context, enable_rosout=False,
                             start_parameter_services=False)
    expected = ('extras_peer', '/ge', '/peer_enclave')
    nodes = eventually(lambda: [n for n in node.get_node_names_and_namespaces_with_enclaves()
                                if n == expected], [expected])
    assert nodes == [expected]
    assert ('enclave_observer', '/', '/') in node.get_node_names_and_namespaces_with_enclaves()
    node.destroy_node()


def test_str_of_a_discovered_endpoint(context, extras_peer):
    node = rclpy.create_node('endpoint_observer', context=context, enable_rosout=False,
                             start_parameter_services=False)
    infos = eventually(lambda: len(node.get_publishers_info_by_topic('/ge/chatter')), 1)
    assert infos == 1
    info = node.get_publishers_info_by_topic('/ge/chatter')[0]
    assert isinstance(info, TopicEndpointInfo)
    lines = str(info).split('\n')
    gid = '.'.join(format(x, '02x') for x in info.endpoint_gid)
    assert lines[:3] == ['Node name: extras_peer', 'Node namespace: /ge', 'Topic type: std_msgs/msg/String']
    assert re.fullmatch('Topic type hash: (INVALID|RIHS01_[0-9a-f]{64})', lines[3])
    assert lines[4:] == [
        'Endpoint type: PUBLISHER',
        f'GID: {gid}',
        'QoS profile:',
        '  Reliability: BEST_EFFORT',
        '  History (Depth): KEEP_LAST (3)',
        '  Durability: TRANSIENT_LOCAL',
        f'  Lifespan: {info.qos_profile.lifespan}',
        f'  Deadline: {info.qos_profile.deadline}',
        '  Liveliness: AUTOMATIC',
        f'  Liveliness lease duration: {info.qos_profile.liveliness_lease_duration}',
    ]
    node.destroy_node()


def test_str_of_a_default_endpoint_info_is_jazzys():
    assert str(TopicEndpointInfo()) == '\n'.join([
        'Node name: ', 'Node namespace: ', 'Topic type: ', 'Topic type hash: INVALID',
        'Endpoint type: INVALID', 'GID: ', 'QoS profile:', '  Reliability: UNKNOWN',
        '  History (Depth): UNKNOWN', '  Durability: UNKNOWN', '  Lifespan: 0 nanoseconds',
        '  Deadline: 0 nanoseconds', '  Liveliness: UNKNOWN', '  Liveliness lease duration: 0 nanoseconds'])
