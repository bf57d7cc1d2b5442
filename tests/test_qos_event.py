"""rclpy.event_handler: QoS and matched events across processes, the default warnings, and bad input."""

import os
import select
import subprocess
import time
from typing import Any, Callable, List

import pytest

import rclpy
from rclpy.duration import Duration
from rclpy.event_handler import (
    EventHandler, PublisherEventCallbacks, QoSLivelinessChangedInfo, QoSOfferedIncompatibleQoSInfo,
    QoSPublisherEventType, QoSPublisherMatchedInfo, QoSRequestedDeadlineMissedInfo,
    QoSRequestedIncompatibleQoSInfo, QoSSubscriptionEventType, QoSSubscriptionMatchedInfo,
    SubscriptionEventCallbacks, UnsupportedEventTypeError)
from rclpy.executors import SingleThreadedExecutor
from rclpy.qos import LivelinessPolicy, QoSPolicyKind, QoSProfile, ReliabilityPolicy
from std_msgs.msg import String

TIMEOUT = 20.0

# Peer processes run these lines first: a node, and spin_until(condition) bounded in time.
PEER_HEAD = '''
import sys, time
import rclpy
from rclpy.duration import Duration
from rclpy.event_handler import PublisherEventCallbacks, SubscriptionEventCallbacks
from rclpy.qos import LivelinessPolicy, QoSProfile, ReliabilityPolicy
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('qos_event_peer')

def spin_until(condition, timeout=20.0):
    end = time.monotonic() + timeout
    while not condition() and time.monotonic() < end:
        rclpy.spin_once(node, timeout_sec=0.05)
    return condition()
'''


def spin_until(executor: SingleThreadedExecutor, condition: Callable[[], bool], timeout: float = TIMEOUT) -> bool:
    end = time.monotonic() + timeout
    while not condition() and time.monotonic() < end:
        executor.spin_once(timeout_sec=0.05)
    return condition()


def read_until(stream: Any, condition: Callable[[str], bool], timeout: float = TIMEOUT) -> str:
    """Reads a peer's output stream until `condition(text so far)` holds or the time is up."""
    text = ''
    end = time.monotonic() + timeout
    while not condition(text) and time.monotonic() < end:
        ready, _, _ = select.select([stream], [], [], max(0.0, end - time.monotonic()))
        if not ready:
            break
        chunk = os.read(stream.fileno(), 65536).decode(errors='replace')
        if not chunk:
            break
        text += chunk
    return text


@pytest.fixture
def node(context: Any) -> Any:
    n = rclpy.create_node('qos_event_test', context=context)
    yield n
    n.destroy_node()


@pytest.fixture
def executor(context: Any, node: Any) -> Any:
    ex = SingleThreadedExecutor(context=context)
    ex.add_node(node)
    yield ex
    ex.shutdown()


def test_incompatible_qos_callbacks_and_default_warnings(node: Any, executor: Any, peer: Any,
                                                         capfd: Any, tmp_path: Any) -> None:
    """Best-effort publishers against reliable subscriptions, each side in both processes."""
    done = tmp_path / 'done'
    p = peer(PEER_HEAD + f'''
best_effort = QoSProfile(depth=10, reliability=ReliabilityPolicy.BEST_EFFORT)
pub = node.create_publisher(String, '/qe_a', best_effort)
sub = node.create_subscription(String, '/qe_b', lambda m: None, 10)
import os
spin_until(lambda: os.path.exists({str(done)!r}))
''')
    requested: List[Any] = []
    offered: List[Any] = []
    node.create_subscription(
        String, '/qe_a', lambda m: None, 10,
        event_callbacks=SubscriptionEventCallbacks(incompatible_qos=requested.append))
    node.create_publisher(
        String, '/qe_b', QoSProfile(depth=10, reliability=ReliabilityPolicy.BEST_EFFORT),
        event_callbacks=PublisherEventCallbacks(incompatible_qos=offered.append))
    # Default callbacks: this process warns too.
    node.create_subscription(String, '/qe_a', lambda m: None, 10)
    err: List[str] = []
    warning = ("[qos_event_test]: New publisher discovered on topic '/qe_a', offering incompatible QoS. "
               'No messages will be received from it. Last incompatible policy: RELIABILITY')

    def warned() -> bool:
        err.append(capfd.readouterr().err)
        return warning in ''.join(err)
    assert spin_until(executor, lambda: requested and offered and warned())
    for events, cls in ((requested, QoSRequestedIncompatibleQoSInfo), (offered, QoSOfferedIncompatibleQoSInfo)):
        event = events[0]
        assert isinstance(event, cls)
        assert event.last_policy_kind == QoSPolicyKind.RELIABILITY
        assert event.total_count == 1 and event.total_count_change == 1
    peer_warnings = (
        ("[qos_event_peer]: New subscription discovered on topic '/qe_a', requesting incompatible QoS. "
         'No messages will be sent to it. Last incompatible policy: RELIABILITY'),
        ("[qos_event_peer]: New publisher discovered on topic '/qe_b', offering incompatible QoS. "
         'No messages will be received from it. Last incompatible policy: RELIABILITY'))
    peer_err = read_until(p.popen.stderr, lambda text: all(w in text for w in peer_warnings))
    done.touch()
    p.finish(TIMEOUT)
    for w in peer_warnings:
        assert w in peer_err


