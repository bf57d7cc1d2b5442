"""rclpy.action.server: ActionServer and ServerGoalHandle, built on rclx services, publishers and timers.

The goal state machine, the status array and the cancel rules are those of rcl_action; the
endpoints are `<action>/_action/{send_goal,cancel_goal,get_result}` services and
`<action>/_action/{feedback,status}` topics, as rmw_cyclonedds_cpp names them on the wire.
"""

from collections import deque
from enum import Enum
import inspect
import threading
import time
import traceback
from typing import Any, Callable, Deque, Dict, Optional, Tuple

from action_msgs.msg import GoalInfo, GoalStatus
from action_msgs.srv import CancelGoal

from rclpy.callback_groups import CallbackGroup, ReentrantCallbackGroup
from rclpy.event_handler import PublisherEventCallbacks
from rclpy.qos import QoSProfile, qos_profile_action_status_default, qos_profile_services_default
from rclpy.node import _keys as _entity_keys
from rclpy.task import Future
from rclpy.waitable import NumberOfEntities, Waitable

__all__ = ['ActionServer', 'CancelResponse', 'GoalEvent', 'GoalResponse', 'ServerGoalHandle']


class GoalResponse(Enum):
    """What a goal callback decides about a new goal."""

    REJECT = 1
    ACCEPT = 2


class CancelResponse(Enum):
    """What a cancel callback decides about a request to cancel a goal."""

    REJECT = 1
    ACCEPT = 2


class GoalEvent(Enum):
    """Events that move a goal through rcl_action's state machine."""

    EXECUTE = 0
    CANCEL_GOAL = 1
    SUCCEED = 2
    ABORT = 3
    CANCELED = 4


# rcl_action's goal state machine: (state, event) -> next state; anything else is invalid.
_TRANSITIONS: Dict[Tuple[int, GoalEvent], int] = {
    (GoalStatus.STATUS_ACCEPTED, GoalEvent.EXECUTE): GoalStatus.STATUS_EXECUTING,
    (GoalStatus.STATUS_ACCEPTED, GoalEvent.CANCEL_GOAL): GoalStatus.STATUS_CANCELING,
    (GoalStatus.STATUS_EXECUTING, GoalEvent.CANCEL_GOAL): GoalStatus.STATUS_CANCELING,
    (GoalStatus.STATUS_EXECUTING, GoalEvent.SUCCEED): GoalStatus.STATUS_SUCCEEDED,
    (GoalStatus.STATUS_EXECUTING, GoalEvent.ABORT): GoalStatus.STATUS_ABORTED,
    (GoalStatus.STATUS_CANCELING, GoalEvent.SUCCEED): GoalStatus.STATUS_SUCCEEDED,
    (GoalStatus.STATUS_CANCELING, GoalEvent.ABORT): GoalStatus.STATUS_ABORTED,
    (GoalStatus.STATUS_CANCELING, GoalEvent.CANCELED): GoalStatus.STATUS_CANCELED,
}
_ACTIVE = (GoalStatus.STATUS_ACCEPTED, GoalStatus.STATUS_EXECUTING, GoalStatus.STATUS_CANCELING)


def default_handle_accepted_callback(goal_handle: 'ServerGoalHandle') -> None:
    """Execute the goal as soon as it is accepted."""
    goal_handle.execute()


def default_goal_callback(goal_request: Any) -> GoalResponse:
    """Accept every goal."""
    return GoalResponse.ACCEPT


def default_cancel_callback(cancel_request: Any) -> CancelResponse:
    """Reject every request to cancel."""
    return CancelResponse.REJECT


async def _await_or_execute(callback: Callable, *args: Any) -> Any:
    """Call `callback`; await its result if it is a coroutine function."""
    if inspect.iscoroutinefunction(callback):
        return await callback(*args)
    result = callback(*args)
    if inspect.iscoroutine(result):
        return await result
    return result


def _stamp_ns(stamp: Any) -> int:
    return stamp.sec * 1_000_000_000 + stamp.nanosec


