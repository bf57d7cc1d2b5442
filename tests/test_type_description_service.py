"""~/get_type_description: every node answers for the types it uses, as Jazzy's nodes do.

A peer process' node is asked by this process' client (real DDS traffic); Jazzy's own answers
(its rclpy over Fast DDS in .venv-jazzy, asking itself) are the reference for whole responses.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import rclpy
from rclpy.executors import SingleThreadedExecutor
from rclpy.parameter import Parameter
from rclx.interfaces import _description
from type_description_interfaces.srv import GetTypeDescription

from test_type_hash import LOAD_TEST_MSGS_FILES

ROOT = Path(__file__).resolve().parents[1]
JAZZY_PYTHON = ROOT / '.venv-jazzy' / 'bin' / 'python'
TEST_MSGS = ROOT / '.venv-jazzy' / 'share' / 'test_msgs'
TIMEOUT = 20.0

PEER = '''
import rclpy
from std_msgs.msg import Header
from std_srvs.srv import Trigger
rclpy.init()
node = rclpy.create_node('td_peer')
node.create_publisher(Header, 'stamped', 10)
node.create_service(Trigger, 'trigger', lambda request, response: response)
print('ready', flush=True)
rclpy.spin(node)
'''


def call(asker, **fields):
    node, client, executor = asker
    assert client.wait_for_service(timeout_sec=TIMEOUT), 'no ~/get_type_description service'
    future = client.call_async(GetTypeDescription.Request(**fields))
    executor.spin_until_future_complete(future, timeout_sec=TIMEOUT)
    assert future.done(), f'no response to {fields}'
    return future.result()


def as_data(msg):
    """A message as plain dicts and lists (the shape of _description's results)."""
    if hasattr(msg, 'get_fields_and_field_types'):
        return {name: as_data(getattr(msg, name)) for name in msg.get_fields_and_field_types()}
    if isinstance(msg, (list, tuple)):
        return [as_data(m) for m in msg]
    return msg


@pytest.fixture
def asker(context, peer):
    """(node, client of the peer's ~/get_type_description, executor), with the peer running."""
    remote = peer(PEER)
    remote.expect_line('ready')
    node = rclpy.create_node('td_asker', context=context)
    client = node.create_client(GetTypeDescription, '/td_peer/get_type_description')
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(node)
    try:
        yield node, client, executor
    finally:
        executor.shutdown()
        node.destroy_node()


def test_a_peer_describes_the_types_it_uses(asker):
    from std_msgs.msg import Header
    from std_srvs.srv import Trigger
    header_hash = _description.type_hash(Header)
    response = call(asker, type_name='std_msgs/msg/Header', type_hash=header_hash,
                    include_type_sources=True)
    assert response.successful, response.failure_reason
    assert response.failure_reason == ''
    assert as_data(response.type_description) == _description.type_description(Header)
    assert as_data(response.type_sources) == _description.type_sources(Header)
    assert response.type_sources[0].encoding == 'msg'
    assert response.extra_information == []

    # Without sources; and the type name is not consulted, only the hash (as in rcl).
    response = call(asker, type_name='not/a/Type', type_hash=header_hash,
                    include_type_sources=False)
    assert response.successful
    assert response.type_description.type_description.type_name == 'std_msgs/msg/Header'
    assert response.type_sources == []

    # Its service's type, and types its node uses on its own (/rosout, parameter services).
    from rcl_interfaces.msg import Log
    from rcl_interfaces.srv import GetParameters
    for cls in (Trigger, Log, GetParameters, GetTypeDescription):
        response = call(asker, type_name='', type_hash=_description.type_hash(cls))
        assert response.successful, (cls, response.failure_reason)
        assert as_data(response.type_description) == _description.type_description(cls)


def test_bad_requests_are_answered_as_jazzy_answers_them(asker):
    from std_msgs.msg import String
    unused = call(asker, type_name='std_msgs/msg/String', type_hash=_description.type_hash(String))
    assert not unused.successful
    assert unused.failure_reason == 'Type not currently in use by this node'
    assert unused.type_description.type_description.type_name == ''
    for bad in ('garbage', '', 'RIHS02_' + '0' * 64, 'RIHS01_' + '0' * 63):
        response = call(asker, type_name='std_msgs/msg/Header', type_hash=bad)
        assert not response.successful
        assert response.failure_reason == 'Failed to parse type hash'
        assert response.type_sources == []
    zero = call(asker, type_name='std_msgs/msg/Header', type_hash='RIHS01_' + '0' * 64)
    assert zero.failure_reason == 'Type not currently in use by this node'


def test_the_parameter_starts_the_service_and_is_read_only(context):
    node = rclpy.create_node('td_default', context=context)
    quiet = rclpy.create_node('td_quiet', context=context, parameter_overrides=[
        Parameter('start_type_description_service', Parameter.Type.BOOL, False)])
    try:
        assert node.get_parameter('start_type_description_service').value is True
        descriptor = node.describe_parameter('start_type_description_service')
        assert descriptor.read_only and descriptor.type == Parameter.Type.BOOL.value
        assert 'td_default/get_type_description' in [s.srv_name for s in node.services]
        result = node.set_parameters([Parameter('start_type_description_service', value=False)])[0]
        assert not result.successful
        assert quiet.get_parameter('start_type_description_service').value is False
        assert not any(s.srv_name.endswith('get_type_description') for s in quiet.services)
    finally:
        quiet.destroy_node()
        node.destroy_node()


# Both sides run this with their own rclpy: a node uses test_msgs types (a publisher, a service,
# an action server) and asks its own ~/get_type_description about each hash (JSON, the last argument).
ASK_ITSELF = r'''
import json, sys
import rclpy
from rclpy.action import ActionServer
from type_description_interfaces.srv import GetTypeDescription

def as_data(msg):
    if hasattr(msg, 'get_fields_and_field_types'):
        return {n: as_data(getattr(msg, n)) for n in msg.get_fields_and_field_types()}
    if isinstance(msg, (list, tuple)):
        return [as_data(m) for m in msg]
    return msg

from test_msgs.action import Fibonacci
from test_msgs.msg import Arrays, Defaults, Strings
from test_msgs.srv import BasicTypes
rclpy.init()
node = rclpy.create_node('td_self')
for i, cls in enumerate((Arrays, Defaults, Strings)):
    node.create_publisher(cls, f'topic{i}', 10)
node.create_service(BasicTypes, 'basic', lambda request, response: response)
ActionServer(node, Fibonacci, 'fibonacci', lambda goal: Fibonacci.Result())
client = node.create_client(GetTypeDescription, 'td_self/get_type_description')
assert client.wait_for_service(timeout_sec=20)
answers = {}
for type_name, type_hash in json.loads(sys.argv[-1]):
    future = client.call_async(GetTypeDescription.Request(
        type_name=type_name, type_hash=type_hash, include_type_sources=True))
    rclpy.spin_until_future_complete(node, future, timeout_sec=20)
    answers[type_name] = as_data(future.result())
print(json.dumps(answers))
'''


def definitions_only(response: dict) -> dict:
    """The response with the comments and blank lines of other packages' sources left out."""
    sources = []
    for source in response['type_sources'] or []:
        if not source['type_name'].startswith('test_msgs/'):
            lines = [line.rstrip() for line in source['raw_file_contents'].splitlines()]
            text = '\n'.join(line for line in lines if line and not line.lstrip().startswith('#'))
            source = dict(source, raw_file_contents=text)
        sources.append(source)
    return dict(response, type_sources=sources)


@pytest.mark.skipif(not JAZZY_PYTHON.exists() or not (TEST_MSGS / 'msg' / 'Arrays.json').exists(),
                    reason='no Jazzy rclpy with test_msgs in .venv-jazzy to compare with '
                           '(pip install ros-jazzy-test-msgs into it)')
def test_responses_equal_jazzys_for_the_same_definition_files(tmp_path):
    wanted = ['test_msgs/msg/Arrays', 'test_msgs/msg/Defaults', 'test_msgs/msg/Strings',
              'test_msgs/srv/BasicTypes', 'test_msgs/action/Fibonacci']
    hashes = []
    for name in wanted:
        generated = json.loads((TEST_MSGS / name.split('/', 1)[1]).with_suffix('.json').read_text())
        hashes.append((name, next(e['hash_string'] for e in generated['type_hashes']
                                  if e['type_name'] == name)))
    script = tmp_path / 'ask_itself.py'
    script.write_text(textwrap.dedent(ASK_ITSELF))
    # rclx reads the very files Jazzy generated its code from (comments and all) before the script.
    ours_script = tmp_path / 'ask_itself_rclx.py'
    ours_script.write_text(LOAD_TEST_MSGS_FILES + textwrap.dedent(ASK_ITSELF))
    env = {k: v for k, v in os.environ.items() if k not in ('PYTHONPATH', 'PYTEST_CURRENT_TEST')}
    ours = dict(env)
    theirs = {k: v for k, v in env.items() if k != 'RCLX_INTERFACE_PATH'}
    # Its own domain on loopback: Jazzy's Fast DDS must not meet rclx's node.
    theirs['ROS_DOMAIN_ID'] = str((int(os.environ['ROS_DOMAIN_ID']) + 23) % 200 + 1)
    theirs['ROS_AUTOMATIC_DISCOVERY_RANGE'] = 'LOCALHOST'
    theirs['FASTDDS_BUILTIN_TRANSPORTS'] = 'UDPv4'
    runs = {}
    for who, python, path, run_env in (('rclx', sys.executable, ours_script, ours),
                                       ('Jazzy', str(JAZZY_PYTHON), script, theirs)):
        done = subprocess.run([python, str(path), str(TEST_MSGS), json.dumps(hashes)], capture_output=True,
                              text=True, env=run_env, timeout=120, cwd=str(tmp_path))
        assert done.returncode == 0, f'{who}: {done.stderr[-3000:]}'
        runs[who] = json.loads(done.stdout.strip().splitlines()[-1])
    for name, _ in hashes:
        theirs, ours = runs['Jazzy'][name], runs['rclx'][name]
        assert theirs['successful'], (name, theirs['failure_reason'])
        if name == 'test_msgs/msg/Strings':
            # Jazzy's C generator mangles source lines that hold \" (its text of the file stops
            # there); rclx gives the whole file.
            text = (TEST_MSGS / 'msg' / 'Strings.msg').read_text()
            assert ours['type_sources'][0]['raw_file_contents'] == '\n'.join(text.splitlines())
            theirs, ours = dict(theirs, type_sources=None), dict(ours, type_sources=None)
        # Packages rclx ships hold only the definitions (no comments): their files differ in that.
        ours, theirs = definitions_only(ours), definitions_only(theirs)
        assert ours == theirs, name
