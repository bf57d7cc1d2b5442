"""ParameterEventHandler on /parameter_events: a peer process's changes, its own node's, and Jazzy's."""

import inspect
import json
import os
import signal
from pathlib import Path
import subprocess
import textwrap
import time
from typing import Any, Callable, Dict, List

import pytest

import rclpy
from rclpy.executors import SingleThreadedExecutor
from rclpy.parameter_event_handler import ParameterEventHandler
from rcl_interfaces.msg import Parameter as ParameterMsg
from rcl_interfaces.msg import ParameterEvent, ParameterType, ParameterValue

JAZZY_PYTHON = Path(__file__).resolve().parents[1] / '.venv-jazzy' / 'bin' / 'python'
TIMEOUT = 20.0  # only reached when something is broken

# Changes 'counter' every 50 ms, and declares 'blink' on even ticks and deletes it on odd ones.
PEER = '''
from rcl_interfaces.msg import ParameterDescriptor
import rclpy
from rclpy.parameter import Parameter
rclpy.init()
node = rclpy.create_node('event_peer', namespace='/pe')
node.declare_parameter('counter', 0)
ticks = [0]

def tick():
    ticks[0] += 1
    node.set_parameters([Parameter('counter', value=ticks[0])])
    if ticks[0] % 2 == 0:
        node.declare_parameter('blink', ticks[0], ParameterDescriptor(dynamic_typing=True))
    elif node.has_parameter('blink'):
        node.set_parameters([Parameter('blink')])  # deletes it

node.create_timer(0.05, tick)
print('ready', flush=True)
try:
    rclpy.spin(node)
except Exception:
    pass
'''


def spin_until(executor: Any, condition: Callable[[], bool]) -> None:
    end = time.monotonic() + TIMEOUT
    while not condition() and time.monotonic() < end:
        executor.spin_once(timeout_sec=0.05)
    assert condition()


def event(node: str, new=(), changed=(), deleted=()) -> ParameterEvent:
    def param(name: str, value: int) -> ParameterMsg:
        return ParameterMsg(name=name, value=ParameterValue(
            type=ParameterType.PARAMETER_INTEGER, integer_value=value))
    return ParameterEvent(node=node, new_parameters=[param(*p) for p in new],
                          changed_parameters=[param(*p) for p in changed],
                          deleted_parameters=[param(*p) for p in deleted])


def test_static_helpers():
    e = event('/ns/n', new=[('a', 1)], changed=[('b', 2), ('a', 3)], deleted=[('c', 4)])
    found = ParameterEventHandler.get_parameter_from_event(e, 'a', '/ns/n')
    assert isinstance(found, ParameterMsg) and found.value.integer_value == 1
    assert ParameterEventHandler.get_parameter_from_event(e, 'b', '/ns/n').value.integer_value == 2
    assert ParameterEventHandler.get_parameter_from_event(e, 'c', '/ns/n') is None  # deleted
    assert ParameterEventHandler.get_parameter_from_event(e, 'a', 'n') is None  # not resolved
    assert ParameterEventHandler.get_parameter_from_event(e, 'a', '/other') is None
    assert [(p.name, p.value.integer_value)
            for p in ParameterEventHandler.get_parameters_from_event(e)] == \
        [('a', 1), ('b', 2), ('a', 3)]


