"""rclpy.lifecycle: the managed-node state machine in process, and driven across processes by its services."""

import threading
import time
from typing import Any, Callable, Iterator, List, Optional

import pytest

import rclpy
from lifecycle_msgs.msg import Transition, TransitionEvent
from lifecycle_msgs.srv import ChangeState, GetAvailableStates, GetAvailableTransitions, GetState
from rclpy.exceptions import RCLError
from rclpy.executors import SingleThreadedExecutor
from rclpy.lifecycle import (LifecycleNode, LifecycleNodeMixin, LifecyclePublisher, LifecycleState,
                             ManagedEntity, SimpleManagedEntity, TransitionCallbackReturn)
from rclpy.node import Node
from std_msgs.msg import String

T = TransitionCallbackReturn
UNCONFIGURED, INACTIVE, ACTIVE, FINALIZED = (1, 'unconfigured'), (2, 'inactive'), (3, 'active'), (4, 'finalized')
ALL_STATES = [(0, 'unknown'), UNCONFIGURED, INACTIVE, ACTIVE, FINALIZED, (10, 'configuring'),
              (11, 'cleaningup'), (12, 'shuttingdown'), (13, 'activating'), (14, 'deactivating'),
              (15, 'errorprocessing')]
# rcl_lifecycle's default transition graph, in its order: (id, label, start id, goal id).
GRAPH = [(1, 'configure', 1, 10), (10, 'transition_success', 10, 2), (11, 'transition_failure', 10, 1),
         (12, 'transition_error', 10, 15), (2, 'cleanup', 2, 11), (20, 'transition_success', 11, 1),
         (21, 'transition_failure', 11, 2), (22, 'transition_error', 11, 15), (3, 'activate', 2, 13),
         (30, 'transition_success', 13, 3), (31, 'transition_failure', 13, 2), (32, 'transition_error', 13, 15),
         (4, 'deactivate', 3, 14), (40, 'transition_success', 14, 2), (41, 'transition_failure', 14, 3),
         (42, 'transition_error', 14, 15), (5, 'shutdown', 1, 12), (6, 'shutdown', 2, 12), (7, 'shutdown', 3, 12),
         (50, 'transition_success', 12, 4), (51, 'transition_failure', 12, 4), (52, 'transition_error', 12, 15),
         (60, 'transition_success', 15, 1), (61, 'transition_failure', 15, 4), (62, 'transition_error', 15, 4)]
LABELS = dict(ALL_STATES)
TIMEOUT = 20.0


def eventually(cond: Callable[[], bool], timeout: float = TIMEOUT) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


def state(node: LifecycleNode) -> tuple:
    return node._state_machine.current_state


class Scripted(LifecycleNode):
    """Returns what `results` says per callback (SUCCESS by default), raises for 'raise', records each call."""

    def __init__(self, name: str, **kwargs: Any) -> None:
        self.results: dict = {}
        self.calls: List[tuple] = []
        super().__init__(name, **kwargs)

    def _run(self, name: str, previous: LifecycleState) -> TransitionCallbackReturn:
        self.calls.append((name, previous, self._state_machine.current_state))
        result = self.results.get(name, T.SUCCESS)
        if result == 'raise':
            raise ValueError(f'{name} failed on purpose')
        return result

    def on_configure(self, s): return self._run('configure', s)
    def on_cleanup(self, s): return self._run('cleanup', s)
    def on_activate(self, s): return self._run('activate', s)
    def on_deactivate(self, s): return self._run('deactivate', s)
    def on_shutdown(self, s): return self._run('shutdown', s)
    def on_error(self, s): return self._run('error', s)


@pytest.fixture
def make(context) -> Iterator[Callable[..., LifecycleNode]]:
    nodes: List[Node] = []

    def create(name: str, cls: type = LifecycleNode, **kwargs: Any) -> Any:
        node = cls(name, context=context, **kwargs)
        nodes.append(node)
        return node
    yield create
    for node in nodes:
        node.destroy_node()


# -- API surface ------------------------------------------------------------------------------------


