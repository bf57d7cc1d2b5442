"""rclpy.event_handler: callbacks for QoS and matched events of publishers and subscriptions."""

from enum import IntEnum
from typing import Any, Callable, List, Optional
import warnings

from rclpy.callback_groups import CallbackGroup
from rclpy.exceptions import UnsupportedEventTypeError
from rclpy.logging import get_logger
from rclpy.qos import QoSPolicyKind, qos_policy_name_from_kind
from rclpy.waitable import NumberOfEntities, Waitable
from rclx import _core

__all__ = [
    'EventHandler', 'QoSEventHandler', 'SubscriptionEventCallbacks', 'PublisherEventCallbacks',
    'QoSPublisherEventType', 'QoSSubscriptionEventType', 'UnsupportedEventTypeError',
    'QoSRequestedDeadlineMissedInfo', 'QoSLivelinessChangedInfo', 'QoSMessageLostInfo',
    'QoSRequestedIncompatibleQoSInfo', 'QoSSubscriptionMatchedInfo', 'QoSOfferedDeadlineMissedInfo',
    'QoSLivelinessLostInfo', 'QoSPublisherMatchedInfo', 'QoSOfferedIncompatibleQoSInfo',
    'IncompatibleTypeInfo', 'QoSPolicyKind',
]


class QoSPublisherEventType(IntEnum):
    """Events of a publisher (rcl_publisher_event_type_t)."""

    RCL_PUBLISHER_OFFERED_DEADLINE_MISSED = 0
    RCL_PUBLISHER_LIVELINESS_LOST = 1
    RCL_PUBLISHER_OFFERED_INCOMPATIBLE_QOS = 2
    RCL_PUBLISHER_INCOMPATIBLE_TYPE = 3
    RCL_PUBLISHER_MATCHED = 4


class QoSSubscriptionEventType(IntEnum):
    """Events of a subscription (rcl_subscription_event_type_t)."""

    RCL_SUBSCRIPTION_REQUESTED_DEADLINE_MISSED = 0
    RCL_SUBSCRIPTION_LIVELINESS_CHANGED = 1
    RCL_SUBSCRIPTION_REQUESTED_INCOMPATIBLE_QOS = 2
    RCL_SUBSCRIPTION_MESSAGE_LOST = 3
    RCL_SUBSCRIPTION_INCOMPATIBLE_TYPE = 4
    RCL_SUBSCRIPTION_MATCHED = 5


# The native event kinds (rclx::EventKind); None: not supported by rmw_cyclonedds.
_SUBSCRIPTION_KINDS = {
    QoSSubscriptionEventType.RCL_SUBSCRIPTION_REQUESTED_DEADLINE_MISSED: 0,
    QoSSubscriptionEventType.RCL_SUBSCRIPTION_LIVELINESS_CHANGED: 1,
    QoSSubscriptionEventType.RCL_SUBSCRIPTION_REQUESTED_INCOMPATIBLE_QOS: 2,
    QoSSubscriptionEventType.RCL_SUBSCRIPTION_MESSAGE_LOST: 3,
    QoSSubscriptionEventType.RCL_SUBSCRIPTION_INCOMPATIBLE_TYPE: None,
    QoSSubscriptionEventType.RCL_SUBSCRIPTION_MATCHED: 4,
}
_PUBLISHER_KINDS = {
    QoSPublisherEventType.RCL_PUBLISHER_OFFERED_DEADLINE_MISSED: 5,
    QoSPublisherEventType.RCL_PUBLISHER_LIVELINESS_LOST: 6,
    QoSPublisherEventType.RCL_PUBLISHER_OFFERED_INCOMPATIBLE_QOS: 7,
    QoSPublisherEventType.RCL_PUBLISHER_INCOMPATIBLE_TYPE: None,
    QoSPublisherEventType.RCL_PUBLISHER_MATCHED: 8,
}