def test_node_names_are_resolved_and_handles_removed_once(context):
    node = rclpy.create_node('watcher', namespace='/ns', context=context)
    root = rclpy.create_node('rooted', context=context)
    handler, root_handler = ParameterEventHandler(node), ParameterEventHandler(root)
    assert handler.node is node and handler.parameter_event_subscription.topic_name == \
        '/parameter_events'

    def resolved(h: ParameterEventHandler, name: str) -> str:
        handle = h.add_parameter_callback('p', name, print)
        assert handle.parameter_name == 'p' and handle.callback is print
        h.remove_parameter_callback(handle)
        with pytest.raises(RuntimeError, match="Callback doesn't exist"):
            h.remove_parameter_callback(handle)
        return handle.node_name

    assert resolved(handler, '') == '/ns/watcher'
    assert resolved(handler, 'other') == '/ns/other'
    assert resolved(handler, 'deeper/other') == '/ns/deeper/other'
    assert resolved(handler, '/abs/other') == '/abs/other'
    assert resolved(root_handler, '') == '/rooted'
    assert resolved(root_handler, 'other') == '/other'

    event_handle = handler.add_parameter_event_callback(print)
    assert event_handle.callback is print
    handler.remove_parameter_event_callback(event_handle)
    with pytest.raises(RuntimeError, match="Callback doesn't exist"):
        handler.remove_parameter_event_callback(event_handle)

    subscriptions = len(list(node.subscriptions))
    handler.destroy()
    assert len(list(node.subscriptions)) == subscriptions - 1
    node.destroy_node()
    root.destroy_node()


def test_callbacks_for_a_peer_process(peer, context):
    proc = peer(PEER)
    proc.expect_line('ready')
    node = rclpy.create_node('watcher', namespace='/pe', context=context)
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(node)
    handler = ParameterEventHandler(node)
    calls: List[Any] = []  # (callback, name, value) in the order of the calls

    def recorder(tag: str) -> Callable[[Any], None]:
        def record(item: Any) -> None:
            if isinstance(item, ParameterEvent):
                if item.node == '/pe/event_peer':
                    calls.append((tag, len(item.new_parameters), len(item.changed_parameters),
                                  len(item.deleted_parameters)))
            else:
                assert isinstance(item, ParameterMsg)
                calls.append((tag, item.name, item.value.integer_value))
        return record

    first = handler.add_parameter_callback('counter', 'event_peer', recorder('first'))
    second = handler.add_parameter_callback('counter', '/pe/event_peer', recorder('second'))
    handler.add_parameter_callback('blink', 'event_peer', recorder('blink'))
    handler.add_parameter_callback('counter', '/elsewhere/event_peer', recorder('elsewhere'))
    handler.add_parameter_callback('counter', '', recorder('own'))
    events_a = handler.add_parameter_event_callback(recorder('events_a'))
    handler.add_parameter_event_callback(recorder('events_b'))

    def count(tag: str) -> int:
        return sum(1 for c in calls if c[0] == tag)

    spin_until(executor, lambda: count('first') >= 3 and count('blink') >= 2)
    assert count('elsewhere') == count('own') == 0
    # Per event: the parameter callbacks (newest first), then the event callbacks (newest first).
    counter_events = [i for i, c in enumerate(calls) if c[0] == 'second']
    for i in counter_events[:-1]:
        assert [c[0] for c in calls[i:i + 4]] == ['second', 'first', 'events_b', 'events_a']
        assert calls[i][2] == calls[i + 1][2] > 0
        assert calls[i + 2][1:] == (0, 1, 0)  # only 'counter' changed in that event
    blink = [c for c in calls if c[0] == 'blink']
    assert all(c[2] % 2 == 0 for c in blink)  # new parameters, only on even ticks
    assert any(c[0] == 'events_b' and c[3] == 1 for c in calls)  # 'blink' deleted

    handler.remove_parameter_callback(first)
    handler.remove_parameter_event_callback(events_a)
    del calls[:]
    spin_until(executor, lambda: count('second') >= 3 and count('events_b') >= 3)
    assert count('first') == count('events_a') == 0
    with pytest.raises(RuntimeError, match="Callback doesn't exist"):
        handler.remove_parameter_callback(first)
    handler.remove_parameter_callback(second)
    del calls[:]
    spin_until(executor, lambda: count('events_b') >= 2)
    assert count('second') == 0
    handler.destroy()
    executor.shutdown()
    node.destroy_node()