def test_exports_and_return_type():
    import rclpy.lifecycle as lc
    assert lc.__all__ == ['LifecycleNodeMixin', 'LifecycleNode', 'LifecycleState', 'LifecyclePublisher',
                          'ManagedEntity', 'SimpleManagedEntity']
    assert lc.Node is LifecycleNode and lc.NodeMixin is LifecycleNodeMixin
    assert lc.State is LifecycleState and lc.Publisher is LifecyclePublisher
    assert issubclass(LifecycleNode, Node) and issubclass(LifecycleNode, ManagedEntity)
    assert issubclass(LifecyclePublisher, rclpy.publisher.Publisher)
    assert [(m.name, int(m), m.to_label()) for m in T] == [
        ('SUCCESS', 97, 'transition_success'), ('FAILURE', 98, 'transition_failure'),
        ('ERROR', 99, 'transition_error')]
    assert T(97) is T.SUCCESS and T.SUCCESS != 97
    assert LifecycleState('active', 3) == LifecycleState(label='active', state_id=3)


def test_tables(make):
    node = make('tables')
    machine = node._state_machine
    assert state(node) == UNCONFIGURED
    assert machine.available_states == ALL_STATES
    assert machine.transition_graph == [(i, label, s, LABELS[s], g, LABELS[g]) for i, label, s, g in GRAPH]
    ids = {start: [i for i, _, s, _ in GRAPH if s == start] for start, _ in ALL_STATES}
    assert ids[1] == [1, 5] and ids[2] == [2, 3, 6] and ids[3] == [4, 7] and ids[4] == [] and ids[0] == []
    assert [t[0] for t in machine.available_transitions] == [1, 5]
    assert machine.get_transition_by_label('shutdown') == 5


# -- the state machine in process -------------------------------------------------------------------


def test_every_transition(make):
    node = make('every', Scripted)
    assert node.trigger_configure() is T.SUCCESS and state(node) == INACTIVE
    assert node.trigger_activate() is T.SUCCESS and state(node) == ACTIVE
    assert node.trigger_deactivate() is T.SUCCESS and state(node) == INACTIVE
    assert node.trigger_cleanup() is T.SUCCESS and state(node) == UNCONFIGURED
    assert node.trigger_shutdown() is T.SUCCESS and state(node) == FINALIZED
    # Each callback gets the state the transition started from and runs in the transition state.
    assert node.calls == [
        ('configure', LifecycleState('unconfigured', 1), (10, 'configuring')),
        ('activate', LifecycleState('inactive', 2), (13, 'activating')),
        ('deactivate', LifecycleState('active', 3), (14, 'deactivating')),
        ('cleanup', LifecycleState('inactive', 2), (11, 'cleaningup')),
        ('shutdown', LifecycleState('unconfigured', 1), (12, 'shuttingdown'))]


def test_invalid_transitions_raise_and_keep_the_state(make):
    node = make('invalid', Scripted)
    for trigger in (node.trigger_activate, node.trigger_deactivate, node.trigger_cleanup):
        with pytest.raises(RCLError, match='Transition is not registered'):
            trigger()
        assert state(node) == UNCONFIGURED
    with pytest.raises(RCLError, match='Failed to get transition from label'):
        node._state_machine.get_transition_by_label('activate')
    node.trigger_configure()
    with pytest.raises(RCLError):
        node.trigger_configure()
    node.trigger_shutdown()
    for trigger in (node.trigger_configure, node.trigger_activate, node.trigger_deactivate,
                    node.trigger_cleanup):
        with pytest.raises(RCLError):
            trigger()
    with pytest.raises(RCLError, match='Shutdown transtion not possible'):
        node.trigger_shutdown()
    assert state(node) == FINALIZED
    assert [c[0] for c in node.calls] == ['configure', 'shutdown']


@pytest.mark.parametrize('name, setup, expected', [
    ('configure', [], UNCONFIGURED),
    ('activate', ['configure'], INACTIVE),
    ('deactivate', ['configure', 'activate'], ACTIVE),
    ('cleanup', ['configure'], INACTIVE),
    ('shutdown', ['configure'], FINALIZED),  # a failed shutdown still finalizes
])
def test_failure_returns_to_the_start_state(make, name, setup, expected):
    node = make('failing', Scripted)
    for step in setup:
        getattr(node, 'trigger_' + step)()
    node.results[name] = T.FAILURE
    assert getattr(node, 'trigger_' + name)() is T.FAILURE
    assert state(node) == expected
    assert 'error' not in [c[0] for c in node.calls]


