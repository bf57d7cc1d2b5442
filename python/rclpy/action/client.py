"""rclpy.action.client: ActionClient and ClientGoalHandle, built on rclx clients and subscriptions."""

import threading
import time
from typing import Any, Callable, Dict, Optional
import uuid
import weakref

from action_msgs.msg import GoalStatus
from action_msgs.srv import CancelGoal
from unique_identifier_msgs.msg import UUID

from rclpy.callback_groups import CallbackGroup
from rclpy.event_handler import SubscriptionEventCallbacks
from rclpy.qos import QoSProfile, qos_profile_action_status_default, qos_profile_services_default
from rclpy.node import _keys as _entity_keys
from rclpy.task import Future
from rclpy.waitable import NumberOfEntities, Waitable

__all__ = ['ActionClient', 'ClientGoalHandle']

# How often blocking calls look at the context.
_POLL_S = 0.05
_TERMINAL = (GoalStatus.STATUS_SUCCEEDED, GoalStatus.STATUS_CANCELED, GoalStatus.STATUS_ABORTED)


class ClientGoalHandle:
    """A goal sent by an ActionClient: whether it was accepted, its status, its result."""

    def __init__(self, action_client: 'ActionClient', goal_id: Any, goal_response: Any) -> None:
        self._action_client = action_client
        self._goal_id = goal_id
        self._goal_response = goal_response
        self._status = GoalStatus.STATUS_UNKNOWN

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ClientGoalHandle) and \
            bytes(self._goal_id.uuid) == bytes(other.goal_id.uuid)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(bytes(self._goal_id.uuid))

    def __repr__(self) -> str:
        return 'ClientGoalHandle <id={0}, accepted={1}, status={2}>'.format(
            self.goal_id.uuid, self.accepted, self.status)

    @property
    def goal_id(self) -> Any:
        """The goal's UUID message."""
        return self._goal_id

    @property
    def stamp(self) -> Any:
        """The time the server accepted the goal."""
        return self._goal_response.stamp

    @property
    def accepted(self) -> bool:
        """True if the server accepted the goal."""
        return self._goal_response.accepted

    @property
    def status(self) -> int:
        """The last known status (from the status topic or the result)."""
        return self._status

    def cancel_goal(self) -> Any:
        """Request cancellation and wait for the CancelGoal response (another thread must spin)."""
        return self._action_client._cancel_goal(self)

    def cancel_goal_async(self) -> Future:
        """Request cancellation; the Future completes with the CancelGoal response."""
        return self._action_client._cancel_goal_async(self)

    def get_result(self) -> Any:
        """Wait for the GetResult response (another thread must spin)."""
        return self._action_client._get_result(self)

    def get_result_async(self) -> Future:
        """Request the result; the Future completes with the GetResult response (.status, .result)."""
        return self._action_client._get_result_async(self)


