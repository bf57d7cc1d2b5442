"""rclpy.parameter_event_handler.ParameterEventHandler: callbacks on /parameter_events."""

from collections import defaultdict
from itertools import chain
import threading
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from rcl_interfaces.msg import Parameter as ParameterMsg
from rcl_interfaces.msg import ParameterEvent
from rclpy.callback_groups import CallbackGroup
from rclpy.node import Node
from rclpy.qos import qos_profile_parameter_events
from rclpy.qos import QoSProfile

__all__ = ['ParameterCallbackHandle', 'ParameterEventCallbackHandle', 'ParameterEventHandler']


class ParameterCallbackHandle:
    """What add_parameter_callback returns: keep it to remove the callback later."""

    def __init__(self, parameter_name: str, node_name: str,
                 callback: Callable[[ParameterMsg], None]) -> None:
        self.parameter_name = parameter_name
        self.node_name = node_name
        self.callback = callback
        # Held while the callback runs: one handle's callback never runs twice at once.
        self.mutex = threading.Lock()


class ParameterEventCallbackHandle:
    """What add_parameter_event_callback returns: keep it to remove the callback later."""

    def __init__(self, callback: Callable[[ParameterEvent], None]) -> None:
        self.callback = callback
        # Held while the callback runs: one handle's callback never runs twice at once.
        self.mutex = threading.Lock()


