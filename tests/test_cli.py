"""The `ros2` command (rclx.cli): real processes, checked against ros2cli's output and exit codes."""

import os
import subprocess
import sys
import time
from typing import Callable, List

import pytest

import rclpy
from rclpy.executors import SingleThreadedExecutor
from std_msgs.msg import String

TALKER = '''
import rclpy
from rclpy.executors import SingleThreadedExecutor
from std_msgs.msg import String
from example_interfaces.srv import AddTwoInts
rclpy.init()
node = rclpy.create_node('cli_peer')
pub = node.create_publisher(String, 'cli_chatter', 10)
node.create_subscription(String, 'cli_in', lambda m: None, 10)

def add(request, response):
    response.sum = request.a + request.b
    return response

node.create_service(AddTwoInts, 'cli_add_two_ints', add)
count = [0]

def tick():
    count[0] += 1
    pub.publish(String(data=f'hello {count[0]}'))

node.create_timer(0.1, tick)
print('ready', flush=True)
try:
    rclpy.spin(node)
except Exception:
    pass
'''


def ros2(*args: str, timeout: float = 60.0) -> subprocess.CompletedProcess:
    """Run `ros2 <args>` as `python -m rclx.cli.main` in this test's ROS domain."""
    return subprocess.run([sys.executable, '-m', 'rclx.cli.main', *args], capture_output=True,
                          text=True, timeout=timeout, env=dict(os.environ))


def ros2_until(check: Callable[[subprocess.CompletedProcess], bool], *args: str,
               deadline_sec: float = 30.0) -> subprocess.CompletedProcess:
    """Run a graph command again until its output passes `check` (discovery takes a moment)."""
    deadline = time.monotonic() + deadline_sec
    while True:
        result = ros2(*args)
        if check(result) or time.monotonic() > deadline:
            return result


@pytest.fixture
def talker(peer):
    proc = peer(TALKER)
    assert proc.popen.stdout.readline().strip() == 'ready'
    result = ros2_until(lambda r: '/cli_chatter' in r.stdout.split(), 'topic', 'list')
    assert '/cli_chatter' in result.stdout.split(), result
    return proc


def lines(result: subprocess.CompletedProcess) -> List[str]:
    return result.stdout.splitlines()


def test_help():
    result = ros2('--help')
    assert result.returncode == 0
    for command in ('interface', 'node', 'service', 'topic'):
        assert command in result.stdout
    result = ros2('topic', 'pub', '--help')
    assert result.returncode == 0
    assert '--once' in result.stdout and '--qos-reliability' in result.stdout


def test_interface_verbs():
    result = ros2('interface', 'show', 'std_msgs/msg/String')
    assert result.returncode == 0
    assert 'string data' in lines(result)

    nested = lines(ros2('interface', 'show', 'geometry_msgs/msg/PoseStamped'))
    assert 'std_msgs/Header header' in nested
    assert '\tstring frame_id' in nested
    assert '\t\tfloat64 x' in nested

    srv = lines(ros2('interface', 'show', 'example_interfaces/srv/AddTwoInts'))
    assert srv == ['int64 a', 'int64 b', '---', 'int64 sum']

    result = ros2('interface', 'show', 'nope_msgs/msg/Nothing')
    assert result.returncode != 0
    assert "Unknown package 'nope_msgs'" in result.stderr

    listing = lines(ros2('interface', 'list'))
    assert listing[0] == 'Messages:'
    assert '    std_msgs/msg/String' in listing
    assert 'Services:' in listing and 'Actions:' in listing
    only_srvs = lines(ros2('interface', 'list', '-s'))
    assert only_srvs[0] == 'Services:' and '    std_srvs/srv/Empty' in only_srvs
    assert 'Messages:' not in only_srvs

    assert 'std_srvs/srv/SetBool' in lines(ros2('interface', 'package', 'std_srvs'))
    result = ros2('interface', 'package', 'nope_msgs')
    assert result.returncode != 0 and "Unknown package 'nope_msgs'" in result.stderr
    assert 'std_msgs' in lines(ros2('interface', 'packages'))
    assert ros2('interface', 'proto', 'std_msgs/msg/String').stdout == '"data: \'\'\n"\n'


def test_topic_graph_verbs(talker):
    result = ros2_until(lambda r: '/cli_chatter [std_msgs/msg/String]' in lines(r), 'topic', 'list', '-t')
    assert '/cli_chatter [std_msgs/msg/String]' in lines(result)

    result = ros2_until(lambda r: 'Publisher count: 1' in lines(r), 'topic', 'info', '/cli_chatter')
    assert result.returncode == 0
    assert lines(result) == ['Type: std_msgs/msg/String', 'Publisher count: 1', 'Subscription count: 0']

    verbose = ros2('topic', 'info', '/cli_chatter', '-v', '--spin-time', '1')
    assert 'Node name: cli_peer' in verbose.stdout and 'Endpoint type: PUBLISHER' in verbose.stdout

    assert lines(ros2('topic', 'type', '/cli_chatter')) == ['std_msgs/msg/String']
    found = lines(ros2_until(lambda r: '/cli_in' in lines(r), 'topic', 'find', 'std_msgs/msg/String'))
    assert '/cli_chatter' in found and '/cli_in' in found


def test_topic_echo_once(talker):
    result = ros2('topic', 'echo', '/cli_chatter', '--once', '--spin-time', '1')
    assert result.returncode == 0, result.stderr
    out = lines(result)
    assert out[0].startswith('data: hello ') and out[1] == '---' and len(out) == 2

    csv = ros2('topic', 'echo', '/cli_chatter', 'std_msgs/msg/String', '--once', '--csv',
               '--qos-reliability', 'reliable')
    assert csv.returncode == 0 and lines(csv)[0].startswith('hello ')

    field = ros2('topic', 'echo', '/cli_chatter', 'std_msgs/msg/String', '--once', '--field', 'data')
    assert lines(field)[0].startswith('hello ') and lines(field)[1] == '---'


