"""Service introspection: configure_introspection on services and clients publishes <service>/_service_event."""

import time
from typing import Any, List

import pytest

from rclpy.executors import SingleThreadedExecutor
from rclpy.qos import DurabilityPolicy, QoSProfile, ReliabilityPolicy
from rclpy.service_introspection import ServiceIntrospectionState as State

EVENT_QOS = QoSProfile(depth=20, reliability=ReliabilityPolicy.RELIABLE,
                       durability=DurabilityPolicy.TRANSIENT_LOCAL)


def add(request: Any, response: Any) -> Any:
    response.sum = request.a + request.b
    return response


@pytest.fixture
def setup(context: Any) -> Any:
    import rclpy
    from example_interfaces.srv import AddTwoInts
    node = rclpy.create_node('introspected', context=context)
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(node)
    service = node.create_service(AddTwoInts, 'intro_add', add)
    client = node.create_client(AddTwoInts, 'intro_add')
    events: List[Any] = []
    node.create_subscription(AddTwoInts.Event, '/intro_add/_service_event', events.append, EVENT_QOS)
    assert client.wait_for_service(20.0)
    yield node, executor, service, client, events, AddTwoInts
    executor.shutdown()
    node.destroy_node()


def call(executor: Any, client: Any, srv: Any, a: int, b: int) -> None:
    future = client.call_async(srv.Request(a=a, b=b))
    executor.spin_until_future_complete(future, 20.0)
    assert future.result().sum == a + b


def spin_until(executor: Any, predicate: Any, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not predicate() and time.monotonic() < end:
        executor.spin_once(0.05)
    assert predicate()


@pytest.mark.parametrize('state', [State.METADATA, State.CONTENTS])
def test_in_process_events(setup: Any, state: State) -> None:
    node, executor, service, client, events, srv = setup
    service.configure_introspection(node.get_clock(), EVENT_QOS, state)
    client.configure_introspection(node.get_clock(), EVENT_QOS, state)
    spin_until(executor, lambda: node.count_publishers('/intro_add/_service_event') == 2)
    call(executor, client, srv, 2, 3)
    spin_until(executor, lambda: len(events) >= 4)
    assert [e.info.event_type for e in events] == [0, 1, 2, 3]
    assert len({e.info.sequence_number for e in events}) == 1
    assert len({bytes(e.info.client_gid) for e in events}) == 1
    assert all(e.info.stamp.sec > 0 for e in events)
    if state == State.CONTENTS:
        assert [(e.request[0].a, e.request[0].b) for e in events[:2]] == [(2, 3), (2, 3)]
        assert [e.response[0].sum for e in events[2:]] == [5, 5]
        assert not events[0].response and not events[2].request
    else:
        assert all(not e.request and not e.response for e in events)


def test_off_and_switching(setup: Any) -> None:
    node, executor, service, client, events, srv = setup
    assert node.count_publishers('/intro_add/_service_event') == 0  # OFF by default: no publisher
    call(executor, client, srv, 1, 1)  # OFF
    service.configure_introspection(node.get_clock(), EVENT_QOS, State.METADATA)
    call(executor, client, srv, 1, 2)  # service metadata only
    spin_until(executor, lambda: len(events) >= 2)
    service.configure_introspection(node.get_clock(), EVENT_QOS, State.CONTENTS)
    call(executor, client, srv, 1, 3)  # with contents
    spin_until(executor, lambda: len(events) >= 4)
    service.configure_introspection(node.get_clock(), EVENT_QOS, State.OFF)
    spin_until(executor, lambda: node.count_publishers('/intro_add/_service_event') == 0)
    call(executor, client, srv, 1, 4)  # OFF again
    executor.spin_once(0.2)
    first = events[0].info.sequence_number
    assert [(e.info.event_type, e.info.sequence_number - first) for e in events] == \
        [(1, 0), (2, 0), (1, 1), (2, 1)]
    assert not events[0].request and events[2].request[0].b == 3 and events[3].response[0].sum == 4


def test_bad_arguments(setup: Any) -> None:
    node, _executor, service, client, _events, _srv = setup
    with pytest.raises(TypeError, match='introspection_state'):
        service.configure_introspection(node.get_clock(), EVENT_QOS, 'on')
    with pytest.raises(ValueError, match='OFF, METADATA or CONTENTS'):
        client.configure_introspection(node.get_clock(), EVENT_QOS, 7)
    with pytest.raises(TypeError, match='clock'):
        client.configure_introspection(None, EVENT_QOS, State.METADATA)
