"""Actions: rclpy.action's API over rclx services and topics, in one process and across processes."""

import threading
import time

import pytest

import rclpy
from rclpy.action import (ActionClient, ActionServer, CancelResponse, GoalResponse,
                          get_action_client_names_and_types_by_node, get_action_names_and_types,
                          get_action_server_names_and_types_by_node)
from rclpy.callback_groups import ReentrantCallbackGroup
from rclpy.executors import MultiThreadedExecutor, SingleThreadedExecutor
from rclpy.qos import qos_profile_action_status_default
from rclpy.task import Future
from action_msgs.msg import GoalStatus, GoalStatusArray
from action_msgs.srv import CancelGoal
from example_interfaces.action import Fibonacci
from unique_identifier_msgs.msg import UUID

# A Fibonacci server in another process: feedback per step, abort for order < 0, cancelable.
SERVER = '''
import time
import rclpy
from rclpy.action import ActionServer, CancelResponse, GoalResponse
from rclpy.executors import MultiThreadedExecutor
from example_interfaces.action import Fibonacci

rclpy.init()
node = rclpy.create_node('fibonacci_server')

def execute(goal_handle):
    feedback = Fibonacci.Feedback()
    feedback.sequence = [0, 1]
    if goal_handle.request.order < 0:
        goal_handle.abort()
        return Fibonacci.Result()
    for i in range(1, goal_handle.request.order):
        if goal_handle.is_cancel_requested:
            goal_handle.canceled()
            return Fibonacci.Result(sequence=feedback.sequence)
        feedback.sequence.append(feedback.sequence[i] + feedback.sequence[i - 1])
        goal_handle.publish_feedback(feedback)
        time.sleep(STEP)
    goal_handle.succeed()
    return Fibonacci.Result(sequence=feedback.sequence)

ActionServer(node, Fibonacci, 'fibonacci', execute,
             goal_callback=lambda goal: GoalResponse.REJECT if goal.order > 100 else GoalResponse.ACCEPT,
             cancel_callback=lambda goal_handle: CancelResponse.ACCEPT)
print('ready', flush=True)
executor = MultiThreadedExecutor()
executor.add_node(node)
try:
    executor.spin()
except Exception:
    pass
'''


@pytest.fixture
def node(context):
    n = rclpy.create_node('test_action', context=context)
    yield n
    n.destroy_node()


@pytest.fixture
def spinning(node):
    """Spin `node` in a multi-threaded executor in a background thread."""
    executor = MultiThreadedExecutor(num_threads=4, context=node.context)
    executor.add_node(node)

    def run() -> None:
        try:
            executor.spin()
        except Exception:
            pass  # the context was shut down at the end of the test
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield executor
    executor.shutdown()


def wait_for(future, timeout: float = 10.0):
    end = time.monotonic() + timeout
    while not future.done():
        assert time.monotonic() < end, 'timed out waiting for a future'
        time.sleep(0.005)
    return future.result()