class _Status:
    """An event's status: read-only counters (rmw's status structs)."""

    __slots__ = ()
    _fields: tuple = ()

    def __init__(self, **values: int) -> None:
        for name in self._fields:
            object.__setattr__(self, '_' + name, int(values.pop(name, 0)))
        if values:
            raise TypeError('{}() got unexpected keyword arguments: {}'.format(
                type(self).__name__, ', '.join(sorted(values))))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("property of '{}' object has no setter".format(type(self).__name__))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(
            getattr(self, n) == getattr(other, n) for n in self._fields)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return '{}({})'.format(type(self).__name__, ', '.join(
            '{}={!r}'.format(n, getattr(self, n)) for n in self._fields))


def _status_class(name: str, fields: tuple, doc: str) -> type:
    """Builds a _Status subclass with a read-only property per field."""
    namespace: dict = {'__slots__': tuple('_' + f for f in fields), '_fields': fields, '__doc__': doc}
    for f in fields:
        namespace[f] = property(lambda self, _n='_' + f: object.__getattribute__(self, _n))
    return type(name, (_Status,), namespace)


class _PolicyStatus(_Status):
    """An incompatible-QoS status: its last_policy_kind is a QoSPolicyKind."""

    __slots__ = ()

    @property
    def last_policy_kind(self) -> QoSPolicyKind:
        value = object.__getattribute__(self, '_last_policy_kind')
        try:
            return QoSPolicyKind(value)
        except ValueError:
            return QoSPolicyKind.INVALID


_COUNTS = ('total_count', 'total_count_change')

# Payload of a subscription's deadline callback.
QoSRequestedDeadlineMissedInfo = _status_class(
    'rmw_requested_deadline_missed_status_t', _COUNTS, 'Deadlines missed by the publishers of a subscription.')
# Payload of a subscription's liveliness callback.
QoSLivelinessChangedInfo = _status_class(
    'rmw_liveliness_changed_status_t',
    ('alive_count', 'not_alive_count', 'alive_count_change', 'not_alive_count_change'),
    'Publishers of a subscription that are alive or not.')
# Payload of a subscription's message-lost callback.
QoSMessageLostInfo = _status_class('rmw_message_lost_status_t', _COUNTS, 'Messages a subscription lost.')
# Payload of the incompatible-QoS callbacks of both sides.
QoSRequestedIncompatibleQoSInfo = type(
    'rmw_requested_qos_incompatible_event_status_t', (_PolicyStatus,),
    {'__slots__': ('_total_count', '_total_count_change', '_last_policy_kind'),
     '_fields': _COUNTS + ('last_policy_kind',),
     '__doc__': 'Peers found with incompatible QoS, and the last policy that did not match.',
     'total_count': property(lambda self: object.__getattribute__(self, '_total_count')),
     'total_count_change': property(lambda self: object.__getattribute__(self, '_total_count_change'))})
QoSOfferedIncompatibleQoSInfo = QoSRequestedIncompatibleQoSInfo
# Payload of the matched callbacks of both sides.
QoSSubscriptionMatchedInfo = _status_class(
    'rmw_matched_status_t', _COUNTS + ('current_count', 'current_count_change'),
    'Peers matched now and in total.')
QoSPublisherMatchedInfo = QoSSubscriptionMatchedInfo
# Payload of a publisher's deadline callback.
QoSOfferedDeadlineMissedInfo = _status_class(
    'rmw_offered_deadline_missed_status_t', _COUNTS, 'Deadlines a publisher missed.')
# Payload of a publisher's liveliness callback.
QoSLivelinessLostInfo = _status_class(
    'rmw_liveliness_lost_status_t', _COUNTS, 'Times a publisher was considered not alive.')
# Payload of the incompatible-type callbacks (an event rmw_cyclonedds does not support).
IncompatibleTypeInfo = _status_class('rmw_incompatible_type_status_t', ('total_count_change',),
                                     'Peers found with an incompatible type.')