class ActionClient(Waitable):
    """
    An action client: sends goals, receives feedback and status, requests results and cancels.

    Responses, feedback and status are handled by the executor that spins the node.
    """

    def __init__(self, node: Any, action_type: Any, action_name: str, *,
                 callback_group: Optional[CallbackGroup] = None,
                 goal_service_qos_profile: QoSProfile = qos_profile_services_default,
                 result_service_qos_profile: QoSProfile = qos_profile_services_default,
                 cancel_service_qos_profile: QoSProfile = qos_profile_services_default,
                 feedback_sub_qos_profile: QoSProfile = QoSProfile(depth=10),
                 status_sub_qos_profile: QoSProfile = qos_profile_action_status_default) -> None:
        if callback_group is None:
            callback_group = node.default_callback_group
        self._node = node
        self._action_type = action_type
        self._action_name = action_name
        self.callback_group = callback_group
        self._lock = threading.Lock()
        self._goal_handles: Dict[bytes, 'weakref.ref[ClientGoalHandle]'] = {}  # accepted, not finished
        self._feedback_callbacks: Dict[bytes, Callable] = {}
        self._last_status: Dict[bytes, int] = {}  # from the latest status array
        self._destroyed = False

        impl = action_type.Impl
        prefix = action_name + '/_action/'
        self._goal_client = node.create_client(
            impl.SendGoalService, prefix + 'send_goal',
            qos_profile=goal_service_qos_profile, callback_group=callback_group)
        self._cancel_client = node.create_client(
            impl.CancelGoalService, prefix + 'cancel_goal',
            qos_profile=cancel_service_qos_profile, callback_group=callback_group)
        self._result_client = node.create_client(
            impl.GetResultService, prefix + 'get_result',
            qos_profile=result_service_qos_profile, callback_group=callback_group)
        # rcl_action makes these in C, with no QoS event handlers: none here either.
        quiet = SubscriptionEventCallbacks(use_default_callbacks=False)
        self._feedback_subscription = node.create_subscription(
            impl.FeedbackMessage, prefix + 'feedback', self._on_feedback,
            feedback_sub_qos_profile, callback_group=callback_group, event_callbacks=quiet)
        self._status_subscription = node.create_subscription(
            impl.GoalStatusMessage, prefix + 'status', self._on_status,
            status_sub_qos_profile, callback_group=callback_group, event_callbacks=quiet)
        self._feedback_topic = node.resolve_topic_name(prefix + 'feedback')
        self._status_topic = node.resolve_topic_name(prefix + 'status')
        # Listed in node.waitables and its group as in rclpy; the executor runs its parts, not it.
        self._key = next(_entity_keys)
        callback_group.add_entity(self)
        node.add_waitable(self)

    @property
    def action_type(self) -> Any:
        """The action class."""
        return self._action_type

    # -- sending goals --------------------------------------------------------------------------

    def send_goal_async(self, goal: Any, feedback_callback: Optional[Callable] = None,
                        goal_uuid: Optional[Any] = None) -> Future:
        """
        Send a goal; the Future completes with a ClientGoalHandle once the server accepts or rejects it.

        :param feedback_callback: called with each ``FeedbackMessage`` (goal_id and feedback) of the goal.
        :param goal_uuid: the goal's ``unique_identifier_msgs/UUID``; random if None.
        :raises TypeError: if `goal` is not an ``action_type.Goal``.
        """
        if not isinstance(goal, self._action_type.Goal):
            raise TypeError('Expected {}, got {}'.format(self._action_type.Goal, type(goal)))
        request = self._action_type.Impl.SendGoalService.Request()
        request.goal_id = UUID(uuid=list(uuid.uuid4().bytes)) if goal_uuid is None else goal_uuid
        request.goal = goal
        key = bytes(request.goal_id.uuid)
        if feedback_callback is not None:
            # Before sending: feedback may arrive before the goal response.
            self._feedback_callbacks[key] = feedback_callback
        future: Future = Future()

        def on_response(response_future: Future) -> None:
            if response_future.cancelled() or response_future.exception() is not None:
                self._feedback_callbacks.pop(key, None)
                if response_future.exception() is not None:
                    future.set_exception(response_future.exception())
                else:
                    future.cancel()
                return
            goal_handle = ClientGoalHandle(self, request.goal_id, response_future.result())
            if goal_handle.accepted:
                with self._lock:
                    if key in self._goal_handles and self._goal_handles[key]() is not None:
                        future.set_exception(RuntimeError(
                            'Two goals were accepted with the same ID ({})'.format(goal_handle)))
                        return
                    self._goal_handles[key] = weakref.ref(goal_handle)
                    goal_handle._status = self._last_status.get(key, GoalStatus.STATUS_UNKNOWN)
            else:
                self._feedback_callbacks.pop(key, None)
            future.set_result(goal_handle)

        self._goal_client.call_async(request).add_done_callback(on_response)
        return future

    def send_goal(self, goal: Any, **kwargs: Any) -> Any:
        """
        Send a goal and wait for its result (another thread must spin the node).

        :return: the GetResult response (``.status``, ``.result``); as in rclpy, a rejected goal's
            result is still requested, and the server answers it with ``STATUS_UNKNOWN``.
        """
        if not isinstance(goal, self._action_type.Goal):
            raise TypeError('Expected {}, got {}'.format(self._action_type.Goal, type(goal)))
        goal_handle = self._wait(self.send_goal_async(goal, **kwargs))
        return self._get_result(goal_handle)

    def _wait(self, future: Future) -> Any:
        """Block until `future` is done (checking the context); return its result."""
        event = threading.Event()
        future.add_done_callback(lambda _f: event.set())
        while not event.is_set():
            if not self._node.context.ok():
                raise RuntimeError("context was shut down while waiting on action '{}'"
                                   .format(self._action_name))
            event.wait(_POLL_S)
        exception = future.exception()
        if exception is not None:
            raise exception
        return future.result()

    # -- cancel and result ----------------------------------------------------------------------

    def _check_handle(self, goal_handle: Any) -> None:
        if not isinstance(goal_handle, ClientGoalHandle):
            raise TypeError('Expected type ClientGoalHandle but received {}'.format(type(goal_handle)))

    def _cancel_goal_async(self, goal_handle: ClientGoalHandle) -> Future:
        self._check_handle(goal_handle)
        request = CancelGoal.Request()
        request.goal_info.goal_id = goal_handle.goal_id
        return self._cancel_client.call_async(request)

    def _cancel_goal(self, goal_handle: ClientGoalHandle) -> Any:
        return self._wait(self._cancel_goal_async(goal_handle))

    def _get_result_async(self, goal_handle: ClientGoalHandle) -> Future:
        self._check_handle(goal_handle)
        request = self._action_type.Impl.GetResultService.Request()
        request.goal_id = goal_handle.goal_id
        key = bytes(goal_handle.goal_id.uuid)
        future = self._result_client.call_async(request)

        def on_result(result_future: Future) -> None:
            # The user has the result: no more feedback for this goal.
            self._feedback_callbacks.pop(key, None)
            if not result_future.cancelled() and result_future.exception() is None:
                status = result_future.result().status
                if status in _TERMINAL:
                    goal_handle._status = status
        future.add_done_callback(on_result)
        return future

    def _get_result(self, goal_handle: ClientGoalHandle) -> Any:
        return self._wait(self._get_result_async(goal_handle))

    # -- feedback and status --------------------------------------------------------------------

    def _on_feedback(self, message: Any) -> Any:
        key = bytes(message.goal_id.uuid)
        callback = self._feedback_callbacks.get(key)
        if callback is None:
            return None
        if key not in self._goal_handles:
            # The goal's response may have come in the same wait as this feedback, and the executor
            # hands out subscriptions first: complete the response before, as rclpy orders them.
            self._goal_client._execute_ready()
        return callback(message)  # a coroutine is run by the executor

    def _on_status(self, message: Any) -> None:
        last: Dict[bytes, int] = {}
        with self._lock:
            for status_msg in message.status_list:
                key = bytes(status_msg.goal_info.goal_id.uuid)
                status = status_msg.status
                last[key] = status
                ref = self._goal_handles.get(key)
                if ref is None:
                    continue
                goal_handle = ref()
                if goal_handle is None:
                    del self._goal_handles[key]
                    continue
                goal_handle._status = status
                if status in _TERMINAL:
                    del self._goal_handles[key]
            self._last_status = last

    # -- server availability --------------------------------------------------------------------

    def server_is_ready(self) -> bool:
        """True when the server's three services are matched and its feedback and status are published."""
        if self._destroyed:
            return False
        if not (self._goal_client.service_is_ready() and self._cancel_client.service_is_ready()
                and self._result_client.service_is_ready()):
            return False
        try:
            return (self._node.count_publishers(self._feedback_topic) > 0
                    and self._node.count_publishers(self._status_topic) > 0)
        except Exception:
            return False

    def wait_for_server(self, timeout_sec: Optional[float] = None) -> bool:
        """
        Wait until an action server is ready.

        :param timeout_sec: seconds to wait; None (or negative) waits forever.
        :return: True if a server became ready in time.
        """
        end = None if timeout_sec is None or timeout_sec < 0 else time.monotonic() + timeout_sec
        while self._node.context.ok() and not self.server_is_ready():
            if end is not None:
                remaining = end - time.monotonic()
                if remaining <= 0:
                    return False
                time.sleep(min(0.01, remaining))
            else:
                time.sleep(0.01)
        return self.server_is_ready()

    def get_num_entities(self) -> NumberOfEntities:
        """The entities an rcl_action client uses: 2 subscriptions and 3 clients."""
        return NumberOfEntities(num_subs=2, num_clients=3)

    def destroy(self) -> None:
        """Destroy the client's service clients and subscriptions."""
        if self._destroyed:
            return
        self._destroyed = True
        node = self._node
        node.destroy_client(self._goal_client)
        node.destroy_client(self._cancel_client)
        node.destroy_client(self._result_client)
        node.destroy_subscription(self._feedback_subscription)
        node.destroy_subscription(self._status_subscription)
        node.remove_waitable(self)

    def __enter__(self) -> 'ActionClient':
        return self

    def __exit__(self, *exc: object) -> None:
        self.destroy()
