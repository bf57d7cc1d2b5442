"""REP 2011 type hashes: equal to ROS 2 Jazzy's for every type, announced by endpoints, read back.

The reference is Jazzy itself: the ros-jazzy-* wheels in .venv-jazzy carry the `.json` type
descriptions rosidl generated, with every type's hash (scripts/test.sh installs them; the
comparisons skip when they are missing).
"""

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

import rclpy
from rclpy.type_hash import TypeHash
from rclx.interfaces import _description

ROOT = Path(__file__).resolve().parents[1]
JAZZY_SHARE = ROOT / '.venv-jazzy' / 'share'
needs_jazzy = pytest.mark.skipif(
    not any(JAZZY_SHARE.glob('*/msg/*.json')),
    reason=f"no Jazzy type descriptions to compare with: {JAZZY_SHARE} has no <pkg>/msg/*.json "
           '(pip install ros-jazzy-std-msgs ... into .venv-jazzy)')


def jazzy_descriptions(packages=None) -> List[dict]:
    """Jazzy's generated descriptions ({type_description_msg, type_hashes}) of its installed packages."""
    out = []
    for path in sorted(JAZZY_SHARE.glob('*/*/*.json')):
        if path.parent.name in ('msg', 'srv', 'action') and (
                packages is None or path.parent.parent.name in packages):
            out.append(json.loads(path.read_text()))
    return out


def shipped_class(type_name: str):
    """rclx's class of 'pkg/sub/Name' if rclx ships the package, else None."""
    package, subfolder, name = type_name.split('/')
    if not (ROOT / 'interfaces' / package).is_dir():
        return None
    from rclx.interfaces import get_interface_class
    return get_interface_class(type_name)


@needs_jazzy
def test_every_shipped_type_hashes_as_jazzy():
    compared = set()
    mismatches = []
    for generated in jazzy_descriptions():
        for entry in generated['type_hashes']:
            if entry['type_name'] in compared:
                continue
            cls = shipped_class(entry['type_name'])
            if cls is None:
                continue
            compared.add(entry['type_name'])
            ours = _description.type_hash(cls)
            if ours != entry['hash_string']:
                mismatches.append(f"{entry['type_name']}: rclx {ours}, Jazzy {entry['hash_string']}")
        # The whole description, default values included (what get_type_description returns).
        top = generated['type_description_msg']['type_description']['type_name']
        cls = shipped_class(top)
        if cls is not None and _description.type_description(cls) != generated['type_description_msg']:
            mismatches.append(f'{top}: the description differs from Jazzy\'s')
    assert not mismatches, '\n'.join(mismatches)
    # std_msgs, builtin_interfaces, rcl_interfaces, lifecycle_msgs, ... at least.
    assert len(compared) >= 100, sorted(compared)
    assert {'std_msgs/msg/String', 'builtin_interfaces/msg/Time', 'rcl_interfaces/srv/GetParameters',
            'rcl_interfaces/srv/GetParameters_Event', 'lifecycle_msgs/msg/TransitionEvent'} <= compared


# Loads the definition files of directory argv[1] (msg/, srv/, action/) as package test_msgs from
# their text, dependencies first, so they replace whatever test_msgs is installed (rclx ships one).
LOAD_TEST_MSGS_FILES = r'''
import re, sys
from pathlib import Path
from rclx import interfaces
_loaders = {'msg': interfaces.load_message_definition, 'srv': interfaces.load_service_definition,
            'action': interfaces.load_action_definition}
_pending = {(sub, f.stem): f.read_text() for sub in _loaders
            for f in sorted((Path(sys.argv[1]) / sub).glob('*.' + sub))}
while _pending:
    _messages = {name for sub, name in _pending if sub == 'msg'}
    _ready = [key for key, text in _pending.items()
              if (key[0] == 'msg' and not (set(re.findall(r'^\s*(?:test_msgs/)?([A-Z]\w*)', text, re.M))
                                           & _messages - {key[1]}))
              or (key[0] != 'msg' and not _messages)]
    assert _ready, f'cyclic definitions: {sorted(_pending)}'
    for key in _ready:
        _loaders[key[0]](_pending.pop(key), 'test_msgs', key[1])
'''

LOAD_AND_HASH = LOAD_TEST_MSGS_FILES + '''
import json
from rclx.interfaces import _description
out = {}
for name in sys.argv[2:]:
    cls = interfaces.get_interface_class(name)
    out[name] = [_description.type_hash(cls), _description.type_description(cls),
                 _description.type_sources(cls)]
print(json.dumps(out))
'''


