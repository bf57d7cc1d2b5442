"""Services and clients: across processes, under concurrency, and rclpy's error behaviour."""

import threading
import time

import pytest

import rclpy
from rclpy.executors import SingleThreadedExecutor
from rclpy.node import Node
from example_interfaces.srv import AddTwoInts

SERVER = '''
import rclpy
from example_interfaces.srv import AddTwoInts
rclpy.init()
node = rclpy.create_node('add_two_ints_server')

def add(request, response):
    response.sum = request.a + request.b
    return response

node.create_service(AddTwoInts, 'add_two_ints', add)
print('ready', flush=True)
try:
    rclpy.spin(node)
except Exception:
    pass
'''


@pytest.fixture
def node(context):
    n = rclpy.create_node('test_service', context=context)
    yield n
    n.destroy_node()


def spin_until_done(node: Node, future, timeout_sec: float) -> None:
    executor = SingleThreadedExecutor(context=node.context)
    executor.add_node(node)
    executor.spin_until_future_complete(future, timeout_sec=timeout_sec)
    executor.shutdown()


def spin_in_thread(node: Node, executor_class=SingleThreadedExecutor):
    executor = executor_class(context=node.context)
    executor.add_node(node)

    def run() -> None:
        try:
            executor.spin()
        except Exception:
            pass  # the context was shut down at the end of the test
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return executor, thread


def test_wire_names(node):
    service = node.create_service(AddTwoInts, 'add_two_ints', lambda req, resp: resp)
    client = node.create_client(AddTwoInts, '~/private')
    assert service.service_name == '/add_two_ints'
    assert client.service_name == '/test_service/private'
    assert service.handle.user_data.startswith('serviceid=') and service.handle.user_data.endswith(';')
    assert client.handle.user_data.startswith('clientid=') and client.handle.user_data.endswith(';')
    assert client.handle.user_data[len('clientid='):] != service.handle.user_data[len('serviceid='):]


def test_wait_for_service_times_out_without_server(node):
    client = node.create_client(AddTwoInts, 'nobody_serves_this')
    start = time.monotonic()
    assert client.wait_for_service(timeout_sec=0.3) is False
    assert time.monotonic() - start >= 0.3
    assert client.service_is_ready() is False


def test_call_async_in_process(node):
    node.create_service(AddTwoInts, 'add', lambda req, resp: AddTwoInts.Response(sum=req.a + req.b))
    client = node.create_client(AddTwoInts, 'add')
    assert client.wait_for_service(timeout_sec=5.0)
    future = client.call_async(AddTwoInts.Request(a=40, b=2))
    spin_until_done(node, future, 5.0)
    assert future.done() and future.result().sum == 42
    with pytest.raises(TypeError):
        client.call_async(AddTwoInts.Response())


def test_call_from_another_thread_while_spinning(node):
    node.create_service(AddTwoInts, 'add', lambda req, resp: AddTwoInts.Response(sum=req.a + req.b))
    client = node.create_client(AddTwoInts, 'add')
    assert client.wait_for_service(timeout_sec=5.0)
    executor, thread = spin_in_thread(node)
    try:
        for i in range(20):
            assert client.call(AddTwoInts.Request(a=i, b=i), timeout_sec=5.0).sum == 2 * i
    finally:
        executor.shutdown()
        thread.join(5)


def test_call_raises_when_context_shuts_down(context, node):
    client = node.create_client(AddTwoInts, 'nobody_answers')
    errors = []

    def call() -> None:
        try:
            client.call(AddTwoInts.Request(a=1, b=2))
        except Exception as e:  # noqa: B902
            errors.append(e)
    thread = threading.Thread(target=call)
    thread.start()
    time.sleep(0.2)
    context.shutdown()
    thread.join(5)
    assert not thread.is_alive() and len(errors) == 1