def wait_until(condition, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, 'timed out waiting for a condition'
        time.sleep(0.01)


def start_server(peer, step: float = 0.05):
    proc = peer(SERVER.replace('STEP', repr(step)))
    assert proc.popen.stdout.readline().strip() == 'ready'
    return proc


def fibonacci_execute(goal_handle):
    sequence = [0, 1]
    for i in range(1, goal_handle.request.order):
        sequence.append(sequence[i] + sequence[i - 1])
    goal_handle.succeed()
    return Fibonacci.Result(sequence=sequence)


def test_feedback_and_success_across_processes(node, spinning, peer):
    start_server(peer, step=0.01)
    client = ActionClient(node, Fibonacci, 'fibonacci')
    assert client.wait_for_server(timeout_sec=10.0)
    feedback = []
    goal_handle = wait_for(client.send_goal_async(Fibonacci.Goal(order=8), feedback_callback=feedback.append))
    assert goal_handle.accepted
    assert goal_handle.stamp.sec > 0
    response = wait_for(goal_handle.get_result_async())
    assert response.status == GoalStatus.STATUS_SUCCEEDED
    assert list(response.result.sequence) == [0, 1, 1, 2, 3, 5, 8, 13, 21]
    assert goal_handle.status == GoalStatus.STATUS_SUCCEEDED
    # The FeedbackMessage itself, as rclpy passes it: goal_id and feedback.
    assert feedback and bytes(feedback[0].goal_id.uuid) == bytes(goal_handle.goal_id.uuid)
    assert list(feedback[-1].feedback.sequence) == [0, 1, 1, 2, 3, 5, 8, 13, 21]


def test_send_goal_blocking_and_abort(node, spinning, peer):
    start_server(peer)
    client = ActionClient(node, Fibonacci, 'fibonacci')
    assert client.wait_for_server(timeout_sec=10.0)
    response = client.send_goal(Fibonacci.Goal(order=3))
    assert response.status == GoalStatus.STATUS_SUCCEEDED
    assert list(response.result.sequence) == [0, 1, 1, 2]
    response = client.send_goal(Fibonacci.Goal(order=-1))
    assert response.status == GoalStatus.STATUS_ABORTED
    # Rejected: rclpy still asks for the result, which the server does not know.
    assert client.send_goal(Fibonacci.Goal(order=1000)).status == GoalStatus.STATUS_UNKNOWN


def test_goal_rejected_by_goal_callback(node, spinning, peer):
    start_server(peer)
    client = ActionClient(node, Fibonacci, 'fibonacci')
    assert client.wait_for_server(timeout_sec=10.0)
    goal_handle = wait_for(client.send_goal_async(Fibonacci.Goal(order=1000)))
    assert not goal_handle.accepted
    assert goal_handle.status == GoalStatus.STATUS_UNKNOWN
    # The server never tracked it.
    assert wait_for(goal_handle.get_result_async()).status == GoalStatus.STATUS_UNKNOWN


def test_cancel_while_executing(node, spinning, peer):
    start_server(peer, step=0.05)
    client = ActionClient(node, Fibonacci, 'fibonacci')
    assert client.wait_for_server(timeout_sec=10.0)
    feedback = []
    goal_handle = wait_for(client.send_goal_async(Fibonacci.Goal(order=100), feedback_callback=feedback.append))
    wait_until(lambda: len(feedback) >= 2)
    assert goal_handle.status == GoalStatus.STATUS_EXECUTING
    cancel = wait_for(goal_handle.cancel_goal_async())
    assert cancel.return_code == CancelGoal.Response.ERROR_NONE
    assert [bytes(g.goal_id.uuid) for g in cancel.goals_canceling] == [bytes(goal_handle.goal_id.uuid)]
    response = wait_for(goal_handle.get_result_async())
    assert response.status == GoalStatus.STATUS_CANCELED
    assert 2 < len(response.result.sequence) < 100
    # A goal that finished can no longer be canceled; an unknown one is reported as such.
    assert wait_for(goal_handle.cancel_goal_async()).return_code == CancelGoal.Response.ERROR_GOAL_TERMINATED
    request = CancelGoal.Request()
    request.goal_info.goal_id = UUID(uuid=list(range(16)))
    unknown = wait_for(client._cancel_client.call_async(request))
    assert unknown.return_code == CancelGoal.Response.ERROR_UNKNOWN_GOAL_ID


def test_single_threaded_spin_until_future_complete(node):
    """The rclpy tutorial pattern: one node, one thread, spin until each future completes."""
    ActionServer(node, Fibonacci, 'tutorial', fibonacci_execute)
    client = ActionClient(node, Fibonacci, 'tutorial')
    assert client.wait_for_server(timeout_sec=10.0)
    executor = SingleThreadedExecutor(context=node.context)
    executor.add_node(node)
    goal_future = client.send_goal_async(Fibonacci.Goal(order=4))
    executor.spin_until_future_complete(goal_future, timeout_sec=10.0)
    assert goal_future.result().accepted
    result_future = goal_future.result().get_result_async()
    executor.spin_until_future_complete(result_future, timeout_sec=10.0)
    assert result_future.result().status == GoalStatus.STATUS_SUCCEEDED
    assert list(result_future.result().result.sequence) == [0, 1, 1, 2, 3]
    executor.shutdown()


def test_cancel_rejected_and_cancel_all(node, spinning):
    release = threading.Event()
    accept_cancel = [False]

    def execute(goal_handle):
        while not release.is_set() and not goal_handle.is_cancel_requested:
            time.sleep(0.01)
        if goal_handle.is_cancel_requested:
            goal_handle.canceled()
        else:
            goal_handle.succeed()
        return Fibonacci.Result()

    ActionServer(node, Fibonacci, 'cancel_rules', execute,
                 cancel_callback=lambda gh: CancelResponse.ACCEPT if accept_cancel[0] else CancelResponse.REJECT)
    client = ActionClient(node, Fibonacci, 'cancel_rules')
    assert client.wait_for_server(timeout_sec=10.0)
    handles = [wait_for(client.send_goal_async(Fibonacci.Goal(order=i))) for i in range(3)]
    # Rejected by the cancel callback (the default rejects too).
    rejected = wait_for(handles[0].cancel_goal_async())
    assert rejected.return_code == CancelGoal.Response.ERROR_REJECTED
    assert len(rejected.goals_canceling) == 0
    # Zero goal id and zero stamp: every active goal.
    accept_cancel[0] = True
    everything = wait_for(client._cancel_client.call_async(CancelGoal.Request()))
    assert everything.return_code == CancelGoal.Response.ERROR_NONE
    assert sorted(bytes(g.goal_id.uuid) for g in everything.goals_canceling) == \
        sorted(bytes(h.goal_id.uuid) for h in handles)
    for h in handles:
        assert wait_for(h.get_result_async()).status == GoalStatus.STATUS_CANCELED
    # By stamp: goals accepted at or before it.
    first = wait_for(client.send_goal_async(Fibonacci.Goal(order=1)))
    second = wait_for(client.send_goal_async(Fibonacci.Goal(order=2)))
    request = CancelGoal.Request()
    request.goal_info.stamp = first.stamp
    by_stamp = wait_for(client._cancel_client.call_async(request))
    assert [bytes(g.goal_id.uuid) for g in by_stamp.goals_canceling] == [bytes(first.goal_id.uuid)]
    release.set()
    assert wait_for(first.get_result_async()).status == GoalStatus.STATUS_CANCELED
    assert wait_for(second.get_result_async()).status == GoalStatus.STATUS_SUCCEEDED


def test_two_goals_at_once(node, spinning):
    running = []
    peak = [0]
    lock = threading.Lock()

    def execute(goal_handle):
        with lock:
            running.append(goal_handle)
            peak[0] = max(peak[0], len(running))
        time.sleep(0.5)
        with lock:
            running.remove(goal_handle)
        goal_handle.succeed()
        return Fibonacci.Result(sequence=[goal_handle.request.order])

    ActionServer(node, Fibonacci, 'parallel', execute, callback_group=ReentrantCallbackGroup())
    client = ActionClient(node, Fibonacci, 'parallel')
    assert client.wait_for_server(timeout_sec=10.0)
    start = time.monotonic()
    handles = [wait_for(client.send_goal_async(Fibonacci.Goal(order=i))) for i in (1, 2)]
    results = [wait_for(h.get_result_async()) for h in handles]
    assert [list(r.result.sequence) for r in results] == [[1], [2]]
    assert peak[0] == 2
    assert time.monotonic() - start < 0.95


def test_async_execute_callback(node, spinning):
    # Each goal ends only once its feedback arrived: the client stops delivering a goal's feedback
    # when its result comes (as rclpy does), and the two travel on different topics.
    arrived = {4: Future(), 5: Future()}

    async def execute(goal_handle):
        done = Future()
        timer = node.create_timer(0.05, lambda: done.done() or done.set_result(True))
        await done
        node.destroy_timer(timer)
        order = goal_handle.request.order
        goal_handle.publish_feedback(Fibonacci.Feedback(sequence=[order]))
        await arrived[order]
        goal_handle.succeed()
        return Fibonacci.Result(sequence=[order])

    def on_feedback(message):
        feedback.append(message)
        arrived[message.feedback.sequence[0]].set_result(True)

    ActionServer(node, Fibonacci, 'async_exec', execute, callback_group=ReentrantCallbackGroup())
    client = ActionClient(node, Fibonacci, 'async_exec')
    assert client.wait_for_server(timeout_sec=10.0)
    feedback = []
    handles = [wait_for(client.send_goal_async(Fibonacci.Goal(order=i), feedback_callback=on_feedback))
               for i in (4, 5)]
    results = [wait_for(h.get_result_async()) for h in handles]
    assert [r.status for r in results] == [GoalStatus.STATUS_SUCCEEDED] * 2
    assert [list(r.result.sequence) for r in results] == [[4], [5]]
    assert sorted(list(m.feedback.sequence) for m in feedback) == [[4], [5]]


def test_unset_state_is_aborted_and_exceptions_abort(node, spinning):
    def execute(goal_handle):
        if goal_handle.request.order == 1:
            raise ValueError('boom')
        return Fibonacci.Result(sequence=[1, 2])  # no terminal state set

    ActionServer(node, Fibonacci, 'forgetful', execute)
    client = ActionClient(node, Fibonacci, 'forgetful')
    assert client.wait_for_server(timeout_sec=10.0)
    response = wait_for(wait_for(client.send_goal_async(Fibonacci.Goal(order=0))).get_result_async())
    assert response.status == GoalStatus.STATUS_ABORTED
    assert list(response.result.sequence) == [1, 2]
    response = wait_for(wait_for(client.send_goal_async(Fibonacci.Goal(order=1))).get_result_async())
    assert response.status == GoalStatus.STATUS_ABORTED


def test_invalid_transition_raises(node, spinning):
    errors = []

    def execute(goal_handle):
        goal_handle.succeed()
        try:
            goal_handle.abort()
        except RuntimeError as e:
            errors.append(e)
        return Fibonacci.Result()

    ActionServer(node, Fibonacci, 'strict', execute)
    client = ActionClient(node, Fibonacci, 'strict')
    assert client.wait_for_server(timeout_sec=10.0)
    response = wait_for(wait_for(client.send_goal_async(Fibonacci.Goal())).get_result_async())
    assert response.status == GoalStatus.STATUS_SUCCEEDED
    assert len(errors) == 1


def test_get_result_after_finish_and_expiry(node, spinning):
    ActionServer(node, Fibonacci, 'expiring', fibonacci_execute, result_timeout=1)
    client = ActionClient(node, Fibonacci, 'expiring')
    assert client.wait_for_server(timeout_sec=10.0)
    goal_handle = wait_for(client.send_goal_async(Fibonacci.Goal(order=5)))
    wait_until(lambda: goal_handle.status == GoalStatus.STATUS_SUCCEEDED)
    # Asked only after the goal finished: answered at once.
    response = wait_for(goal_handle.get_result_async())
    assert response.status == GoalStatus.STATUS_SUCCEEDED
    assert list(response.result.sequence) == [0, 1, 1, 2, 3, 5]
    # After result_timeout the server forgets the goal.
    time.sleep(2.0)
    assert wait_for(goal_handle.get_result_async()).status == GoalStatus.STATUS_UNKNOWN


def test_status_late_joiner_gets_current_array(node, spinning, context):
    ActionServer(node, Fibonacci, 'status_check', fibonacci_execute)
    client = ActionClient(node, Fibonacci, 'status_check')
    assert client.wait_for_server(timeout_sec=10.0)
    goal_handle = wait_for(client.send_goal_async(Fibonacci.Goal(order=2)))
    assert wait_for(goal_handle.get_result_async()).status == GoalStatus.STATUS_SUCCEEDED

    late = rclpy.create_node('late_status_listener', context=context)
    try:
        received = []
        late.create_subscription(GoalStatusArray, 'status_check/_action/status', received.append,
                                 qos_profile_action_status_default)
        executor = MultiThreadedExecutor(context=context)
        executor.add_node(late)
        end = time.monotonic() + 10.0
        while not received and time.monotonic() < end:
            executor.spin_once(timeout_sec=0.1)
        executor.shutdown()
        assert received, 'the late joiner got no status array'
        statuses = {bytes(s.goal_info.goal_id.uuid): s.status for s in received[-1].status_list}
        assert statuses == {bytes(goal_handle.goal_id.uuid): GoalStatus.STATUS_SUCCEEDED}
    finally:
        late.destroy_node()


def test_wire_names_and_graph(node, spinning):
    server = ActionServer(node, Fibonacci, 'wire/fib', fibonacci_execute)
    client = ActionClient(node, Fibonacci, 'wire/fib')
    assert client.wait_for_server(timeout_sec=10.0)
    topics = dict(node.get_topic_names_and_types(no_demangle=True))
    expected = {
        'rq/wire/fib/_action/send_goalRequest': 'example_interfaces::action::dds_::Fibonacci_SendGoal_Request_',
        'rr/wire/fib/_action/send_goalReply': 'example_interfaces::action::dds_::Fibonacci_SendGoal_Response_',
        'rq/wire/fib/_action/get_resultRequest': 'example_interfaces::action::dds_::Fibonacci_GetResult_Request_',
        'rr/wire/fib/_action/get_resultReply': 'example_interfaces::action::dds_::Fibonacci_GetResult_Response_',
        'rq/wire/fib/_action/cancel_goalRequest': 'action_msgs::srv::dds_::CancelGoal_Request_',
        'rr/wire/fib/_action/cancel_goalReply': 'action_msgs::srv::dds_::CancelGoal_Response_',
        'rt/wire/fib/_action/feedback': 'example_interfaces::action::dds_::Fibonacci_FeedbackMessage_',
        'rt/wire/fib/_action/status': 'action_msgs::msg::dds_::GoalStatusArray_',
    }
    for name, type_name in expected.items():
        assert topics.get(name) == [type_name], name
    services = dict(node.get_service_names_and_types())
    assert services['/wire/fib/_action/send_goal'] == ['example_interfaces/action/Fibonacci_SendGoal']
    assert services['/wire/fib/_action/cancel_goal'] == ['action_msgs/srv/CancelGoal']
    assert ('/wire/fib', ['example_interfaces/action/Fibonacci']) in get_action_names_and_types(node)
    wait_until(lambda: get_action_server_names_and_types_by_node(node, 'test_action', '/') ==
               [('/wire/fib', ['example_interfaces/action/Fibonacci'])])
    assert get_action_client_names_and_types_by_node(node, 'test_action', '/') == \
        [('/wire/fib', ['example_interfaces/action/Fibonacci'])]
    server.destroy()
    client.destroy()


def test_type_errors(node):
    client = ActionClient(node, Fibonacci, 'types')
    with pytest.raises(TypeError):
        client.send_goal_async(Fibonacci.Result())
    with pytest.raises(TypeError):
        ActionServer(node, Fibonacci, 'types', execute_callback=None)
    assert client.server_is_ready() is False
    assert client.wait_for_server(timeout_sec=0.2) is False
    assert GoalResponse.ACCEPT.value == 2 and CancelResponse.REJECT.value == 1


def test_duplicate_goal_id_is_rejected(node, spinning):
    ActionServer(node, Fibonacci, 'dupes', fibonacci_execute)
    client = ActionClient(node, Fibonacci, 'dupes')
    assert client.wait_for_server(timeout_sec=10.0)
    goal_id = UUID(uuid=list(range(1, 17)))
    first = wait_for(client.send_goal_async(Fibonacci.Goal(order=2), goal_uuid=goal_id))
    assert first.accepted and bytes(first.goal_id.uuid) == bytes(range(1, 17))
    assert wait_for(first.get_result_async()).status == GoalStatus.STATUS_SUCCEEDED
    # Still tracked (result_timeout not reached): the same id is refused.
    assert not wait_for(client.send_goal_async(Fibonacci.Goal(order=2), goal_uuid=goal_id)).accepted


def test_deferred_execution_and_cancel_before_execute(node, spinning):
    accepted = []
    seen = []

    def execute(goal_handle):
        seen.append((goal_handle.status, goal_handle.is_cancel_requested))
        goal_handle.canceled()
        return Fibonacci.Result()

    ActionServer(node, Fibonacci, 'deferred', execute, handle_accepted_callback=accepted.append,
                 cancel_callback=lambda gh: CancelResponse.ACCEPT)
    client = ActionClient(node, Fibonacci, 'deferred')
    assert client.wait_for_server(timeout_sec=10.0)
    goal_handle = wait_for(client.send_goal_async(Fibonacci.Goal(order=3)))
    wait_until(lambda: len(accepted) == 1)
    server_handle = accepted[0]
    assert server_handle.status == GoalStatus.STATUS_ACCEPTED and server_handle.is_active
    assert server_handle.request.order == 3
    cancel = wait_for(goal_handle.cancel_goal_async())
    assert cancel.return_code == CancelGoal.Response.ERROR_NONE
    assert server_handle.is_cancel_requested
    # Executing a goal canceled while queued runs the callback without the EXECUTING transition.
    server_handle.execute()
    assert wait_for(goal_handle.get_result_async()).status == GoalStatus.STATUS_CANCELED
    assert seen == [(GoalStatus.STATUS_CANCELING, True)]
    assert not server_handle.is_active


def test_listed_as_node_waitables_and_destroyed_with_the_node(context):
    node = rclpy.create_node('waitables_owner', context=context, start_parameter_services=False)
    own = list(node.waitables)  # the QoS event handlers of the node's /parameter_events publisher
    server = ActionServer(node, Fibonacci, 'owned', fibonacci_execute)
    client = ActionClient(node, Fibonacci, 'owned')
    assert list(node.waitables) == own + [server, client]  # rcl_action's topics have no handlers
    assert node.default_callback_group.has_entity(server) and node.default_callback_group.has_entity(client)
    server.destroy()
    assert list(node.waitables) == own + [client]
    assert [s for s in node.services if 'owned' in s.srv_name] == []  # the server's services went
    node.destroy_node()
    assert client._destroyed


def test_goal_response_runs_before_the_feedback_that_follows_it(node, peer):
    # The server publishes feedback right after accepting: response and feedback often arrive in the
    # same wait here, and the response callback must still run first (rclpy's order).
    start_server(peer, step=0.0)
    client = ActionClient(node, Fibonacci, 'fibonacci')
    executor = rclpy.executors.SingleThreadedExecutor(context=node.context)
    executor.add_node(node)
    assert client.wait_for_server(timeout_sec=10.0)
    try:
        for _ in range(20):
            events = []
            future = client.send_goal_async(Fibonacci.Goal(order=3),
                                            feedback_callback=lambda m: events.append('feedback'))
            future.add_done_callback(lambda f: events.append('response'))
            deadline = time.monotonic() + 10.0
            while ('feedback' not in events or 'response' not in events) and time.monotonic() < deadline:
                executor.spin_once(timeout_sec=0.1)
            assert events[0] == 'response' and 'feedback' in events, events
            result = future.result().get_result_async()
            executor.spin_until_future_complete(result, timeout_sec=10.0)
            assert result.done()
    finally:
        executor.shutdown()
        client.destroy()


def test_wait_for_server_ends_quietly_when_the_context_shuts_down():
    from rclpy.context import Context
    ctx = Context()
    ctx.init()
    node = rclpy.create_node('waits_for_nobody', context=ctx)
    client = ActionClient(node, Fibonacci, 'nobody_serves_this')
    timer = threading.Timer(0.2, ctx.shutdown)
    timer.start()
    try:
        assert client.wait_for_server(timeout_sec=10.0) is False
    finally:
        timer.join()
    assert not client._goal_client.service_is_ready()