def test_deadline_and_liveliness_across_processes(node: Any, executor: Any, peer: Any) -> None:
    """A peer publishes, then goes quiet: both sides report missed deadlines and lost liveliness."""
    p = peer(PEER_HEAD + '''
qos = QoSProfile(depth=10, deadline=Duration(seconds=0.1), liveliness=LivelinessPolicy.MANUAL_BY_TOPIC,
                 liveliness_lease_duration=Duration(seconds=0.3))
deadline, lost = [], []
pub = node.create_publisher(String, '/qe_quiet', qos, event_callbacks=PublisherEventCallbacks(
    deadline=deadline.append, liveliness=lost.append))
assert spin_until(lambda: pub.get_subscription_count() > 0)
for i in range(3):
    pub.publish(String(data=str(i)))
    spin_until(lambda: False, 0.05)
# Quiet from here on: no publish, no assert_liveliness.
assert spin_until(lambda: deadline and lost)
print('deadline', deadline[0].total_count >= 1, deadline[0].total_count_change >= 1, flush=True)
print('liveliness_lost', lost[0].total_count, lost[0].total_count_change, flush=True)
sys.stdin.readline()  # the writer must outlive the reader's lease check (its deletion is no lost liveliness)
''', stdin=subprocess.PIPE)
    missed: List[Any] = []
    liveliness: List[Any] = []
    received: List[str] = []
    qos = QoSProfile(depth=10, deadline=Duration(seconds=0.2), liveliness=LivelinessPolicy.MANUAL_BY_TOPIC,
                     liveliness_lease_duration=Duration(seconds=1))
    node.create_subscription(String, '/qe_quiet', lambda m: received.append(m.data), qos,
                             event_callbacks=SubscriptionEventCallbacks(deadline=missed.append,
                                                                        liveliness=liveliness.append))
    assert spin_until(executor, lambda: missed and any(e.not_alive_count for e in liveliness))
    assert received, 'the peer published before going quiet'
    assert isinstance(missed[0], QoSRequestedDeadlineMissedInfo)
    assert missed[0].total_count >= 1 and missed[0].total_count_change >= 1
    assert all(isinstance(e, QoSLivelinessChangedInfo) for e in liveliness)
    # The peer became alive, then not (two changes a slow take may report at once).
    assert sum(e.alive_count_change for e in liveliness) == 0
    assert sum(e.not_alive_count_change for e in liveliness) == 1
    assert (liveliness[-1].alive_count, liveliness[-1].not_alive_count) == (0, 1)
    p.popen.stdin.write('end\n')
    p.popen.stdin.flush()
    out = p.wait(TIMEOUT)
    assert out.splitlines() == ['deadline True True', 'liveliness_lost 1 1']