def test_server_callback_exception_propagates(node):
    def broken(request, response):
        raise ValueError('broken service')
    node.create_service(AddTwoInts, 'broken', broken)
    client = node.create_client(AddTwoInts, 'broken')
    assert client.wait_for_service(timeout_sec=5.0)
    client.call_async(AddTwoInts.Request(a=1, b=2))
    executor = SingleThreadedExecutor(context=node.context)
    executor.add_node(node)
    with pytest.raises(ValueError, match='broken service'):
        end = time.monotonic() + 5.0
        while time.monotonic() < end:
            executor.spin_once(timeout_sec=0.1)
    executor.shutdown()


def test_server_and_client_in_two_processes(node, peer):
    server = peer(SERVER)
    client = node.create_client(AddTwoInts, 'add_two_ints')
    assert client.wait_for_service(timeout_sec=20.0), server.popen.stderr
    future = client.call_async(AddTwoInts.Request(a=3, b=4))
    spin_until_done(node, future, 10.0)
    assert future.done() and future.result().sum == 7
    server.stop()


def test_service_ready_only_after_the_match_settled(node):
    """A server matched moments ago is not reported ready yet (its writer's first heartbeat may still
    be on its way, and a reply sent before it would be dropped by Cyclone and resent 100 ms later)."""
    def add(request, response):
        response.sum = request.a + request.b
        return response
    node.create_service(AddTwoInts, 'settle', add)
    before = time.monotonic()
    client = node.create_client(AddTwoInts, 'settle')  # in-process: matched while it is created
    not_ready_queries = 0
    while time.monotonic() - before < 2.0 and not client.service_is_ready():
        not_ready_queries += 1
    ready_at = time.monotonic()
    assert client.service_is_ready()
    assert not_ready_queries > 0, 'ready at the very first query, right after the match'
    assert ready_at - before >= 0.005


def test_first_calls_of_fresh_clients_are_answered(node, peer):
    """Each of several new clients gets the answer to its very first call, right after wait_for_service."""
    server = peer(SERVER)
    for i in range(8):
        client = node.create_client(AddTwoInts, 'add_two_ints')
        assert client.wait_for_service(timeout_sec=20.0), server.popen.stderr
        future = client.call_async(AddTwoInts.Request(a=i, b=100))
        spin_until_done(node, future, 10.0)
        assert future.done() and future.result().sum == i + 100
        node.destroy_client(client)
    server.stop()


def test_many_threads_each_get_their_own_results(node, peer):
    server = peer(SERVER)
    shared = node.create_client(AddTwoInts, 'add_two_ints')
    own = [node.create_client(AddTwoInts, 'add_two_ints') for _ in range(4)]
    for c in [shared] + own:
        assert c.wait_for_service(timeout_sec=20.0)
    executor, thread = spin_in_thread(node)
    failures = []
    counts = [0] * 8

    def worker(index: int) -> None:
        client = shared if index % 2 else own[index // 2]
        try:
            for i in range(200):
                response = client.call(AddTwoInts.Request(a=index * 1_000_000, b=i), timeout_sec=10.0)
                if response is None or response.sum != index * 1_000_000 + i:
                    failures.append((index, i, response))
                    return
                counts[index] += 1
        except Exception as e:  # noqa: B902
            failures.append((index, e))
    try:
        workers = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(120)
        assert not failures, failures[:5]
        assert counts == [200] * 8
    finally:
        executor.shutdown()
        thread.join(5)
        server.stop()


def test_destroy_service_and_client(node):
    service = node.create_service(AddTwoInts, 'gone', lambda req, resp: resp)
    client = node.create_client(AddTwoInts, 'gone')
    assert client.wait_for_service(timeout_sec=5.0)
    assert node.destroy_service(service) and not node.destroy_service(service)
    end = time.monotonic() + 5.0
    while client.service_is_ready() and time.monotonic() < end:
        time.sleep(0.01)
    assert not client.service_is_ready()
    assert node.destroy_client(client) and not node.destroy_client(client)
    assert client.service_is_ready() is False
