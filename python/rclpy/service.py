"""rclpy.service.Service: answers requests on one service."""

import functools
import inspect
from typing import Any, Callable, Deque, List, Optional, Tuple, Type, TYPE_CHECKING
from collections import deque

from rclpy import service_introspection as _introspection
from rclpy.callback_groups import CallbackGroup
from rclpy.qos import QoSProfile
from rclpy.task import Future

if TYPE_CHECKING:
    from rclpy.clock import Clock

__all__ = ['Service']

# A request's identity as the native layer reports it: (client guid, sequence number, writer handle).
RequestHeader = Tuple[int, int, int]


class Service:
    """
    A service server. Create it with :meth:`rclpy.node.Node.create_service`.

    The executor calls ``callback(request, response)`` for each request and sends back what it
    returns. A callback may also be a coroutine function, or return a :class:`rclpy.task.Future`
    to answer later: the reply is then sent when that future completes (rclx extension, used by
    action servers to answer get_result once the goal finishes).
    """

    def __init__(self, service_impl: Any, srv_type: Type, srv_name: str,
                 callback: Callable, callback_group: CallbackGroup, qos_profile: QoSProfile) -> None:
        self.__handle = service_impl
        self.srv_type = srv_type
        self.srv_name = srv_name
        self.callback = callback
        self.callback_group = callback_group
        self.qos_profile = qos_profile
        self._key = 0
        self._destroyed = False
        self._backlog: Deque[Tuple[RequestHeader, Any]] = deque()
        self._logger: Any = None
        # Called as hook(request, response) right after a reply is sent (rclx's action servers
        # start an accepted goal only then, so its feedback cannot overtake the goal response).
        self._after_reply: Optional[Callable[[Any, Any], None]] = None
        # Publishes `<service>/_service_event` while introspection is on; None when OFF.
        self._events: Optional[_introspection.EventPublisher] = None

    @property
    def service_name(self) -> str:
        """The fully qualified service name (after remapping)."""
        return self.__handle.service_name

    @property
    def handle(self) -> Any:
        """The native service."""
        return self.__handle

    def configure_introspection(self, clock: 'Clock', service_event_qos_profile: QoSProfile,
                                introspection_state: _introspection.ServiceIntrospectionState) -> None:
        """
        Configure service introspection.

        :param clock: Clock to use for generating timestamps.
        :param service_event_qos_profile: QoSProfile to use when creating service event publisher.
        :param introspection_state: ServiceIntrospectionState to set introspection.
        """
        self._events = _introspection.configure(
            self._events, self.__handle.node, self.srv_type, self.service_name, clock,
            service_event_qos_profile, introspection_state)

    def send_response(self, response: Any, header: RequestHeader) -> None:
        """Send `response` to the client that sent the request identified by `header`."""
        if not isinstance(response, self.srv_type.Response):
            raise TypeError('Expected {}, got {}'.format(self.srv_type.Response, type(response)))
        result = self.__handle.send_response(response, header)
        if self._events is not None and result != 'timed_out':
            self._events.publish(_introspection.RESPONSE_SENT, header[1],
                                 _introspection.gid_of(header[0]), response=response)
        if result == 'timed_out' and self._logger is not None:
            self._logger.warning("service '{}': the client's reply reader did not match in time; "
                                 'reply dropped'.format(self.service_name))

    # -- executor protocol ----------------------------------------------------------------------

    def _register_with(self, engine: Any, group_key: int) -> None:
        engine.add_waitable(self._key, group_key, self.__handle)

    def _execute_ready(self) -> Any:
        """Take every waiting request (clearing the ready condition) and answer them in order."""
        if self._destroyed:
            return None
        taken = self.__handle.take_requests()
        if self._events is not None:
            for header, request in taken:
                self._events.publish(_introspection.REQUEST_RECEIVED, header[1],
                                     _introspection.gid_of(header[0]), request=request)
        self._backlog.extend(taken)
        pending: List[Any] = []
        while self._backlog:
            header, request = self._backlog.popleft()
            response = self.callback(request, self.srv_type.Response())
            if inspect.iscoroutine(response):
                pending.append((header, request, response))
                continue
            if isinstance(response, Future):
                response.add_done_callback(functools.partial(self._reply_when_done, header, request))
                continue
            self._reply(response, header, request)
        if not pending:
            return None

        async def finish() -> None:
            for header, request, coroutine in pending:
                self._reply(await coroutine, header, request)
        return finish()

    def _reply_when_done(self, header: RequestHeader, request: Any, future: Future) -> None:
        """Send the result of a deferred response (nothing if it was cancelled)."""
        if not future.cancelled():
            self._reply(future.result(), header, request)

    def _reply(self, response: Any, header: RequestHeader, request: Any = None) -> None:
        if self._destroyed:
            return
        if response is None:
            if self._logger is not None:
                self._logger.error("service '{}': the callback returned None; no reply sent"
                                   .format(self.service_name))
            return
        self.send_response(response, header)
        if self._after_reply is not None:
            self._after_reply(request, response)

    def destroy(self) -> None:
        """Destroy the DDS reader and writer now (use Node.destroy_service)."""
        if not self._destroyed:
            self._destroyed = True
            if self._events is not None:
                self._events.destroy()
                self._events = None
            self.__handle.destroy()

    def __enter__(self) -> 'Service':
        return self

    def __exit__(self, *exc: object) -> None:
        self.destroy()