def test_topic_pub_once_reaches_subscriber(context):
    node = rclpy.create_node('cli_listener', context=context)
    received: List[str] = []
    node.create_subscription(String, '/cli_pub_test', lambda m: received.append(m.data), 10)
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(node)
    proc = subprocess.Popen(
        [sys.executable, '-m', 'rclx.cli.main', 'topic', 'pub', '-1', '/cli_pub_test',
         'std_msgs/msg/String', 'data: hi from cli'],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    try:
        deadline = time.monotonic() + 30
        while not received and time.monotonic() < deadline:
            executor.spin_once(timeout_sec=0.05)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        assert received == ['hi from cli']
        assert 'publisher: beginning loop' in out.splitlines()
        assert "publishing #1: std_msgs.msg.String(data='hi from cli')" in out.splitlines()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        node.destroy_node()


def test_topic_hz(talker):
    proc = subprocess.Popen([sys.executable, '-m', 'rclx.cli.main', 'topic', 'hz', '/cli_chatter'],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    try:
        first = proc.stdout.readline()
        stats = proc.stdout.readline()
        assert first.startswith('average rate: ')
        assert 5.0 < float(first.split(':')[1]) < 15.0
        assert stats.startswith('\tmin: ') and 'std dev: ' in stats and 'window: ' in stats
    finally:
        proc.kill()
        proc.communicate()


def test_node_verbs(talker):
    result = ros2_until(lambda r: '/cli_peer' in lines(r), 'node', 'list')
    assert '/cli_peer' in lines(result)
    assert not any(n.startswith('/_ros2cli_') for n in lines(result))
    assert any(n.startswith('/_ros2cli_') for n in lines(ros2('node', 'list', '-a')))

    server = '    /cli_add_two_ints: example_interfaces/srv/AddTwoInts'
    info = lines(ros2_until(lambda r: '    /cli_chatter: std_msgs/msg/String' in lines(r) and server in lines(r),
                            'node', 'info', '/cli_peer'))
    assert info[0] == '/cli_peer'
    for section in ('  Subscribers:', '  Publishers:', '  Service Servers:', '  Service Clients:',
                    '  Action Servers:', '  Action Clients:'):
        assert section in info
    assert info.index('    /cli_in: std_msgs/msg/String') < info.index('  Publishers:')
    assert info.index('    /cli_chatter: std_msgs/msg/String') > info.index('  Publishers:')
    assert info.index('  Service Servers:') < info.index(server) < info.index('  Service Clients:')

    missing = ros2('node', 'info', '/no_such_node')
    assert missing.returncode == 1
    assert "Unable to find node '/no_such_node'" in missing.stderr


def test_service_verbs(talker):
    listing = ros2_until(lambda r: '/cli_add_two_ints [example_interfaces/srv/AddTwoInts]' in lines(r),
                         'service', 'list', '-t')
    assert '/cli_add_two_ints [example_interfaces/srv/AddTwoInts]' in lines(listing)
    assert lines(ros2('service', 'type', '/cli_add_two_ints')) == ['example_interfaces/srv/AddTwoInts']
    assert ros2('service', 'type', '/no_such_service').returncode == 1

    result = ros2('service', 'call', '/cli_add_two_ints', 'example_interfaces/srv/AddTwoInts', '{a: 2, b: 40}')
    assert result.returncode == 0, result.stderr
    out = lines(result)
    assert 'requester: making request: example_interfaces.srv.AddTwoInts_Request(a=2, b=40)' in out
    assert out[out.index('response:') + 1] == 'example_interfaces.srv.AddTwoInts_Response(sum=42)'
    assert 'waiting for service to become available...' not in out  # it is up: found within 1 s


def test_errors():
    result = ros2('topic', 'info', '/no_such_topic')
    assert result.returncode == 1 and "Unknown topic '/no_such_topic'" in result.stderr
    assert ros2('topic', 'type', '/no_such_topic').returncode == 1

    result = ros2('topic', 'echo', '/no_such_topic')
    assert result.returncode == 1
    assert 'Could not determine the type for the passed topic' in result.stderr

    result = ros2('topic', 'echo', '/no_such_topic', 'nope_msgs/msg/Nothing')
    assert result.returncode == 1 and 'The passed message type is invalid' in result.stderr

    result = ros2('topic', 'pub', '/x', 'std_msgs/msg/String', '5')
    assert result.returncode == 1
    assert 'The passed value needs to be a dictionary in YAML format' in result.stderr

    result = ros2('service', 'call', '/x', 'nope_srvs/srv/Nothing')
    assert result.returncode == 1 and 'The passed service type is invalid' in result.stderr

    assert ros2('topic', 'bogus').returncode == 2  # argparse: invalid choice


def test_malformed_yaml_and_a_closed_pipe_give_no_traceback():
    for args in (('topic', 'pub', '-1', '/x', 'std_msgs/msg/String', "{data: 'unclosed"),
                 ('service', 'call', '/x', 'example_interfaces/srv/AddTwoInts', '{a: [1')):
        result = ros2(*args)
        assert result.returncode == 1 and 'The passed value is not valid YAML' in result.stderr
        assert 'Traceback' not in result.stderr
    # `ros2 interface list | head -1`: the reader goes away after one line.
    proc = subprocess.Popen([sys.executable, '-m', 'rclx.cli.main', 'interface', 'list'],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == 'Messages:'
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert 'Traceback' not in err and 'BrokenPipeError' not in err