# Native kind -> (payload class, which fields of the native tuple it takes).
_T, _TC, _C, _CC, _A, _AC, _N, _NC, _P = range(9)
_PAYLOADS = {
    0: (QoSRequestedDeadlineMissedInfo, {'total_count': _T, 'total_count_change': _TC}),
    1: (QoSLivelinessChangedInfo, {'alive_count': _A, 'not_alive_count': _N,
                                   'alive_count_change': _AC, 'not_alive_count_change': _NC}),
    2: (QoSRequestedIncompatibleQoSInfo, {'total_count': _T, 'total_count_change': _TC, 'last_policy_kind': _P}),
    3: (QoSMessageLostInfo, {'total_count': _T, 'total_count_change': _TC}),
    4: (QoSSubscriptionMatchedInfo, {'total_count': _T, 'total_count_change': _TC,
                                     'current_count': _C, 'current_count_change': _CC}),
    5: (QoSOfferedDeadlineMissedInfo, {'total_count': _T, 'total_count_change': _TC}),
    6: (QoSLivelinessLostInfo, {'total_count': _T, 'total_count_change': _TC}),
    7: (QoSOfferedIncompatibleQoSInfo, {'total_count': _T, 'total_count_change': _TC, 'last_policy_kind': _P}),
    8: (QoSPublisherMatchedInfo, {'total_count': _T, 'total_count_change': _TC,
                                  'current_count': _C, 'current_count_change': _CC}),
}


def _native_kind(event_type: IntEnum, parent_impl: Any) -> int:
    """The native kind of an rcl event type for this parent; raises as rclpy does when unsupported."""
    is_publisher = isinstance(parent_impl, _core.PublisherBase)
    if is_publisher:
        if not isinstance(event_type, QoSPublisherEventType):
            raise TypeError('event type for publishers not understood')
        kind = _PUBLISHER_KINDS[event_type]
    else:
        if not isinstance(event_type, QoSSubscriptionEventType):
            raise TypeError('event type for subscriptions not understood')
        kind = _SUBSCRIPTION_KINDS[event_type]
    if kind is None:
        raise UnsupportedEventTypeError(
            '{} event is unsupported: provided event_type is not supported by rmw_cyclonedds_cpp'.format(
                'publisher' if is_publisher else 'subscription'))
    return kind


