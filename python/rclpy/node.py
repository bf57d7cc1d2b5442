"""rclpy.node.Node: the facade users subclass; entity creation lives here, other concerns in mixins."""

import itertools
import time
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Type, TypeVar, Union
import weakref

from rclpy.callback_groups import CallbackGroup, MutuallyExclusiveCallbackGroup
from rclpy.clock import Clock, ROSClock
from rclpy.clock_type import ClockType
from rclpy.context import Context
from rclpy.duration import Duration
from rclpy.exceptions import InvalidHandle, NodeNameNonExistentError
from rclpy.expand_topic_name import expand_topic_name
from rclpy.guard_condition import GuardCondition
from rclpy.impl import rosout as _rosout
from rclpy.impl.node_parameters import NodeParameters
from rclpy.impl.parameter_files import node_parameter_overrides
from rclpy.logging import get_logger
from rclpy.publisher import Publisher
from rclpy.qos import QoSProfile, _qos_from_arg
from rclpy.qos_overriding_options import _declare_qos_parameters, QoSOverridingOptions
from rclpy.subscription import Subscription
from rclpy.timer import Rate, Timer
from rclpy.topic_endpoint_info import TopicEndpointInfo, TopicEndpointTypeEnum
from rclpy.type_support import check_is_valid_srv_type
from rclpy.utilities import get_default_context
from rclpy.validate_full_topic_name import validate_full_topic_name
from rclx import _core

__all__ = ['Node']

MsgType = TypeVar('MsgType')

# Keys identify entities (and nodes, as groups) inside the native executor engine.
_keys = itertools.count(1)


def _check_msg_type(msg_type: Any) -> None:
    if not isinstance(getattr(msg_type, '_TYPE_SUPPORT', None), _core.MessageTypeSupport):
        from rclpy.type_support import check_is_valid_msg_type
        check_is_valid_msg_type(msg_type)  # imports its type support, or rclpy's error