def own_node_scenario(node: Any, spin_until: Callable[[Callable[[], bool]], None]) -> List[Any]:
    """Declare, set, delete and undeclare parameters of the handler's own node; what callbacks see."""
    from rcl_interfaces.msg import ParameterDescriptor
    from rclpy.parameter import Parameter
    from rclpy.parameter_event_handler import ParameterEventHandler

    handler = ParameterEventHandler(node)
    seen: List[Any] = []
    handler.add_parameter_callback('p', '', lambda p: seen.append(
        ['a', p.name, p.value.type, p.value.integer_value]))
    handler.add_parameter_callback('p', node.get_name(), lambda p: seen.append(
        ['b', p.name, p.value.type, p.value.integer_value]))

    def on_event(e: Any) -> None:
        if e.node == node.get_fully_qualified_name():
            seen.append(['event', e.node,
                         [[p.name, p.value.type, p.value.integer_value] for p in e.new_parameters],
                         [[p.name, p.value.type, p.value.integer_value]
                          for p in e.changed_parameters],
                         [[p.name, p.value.type] for p in e.deleted_parameters]])
    handler.add_parameter_event_callback(on_event)

    def events() -> int:
        return sum(1 for s in seen if s[0] == 'event')

    node.declare_parameter('p', 1, ParameterDescriptor(dynamic_typing=True))
    spin_until(lambda: events() == 1)
    node.set_parameters([Parameter('p', value=2)])
    spin_until(lambda: events() == 2)
    node.set_parameters([Parameter('p', value=2)])  # the same value: still an event
    spin_until(lambda: events() == 3)
    node.set_parameters([Parameter('p')])  # deletes it
    spin_until(lambda: events() == 4)
    node.declare_parameter('q', 3)
    node.undeclare_parameter('q')  # no event
    node.declare_parameter('r', 4)
    spin_until(lambda: events() >= 6 and seen[-1][2] == [['r', 2, 4]])
    handler.destroy()
    return seen


def test_own_node_events(context):
    node = rclpy.create_node('watcher', namespace='/ns', context=context)
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(node)
    seen = own_node_scenario(node, lambda condition: spin_until(executor, condition))
    integer = ParameterType.PARAMETER_INTEGER
    assert seen[:11] == [
        ['b', 'p', integer, 1], ['a', 'p', integer, 1],
        ['event', '/ns/watcher', [['p', integer, 1]], [], []],
        ['b', 'p', integer, 2], ['a', 'p', integer, 2],
        ['event', '/ns/watcher', [], [['p', integer, 2]], []],
        ['b', 'p', integer, 2], ['a', 'p', integer, 2],
        ['event', '/ns/watcher', [], [['p', integer, 2]], []],
        ['event', '/ns/watcher', [], [], [['p', ParameterType.PARAMETER_NOT_SET]]],
        ['event', '/ns/watcher', [['q', integer, 3]], [], []],
    ]
    # Undeclaring q is an event too (rclcpp's behaviour; Jazzy's rclpy publishes none).
    assert seen[11:] == [['event', '/ns/watcher', [], [], [['q', ParameterType.PARAMETER_NOT_SET]]],
                         ['event', '/ns/watcher', [['r', integer, 4]], [], []]]
    executor.shutdown()
    node.destroy_node()


def jazzy_env() -> Dict[str, str]:
    """This environment made fit for Jazzy's rclpy, in a domain of its own on loopback."""
    env = {k: v for k, v in os.environ.items()
           if k not in ('PYTHONPATH', 'RCLX_INTERFACE_PATH', 'PYTEST_CURRENT_TEST')}
    env['ROS_DOMAIN_ID'] = str((int(os.environ['ROS_DOMAIN_ID']) + 23) % 200 + 1)
    env['ROS_AUTOMATIC_DISCOVERY_RANGE'] = 'LOCALHOST'
    env['FASTDDS_BUILTIN_TRANSPORTS'] = 'UDPv4'
    return env