def test_matched_counts_as_peers_come_and_go(node: Any, executor: Any, peer: Any) -> None:
    """Matched events on a publisher and a subscription while two peers start and end, one by one."""
    pub_events: List[Any] = []
    sub_events: List[Any] = []
    pub = node.create_publisher(String, '/qe_m1', 10,
                                event_callbacks=PublisherEventCallbacks(matched=pub_events.append))
    node.create_subscription(String, '/qe_m2', lambda m: None, 10,
                             event_callbacks=SubscriptionEventCallbacks(matched=sub_events.append))
    code = PEER_HEAD + '''
sub = node.create_subscription(String, '/qe_m1', lambda m: None, 10)
pub = node.create_publisher(String, '/qe_m2', 10)
assert spin_until(lambda: sub.get_publisher_count() > 0 and pub.get_subscription_count() > 0)
print('matched', flush=True)
sys.stdin.readline()
node.destroy_node()
rclpy.shutdown()
'''
    for round_ in (1, 2):
        p = peer(code, stdin=subprocess.PIPE)
        p.expect_line('matched')
        assert spin_until(executor, lambda: sub_events and sub_events[-1].current_count == 1
                          and pub_events and pub_events[-1].current_count == 1)
        p.popen.stdin.write('end\n')
        p.popen.stdin.flush()
        p.wait(TIMEOUT)
        assert spin_until(executor, lambda: sub_events[-1].current_count == 0 and pub_events[-1].current_count == 0)
        for events in (pub_events, sub_events):
            assert events[-1].total_count == round_
            assert sum(e.current_count_change for e in events) == 0
            assert sum(e.total_count_change for e in events) == round_
    assert all(isinstance(e, QoSPublisherMatchedInfo) for e in pub_events)
    assert all(isinstance(e, QoSSubscriptionMatchedInfo) for e in sub_events)
    assert pub.get_subscription_count() == 0


def test_matched_before_the_handler_existed(node: Any, executor: Any) -> None:
    """A local subscription matches while the publisher is created: the first take reports it."""
    node.create_subscription(String, '/qe_local', lambda m: None, 10)
    events: List[Any] = []
    node.create_publisher(String, '/qe_local', 10,
                          event_callbacks=PublisherEventCallbacks(matched=events.append))
    assert spin_until(executor, lambda: events)
    assert (events[0].total_count, events[0].total_count_change, events[0].current_count,
            events[0].current_count_change) == (1, 1, 1, 1)


def test_message_lost_is_supported(node: Any) -> None:
    """rmw_cyclonedds supports the event; Cyclone DDS 0.10 reports no loss for keep-last overwrites."""
    sub = node.create_subscription(String, '/qe_lost', lambda m: None, 10,
                                   event_callbacks=SubscriptionEventCallbacks(message_lost=lambda e: None))
    assert [h.event_type for h in sub.event_handlers] == [
        QoSSubscriptionEventType.RCL_SUBSCRIPTION_REQUESTED_INCOMPATIBLE_QOS,
        QoSSubscriptionEventType.RCL_SUBSCRIPTION_MESSAGE_LOST]
    assert sub.event_handlers[1].take_data() is None


def test_handlers_are_node_waitables(node: Any) -> None:
    """As in Jazzy with rmw_cyclonedds: one default handler per entity (incompatible type is unsupported)."""
    before = list(node.waitables)
    pub = node.create_publisher(String, '/qe_w', 10)
    sub = node.create_subscription(String, '/qe_w', lambda m: None, 10,
                                   event_callbacks=SubscriptionEventCallbacks(use_default_callbacks=False))
    assert [h.event_type for h in pub.event_handlers] == [
        QoSPublisherEventType.RCL_PUBLISHER_OFFERED_INCOMPATIBLE_QOS]
    assert sub.event_handlers == []
    assert list(node.waitables) == before + pub.event_handlers
    assert all(h.callback_group is node.default_callback_group for h in pub.event_handlers)
    node.destroy_publisher(pub)
    assert list(node.waitables) == before


def test_not_callable_callback_raises_in_spin(node: Any, executor: Any) -> None:
    """As rclpy: nothing checks the callback until the event comes, then spinning raises TypeError."""
    node.create_subscription(String, '/qe_bad', lambda m: None, 10,
                             event_callbacks=SubscriptionEventCallbacks(matched=5))
    node.create_publisher(String, '/qe_bad', 10)
    with pytest.raises(TypeError, match="'int' object is not callable"):
        spin_until(executor, lambda: False, 5.0)


