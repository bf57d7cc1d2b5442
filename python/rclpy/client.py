"""rclpy.client.Client: calls one service."""

import threading
import time
from typing import Any, Dict, Optional, Type, TYPE_CHECKING

from rclpy import service_introspection as _introspection
from rclpy.callback_groups import CallbackGroup
from rclpy.qos import QoSProfile
from rclpy.task import Future

if TYPE_CHECKING:
    from rclpy.clock import Clock
    from rclpy.context import Context

__all__ = ['Client']

# How often blocking waits look at the context (and at signals).
_POLL_S = 0.05


class Client:
    """
    A service client. Create it with :meth:`rclpy.node.Node.create_client`.

    Replies are taken by the executor that spins the client's node, which completes the
    futures returned by :meth:`call_async`.
    """

    def __init__(self, context: 'Context', client_impl: Any, srv_type: Type, srv_name: str,
                 qos_profile: QoSProfile, callback_group: CallbackGroup) -> None:
        self.context = context
        self.__handle = client_impl
        self.srv_type = srv_type
        self.srv_name = srv_name
        self.qos_profile = qos_profile
        self.callback_group = callback_group
        self._key = 0
        self._destroyed = False
        self._pending_requests: Dict[int, Future] = {}
        self._lock = threading.Lock()
        self._node: Any = None  # set by Node.create_client, to wake its executor
        # Publishes `<service>/_service_event` while introspection is on; None when OFF.
        self._events: Optional[_introspection.EventPublisher] = None

    @property
    def service_name(self) -> str:
        """The fully qualified service name (after remapping)."""
        return self.__handle.service_name

    @property
    def handle(self) -> Any:
        """The native client."""
        return self.__handle

    def call_async(self, request: Any) -> Future:
        """
        Send a request; return a Future that the executor completes with the response.

        :raises TypeError: if `request` is not a request of this client's service type.
        """
        if not isinstance(request, self.srv_type.Request):
            raise TypeError('Expected {}, got {}'.format(self.srv_type.Request, type(request)))
        future = Future()
        # Registered before the reply can be taken: taking needs the same lock.
        with self._lock:
            sequence_number = self.__handle.send_request(request)
            if sequence_number in self._pending_requests:
                raise RuntimeError('Sequence ({}) conflicts with pending request'.format(sequence_number))
            self._pending_requests[sequence_number] = future
        if self._events is not None:
            self._events.publish(_introspection.REQUEST_SENT, sequence_number,
                                 _introspection.gid_of(self.__handle.guid), request=request)
        future.add_done_callback(self.remove_pending_request)
        return future

    def call(self, request: Any, timeout_sec: Optional[float] = None) -> Any:
        """
        Send a request and block until the response arrives (another thread must spin the node).

        :return: the response, or None if `timeout_sec` passed first.
        :raises RuntimeError: if the context is shut down while waiting.
        """
        from rclpy.executors import _warn_if_blocking_call_deadlocks
        _warn_if_blocking_call_deadlocks(self)
        event = threading.Event()

        def unblock(_future: Future) -> None:
            event.set()

        future = self.call_async(request)
        future.add_done_callback(unblock)
        end = None if timeout_sec is None else time.monotonic() + timeout_sec
        while not future.done() and not event.is_set():
            if not self.context.ok():
                self.remove_pending_request(future)
                raise RuntimeError("context was shut down while waiting for a reply from '{}'"
                                   .format(self.service_name))
            wait = _POLL_S if end is None else min(_POLL_S, end - time.monotonic())
            if wait <= 0:
                self.remove_pending_request(future)
                return None
            event.wait(wait)
        exception = future.exception()
        if exception is not None:
            raise exception
        return future.result()

    def configure_introspection(self, clock: 'Clock', service_event_qos_profile: QoSProfile,
                                introspection_state: _introspection.ServiceIntrospectionState) -> None:
        """
        Configure client introspection.

        :param clock: Clock to use for generating timestamps.
        :param service_event_qos_profile: QoSProfile to use when creating service event publisher.
        :param introspection_state: ServiceIntrospectionState to set introspection.
        """
        if self._node is None:
            raise RuntimeError("client '{}' has no node: create it with Node.create_client"
                               .format(self.srv_name))
        self._events = _introspection.configure(
            self._events, self._node.handle, self.srv_type, self.service_name, clock,
            service_event_qos_profile, introspection_state)

    def remove_pending_request(self, future: Future) -> None:
        """Stop waiting for the reply that completes `future` (a late reply is then dropped)."""
        with self._lock:
            for seq, pending in list(self._pending_requests.items()):
                if pending is future:
                    del self._pending_requests[seq]
                    break

    def service_is_ready(self) -> bool:
        """True when a server for this service is matched (its request reader and reply writer)."""
        if self._destroyed or not self.context.ok():  # its DDS entities go with the context
            return False
        return self.__handle.service_is_ready()

    def wait_for_service(self, timeout_sec: Optional[float] = None) -> bool:
        """
        Wait until a server is available.

        :param timeout_sec: seconds to wait; None or negative waits forever.
        :return: True if a server became available in time.
        """
        end = None if timeout_sec is None or timeout_sec < 0 else time.monotonic() + timeout_sec
        while self.context.ok() and not self.service_is_ready():
            if end is None:
                time.sleep(0.01)
                continue
            remaining = end - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(0.01, remaining))
        return self.service_is_ready()

    # -- executor protocol ----------------------------------------------------------------------

    def _register_with(self, engine: Any, group_key: int) -> None:
        engine.add_waitable(self._key, group_key, self.__handle)

    def _execute_ready(self) -> None:
        """Take every reply addressed to this client and complete the matching futures."""
        if self._destroyed:
            return
        with self._lock:
            # Under the lock, so every reply taken here has its future registered already.
            taken = self.__handle.take_responses()
            ready = [(self._pending_requests.pop(seq, None), response) for seq, response in taken]
        if self._events is not None:
            gid = _introspection.gid_of(self.__handle.guid)
            for seq, response in taken:
                self._events.publish(_introspection.RESPONSE_RECEIVED, seq, gid, response=response)
        for future, response in ready:
            if future is None or future.done():
                continue  # abandoned (remove_pending_request) or cancelled
            # Done callbacks run right here (no executor hop), so call() in other threads wakes at once.
            future.set_result(response)

    def destroy(self) -> None:
        """Destroy the DDS writer and reader now (use Node.destroy_client)."""
        if not self._destroyed:
            self._destroyed = True
            if self._events is not None:
                self._events.destroy()
                self._events = None
            self.__handle.destroy()

    def __enter__(self) -> 'Client':
        return self

    def __exit__(self, *exc: object) -> None:
        self.destroy()