class ParameterEventHandler:
    """
    Calls user callbacks for the parameter events of any node, read from ``/parameter_events``.

    Usage example:

    .. code-block:: python

        handler = ParameterEventHandler(node)
        handle = handler.add_parameter_callback(
            parameter_name='example_parameter', node_name='example', callback=on_change)
        handler.remove_parameter_callback(handle)
        event_handle = handler.add_parameter_event_callback(callback=on_event)
        handler.remove_parameter_event_callback(event_handle)
    """

    class Callbacks:
        """The parameter and parameter-event callbacks of one handler."""

        def __init__(self) -> None:
            """Start with no callbacks."""
            # Each list holds the newest first, the order of the calls. Guarded by mutex.
            self.parameter_callbacks: Dict[Tuple[str, str], List[ParameterCallbackHandle]] = \
                defaultdict(list)
            self.event_callbacks: List[ParameterEventCallbackHandle] = []
            self.mutex = threading.Lock()

        def event_callback(self, event: ParameterEvent) -> None:
            """
            Call the callbacks that ``event`` concerns: per-parameter ones first, then per-event.

            The subscription's callback.
            """
            # A snapshot, so a callback may add or remove callbacks (they apply from the next event).
            with self.mutex:
                parameter_callbacks = [(key, list(handles))
                                       for key, handles in self.parameter_callbacks.items()]
                event_callbacks = list(self.event_callbacks)
            for (parameter_name, node_name), handles in parameter_callbacks:
                parameter = ParameterEventHandler.get_parameter_from_event(
                    event, parameter_name=parameter_name, node_name=node_name)
                if parameter is not None:
                    for handle in handles:
                        with handle.mutex:
                            handle.callback(parameter)
            for event_handle in event_callbacks:
                with event_handle.mutex:
                    event_handle.callback(event)

        def add_parameter_callback(self, parameter_name: str, node_name: str,
                                   callback: Callable[[ParameterMsg], None]
                                   ) -> ParameterCallbackHandle:
            """
            Add a callback for one parameter of one node (``node_name`` as given, unresolved).

            The newest callback is called first.

            :return: the handle to remove the callback with.
            """
            handle = ParameterCallbackHandle(parameter_name=parameter_name, node_name=node_name,
                                             callback=callback)
            with self.mutex:
                self.parameter_callbacks[(parameter_name, node_name)].insert(0, handle)
            return handle

        def remove_parameter_callback(self, handle: ParameterCallbackHandle) -> None:
            """
            Remove the parameter callback of ``handle``.

            :raises RuntimeError: if it is not registered (any more).
            """
            key = (handle.parameter_name, handle.node_name)
            with self.mutex:
                handles = self.parameter_callbacks.get(key)
                if handles is None or handle not in handles:
                    raise RuntimeError("Callback doesn't exist")
                handles.remove(handle)
                if not handles:
                    del self.parameter_callbacks[key]

        def add_parameter_event_callback(self, callback: Callable[[ParameterEvent], None]
                                         ) -> ParameterEventCallbackHandle:
            """
            Add a callback for every parameter event.

            The newest callback is called first.

            :return: the handle to remove the callback with.
            """
            handle = ParameterEventCallbackHandle(callback=callback)
            with self.mutex:
                self.event_callbacks.insert(0, handle)
            return handle

        def remove_parameter_event_callback(self, handle: ParameterEventCallbackHandle) -> None:
            """
            Remove the parameter event callback of ``handle``.

            :raises RuntimeError: if it is not registered (any more).
            """
            with self.mutex:
                if handle not in self.event_callbacks:
                    raise RuntimeError("Callback doesn't exist")
                self.event_callbacks.remove(handle)

    def __init__(
        self,
        node: Node,
        qos_profile: QoSProfile = qos_profile_parameter_events,
        callback_group: Optional[CallbackGroup] = None,
        event_callbacks: Any = None,
        qos_overriding_options: Any = None,
        raw: bool = False,
    ) -> None:
        """
        Subscribe ``node`` to ``/parameter_events``; no callbacks until some are added.

        :param node: the node that owns the subscription (spin it to get callbacks).
        :param qos_profile: the subscription's QoS (or a history depth).
        :param callback_group: the subscription's callback group; ``None``: the node's default.
        :param event_callbacks: passed on to ``Node.create_subscription``.
        :param qos_overriding_options: passed on to ``Node.create_subscription``.
        :param raw: passed on to ``Node.create_subscription``.
        """
        self.node = node
        self.qos_profile = qos_profile
        self._callbacks = ParameterEventHandler.Callbacks()
        self.parameter_event_subscription = node.create_subscription(
            ParameterEvent, '/parameter_events', self._callbacks.event_callback, qos_profile,
            callback_group=callback_group, event_callbacks=event_callbacks,
            qos_overriding_options=qos_overriding_options, raw=raw)

    def destroy(self) -> None:
        """Destroy the subscription to ``/parameter_events``."""
        self.node.destroy_subscription(self.parameter_event_subscription)

    @staticmethod
    def get_parameter_from_event(event: ParameterEvent, parameter_name: str,
                                 node_name: str) -> Optional[ParameterMsg]:
        """
        Find a new or changed parameter in an event.

        :param event: the ``rcl_interfaces.msg.ParameterEvent``.
        :param parameter_name: the parameter's name.
        :param node_name: the fully qualified name of its node (compared as is).
        :return: the ``rcl_interfaces.msg.Parameter`` if the event has it, otherwise ``None``.
        """
        if event.node != node_name:
            return None
        return next((p for p in chain(event.new_parameters, event.changed_parameters)
                     if p.name == parameter_name), None)

    @staticmethod
    def get_parameters_from_event(event: ParameterEvent) -> Iterable[ParameterMsg]:
        """Yield the new, then the changed parameters of an event (not the deleted ones)."""
        yield from chain(event.new_parameters, event.changed_parameters)

    def add_parameter_callback(self, parameter_name: str, node_name: str,
                               callback: Callable[[ParameterMsg], None]
                               ) -> ParameterCallbackHandle:
        """
        Add a callback for one parameter of one node; the newest callback is called first.

        :param parameter_name: the parameter's name.
        :param node_name: its node: absolute, relative to this handler's node's namespace, or
            empty for this handler's node itself.
        :param callback: called with the ``rcl_interfaces.msg.Parameter`` when it is declared
            or set.
        :return: the handle to remove the callback with.
        """
        return self._callbacks.add_parameter_callback(
            parameter_name=parameter_name, node_name=self._resolve_path(node_name),
            callback=callback)

    def remove_parameter_callback(self, handle: ParameterCallbackHandle) -> None:
        """
        Stop calling the callback of ``handle``.

        :raises RuntimeError: if it is not registered (any more).
        """
        self._callbacks.remove_parameter_callback(handle)

    def add_parameter_event_callback(self, callback: Callable[[ParameterEvent], None]
                                     ) -> ParameterEventCallbackHandle:
        """
        Add a callback for every parameter event of any node; the newest is called first.

        :param callback: called with each ``rcl_interfaces.msg.ParameterEvent``.
        :return: the handle to remove the callback with.
        """
        return self._callbacks.add_parameter_event_callback(callback)

    def remove_parameter_event_callback(self, handle: ParameterEventCallbackHandle) -> None:
        """
        Stop calling the event callback of ``handle``.

        :raises RuntimeError: if it is not registered (any more).
        """
        self._callbacks.remove_parameter_event_callback(handle)

    def _resolve_path(self, node_path: Optional[str] = None) -> str:
        """Return the fully qualified name of ``node_path`` (empty: this handler's node)."""
        if not node_path:
            return self.node.get_fully_qualified_name()
        if node_path.startswith('/'):
            return node_path
        namespace = self.node.get_namespace().strip('/')
        return f'/{namespace}/{node_path}' if namespace else f'/{node_path}'