@pytest.mark.parametrize('name, setup', [
    ('configure', []), ('activate', ['configure']), ('deactivate', ['configure', 'activate']),
    ('cleanup', ['configure']), ('shutdown', ['configure', 'activate'])])
@pytest.mark.parametrize('how', [T.ERROR, 'raise'])
def test_error_is_handled_by_on_error(make, name, setup, how):
    node = make('erring', Scripted)
    for step in setup:
        getattr(node, 'trigger_' + step)()
    start = state(node)
    node.results[name] = how
    assert getattr(node, 'trigger_' + name)() is T.ERROR
    # on_error ran in errorprocessing, given the state the failed transition started from;
    # its SUCCESS recovers the node to unconfigured.
    assert node.calls[-1] == ('error', LifecycleState(start[1], start[0]), (15, 'errorprocessing'))
    assert state(node) == UNCONFIGURED
    node.results.clear()
    assert node.trigger_configure() is T.SUCCESS  # usable again


@pytest.mark.parametrize('on_error', [T.FAILURE, T.ERROR, 'raise'])
def test_unrecovered_error_finalizes(make, on_error):
    node = make('fatal', Scripted)
    node.results.update(configure=T.ERROR, error=on_error)
    assert node.trigger_configure() is T.ERROR
    assert state(node) == FINALIZED


@pytest.mark.parametrize('setup', [[], ['configure'], ['configure', 'activate']])
def test_shutdown_from_every_primary_state(make, setup):
    node = make('shutting', Scripted)
    for step in setup:
        getattr(node, 'trigger_' + step)()
    previous = state(node)
    assert node.trigger_shutdown() is T.SUCCESS
    assert state(node) == FINALIZED
    assert node.calls[-1] == ('shutdown', LifecycleState(previous[1], previous[0]), (12, 'shuttingdown'))


def test_callback_returning_a_wrong_type(make):
    class Wrong(LifecycleNode):
        def on_configure(self, s):
            return True
    node = make('wrong', Wrong)
    # As rclpy: the result has no to_label(); the node is left in the transition state.
    with pytest.raises(AttributeError, match='to_label'):
        node.trigger_configure()
    assert state(node) == (10, 'configuring')


def test_transition_after_context_shutdown():
    from rclpy.context import Context
    ctx = Context()
    rclpy.init(context=ctx)
    node = LifecycleNode('orphan', context=ctx)
    node.trigger_configure()
    ctx.try_shutdown()
    # As rcl_lifecycle: the event cannot be sent, which is an RCLError, and the state has moved.
    with pytest.raises(RCLError, match='Could not publish transition'):
        node.trigger_activate()
    assert state(node) == (13, 'activating')
    node.destroy_node()


# -- managed entities and lifecycle publishers -------------------------------------------------------


class Recorder(ManagedEntity):
    def __init__(self, log: list, name: str, results: Optional[dict] = None) -> None:
        self.log, self.name, self.results = log, name, results or {}

    def __getattribute__(self, attr: str) -> Any:
        if attr.startswith('on_'):
            def callback(state: LifecycleState) -> Any:
                self.log.append((self.name, attr, state.label))
                return self.results.get(attr, T.SUCCESS)
            return callback
        return object.__getattribute__(self, attr)