class ServerGoalHandle:
    """One accepted goal on an action server: its state, feedback and result."""

    def __init__(self, action_server: 'ActionServer', goal_info: GoalInfo, goal_request: Any) -> None:
        self._action_server = action_server
        self._goal_info = goal_info
        self._goal_request = goal_request
        self._status = GoalStatus.STATUS_ACCEPTED
        self._destroyed = False
        # Completed with the GetResult response when the goal finishes; deferred replies wait on it.
        self._result_future: Future = Future()
        self._terminal_time: Optional[float] = None  # monotonic seconds, set when the goal finishes
        self._lock = threading.Lock()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ServerGoalHandle) and bytes(self.goal_id.uuid) == bytes(other.goal_id.uuid)

    def __hash__(self) -> int:
        return hash(bytes(self.goal_id.uuid))

    def __repr__(self) -> str:
        return 'ServerGoalHandle <id={}, status={}>'.format(bytes(self.goal_id.uuid).hex(), self.status)

    @property
    def request(self) -> Any:
        """The goal message (``action_type.Goal``)."""
        return self._goal_request

    @property
    def goal_id(self) -> Any:
        """The goal's UUID message."""
        return self._goal_info.goal_id

    @property
    def status(self) -> int:
        """The goal's status (an ``action_msgs.msg.GoalStatus`` constant)."""
        return self._status

    @property
    def is_active(self) -> bool:
        """True while the goal is accepted, executing or canceling."""
        return self._status in _ACTIVE

    @property
    def is_cancel_requested(self) -> bool:
        """True once a cancel request for this goal was accepted (the goal is canceling)."""
        return self._status == GoalStatus.STATUS_CANCELING

    def _update_state(self, event: GoalEvent) -> None:
        with self._lock:
            if self._destroyed:
                return
            new_status = _TRANSITIONS.get((self._status, event))
            if new_status is None:
                raise RuntimeError('Failed to update goal state: {} is not valid in status {}'
                                   .format(event.name, self._status))
            self._status = new_status
            finished = new_status not in _ACTIVE
            if finished:
                self._terminal_time = time.monotonic()
        self._action_server._publish_status()
        if finished:
            self._action_server._notify_goal_done()

    def execute(self, execute_callback: Optional[Callable] = None) -> None:
        """Start executing the goal (with `execute_callback`, default the server's)."""
        # A goal canceled before it executes still runs the callback, which must handle the cancel.
        if not self.is_cancel_requested:
            self._update_state(GoalEvent.EXECUTE)
        self._action_server._notify_execute(self, execute_callback)

    def publish_feedback(self, feedback: Any) -> None:
        """Publish `feedback` (an ``action_type.Feedback``) for this goal."""
        action_type = self._action_server.action_type
        if not isinstance(feedback, action_type.Feedback):
            raise TypeError('Expected {}, got {}'.format(action_type.Feedback, type(feedback)))
        if self._destroyed:
            return
        message = action_type.Impl.FeedbackMessage()
        message.goal_id = self.goal_id
        message.feedback = feedback
        self._action_server._feedback_publisher.publish(message)

    def succeed(self) -> None:
        """Mark the goal succeeded."""
        self._update_state(GoalEvent.SUCCEED)

    def abort(self) -> None:
        """Mark the goal aborted."""
        self._update_state(GoalEvent.ABORT)

    def canceled(self) -> None:
        """Mark the goal canceled (only after a cancel request was accepted)."""
        self._update_state(GoalEvent.CANCELED)

    def destroy(self) -> None:
        """Stop tracking state changes of this goal."""
        with self._lock:
            self._destroyed = True