@pytest.mark.skipif(not JAZZY_PYTHON.exists(), reason='no Jazzy rclpy in .venv-jazzy')
def test_own_node_events_match_jazzy(context):
    node = rclpy.create_node('watcher', namespace='/ns', context=context)
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(node)
    ours = own_node_scenario(node, lambda condition: spin_until(executor, condition))
    executor.shutdown()
    node.destroy_node()
    script = textwrap.dedent('''
        import json
        import time
        from typing import Any, Callable, List
        import rclpy
        from rclpy.executors import SingleThreadedExecutor
        rclpy.init()
        node = rclpy.create_node('watcher', namespace='/ns')
        executor = SingleThreadedExecutor()
        executor.add_node(node)

        def spin_until(condition):
            end = time.monotonic() + 20.0
            while not condition() and time.monotonic() < end:
                executor.spin_once(timeout_sec=0.05)
            assert condition(), 'Jazzy: no parameter event'
        ''') + textwrap.dedent(inspect.getsource(own_node_scenario)) + textwrap.dedent('''
        print(json.dumps(own_node_scenario(node, spin_until)))
        rclpy.shutdown()
        ''')
    done = subprocess.run([str(JAZZY_PYTHON), '-c', script], capture_output=True, text=True,
                          env=jazzy_env(), timeout=120)
    assert done.returncode == 0, done.stderr
    theirs = json.loads(done.stdout.strip().splitlines()[-1])
    ours = json.loads(json.dumps(ours))
    # One deliberate difference: rclx also publishes an event when a parameter is undeclared
    # (rclcpp does; Jazzy's rclpy does not).
    undeclared_q = ['event', '/ns/watcher', [], [], [['q', ParameterType.PARAMETER_NOT_SET]]]
    assert undeclared_q in ours
    ours.remove(undeclared_q)
    assert ours == theirs, f'\nrclx  {ours}\nJazzy {theirs}'


JAZZY_PEER = '''
import rclpy
from rclpy.parameter import Parameter
rclpy.init()
node = rclpy.create_node('jazzy_peer', namespace='/jz')
node.declare_parameter('counter', 0)
ticks = [0]

def tick():
    ticks[0] += 1
    node.set_parameters([Parameter('counter', value=ticks[0])])

node.create_timer(0.05, tick)
print('ready', flush=True)
try:
    rclpy.spin(node)
except BaseException:
    pass
'''


@pytest.mark.skipif(not JAZZY_PYTHON.exists(), reason='no Jazzy rclpy in .venv-jazzy')
def test_callbacks_for_a_jazzy_peer_over_the_wire(context, tmp_path):
    """Parameter events that Jazzy's rclpy publishes (over Fast DDS) reach rclx's handler."""
    from interop._harness import multicast_interface_up
    env = {k: v for k, v in os.environ.items()
           if k not in ('PYTHONPATH', 'RCLX_INTERFACE_PATH', 'PYTEST_CURRENT_TEST')}
    env['FASTDDS_BUILTIN_TRANSPORTS'] = 'UDPv4'  # shared memory cannot reach Cyclone DDS
    if 'ROS_AUTOMATIC_DISCOVERY_RANGE' not in env and not multicast_interface_up():
        env['ROS_AUTOMATIC_DISCOVERY_RANGE'] = 'LOCALHOST'  # Fast DDS on loopback alone
    script = tmp_path / 'jazzy_peer.py'
    script.write_text(JAZZY_PEER)
    jazzy = subprocess.Popen([str(JAZZY_PYTHON), str(script)], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert jazzy.stdout.readline().strip() == 'ready'
        node = rclpy.create_node('watcher', context=context)
        executor = SingleThreadedExecutor(context=context)
        executor.add_node(node)
        handler = ParameterEventHandler(node)
        values: List[int] = []
        events: List[ParameterEvent] = []
        handler.add_parameter_callback('counter', '/jz/jazzy_peer',
                                       lambda p: values.append(p.value.integer_value))
        handler.add_parameter_event_callback(
            lambda e: events.append(e) if e.node == '/jz/jazzy_peer' else None)
        spin_until(executor, lambda: len(values) >= 3)
        assert values == sorted(values) and values[0] > 0
        assert all([p.name for p in e.changed_parameters] == ['counter'] for e in events)
        handler.destroy()
        executor.shutdown()
        node.destroy_node()
    finally:
        jazzy.send_signal(signal.SIGINT)  # Jazzy shuts down cleanly on SIGINT
        try:
            jazzy.wait(timeout=10)
        except subprocess.TimeoutExpired:
            jazzy.kill()
            jazzy.wait()