def test_unsupported_event_type(node: Any) -> None:
    """Incompatible-type events: UnsupportedEventTypeError for a handler, ignored in the callbacks."""
    sub = node.create_subscription(String, '/qe_type', lambda m: None, 10,
                                   event_callbacks=SubscriptionEventCallbacks(incompatible_type=print))
    assert QoSSubscriptionEventType.RCL_SUBSCRIPTION_INCOMPATIBLE_TYPE not in [
        h.event_type for h in sub.event_handlers]
    with pytest.raises(UnsupportedEventTypeError, match='subscription event is unsupported'):
        EventHandler(callback_group=node.default_callback_group, callback=print,
                     event_type=QoSSubscriptionEventType.RCL_SUBSCRIPTION_INCOMPATIBLE_TYPE,
                     parent_impl=sub.handle)
    pub = node.create_publisher(String, '/qe_type', 10)
    with pytest.raises(UnsupportedEventTypeError, match='publisher event is unsupported'):
        EventHandler(callback_group=node.default_callback_group, callback=print,
                     event_type=QoSPublisherEventType.RCL_PUBLISHER_INCOMPATIBLE_TYPE, parent_impl=pub.handle)
    with pytest.raises(TypeError):
        EventHandler(callback_group=node.default_callback_group, callback=print,
                     event_type=QoSSubscriptionEventType.RCL_SUBSCRIPTION_MATCHED, parent_impl=pub.handle)
    with pytest.raises(TypeError):
        SubscriptionEventCallbacks(deadline_missed=print)


def test_status_objects_are_read_only() -> None:
    info = QoSSubscriptionMatchedInfo()
    assert (info.total_count, info.total_count_change, info.current_count, info.current_count_change) == (0,) * 4
    with pytest.raises(AttributeError):
        info.total_count = 3  # type: ignore[misc]
    assert QoSPublisherMatchedInfo is QoSSubscriptionMatchedInfo
    assert QoSOfferedIncompatibleQoSInfo is QoSRequestedIncompatibleQoSInfo


def test_qos_event_module_is_deprecated_alias() -> None:
    import importlib
    import sys
    sys.modules.pop('rclpy.qos_event', None)
    with pytest.warns(UserWarning, match="importing 'qos_event' is deprecated"):
        qos_event = importlib.import_module('rclpy.qos_event')
    assert qos_event.SubscriptionEventCallbacks is SubscriptionEventCallbacks


def test_incompatible_qos_and_matched_with_the_real_rclpy(context: Any, node: Any, executor: Any,
                                                          tmp_path: Any) -> None:
    """The real rclpy (over Fast DDS) on the other side: both report the same incompatibility."""
    from interop import _harness
    if _harness.pytestmark.mark.args[0]:
        pytest.skip(_harness.pytestmark.mark.kwargs['reason'])
    peer = _harness.RclpyPeer(tmp_path, '''
import rclpy
from rclpy.event_handler import PublisherEventCallbacks
from rclpy.qos import QoSProfile, ReliabilityPolicy, qos_policy_name_from_kind
from std_msgs.msg import String
rclpy.init()
node = rclpy.create_node('rclpy_events')
def incompatible(e):
    print('incompatible', e.total_count, e.total_count_change, qos_policy_name_from_kind(e.last_policy_kind),
          flush=True)
node.create_publisher(String, '/qe_interop', QoSProfile(depth=10, reliability=ReliabilityPolicy.BEST_EFFORT),
                      event_callbacks=PublisherEventCallbacks(incompatible_qos=incompatible))
node.create_publisher(String, '/qe_interop', 10, event_callbacks=PublisherEventCallbacks(
    matched=lambda e: print('matched', e.current_count, flush=True)))
print('ready', flush=True)
rclpy.spin(node)
''', 'rclpy_events')
    try:
        peer.expect('ready', _harness.DISCOVERY_TIMEOUT)
        incompatible: List[Any] = []
        matched: List[Any] = []
        node.create_subscription(String, '/qe_interop', lambda m: None, 10,
                                 event_callbacks=SubscriptionEventCallbacks(incompatible_qos=incompatible.append,
                                                                            matched=matched.append))
        assert spin_until(executor, lambda: incompatible and matched, _harness.DISCOVERY_TIMEOUT)
        assert (incompatible[0].total_count, incompatible[0].last_policy_kind) == (1, QoSPolicyKind.RELIABILITY)
        assert matched[-1].current_count == 1
        assert peer.expect('incompatible ', _harness.DISCOVERY_TIMEOUT, lambda: executor.spin_once(0.01)) == \
            '1 1 RELIABILITY'
        assert peer.expect('matched ', _harness.DISCOVERY_TIMEOUT, lambda: executor.spin_once(0.01)) == '1'
    finally:
        peer.stop()