class ActionServer(Waitable):
    """
    An action server: accepts goals, executes them, publishes feedback and status, serves results.

    Create it with the node (it adds its services, publishers and timer to it); the executor that
    spins the node runs its callbacks.
    """

    def __init__(self, node: Any, action_type: Any, action_name: str,
                 execute_callback: Callable[[ServerGoalHandle], Any], *,
                 callback_group: Optional[CallbackGroup] = None,
                 goal_callback: Optional[Callable[[Any], Any]] = default_goal_callback,
                 handle_accepted_callback: Optional[Callable[[ServerGoalHandle], Any]] =
                 default_handle_accepted_callback,
                 cancel_callback: Optional[Callable[[ServerGoalHandle], Any]] = default_cancel_callback,
                 goal_service_qos_profile: QoSProfile = qos_profile_services_default,
                 result_service_qos_profile: QoSProfile = qos_profile_services_default,
                 cancel_service_qos_profile: QoSProfile = qos_profile_services_default,
                 feedback_pub_qos_profile: QoSProfile = QoSProfile(depth=10),
                 status_pub_qos_profile: QoSProfile = qos_profile_action_status_default,
                 result_timeout: float = 900) -> None:
        if callback_group is None:
            callback_group = node.default_callback_group
        self._node = node
        self._action_type = action_type
        self._action_name = action_name
        self.callback_group = callback_group
        self._result_timeout = float(result_timeout)
        self._lock = threading.RLock()
        self._goal_handles: Dict[bytes, ServerGoalHandle] = {}  # accepted goals until they expire
        self._destroyed = False
        self.register_execute_callback(execute_callback)
        self.register_goal_callback(goal_callback)
        self.register_handle_accepted_callback(handle_accepted_callback)
        self.register_cancel_callback(cancel_callback)

        impl = action_type.Impl
        prefix = action_name + '/_action/'
        self._goal_service = node.create_service(
            impl.SendGoalService, prefix + 'send_goal', self._on_send_goal,
            qos_profile=goal_service_qos_profile, callback_group=callback_group)
        self._goal_service._after_reply = self._goal_replied
        self._cancel_service = node.create_service(
            impl.CancelGoalService, prefix + 'cancel_goal', self._on_cancel_goal,
            qos_profile=cancel_service_qos_profile, callback_group=callback_group)
        self._result_service = node.create_service(
            impl.GetResultService, prefix + 'get_result', self._on_get_result,
            qos_profile=result_service_qos_profile, callback_group=callback_group)
        # rcl_action makes these in C, with no QoS event handlers: none here either.
        quiet = PublisherEventCallbacks(use_default_callbacks=False)
        self._feedback_publisher = node.create_publisher(
            impl.FeedbackMessage, prefix + 'feedback', feedback_pub_qos_profile, event_callbacks=quiet)
        self._status_publisher = node.create_publisher(
            impl.GoalStatusMessage, prefix + 'status', status_pub_qos_profile, event_callbacks=quiet)

        # Goals execute outside the server's group, as rclpy's executor tasks do: a multi-threaded
        # executor then runs several execute callbacks (and cancel requests) at the same time.
        self._executions: Deque[Tuple[Callable, ServerGoalHandle]] = deque()
        self._execution_trigger = node.create_guard_condition(
            self._run_next_execution, callback_group=ReentrantCallbackGroup())
        # Drops finished goals result_timeout after they finished (rcl_action's expire timer).
        period = min(max(self._result_timeout / 4.0, 0.01), 1.0)
        self._expire_timer = node.create_timer(period, self._expire_goals, callback_group=callback_group,
                                               autostart=False)
        # Listed in node.waitables and its group as in rclpy; the executor runs its parts, not it.
        self._key = next(_entity_keys)
        callback_group.add_entity(self)
        node.add_waitable(self)

    @property
    def action_type(self) -> Any:
        """The action class."""
        return self._action_type

    @property
    def action_name(self) -> str:
        """The action name as given."""
        return self._action_name

    # -- callbacks ------------------------------------------------------------------------------

    def register_execute_callback(self, execute_callback: Callable) -> None:
        """Set the callback that executes accepted goals (must be callable)."""
        if not callable(execute_callback):
            raise TypeError('Failed to register goal execution callback: not callable')
        self._execute_callback = execute_callback

    def register_goal_callback(self, goal_callback: Optional[Callable]) -> None:
        """Set the callback that accepts or rejects new goals (None: accept all)."""
        self._goal_callback = default_goal_callback if goal_callback is None else goal_callback

    def register_handle_accepted_callback(self, handle_accepted_callback: Optional[Callable]) -> None:
        """Set the callback called with each accepted goal's handle (None: execute at once)."""
        self._handle_accepted_callback = (default_handle_accepted_callback
                                          if handle_accepted_callback is None else handle_accepted_callback)

    def register_cancel_callback(self, cancel_callback: Optional[Callable]) -> None:
        """Set the callback that accepts or rejects cancel requests (None: reject all)."""
        self._cancel_callback = default_cancel_callback if cancel_callback is None else cancel_callback

    # -- goal requests --------------------------------------------------------------------------

    async def _on_send_goal(self, request: Any, response: Any) -> Any:
        goal_uuid = bytes(request.goal_id.uuid)
        logger = self._node.get_logger()
        with self._lock:
            exists = goal_uuid in self._goal_handles
        accepted = False
        if exists:
            logger.debug('Goal request with an ID already in use: {}'.format(goal_uuid.hex()))
        else:
            decision = await _await_or_execute(self._goal_callback, request.goal)
            if not isinstance(decision, GoalResponse):
                logger.warning('Goal request callback did not return a GoalResponse type. Rejecting goal.')
            else:
                accepted = decision == GoalResponse.ACCEPT
        goal_info = GoalInfo()
        goal_info.goal_id = request.goal_id
        goal_handle = None
        if accepted:
            goal_info.stamp = self._node.get_clock().now().to_msg()
            with self._lock:
                if goal_uuid in self._goal_handles:  # accepted meanwhile by a concurrent request
                    accepted = False
                else:
                    goal_handle = ServerGoalHandle(self, goal_info, request.goal)
                    self._goal_handles[goal_uuid] = goal_handle
        response.accepted = accepted
        response.stamp = goal_info.stamp
        if goal_handle is None:
            logger.debug('New goal rejected: {}'.format(goal_uuid.hex()))
            return response
        logger.debug('New goal accepted: {}'.format(goal_uuid.hex()))
        self._publish_status()
        return response  # _goal_replied hands the goal to the user once this reply is sent

    def _goal_replied(self, request: Any, response: Any) -> None:
        """After the send_goal reply, as rclpy does: hand an accepted goal to the user."""
        if not response.accepted:
            return
        with self._lock:
            goal_handle = self._goal_handles.get(bytes(request.goal_id.uuid))
        if goal_handle is not None:
            self._node.executor.create_task(_await_or_execute, self._handle_accepted_callback,
                                            goal_handle)

    def _notify_execute(self, goal_handle: ServerGoalHandle, execute_callback: Optional[Callable]) -> None:
        with self._lock:
            self._executions.append((execute_callback or self._execute_callback, goal_handle))
        self._execution_trigger.trigger()

    def _run_next_execution(self) -> Any:
        """Guard condition callback: run one queued execution (re-trigger if more are waiting)."""
        with self._lock:
            if not self._executions:
                return None
            execute_callback, goal_handle = self._executions.popleft()
            more = bool(self._executions)
        if more:
            self._execution_trigger.trigger()
        return self._execute_goal(execute_callback, goal_handle)

    async def _execute_goal(self, execute_callback: Callable, goal_handle: ServerGoalHandle) -> None:
        logger = self._node.get_logger()
        goal_hex = bytes(goal_handle.goal_id.uuid).hex()
        try:
            result = await _await_or_execute(execute_callback, goal_handle)
        except Exception as e:  # the client still gets a (default) result
            logger.error('Error raised in execute callback: {}'.format(e))
            traceback.print_exc()
            result = self._action_type.Result()
        if goal_handle.is_active:
            logger.warning('Goal state not set, assuming aborted. Goal ID: {}'.format(goal_hex))
            goal_handle.abort()
        if not isinstance(result, self._action_type.Result):
            logger.error('Execute callback returned {} instead of {}; sending a default result'
                         .format(type(result).__name__, self._action_type.Result.__name__))
            result = self._action_type.Result()
        response = self._action_type.Impl.GetResultService.Response()
        response.status = goal_handle.status
        response.result = result
        goal_handle._result_future.set_result(response)

    # -- cancel requests ------------------------------------------------------------------------

    def _goals_to_cancel(self, request: Any, response: Any) -> list:
        """rcl_action_process_cancel_request: the cancelable goals a request names, and its code."""
        request_uuid = bytes(request.goal_info.goal_id.uuid)
        request_ns = _stamp_ns(request.goal_info.stamp)
        zero_uuid = request_uuid == bytes(16)
        with self._lock:
            handles = list(self._goal_handles.values())
        if not zero_uuid and request_ns == 0:
            # Exactly one goal.
            response.return_code = CancelGoal.Response.ERROR_UNKNOWN_GOAL_ID
            goal_handle = self._goal_handles.get(request_uuid)
            if goal_handle is None:
                return []
            if goal_handle.status in (GoalStatus.STATUS_ACCEPTED, GoalStatus.STATUS_EXECUTING):
                response.return_code = CancelGoal.Response.ERROR_NONE
                return [goal_handle]
            response.return_code = CancelGoal.Response.ERROR_GOAL_TERMINATED
            return []
        # All goals (both zero), or those accepted at or before the stamp plus the named goal.
        response.return_code = CancelGoal.Response.ERROR_NONE
        if zero_uuid and request_ns == 0:
            request_ns = 2 ** 63 - 1
        return [h for h in handles
                if h.status in (GoalStatus.STATUS_ACCEPTED, GoalStatus.STATUS_EXECUTING)
                and (_stamp_ns(h._goal_info.stamp) <= request_ns or bytes(h.goal_id.uuid) == request_uuid)]

    async def _on_cancel_goal(self, request: Any, response: Any) -> Any:
        candidates = self._goals_to_cancel(request, response)
        for goal_handle in candidates:
            decision = await _await_or_execute(self._cancel_callback, goal_handle)
            if decision != CancelResponse.ACCEPT:
                continue
            try:
                goal_handle._update_state(GoalEvent.CANCEL_GOAL)
            except RuntimeError:
                continue  # it finished while the callback decided
            response.goals_canceling.append(goal_handle._goal_info)
        # As rclcpp: a request whose every goal was refused by the callback is rejected.
        if candidates and not response.goals_canceling:
            response.return_code = CancelGoal.Response.ERROR_REJECTED
        return response

    # -- result requests ------------------------------------------------------------------------

    def _on_get_result(self, request: Any, response: Any) -> Any:
        with self._lock:
            goal_handle = self._goal_handles.get(bytes(request.goal_id.uuid))
        if goal_handle is None:
            response.status = GoalStatus.STATUS_UNKNOWN
            return response
        # Answered when the goal finishes (at once if it already has).
        return goal_handle._result_future

    # -- status and expiry ----------------------------------------------------------------------

    def _publish_status(self) -> None:
        """Publish every goal the server still tracks with its status (rcl_action's status array)."""
        message = self._action_type.Impl.GoalStatusMessage()
        with self._lock:
            if self._destroyed:
                return
            for goal_handle in self._goal_handles.values():
                status = GoalStatus()
                status.goal_info = goal_handle._goal_info
                status.status = goal_handle.status
                message.status_list.append(status)
            self._status_publisher.publish(message)

    def _notify_goal_done(self) -> None:
        with self._lock:
            if not self._destroyed and self._expire_timer.is_canceled():
                self._expire_timer.reset()

    def _expire_goals(self) -> None:
        now = time.monotonic()
        expired = False
        with self._lock:
            waiting = False
            for goal_uuid, goal_handle in list(self._goal_handles.items()):
                finished_at = goal_handle._terminal_time
                if finished_at is None:
                    continue
                # Only once the result was set, so a pending get_result is always answered.
                if now - finished_at > self._result_timeout and goal_handle._result_future.done():
                    goal_handle.destroy()
                    del self._goal_handles[goal_uuid]
                    expired = True
                else:
                    waiting = True
            if not waiting:
                self._expire_timer.cancel()
        if expired:
            self._publish_status()

    # -- lifetime -------------------------------------------------------------------------------

    def get_num_entities(self) -> NumberOfEntities:
        """The entities an rcl_action server uses: 3 services and its goal expiry timer."""
        return NumberOfEntities(num_timers=1, num_services=3)

    def destroy(self) -> None:
        """Destroy the server's services, publishers, timer and guard condition."""
        with self._lock:
            if self._destroyed:
                return
            self._destroyed = True
            for goal_handle in self._goal_handles.values():
                goal_handle.destroy()
        node = self._node
        node.destroy_service(self._goal_service)
        node.destroy_service(self._cancel_service)
        node.destroy_service(self._result_service)
        node.destroy_publisher(self._feedback_publisher)
        node.destroy_publisher(self._status_publisher)
        node.destroy_timer(self._expire_timer)
        node.destroy_guard_condition(self._execution_trigger)
        node.remove_waitable(self)

    def __enter__(self) -> 'ActionServer':
        return self

    def __exit__(self, *exc: object) -> None:
        self.destroy()