def test_managed_entities(make):
    node = make('managing')
    log: list = []
    first, second = Recorder(log, 'a'), Recorder(log, 'b', {'on_activate': T.FAILURE})
    node.add_managed_entity(first)
    node.add_managed_entity(second)
    with pytest.raises(TypeError, match='Expected a rclpy.lifecycle.ManagedEntity instance'):
        node.add_managed_entity(object())
    assert node.trigger_configure() is T.SUCCESS
    assert log == [('a', 'on_configure', 'unconfigured'), ('b', 'on_configure', 'unconfigured')]
    log.clear()
    assert node.trigger_activate() is T.FAILURE and state(node) == INACTIVE
    assert log == [('a', 'on_activate', 'inactive'), ('b', 'on_activate', 'inactive')]
    # An entity whose callback does not return a TransitionCallbackReturn makes the transition an error.
    second.results['on_activate'] = 'yes'
    log.clear()
    assert node.trigger_activate() is T.ERROR and state(node) == UNCONFIGURED
    assert log[-2:] == [('a', 'on_error', 'inactive'), ('b', 'on_error', 'inactive')]


def test_simple_managed_entity_when_enabled():
    missed: list = []

    class Gate(SimpleManagedEntity):
        def __init__(self) -> None:
            super().__init__()
            self.done: list = []

        @SimpleManagedEntity.when_enabled
        def plain(self, x):
            self.done.append(x)

        @SimpleManagedEntity.when_enabled(when_not_enabled=lambda: missed.append(1))
        def noted(self, x):
            self.done.append(x)
    gate = Gate()
    gate.plain(1)
    gate.noted(2)
    assert gate.done == [] and missed == [1] and not gate.is_activated
    assert gate.on_activate(LifecycleState('inactive', 2)) is T.SUCCESS and gate.is_activated
    gate.plain(3)
    gate.noted(4)
    assert gate.done == [3, 4] and missed == [1]
    assert gate.plain.__name__ == 'plain'
    gate.on_deactivate(LifecycleState('active', 3))
    assert not gate.is_activated


def spin_in_thread(node: Node) -> SingleThreadedExecutor:
    executor = SingleThreadedExecutor(context=node.context)
    executor.add_node(node)

    def run() -> None:
        try:
            executor.spin()
        except Exception:
            pass  # the context ends at the end of the test
    threading.Thread(target=run, daemon=True).start()
    return executor


def test_lifecycle_publisher_in_process(make):
    node = make('lc_pub')
    publisher = node.create_lifecycle_publisher(String, 'lc_chatter', 10)
    assert isinstance(publisher, LifecyclePublisher) and not publisher.is_activated
    assert publisher in node.publishers
    with pytest.raises(TypeError, match="unexpected keyword argument 'publisher_class'"):
        node.create_lifecycle_publisher(String, 'x', 10, publisher_class=LifecyclePublisher)
    got: list = []
    listener = make('lc_listener', Node)
    listener.create_subscription(String, 'lc_chatter', lambda m: got.append(m.data), 10)
    executor = spin_in_thread(listener)
    try:
        assert eventually(lambda: publisher.get_subscription_count() == 1)
        node.trigger_configure()
        publisher.publish(String(data='inactive'))  # dropped: the node is not active
        node.trigger_activate()
        assert publisher.is_activated
        publisher.publish(String(data='active'))
        # One reliable writer delivers in order: had 'inactive' been sent, it would come first.
        assert eventually(lambda: got == ['active'])
        node.trigger_deactivate()
        assert not publisher.is_activated
        publisher.publish(String(data='inactive again'))
        node.trigger_activate()
        publisher.publish(String(data='active again'))
        assert eventually(lambda: got == ['active', 'active again'])
        assert node.destroy_lifecycle_publisher(publisher)
        assert publisher not in node.publishers
        node.trigger_deactivate()  # no longer managed: nothing to call
    finally:
        executor.shutdown()