@needs_jazzy
def test_types_loaded_at_run_time_hash_as_jazzy():
    """Jazzy's test_msgs files (defaults, bounds, arrays, wstrings, services, actions) read at run time."""
    source = JAZZY_SHARE / 'test_msgs'
    if not source.is_dir():
        pytest.skip('ros-jazzy-test-msgs is not installed in .venv-jazzy')
    expected: Dict[str, Tuple[str, dict]] = {}
    for generated in jazzy_descriptions({'test_msgs'}):
        hashes = {e['type_name']: e['hash_string'] for e in generated['type_hashes']}
        top = generated['type_description_msg']['type_description']['type_name']
        expected[top] = (hashes[top], generated['type_description_msg'])
    # Its own process: the loaded definitions stay out of this one.
    done = subprocess.run([sys.executable, '-c', LOAD_AND_HASH, str(source), *sorted(expected)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    ours = json.loads(done.stdout)
    wrong = [name for name, (hash_string, description) in expected.items()
             if ours[name][:2] != [hash_string, description]]
    assert not wrong, f'hashes or descriptions that differ from Jazzy: {wrong}'
    # The sources are the files' text (Jazzy's files, comments and all), lines joined by '\n'.
    arrays = ours['test_msgs/msg/Arrays'][2][0]
    text = (source / 'msg' / 'Arrays.msg').read_text()
    assert arrays == {'type_name': 'test_msgs/msg/Arrays', 'encoding': 'msg',
                      'raw_file_contents': '\n'.join(text.splitlines())}
    assert {'test_msgs/msg/Defaults', 'test_msgs/srv/Arrays', 'test_msgs/action/Fibonacci'} <= set(ours)


def test_services_and_actions_are_described_with_their_generated_parts():
    from example_interfaces.action import Fibonacci
    from std_srvs.srv import Trigger
    service = _description.type_description(Trigger)
    assert [f['name'] for f in service['type_description']['fields']] == \
        ['request_message', 'response_message', 'event_message']
    assert [td['type_name'] for td in service['referenced_type_descriptions']] == [
        'builtin_interfaces/msg/Time', 'service_msgs/msg/ServiceEventInfo',
        'std_srvs/srv/Trigger_Event', 'std_srvs/srv/Trigger_Request', 'std_srvs/srv/Trigger_Response']
    action = _description.type_description(Fibonacci)
    assert [f['name'] for f in action['type_description']['fields']] == [
        'goal', 'result', 'feedback', 'send_goal_service', 'get_result_service', 'feedback_message']
    names = {td['type_name'] for td in action['referenced_type_descriptions']}
    assert {'example_interfaces/action/Fibonacci_SendGoal', 'example_interfaces/action/Fibonacci_SendGoal_Event',
            'example_interfaces/action/Fibonacci_GetResult_Response', 'unique_identifier_msgs/msg/UUID',
            'example_interfaces/action/Fibonacci_FeedbackMessage'} <= names
    # An empty message gets rosidl's placeholder member.
    request = next(td for td in service['referenced_type_descriptions']
                   if td['type_name'] == 'std_srvs/srv/Trigger_Request')
    assert [f['name'] for f in request['fields']] == ['structure_needs_at_least_one_member']
    # Hashes are cached: the same string object each time.
    assert _description.type_hash(Trigger) is _description.type_hash(Trigger)


def test_type_sources_are_the_definition_files():
    from std_msgs.msg import Header
    from std_srvs.srv import SetBool
    sources = _description.type_sources(Header)
    assert [s['type_name'] for s in sources] == ['std_msgs/msg/Header', 'builtin_interfaces/msg/Time']
    header_file = ROOT / 'interfaces' / 'std_msgs' / 'msg' / 'Header.msg'
    assert sources[0]['encoding'] == 'msg'
    assert sources[0]['raw_file_contents'] == '\n'.join(header_file.read_text().splitlines())
    by_name = {s['type_name']: s for s in _description.type_sources(SetBool)}
    assert by_name['std_srvs/srv/SetBool']['encoding'] == 'srv'
    assert 'bool data' in by_name['std_srvs/srv/SetBool']['raw_file_contents']
    assert by_name['std_srvs/srv/SetBool_Request'] == {
        'type_name': 'std_srvs/srv/SetBool_Request', 'encoding': 'implicit', 'raw_file_contents': ''}


def test_type_hash_strings_parse_as_rosidl_parses_them():
    value = bytes(range(32))
    assert _description.parse_type_hash('RIHS01_' + value.hex()) == (1, value)
    assert _description.parse_type_hash('RIHS01_' + value.hex().upper()) == (1, value)
    for bad in ('', 'garbage', 'RIHS02_' + value.hex(), 'RIHS01_' + value.hex()[2:],
                'RIHS01_' + value.hex() + '00', 'RIHS01_' + 'g' * 64, None, 42):
        assert _description.parse_type_hash(bad) is None, bad


def test_type_hash_class_is_rclpys():
    unset = TypeHash()
    assert unset.version == -1 and unset.value == bytes(32)
    assert str(unset) == 'INVALID'
    assert str(TypeHash(version=0, value=bytes(32))) == 'INVALID'
    assert str(TypeHash(version=1, value=b'\x01' * 5)) == 'INVALID'
    full = TypeHash(version=1, value=bytes(range(32)))
    assert str(full) == 'RIHS01_' + bytes(range(32)).hex()
    assert full == TypeHash(version=1, value=bytes(range(32)))
    assert full != TypeHash(version=1, value=bytes(32)) and full != str(full)
    assert TypeHash.__slots__ == ['_version', '_value']
    with pytest.raises(AssertionError):
        TypeHash(version='1')
    with pytest.raises(AssertionError):
        TypeHash(value='00')


def wait_for(condition, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    return condition()


def test_endpoints_announce_their_hash_and_the_graph_reads_it(context, peer):
    from std_msgs.msg import String
    from std_srvs.srv import Trigger
    node = rclpy.create_node('type_hash_reader', context=context)
    try:
        expected = _description.type_hash(String)
        remote = peer(textwrap.dedent('''
            import rclpy
            from std_msgs.msg import String
            rclpy.init()
            node = rclpy.create_node('type_hash_peer')
            node.create_publisher(String, '/hashed_chatter', 10)
            print('ready', flush=True)
            rclpy.spin(node)
            '''))
        remote.expect_line('ready')
        infos = wait_for(lambda: node.get_publishers_info_by_topic('/hashed_chatter'))
        assert infos and infos[0].node_name == 'type_hash_peer'
        assert isinstance(infos[0].topic_type_hash, TypeHash)
        assert str(infos[0].topic_type_hash) == expected
        assert f'Topic type hash: {expected}' in str(infos[0])
        # Local endpoints too (the graph reads them from the same built-in topics).
        node.create_subscription(String, '/hashed_chatter', lambda msg: None, 10)
        subs = wait_for(lambda: node.get_subscriptions_info_by_topic('/hashed_chatter'))
        assert subs and subs[0].topic_type_hash == TypeHash(version=1, value=bytes.fromhex(expected[7:]))
        # Services' and clients' endpoints announce their message's hash after their id (rmw_cyclonedds).
        node.create_service(Trigger, 'hashed_trigger', lambda req, resp: resp)
        node.create_client(Trigger, 'hashed_trigger')
        for dds_topic, cls in (('rq/hashed_triggerRequest', Trigger.Request),
                               ('rr/hashed_triggerReply', Trigger.Response)):
            for query in (node.get_publishers_info_by_topic, node.get_subscriptions_info_by_topic):
                infos = wait_for(lambda: query(dds_topic, no_mangle=True))
                assert [str(i.topic_type_hash) for i in infos] == [_description.type_hash(cls)], dds_topic
    finally:
        node.destroy_node()


def test_an_endpoint_without_a_hash_reads_as_invalid():
    """What the graph gives for an endpoint that announced no hash (a Humble peer): version 0, zeros."""
    from rclpy.topic_endpoint_info import TopicEndpointInfo
    info = TopicEndpointInfo(topic_type_hash={'version': 0, 'value': bytes(32)})
    assert info.topic_type_hash == TypeHash(version=0, value=bytes(32))
    assert 'Topic type hash: INVALID' in str(info)
    assert str(TopicEndpointInfo().topic_type_hash) == 'INVALID'


def test_discovery_endpoints_announce_the_participant_entities_info_hash(context):
    """ros_discovery_info's reader and writer carry their type's hash too, as rmw_cyclonedds' do."""
    from rmw_dds_common.msg import ParticipantEntitiesInfo
    node = rclpy.create_node('type_hash_discovery', context=context)
    try:
        expected = _description.type_hash(ParticipantEntitiesInfo)
        writers = wait_for(lambda: node.get_publishers_info_by_topic('ros_discovery_info', no_mangle=True))
        readers = wait_for(lambda: node.get_subscriptions_info_by_topic('ros_discovery_info', no_mangle=True))
        assert writers and readers
        assert {str(i.topic_type_hash) for i in writers + readers} == {expected}
    finally:
        node.destroy_node()