class EventHandler(Waitable):
    """
    Waits for one kind of event of a publisher or subscription and runs its callback in the executor.

    Created by :class:`PublisherEventCallbacks` / :class:`SubscriptionEventCallbacks`; the node adds it
    as a waitable, so the callback runs in ``callback_group`` like the entity's other callbacks.
    """

    def __init__(self, *, callback_group: CallbackGroup, callback: Callable, event_type: IntEnum,
                 parent_impl: Any) -> None:
        from rclpy.node import _keys  # the node module imports this one
        kind = _native_kind(event_type, parent_impl)
        self.event_type = event_type
        self.callback = callback
        self.callback_group = callback_group
        self.__event = _core.EventHandler(parent_impl, kind)
        self._kind = kind
        self._key = next(_keys)
        self._destroyed = False
        callback_group.add_entity(self)

    def take_data(self) -> Any:
        """Take the event's status if it changed (clearing the ready condition), else None."""
        if self._destroyed:
            return None
        values = self.__event.take()
        if values is None:
            return None
        cls, fields = _PAYLOADS[self._kind]
        return cls(**{name: values[index] for name, index in fields.items()})

    async def execute(self, taken_data: Any) -> None:
        """Run the callback with data taken by take_data()."""
        if not taken_data:
            return
        result = self.callback(taken_data)
        if result is not None and hasattr(result, '__await__'):
            await result

    def get_num_entities(self) -> NumberOfEntities:
        """One event."""
        return NumberOfEntities(num_events=1)

    # -- executor protocol ----------------------------------------------------------------------

    def _register_with(self, engine: Any, group_key: int) -> None:
        engine.add_waitable(self._key, group_key, self.__event)

    def _execute_ready(self) -> Any:
        data = self.take_data()
        if data is None:
            return None
        return self.callback(data)

    def destroy(self) -> None:
        """Stop listening (the publisher or subscription destroys its handlers)."""
        if not self._destroyed:
            self._destroyed = True
            self.__event.destroy()

    def __enter__(self) -> 'EventHandler':
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class QoSEventHandler(EventHandler):
    """Deprecated name of :class:`EventHandler`."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        warnings.warn('QoSEventHandler foo is deprecated, use EventHandler instead.',
                      DeprecationWarning, stacklevel=2)
        super().__init_subclass__(**kwargs)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        warnings.warn('QoSEventHandler is deprecated, use EventHandler instead.',
                      DeprecationWarning, stacklevel=2)
        super().__init__(*args, **kwargs)


def _handler(handlers: List[EventHandler], callback_group: CallbackGroup, callback: Optional[Callable],
             event_type: IntEnum, parent_impl: Any, optional: bool = False) -> None:
    """Appends a handler for `callback` if there is one; `optional` ones are skipped when unsupported."""
    if not callback:
        return
    try:
        handlers.append(EventHandler(callback_group=callback_group, callback=callback,
                                     event_type=event_type, parent_impl=parent_impl))
    except UnsupportedEventTypeError:
        if not optional:
            raise


def _incompatible_type_warning(logger: Any, topic_name: str) -> Callable[[Any], None]:
    def warn(event: Any) -> None:
        logger.warning("Incompatible type on topic '{}', no messages will be sent to it.".format(topic_name))
    return warn


class SubscriptionEventCallbacks:
    """Container to provide middleware event callbacks for a Subscription."""

    def __init__(self, *,
                 deadline: Optional[Callable[[Any], None]] = None,
                 incompatible_qos: Optional[Callable[[Any], None]] = None,
                 liveliness: Optional[Callable[[Any], None]] = None,
                 message_lost: Optional[Callable[[Any], None]] = None,
                 incompatible_type: Optional[Callable[[Any], None]] = None,
                 matched: Optional[Callable[[Any], None]] = None,
                 use_default_callbacks: bool = True) -> None:
        """
        Create a SubscriptionEventCallbacks container.

        :param deadline: called when a publisher misses the requested deadline.
        :param incompatible_qos: called when a publisher with incompatible QoS is discovered.
        :param liveliness: called when the liveliness of a publisher on the topic changes.
        :param message_lost: called when messages are lost.
        :param incompatible_type: called when a publisher's type does not match (not supported by
            rmw_cyclonedds: never called).
        :param matched: called when a publisher is matched or unmatched.
        :param use_default_callbacks: log a warning for incompatible QoS when no callback is given.
        """
        self.deadline = deadline
        self.incompatible_qos = incompatible_qos
        self.liveliness = liveliness
        self.message_lost = message_lost
        self.incompatible_type = incompatible_type
        self.matched = matched
        self.use_default_callbacks = use_default_callbacks

    def create_event_handlers(self, callback_group: CallbackGroup, subscription: Any,
                              topic_name: str) -> List[EventHandler]:
        """Create the handlers for these callbacks on a native subscription."""
        logger = get_logger(subscription.logger_name)
        handlers: List[EventHandler] = []
        t = QoSSubscriptionEventType
        _handler(handlers, callback_group, self.deadline, t.RCL_SUBSCRIPTION_REQUESTED_DEADLINE_MISSED,
                 subscription)
        incompatible_qos = self.incompatible_qos
        if not incompatible_qos and self.use_default_callbacks:
            def incompatible_qos(event: Any) -> None:
                logger.warning(
                    "New publisher discovered on topic '{}', offering incompatible QoS. "
                    'No messages will be received from it. Last incompatible policy: {}'.format(
                        topic_name, qos_policy_name_from_kind(event.last_policy_kind)))
        _handler(handlers, callback_group, incompatible_qos, t.RCL_SUBSCRIPTION_REQUESTED_INCOMPATIBLE_QOS,
                 subscription, optional=True)
        _handler(handlers, callback_group, self.liveliness, t.RCL_SUBSCRIPTION_LIVELINESS_CHANGED, subscription)
        _handler(handlers, callback_group, self.message_lost, t.RCL_SUBSCRIPTION_MESSAGE_LOST, subscription)
        incompatible_type = self.incompatible_type
        if not incompatible_type and self.use_default_callbacks:
            incompatible_type = _incompatible_type_warning(logger, topic_name)
        _handler(handlers, callback_group, incompatible_type, t.RCL_SUBSCRIPTION_INCOMPATIBLE_TYPE,
                 subscription, optional=True)
        _handler(handlers, callback_group, self.matched, t.RCL_SUBSCRIPTION_MATCHED, subscription)
        return handlers


class PublisherEventCallbacks:
    """Container to provide middleware event callbacks for a Publisher."""

    def __init__(self, *,
                 deadline: Optional[Callable[[Any], None]] = None,
                 liveliness: Optional[Callable[[Any], None]] = None,
                 incompatible_qos: Optional[Callable[[Any], None]] = None,
                 incompatible_type: Optional[Callable[[Any], None]] = None,
                 matched: Optional[Callable[[Any], None]] = None,
                 use_default_callbacks: bool = True) -> None:
        """
        Create a PublisherEventCallbacks container.

        :param deadline: called when the publisher misses its offered deadline.
        :param liveliness: called when the publisher did not assert its liveliness in time.
        :param incompatible_qos: called when a subscription with incompatible QoS is discovered.
        :param incompatible_type: called when a subscription's type does not match (not supported by
            rmw_cyclonedds: never called).
        :param matched: called when a subscription is matched or unmatched.
        :param use_default_callbacks: log a warning for incompatible QoS when no callback is given.
        """
        self.deadline = deadline
        self.liveliness = liveliness
        self.incompatible_qos = incompatible_qos
        self.incompatible_type = incompatible_type
        self.matched = matched
        self.use_default_callbacks = use_default_callbacks

    def create_event_handlers(self, callback_group: CallbackGroup, publisher: Any,
                              topic_name: str) -> List[EventHandler]:
        """Create the handlers for these callbacks on a native publisher."""
        logger = get_logger(publisher.logger_name)
        handlers: List[EventHandler] = []
        t = QoSPublisherEventType
        _handler(handlers, callback_group, self.deadline, t.RCL_PUBLISHER_OFFERED_DEADLINE_MISSED, publisher)
        _handler(handlers, callback_group, self.liveliness, t.RCL_PUBLISHER_LIVELINESS_LOST, publisher)
        incompatible_qos = self.incompatible_qos
        if not incompatible_qos and self.use_default_callbacks:
            def incompatible_qos(event: Any) -> None:
                logger.warning(
                    "New subscription discovered on topic '{}', requesting incompatible QoS. "
                    'No messages will be sent to it. Last incompatible policy: {}'.format(
                        topic_name, qos_policy_name_from_kind(event.last_policy_kind)))
        _handler(handlers, callback_group, incompatible_qos, t.RCL_PUBLISHER_OFFERED_INCOMPATIBLE_QOS,
                 publisher, optional=True)
        incompatible_type = self.incompatible_type
        if not incompatible_type and self.use_default_callbacks:
            incompatible_type = _incompatible_type_warning(logger, topic_name)
        _handler(handlers, callback_group, incompatible_type, t.RCL_PUBLISHER_INCOMPATIBLE_TYPE, publisher,
                 optional=True)
        _handler(handlers, callback_group, self.matched, t.RCL_PUBLISHER_MATCHED, publisher)
        return handlers