def test_communication_interface_names(make):
    node = make('interface')
    quiet = make('quiet', enable_communication_interface=False)
    services = [(f'/interface/{name}', [f'lifecycle_msgs/srv/{srv}']) for name, srv in (
        ('change_state', 'ChangeState'), ('get_available_states', 'GetAvailableStates'),
        ('get_available_transitions', 'GetAvailableTransitions'), ('get_state', 'GetState'),
        ('get_transition_graph', 'GetAvailableTransitions'))]

    def lifecycle_services(name: str) -> list:
        return [s for s in node.get_service_names_and_types_by_node(name, '/')
                if s[1][0].startswith('lifecycle_msgs/')]
    assert eventually(lambda: lifecycle_services('interface') == services)
    assert sorted(s.srv_name for s in node.services if 'lifecycle' in s.srv_type.__module__) == \
        sorted(name for name, _ in services)
    # Without the communication interface only the services go: transition events still publish.
    assert eventually(lambda: ('/quiet/transition_event', ['lifecycle_msgs/msg/TransitionEvent']) in
                      node.get_publisher_names_and_types_by_node('quiet', '/'))
    assert lifecycle_services('quiet') == []
    info = node.get_publishers_info_by_topic('/interface/transition_event')
    assert len(info) == 1
    qos = info[0].qos_profile
    assert (qos.depth, qos.reliability.name, qos.durability.name) == (10, 'RELIABLE', 'VOLATILE')
    assert node._transition_event_publisher not in list(node.publishers)
    assert quiet.trigger_configure() is T.SUCCESS


# -- across processes: a lifecycle node in a peer, driven through its services -----------------------

PEER = '''
import sys, time, rclpy
from rclpy.lifecycle import LifecycleNode, TransitionCallbackReturn as T
from rclpy.executors import SingleThreadedExecutor
from std_msgs.msg import String
rclpy.init()

class Talker(LifecycleNode):
    def __init__(self):
        super().__init__('managed', namespace='/lc')
        self.pub = self.create_lifecycle_publisher(String, '/lc_talk', 10)
        self.create_timer(0.05, self.tick)

    def tick(self):
        # The state travels in the message: any message sent outside 'active' would show it.
        self.pub.publish(String(data=self._state_machine.current_state[1]))

class Flaky(LifecycleNode):
    results = [T.FAILURE, T.ERROR]

    def on_configure(self, state):
        return self.results.pop(0) if self.results else T.SUCCESS

talker, flaky = Talker(), Flaky('flaky', namespace='/lc')
deadline = time.monotonic() + 20
while (talker.pub.get_subscription_count() < 1 or
       talker._transition_event_publisher.get_subscription_count() < 1 or
       flaky._transition_event_publisher.get_subscription_count() < 1):
    assert time.monotonic() < deadline, 'the test process never subscribed'
    time.sleep(0.02)
executor = SingleThreadedExecutor()
executor.add_node(talker)
executor.add_node(flaky)
print('ready', flush=True)
try:
    executor.spin()
except Exception:
    pass
'''


class Remote:
    """Clients for one remote lifecycle node's services, and the transition events it published."""

    def __init__(self, node: Node, name: str) -> None:
        self.clients = {srv: node.create_client(srv_type, f'{name}/{srv}') for srv, srv_type in (
            ('change_state', ChangeState), ('get_state', GetState),
            ('get_available_states', GetAvailableStates),
            ('get_available_transitions', GetAvailableTransitions),
            ('get_transition_graph', GetAvailableTransitions))}
        self.events: List[tuple] = []
        self.events_seen: List[tuple] = []  # what expect_events has already checked
        self.raw_events: List[TransitionEvent] = []
        node.create_subscription(TransitionEvent, f'{name}/transition_event', self._event, 10)

    def _event(self, msg: TransitionEvent) -> None:
        self.raw_events.append(msg)
        self.events.append((msg.start_state.id, msg.goal_state.id))

    def ready(self) -> bool:
        return all(c.wait_for_service(timeout_sec=TIMEOUT) for c in self.clients.values())

    def call(self, srv: str, request: Any) -> Any:
        response = self.clients[srv].call(request, timeout_sec=TIMEOUT)
        assert response is not None, f'no answer from {srv}'
        return response

    def change(self, *, id: int = 0, label: str = '') -> bool:
        return self.call('change_state', ChangeState.Request(transition=Transition(id=id, label=label))).success

    def state(self) -> tuple:
        current = self.call('get_state', GetState.Request()).current_state
        return current.id, current.label

    def transitions(self, which: str = 'get_available_transitions') -> list:
        return [(d.transition.id, d.transition.label, d.start_state.id, d.start_state.label,
                 d.goal_state.id, d.goal_state.label)
                for d in self.call(which, GetAvailableTransitions.Request()).available_transitions]

    def expect_events(self, *pairs: tuple) -> None:
        expected = self.events_seen + list(pairs)
        assert eventually(lambda: self.events == expected), f'events {self.events}, expected {expected}'
        self.events_seen = expected


