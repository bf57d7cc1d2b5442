"""Service introspection: the states and the publisher of `<service>/_service_event` events."""

import enum
from typing import Any, Optional, Type

from rclx import _core

__all__ = ['ServiceIntrospectionState']

# The suffix of the topic that carries a service's events (rcl's RCL_SERVICE_INTROSPECTION_TOPIC_POSTFIX).
TOPIC_SUFFIX = '/_service_event'

# service_msgs/msg/ServiceEventInfo event types.
REQUEST_SENT = 0
REQUEST_RECEIVED = 1
RESPONSE_SENT = 2
RESPONSE_RECEIVED = 3

_NO_GID_TAIL = bytes(8)


class ServiceIntrospectionState(enum.IntEnum):
    """What a service or client publishes about its calls."""

    OFF = 0
    """Nothing (the default)."""
    METADATA = 1
    """The event type, stamp, client gid and sequence number of each call."""
    CONTENTS = 2
    """The metadata and the request or response itself."""


def gid_of(guid: int) -> bytes:
    """The 16-byte client gid of a client guid, as rmw_cyclonedds forms it (8 bytes, little endian)."""
    return guid.to_bytes(8, 'little') + _NO_GID_TAIL


class EventPublisher:
    """Publishes one service's events (used by Service and Client while introspection is on)."""

    def __init__(self, node_handle: Any, srv_type: Type, service_name: str, clock: Any,
                 qos_profile: Any, state: ServiceIntrospectionState) -> None:
        event_type = getattr(srv_type, 'Event', None)
        if event_type is None:
            raise RuntimeError("service introspection needs service_msgs: no Event type for '{}'"
                               .format(getattr(srv_type, '__name__', srv_type)))
        self._event_type = event_type
        self._clock = clock
        self.state = state
        self._publisher: Optional[Any] = _core.Publisher(node_handle, event_type,
                                                         service_name + TOPIC_SUFFIX, qos_profile)

    def publish(self, kind: int, sequence_number: int, gid: bytes,
                request: Any = None, response: Any = None) -> None:
        """Publish one event; `request`/`response` go in only with CONTENTS."""
        if self._publisher is None:
            return
        event = self._event_type()
        info = event.info
        info.event_type = kind
        info.stamp = self._clock.now().to_msg()
        info.client_gid = gid
        info.sequence_number = sequence_number
        if self.state == ServiceIntrospectionState.CONTENTS:
            if request is not None:
                event.request = [request]
            if response is not None:
                event.response = [response]
        self._publisher.publish(event)

    def destroy(self) -> None:
        """Destroy the event publisher."""
        if self._publisher is not None:
            self._publisher.destroy()
            self._publisher = None


def check_arguments(clock: Any, qos_profile: Any, state: Any) -> ServiceIntrospectionState:
    """Check configure_introspection's arguments; return the state as a ServiceIntrospectionState."""
    from rclpy.clock import Clock
    from rclpy.qos import QoSProfile
    if not isinstance(clock, Clock):
        raise TypeError('configure_introspection: clock must be an rclpy.clock.Clock, got {}'
                        .format(type(clock).__name__))
    if not isinstance(qos_profile, QoSProfile):
        raise TypeError('configure_introspection: service_event_qos_profile must be a QoSProfile, '
                        'got {}'.format(type(qos_profile).__name__))
    if isinstance(state, bool) or not isinstance(state, int):
        raise TypeError('configure_introspection: introspection_state must be a '
                        'ServiceIntrospectionState, got {}'.format(type(state).__name__))
    try:
        return ServiceIntrospectionState(state)
    except ValueError:
        raise ValueError('configure_introspection: introspection_state must be OFF, METADATA or '
                         'CONTENTS, got {}'.format(state)) from None


def configure(current: Optional[EventPublisher], node_handle: Any, srv_type: Type,
              service_name: str, clock: Any, qos_profile: Any,
              state: Any) -> Optional[EventPublisher]:
    """Apply a configure_introspection call; return the event publisher to use (None when OFF).

    As rcl: OFF destroys the publisher; turning on creates it with `clock` and `qos_profile`,
    and while it is on a later call changes only the state.
    """
    state = check_arguments(clock, qos_profile, state)
    if state == ServiceIntrospectionState.OFF:
        if current is not None:
            current.destroy()
        return None
    if current is None:
        current = EventPublisher(node_handle, srv_type, service_name, clock, qos_profile, state)
    current.state = state
    return current