class Node(NodeParameters):
    """
    A ROS node: publishers, subscriptions, timers and the rest, sharing a name and namespace.

    Create entities with the ``create_*`` methods and run their callbacks with an executor
    (``rclpy.spin(node)``).
    """

    def __init__(self, node_name: str, *, context: Optional[Context] = None,
                 cli_args: Optional[List[str]] = None, namespace: Optional[str] = None,
                 use_global_arguments: bool = True, enable_rosout: bool = True,
                 start_parameter_services: bool = True,
                 parameter_overrides: Optional[List[Any]] = None,
                 allow_undeclared_parameters: bool = False,
                 automatically_declare_parameters_from_overrides: bool = False,
                 enable_logger_service: bool = False) -> None:
        self._context = get_default_context() if context is None else context
        core_context = self._context._require_ok()
        rules = []
        node_args = _core.parse_ros_args(['node'] + list(cli_args)) if cli_args else None
        if node_args is not None:
            rules.extend(node_args.remap_rules)
        if use_global_arguments:
            rules.extend(self._context._global_remap_rules)
        self.__handle = _core.Node(core_context, node_name, namespace or '', rules)
        self._cli_args = list(cli_args or [])
        self._key = next(_keys)
        self._default_callback_group = MutuallyExclusiveCallbackGroup()
        self._callback_groups: List[CallbackGroup] = [self._default_callback_group]
        self._publishers: List[Publisher] = []
        self._subscriptions: List[Subscription] = []
        self._timers: List[Timer] = []
        self._guards: List[GuardCondition] = []
        self._clients: List[Any] = []
        self._services: List[Any] = []
        self._waitables: List[Any] = []
        self._executor_ref: Optional['weakref.ref'] = None
        # Executors that hold this node's entities (also after removing it, to re-add it cheaply);
        # destroy_node makes each forget them.
        self._executors_seen: 'weakref.WeakSet[Any]' = weakref.WeakSet()
        self._generation = 0  # bumped whenever an entity is added or removed (executors re-sync then)
        self._destroyed = False
        self._clock = ROSClock()
        self._core_clock = self._clock.handle.core  # the native clock its timers run on
        ns = self.__handle.namespace
        logger_name = (ns.strip('/').replace('/', '.') + '.' if ns != '/' else '') + self.__handle.name
        self._logger = get_logger(logger_name)
        self._enable_rosout = enable_rosout
        self._init_time_params_and_rosout(node_args, use_global_arguments, parameter_overrides,
                                          allow_undeclared_parameters,
                                          automatically_declare_parameters_from_overrides)
        if start_parameter_services:
            from rclpy.parameter_service import ParameterService
            self._parameter_service = ParameterService(self)
        if enable_logger_service:
            from rclpy.logging_service import LoggingService
            self._logger_service = LoggingService(self)
        from rclpy.type_description_service import TypeDescriptionService
        self._type_description_service = TypeDescriptionService(self)

    def _init_time_params_and_rosout(self, node_args: Any, use_global_arguments: bool,
                                     parameter_overrides: Optional[List[Any]],
                                     allow_undeclared_parameters: bool,
                                     automatically_declare: bool) -> None:
        # Command-line parameters and log levels: global ones first, the node's own win.
        if node_args is not None:
            from rclpy.logging import _apply_ros_args
            _apply_ros_args(node_args)
        overrides = node_parameter_overrides(self._context, self._cli_args, use_global_arguments,
                                             self.get_name(), self.get_namespace())
        self._init_parameters(overrides, parameter_overrides, allow_undeclared_parameters,
                              automatically_declare)
        from rclpy.time_source import TimeSource
        self._time_source = TimeSource(node=self)
        self._time_source.attach_clock(self._clock)
        self._rosout_publisher = (_rosout.add_publisher(self._logger.name, self.__handle)
                                  if self._enable_rosout else None)

    # -- identity -------------------------------------------------------------------------------

    @property
    def handle(self) -> Any:
        """The native node."""
        return self.__handle

    @property
    def context(self) -> Context:
        """The context the node belongs to."""
        return self._context

    def get_name(self) -> str:
        """Return the node's name (after remapping)."""
        return self.__handle.name

    def get_namespace(self) -> str:
        """Return the node's namespace (after remapping)."""
        return self.__handle.namespace

    def get_fully_qualified_name(self) -> str:
        """Return '<namespace>/<name>'."""
        return self.__handle.fully_qualified_name

    def get_logger(self) -> Any:
        """Return the node's logger."""
        return self._logger

    def get_clock(self) -> Clock:
        """Return the node's ROS clock."""
        return self._clock

    def resolve_topic_name(self, topic: str, *, only_expand: bool = False) -> str:
        """Return the fully qualified name of a topic for this node (expanded and remapped)."""
        if only_expand:
            return _core.expand_topic_name(topic, self.get_name(), self.get_namespace())
        return self.__handle.resolve_topic_name(topic, False)

    def resolve_service_name(self, service: str, *, only_expand: bool = False) -> str:
        """Return the fully qualified name of a service for this node (expanded and remapped)."""
        if only_expand:
            return _core.expand_topic_name(service, self.get_name(), self.get_namespace(), True)
        return self.__handle.resolve_topic_name(service, True)

    # -- executor link --------------------------------------------------------------------------

    @property
    def executor(self) -> Optional[Any]:
        """The executor spinning this node, if any."""
        executor = self._executor_ref() if self._executor_ref is not None else None
        if executor is not None and executor._lingering is self:
            return None  # left in place by rclpy.spin_once, but removed as far as anyone can tell
        return executor

    @executor.setter
    def executor(self, new_executor: Optional[Any]) -> None:
        current = self.executor
        if current is new_executor:
            return
        if current is not None:
            current.remove_node(self)
        if new_executor is None:
            self._executor_ref = None
        else:
            new_executor.add_node(self)

    def _entity_added(self, entity: Any) -> None:
        self._generation += 1
        executor = self.executor
        if executor is not None:
            executor._entity_added(self, entity)

    def _entity_removed(self, entity: Any) -> None:
        self._generation += 1
        executor = self.executor
        if executor is not None:
            executor._entity_removed(self, entity)

    def _wake_executor(self) -> None:
        executor = self.executor
        if executor is not None:
            executor.wake()

    def _entities(self) -> Iterator[Any]:
        yield from self._subscriptions
        yield from self._timers
        yield from self._guards
        yield from self._clients
        yield from self._services
        yield from self._waitables

    # -- entity lists as rclpy exposes them ----------------------------------------------------

    @property
    def publishers(self) -> Iterator[Publisher]:
        """The node's publishers."""
        yield from self._publishers

    @property
    def subscriptions(self) -> Iterator[Subscription]:
        """The node's subscriptions."""
        yield from self._subscriptions

    @property
    def timers(self) -> Iterator[Timer]:
        """The node's timers."""
        yield from self._timers

    @property
    def guards(self) -> Iterator[GuardCondition]:
        """The node's guard conditions."""
        yield from self._guards

    @property
    def clients(self) -> Iterator[Any]:
        """The node's service clients."""
        yield from self._clients

    @property
    def services(self) -> Iterator[Any]:
        """The node's services."""
        yield from self._services

    @property
    def waitables(self) -> Iterator[Any]:
        """The node's waitables (action servers and clients)."""
        yield from self._waitables

    @property
    def callback_groups(self) -> List[CallbackGroup]:
        """The node's callback groups."""
        return list(self._callback_groups)

    @property
    def default_callback_group(self) -> CallbackGroup:
        """The group entities join when none is given (mutually exclusive)."""
        return self._default_callback_group

    def add_waitable(self, waitable: Any) -> None:
        """
        Add a waitable (actions and QoS event handlers are waitables).

        :raises NotImplementedError: for a Waitable that fills an rclpy wait set itself
            (overrides ``add_to_wait_set``): rclx's executor cannot wait on it.
        """
        from rclpy.waitable import Waitable
        if isinstance(waitable, Waitable) and \
                type(waitable).add_to_wait_set is not Waitable.add_to_wait_set:
            raise NotImplementedError(
                f'{type(waitable).__name__} fills an rclpy wait set itself (add_to_wait_set), which '
                "rclx's executor cannot wait on; build it from subscriptions, timers, guard "
                'conditions, services or clients instead')
        self._waitables.append(waitable)
        self._entity_added(waitable)

    def remove_waitable(self, waitable: Any) -> None:
        """Remove a waitable."""
        if waitable in self._waitables:
            self._waitables.remove(waitable)
            self._entity_removed(waitable)

    # -- creation -------------------------------------------------------------------------------

    def _require_valid(self) -> None:
        if self._destroyed:
            raise InvalidHandle('cannot use a destroyed node')

    def _group(self, callback_group: Optional[CallbackGroup]) -> CallbackGroup:
        group = self._default_callback_group if callback_group is None else callback_group
        if group not in self._callback_groups:
            self._callback_groups.append(group)
        return group

    def create_publisher(self, msg_type: Type[MsgType], topic: str,
                         qos_profile: Union[QoSProfile, int], *,
                         callback_group: Optional[CallbackGroup] = None,
                         event_callbacks: Any = None,
                         qos_overriding_options: Optional[QoSOverridingOptions] = None,
                         publisher_class: Type[Publisher] = Publisher) -> Publisher:
        """
        Create a publisher.

        :param msg_type: the message class.
        :param topic: the topic name (relative, absolute or private).
        :param qos_profile: a QoSProfile, or a history depth.
        :return: the publisher.
        """
        self._require_valid()
        qos = _qos_from_arg(qos_profile)
        if qos_overriding_options is not None:  # None: no parameters, as QoSOverridingOptions([])
            _declare_qos_parameters(Publisher, self, self.resolve_topic_name(topic), qos,
                                    qos_overriding_options)
        _check_msg_type(msg_type)
        impl = _core.Publisher(self.__handle, msg_type, topic, qos)
        publisher = publisher_class(impl, msg_type, topic, qos, event_callbacks=event_callbacks,
                                    callback_group=self._group(callback_group))
        self._publishers.append(publisher)
        for handler in publisher.event_handlers:
            self.add_waitable(handler)
        return publisher

    def create_subscription(self, msg_type: Type[MsgType], topic: str,
                            callback: Callable[[MsgType], Any],
                            qos_profile: Union[QoSProfile, int], *,
                            callback_group: Optional[CallbackGroup] = None,
                            event_callbacks: Any = None,
                            qos_overriding_options: Optional[QoSOverridingOptions] = None,
                            raw: bool = False,
                            content_filter_options: Any = None) -> Subscription:
        """
        Create a subscription.

        :param msg_type: the message class.
        :param topic: the topic name.
        :param callback: called with each message (bytes when ``raw``).
        :param qos_profile: a QoSProfile, or a history depth.
        :param content_filter_options: a ContentFilterOptions (Kilted's argument).
        :return: the subscription.
        :raises NotImplementedError: if ``content_filter_options`` is given.
        """
        if content_filter_options is not None:
            # rmw_cyclonedds_cpp has no content-filtered topics either (RMW_RET_UNSUPPORTED).
            raise NotImplementedError(
                'content-filtered topics are not supported by rclx (nor by rmw_cyclonedds_cpp): '
                f'filter {content_filter_options.filter_expression!r} on {topic!r}')
        self._require_valid()
        qos = _qos_from_arg(qos_profile)
        if qos_overriding_options is not None:  # None: no parameters, as QoSOverridingOptions([])
            _declare_qos_parameters(Subscription, self, self.resolve_topic_name(topic), qos,
                                    qos_overriding_options)
        _check_msg_type(msg_type)
        impl = _core.Subscription(self.__handle, msg_type, topic, qos, raw)
        group = self._group(callback_group)
        subscription = Subscription(impl, msg_type, topic, callback, group, qos, raw,
                                    event_callbacks=event_callbacks)
        subscription._key = next(_keys)
        group.add_entity(subscription)
        self._subscriptions.append(subscription)
        self._entity_added(subscription)
        for handler in subscription.event_handlers:
            self.add_waitable(handler)
        return subscription

    def create_timer(self, timer_period_sec: float, callback: Optional[Callable],
                     callback_group: Optional[CallbackGroup] = None, clock: Optional[Clock] = None,
                     autostart: bool = True) -> Timer:
        """
        Create a timer.

        :param timer_period_sec: the period in seconds.
        :param callback: called on every period (with a TimerInfo if it takes one argument).
        :param clock: the clock (default: the node's ROS clock).
        :return: the timer.
        """
        self._require_valid()
        period_ns = int(float(timer_period_sec) * 1e9)
        if clock is None or clock is self._clock:
            timer = Timer(callback, None, period_ns, self._clock, context=self._context,
                          autostart=autostart, core_clock=self._core_clock)
        else:
            timer = Timer(callback, None, period_ns, clock, context=self._context, autostart=autostart)
        group = self._group(callback_group)
        timer.callback_group = group
        timer._key = next(_keys)
        group.add_entity(timer)
        self._timers.append(timer)
        self._entity_added(timer)
        return timer

    def create_rate(self, frequency: float, clock: Optional[Clock] = None) -> Rate:
        """Create a Rate that sleeps to keep a loop at `frequency` Hz (needs a spinning executor)."""
        if frequency <= 0:
            raise ValueError('frequency must be > 0')
        timer = self.create_timer(1.0 / frequency, None, clock=clock)
        return Rate(timer, context=self._context)

    def create_guard_condition(self, callback: Callable,
                               callback_group: Optional[CallbackGroup] = None) -> GuardCondition:
        """Create a guard condition whose callback runs in the executor when triggered."""
        self._require_valid()
        group = self._group(callback_group)
        guard = GuardCondition(callback, group, context=self._context)
        guard._key = next(_keys)
        group.add_entity(guard)
        self._guards.append(guard)
        self._entity_added(guard)
        return guard

    def create_callback_group(self, group_type: Type[CallbackGroup] = MutuallyExclusiveCallbackGroup) -> CallbackGroup:
        """Create a callback group of this node (rclx convenience; rclpy users construct one directly)."""
        group = group_type()
        self._callback_groups.append(group)
        return group

    # -- destruction ----------------------------------------------------------------------------

    def destroy_publisher(self, publisher: Publisher) -> bool:
        """Destroy a publisher; return True if it belonged to this node."""
        if publisher in self._publishers:
            self._publishers.remove(publisher)
            for handler in publisher.event_handlers:
                self.remove_waitable(handler)
            publisher.destroy()
            return True
        return False

    def destroy_subscription(self, subscription: Subscription) -> bool:
        """Destroy a subscription; return True if it belonged to this node."""
        if subscription in self._subscriptions:
            self._subscriptions.remove(subscription)
            self._entity_removed(subscription)
            for handler in subscription.event_handlers:
                self.remove_waitable(handler)
            subscription.destroy()
            return True
        return False

    def destroy_timer(self, timer: Timer) -> bool:
        """Destroy a timer; return True if it belonged to this node."""
        if timer in self._timers:
            self._timers.remove(timer)
            self._entity_removed(timer)
            timer.destroy()
            return True
        return False

    def destroy_rate(self, rate: Rate) -> bool:
        """Destroy a rate and its timer."""
        rate.destroy()
        return self.destroy_timer(rate._timer)

    def destroy_guard_condition(self, guard: GuardCondition) -> bool:
        """Destroy a guard condition; return True if it belonged to this node."""
        if guard in self._guards:
            self._guards.remove(guard)
            self._entity_removed(guard)
            guard.destroy()
            return True
        return False

    def destroy_node(self) -> None:
        """Destroy the node and every entity it created (their DDS entities go at once)."""
        if self._destroyed:
            return
        for executor in list(self._executors_seen):
            executor._forget_destroyed_node(self)  # also when rclpy.spin_once left it in place
        self._executors_seen.clear()
        self._executor_ref = None
        self._time_source.destroy()
        if self._rosout_publisher is not None:
            _rosout.remove_publisher(self._logger.name, self._rosout_publisher)
            self._rosout_publisher = None
        for publisher in list(self._publishers):
            self.destroy_publisher(publisher)
        for subscription in list(self._subscriptions):
            self.destroy_subscription(subscription)
        for timer in list(self._timers):
            self.destroy_timer(timer)
        for guard in list(self._guards):
            self.destroy_guard_condition(guard)
        for entity in list(self._clients) + list(self._services) + list(self._waitables):
            destroy = getattr(entity, 'destroy', None)
            if destroy is not None:
                destroy()
        self._clients.clear()
        self._services.clear()
        self._waitables.clear()
        self._destroyed = True
        self.__handle.destroy()

    # -- services and clients -------------------------------------------------------------------

    def create_service(self, srv_type: Any, srv_name: str, callback: Callable[[Any, Any], Any], *,
                       qos_profile: Optional[QoSProfile] = None,
                       callback_group: Optional[CallbackGroup] = None) -> Any:
        """
        Create a service server.

        :param srv_type: the service class (with ``Request`` and ``Response``).
        :param srv_name: the service name (relative, absolute or private).
        :param callback: called as ``callback(request, response)``; returns the response to send.
        :param qos_profile: default ``qos_profile_services_default``.
        :return: the service.
        """
        from rclpy.qos import qos_profile_services_default
        from rclpy.service import Service
        self._require_valid()
        qos = qos_profile_services_default if qos_profile is None else qos_profile
        check_is_valid_srv_type(srv_type)
        impl = _core.Service(self.__handle, srv_type, srv_name, qos)
        group = self._group(callback_group)
        service = Service(impl, srv_type, srv_name, callback, group, qos)
        service._key = next(_keys)
        service._logger = self._logger
        group.add_entity(service)
        self._services.append(service)
        self._entity_added(service)
        return service

    def create_client(self, srv_type: Any, srv_name: str, *,
                      qos_profile: Optional[QoSProfile] = None,
                      callback_group: Optional[CallbackGroup] = None) -> Any:
        """
        Create a service client.

        :param srv_type: the service class (with ``Request`` and ``Response``).
        :param srv_name: the service name (relative, absolute or private).
        :param qos_profile: default ``qos_profile_services_default``.
        :return: the client.
        """
        from rclpy.client import Client
        from rclpy.qos import qos_profile_services_default
        self._require_valid()
        qos = qos_profile_services_default if qos_profile is None else qos_profile
        check_is_valid_srv_type(srv_type)
        impl = _core.Client(self.__handle, srv_type, srv_name, qos)
        group = self._group(callback_group)
        client = Client(self._context, impl, srv_type, srv_name, qos, group)
        client._key = next(_keys)
        client._node = self
        group.add_entity(client)
        self._clients.append(client)
        self._entity_added(client)
        return client

    def destroy_service(self, service: Any) -> bool:
        """Destroy a service; return True if it belonged to this node."""
        if service in self._services:
            self._services.remove(service)
            self._entity_removed(service)
            service.destroy()
            return True
        return False

    def destroy_client(self, client: Any) -> bool:
        """Destroy a client; return True if it belonged to this node."""
        if client in self._clients:
            self._clients.remove(client)
            self._entity_removed(client)
            client.destroy()
            return True
        return False

    # -- graph ------------------------------------------------------------------------------------

    def _graph(self) -> Any:
        return _core.graph_of(self._context._require_ok())

    def count_publishers(self, topic_name: str) -> int:
        """Return the number of publishers on a topic (its name resolved for this node)."""
        return self._graph().count_publishers(self.resolve_topic_name(topic_name))

    def count_subscribers(self, topic_name: str) -> int:
        """Return the number of subscriptions on a topic (its name resolved for this node)."""
        return self._graph().count_subscribers(self.resolve_topic_name(topic_name))

    def _count_service_readers(self, service_name: str, prefix: str, suffix: str) -> int:
        # As rmw_cyclonedds: clients are the readers of `rr<name>Reply`, servers those of
        # `rq<name>Request`. The name is expanded, not remapped, as rclpy does.
        fq_service_name = expand_topic_name(service_name, self.get_name(), self.get_namespace())
        validate_full_topic_name(fq_service_name, is_service=True)
        return len(self._graph().subscriptions_info_by_topic(prefix + fq_service_name + suffix, True))

    def count_clients(self, service_name: str) -> int:
        """
        Return the number of clients of a service.

        :param service_name: relative, private or fully qualified service name (expanded with
            this node's name and namespace, not remapped).
        :return: the number of clients of the service.
        """
        return self._count_service_readers(service_name, 'rr', 'Reply')

    def count_services(self, service_name: str) -> int:
        """
        Return the number of servers of a service.

        :param service_name: relative, private or fully qualified service name (expanded with
            this node's name and namespace, not remapped).
        :return: the number of servers of the service.
        """
        return self._count_service_readers(service_name, 'rq', 'Request')

    def get_node_names(self) -> List[str]:
        """Return the names of the nodes in the ROS graph."""
        return [name for name, _ in self._graph().node_names_and_namespaces()]

    def get_node_names_and_namespaces(self) -> List[Tuple[str, str]]:
        """Return (name, namespace) of every node in the ROS graph."""
        return list(self._graph().node_names_and_namespaces())

    def get_node_names_and_namespaces_with_enclaves(self) -> List[Tuple[str, str, str]]:
        """Return (name, namespace, enclave) of every node in the ROS graph."""
        return list(self._graph().node_names_and_namespaces_with_enclaves())

    def get_fully_qualified_node_names(self) -> List[str]:
        """Return '<namespace>/<name>' of every node in the ROS graph."""
        return [(ns.rstrip('/') + '/' + name) for name, ns in self._graph().node_names_and_namespaces()]

    def get_topic_names_and_types(self, no_demangle: bool = False) -> List[Tuple[str, List[str]]]:
        """Return [(topic, [types])] for every topic in the graph, sorted by name."""
        return self._graph().topic_names_and_types(no_demangle)

    def get_service_names_and_types(self) -> List[Tuple[str, List[str]]]:
        """Return [(service, [types])] for every service in the graph, sorted by name."""
        return self._graph().service_names_and_types()

    def _by_node(self, query: Callable[..., Any], node_name: str, node_namespace: str, *args: Any) -> Any:
        result = query(node_name, node_namespace, *args)
        if result is None:
            raise NodeNameNonExistentError(
                f"Node name not found: ns='{node_namespace}', name='{node_name}'")
        return result

    def get_publisher_names_and_types_by_node(self, node_name: str, node_namespace: str,
                                              no_demangle: bool = False) -> List[Tuple[str, List[str]]]:
        """Return [(topic, [types])] a node publishes; NodeNameNonExistentError if it is unknown."""
        return self._by_node(self._graph().publisher_names_and_types_by_node, node_name, node_namespace,
                             no_demangle)

    def get_subscriber_names_and_types_by_node(self, node_name: str, node_namespace: str,
                                               no_demangle: bool = False) -> List[Tuple[str, List[str]]]:
        """Return [(topic, [types])] a node subscribes to; NodeNameNonExistentError if it is unknown."""
        return self._by_node(self._graph().subscriber_names_and_types_by_node, node_name, node_namespace,
                             no_demangle)

    def get_service_names_and_types_by_node(self, node_name: str,
                                            node_namespace: str) -> List[Tuple[str, List[str]]]:
        """Return [(service, [types])] a node serves; NodeNameNonExistentError if it is unknown."""
        return self._by_node(self._graph().service_names_and_types_by_node, node_name, node_namespace)

    def get_client_names_and_types_by_node(self, node_name: str,
                                           node_namespace: str) -> List[Tuple[str, List[str]]]:
        """Return [(service, [types])] a node has clients for; NodeNameNonExistentError if unknown."""
        return self._by_node(self._graph().client_names_and_types_by_node, node_name, node_namespace)

    def _info_by_topic(self, topic_name: str, no_mangle: bool, publishers: bool) -> List[TopicEndpointInfo]:
        graph = self._graph()
        fq_topic_name = topic_name if no_mangle else self.resolve_topic_name(topic_name, only_expand=True)
        query = graph.publishers_info_by_topic if publishers else graph.subscriptions_info_by_topic
        infos = []
        for d in query(fq_topic_name, no_mangle):
            q = d['qos']
            qos = QoSProfile(
                history=q['history'], depth=q['depth'], reliability=q['reliability'],
                durability=q['durability'], deadline=Duration(nanoseconds=q['deadline']),
                lifespan=Duration(nanoseconds=q['lifespan']), liveliness=q['liveliness'],
                liveliness_lease_duration=Duration(nanoseconds=q['liveliness_lease_duration']),
                avoid_ros_namespace_conventions=q['avoid_ros_namespace_conventions'])
            infos.append(TopicEndpointInfo(
                node_name=d['node_name'], node_namespace=d['node_namespace'], topic_type=d['topic_type'],
                endpoint_type=(TopicEndpointTypeEnum.PUBLISHER if d['is_publisher']
                               else TopicEndpointTypeEnum.SUBSCRIPTION),
                endpoint_gid=d['endpoint_gid'], qos_profile=qos, topic_type_hash=d['topic_type_hash']))
        return infos

    def get_publishers_info_by_topic(self, topic_name: str, no_mangle: bool = False) -> List[TopicEndpointInfo]:
        """Return a TopicEndpointInfo for every publisher on a topic."""
        return self._info_by_topic(topic_name, no_mangle, True)

    def get_subscriptions_info_by_topic(self, topic_name: str,
                                        no_mangle: bool = False) -> List[TopicEndpointInfo]:
        """Return a TopicEndpointInfo for every subscription on a topic."""
        return self._info_by_topic(topic_name, no_mangle, False)

    def wait_for_node(self, fully_qualified_node_name: str, timeout: float) -> bool:
        """Wait up to `timeout` seconds for a node to appear in the graph; return whether it did."""
        if not fully_qualified_node_name.startswith('/'):
            fully_qualified_node_name = '/' + fully_qualified_node_name
        deadline = time.monotonic() + timeout
        while True:
            if fully_qualified_node_name in self.get_fully_qualified_node_names():
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))

    def __enter__(self) -> 'Node':
        return self

    def __exit__(self, *exc: object) -> None:
        self.destroy_node()