def test_lifecycle_node_across_processes(context, peer):
    p = peer(PEER)
    node = rclpy.create_node('driver', context=context)
    talk: List[str] = []
    node.create_subscription(String, '/lc_talk', lambda m: talk.append(m.data), 100)
    talker, flaky = Remote(node, '/lc/managed'), Remote(node, '/lc/flaky')
    executor = spin_in_thread(node)
    try:
        p.expect_line('ready')
        assert talker.ready() and flaky.ready()

        assert talker.state() == UNCONFIGURED
        states = talker.call('get_available_states', GetAvailableStates.Request()).available_states
        assert [(s.id, s.label) for s in states] == ALL_STATES
        graph = talker.transitions('get_transition_graph')
        assert graph == [(i, label, s, LABELS[s], g, LABELS[g]) for i, label, s, g in GRAPH]
        assert [t[:2] for t in talker.transitions()] == [(1, 'configure'), (5, 'shutdown')]

        # Invalid requests answer success=False and change nothing.
        assert talker.change(label='activate') is False
        assert talker.change(label='no_such_transition') is False
        assert talker.change(id=Transition.TRANSITION_DEACTIVATE) is False
        assert talker.state() == UNCONFIGURED

        assert talker.change(id=Transition.TRANSITION_CONFIGURE) is True  # by id
        talker.expect_events((1, 10), (10, 2))
        assert talker.state() == INACTIVE
        assert [t[:2] for t in talker.transitions()] == [(2, 'cleanup'), (3, 'activate'), (6, 'shutdown')]

        assert talker.change(label='activate') is True  # by label
        talker.expect_events((2, 13), (13, 3))
        assert talker.state() == ACTIVE
        assert [t[:2] for t in talker.transitions()] == [(4, 'deactivate'), (7, 'shutdown')]
        assert eventually(lambda: len(talk) >= 3)

        assert talker.change(label='deactivate') is True
        talker.expect_events((3, 14), (14, 2))
        count = len(talk)
        assert talker.change(id=Transition.TRANSITION_CLEANUP) is True
        talker.expect_events((2, 11), (11, 1))
        assert talker.change(label='configure') is True
        talker.expect_events((1, 10), (10, 2))
        assert talker.change(id=Transition.TRANSITION_ACTIVATE) is True
        talker.expect_events((2, 13), (13, 3))
        assert eventually(lambda: len(talk) >= count + 3)  # publishing again once active

        # The LifecyclePublisher sent only while the node was active. (As in rclpy, shutting down
        # leaves a lifecycle publisher enabled, so later messages may say 'finalized'.)
        assert set(list(talk)) == {'active'}
        assert talker.change(label='shutdown') is True  # the shutdown that leaves 'active' (id 7)
        talker.expect_events((3, 12), (12, 4))
        assert talker.state() == FINALIZED
        assert talker.transitions() == []
        assert talker.change(label='configure') is False

        event = talker.raw_events[0]
        assert (event.timestamp, event.transition.id, event.transition.label) == (0, 0, '')
        assert (event.start_state.label, event.goal_state.label) == ('unconfigured', 'configuring')

        # A callback that fails or errs: success=False, with the events of the way back.
        assert flaky.change(label='configure') is False  # FAILURE: back to unconfigured
        flaky.expect_events((1, 10), (10, 1))
        assert flaky.change(id=Transition.TRANSITION_CONFIGURE) is False  # ERROR, on_error recovers
        flaky.expect_events((1, 10), (10, 15), (15, 1))
        assert flaky.state() == UNCONFIGURED
        assert flaky.change(label='configure') is True
        flaky.expect_events((1, 10), (10, 2))
        assert flaky.change(id=Transition.TRANSITION_INACTIVE_SHUTDOWN) is True
        flaky.expect_events((2, 12), (12, 4))
    finally:
        executor.shutdown()
        node.destroy_node()
