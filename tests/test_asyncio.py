"""rclx.asyncio: awaiting rclpy futures, spinning and receiving messages inside an asyncio program."""

import asyncio
import time

import pytest

import rclx.asyncio
from rclpy.callback_groups import MutuallyExclusiveCallbackGroup
from rclpy.executors import MultiThreadedExecutor
from rclpy.node import Node
from rclpy.task import Future
from example_interfaces.srv import AddTwoInts
from std_msgs.msg import String


@pytest.fixture
def node(context):
    n = Node('test_asyncio', context=context)
    yield n
    n.destroy_node()


def run(coroutine, timeout: float = 20.0):
    return asyncio.run(asyncio.wait_for(coroutine, timeout))


def test_await_service_call_in_asyncio(context, node):
    server = Node('test_asyncio_server', context=context)
    server.create_service(AddTwoInts, 'aio_add', lambda req, resp: AddTwoInts.Response(sum=req.a + req.b))
    client = node.create_client(AddTwoInts, 'aio_add')

    async def main():
        async with rclx.asyncio.spinning(node, server):
            assert await asyncio.get_running_loop().run_in_executor(None, client.wait_for_service, 5.0)
            # Plain await of the rclpy Future, and through wrap(): both resolve in the loop.
            first = await client.call_async(AddTwoInts.Request(a=1, b=2))
            second = await rclx.asyncio.wrap(client.call_async(AddTwoInts.Request(a=3, b=4)))
            many = await asyncio.gather(*(rclx.asyncio.wrap(client.call_async(AddTwoInts.Request(a=i, b=i)))
                                          for i in range(10)))
            return first.sum, second.sum, [r.sum for r in many]

    assert run(main()) == (3, 7, [2 * i for i in range(10)])
    server.destroy_node()


def test_wrap_propagates_exceptions_and_cancellation():
    async def main():
        failing: Future = Future()
        cancelled: Future = Future()
        wrapped_fail = rclx.asyncio.wrap(failing)
        wrapped_cancel = rclx.asyncio.wrap(cancelled)
        loop = asyncio.get_running_loop()
        loop.call_later(0.05, failing.set_exception, KeyError('boom'))
        loop.call_later(0.05, cancelled.cancel)
        with pytest.raises(KeyError):
            await wrapped_fail
        with pytest.raises(asyncio.CancelledError):
            await wrapped_cancel
        done: Future = Future()
        done.set_result(5)
        return await rclx.asyncio.wrap(done)

    assert run(main()) == 5


def test_messages_async_for(context, node):
    publisher_node = Node('test_asyncio_talker', context=context)
    publisher = publisher_node.create_publisher(String, 'aio_chatter', 10)

    async def main():
        received = []
        async with rclx.asyncio.spinning(node):
            stream = rclx.asyncio.messages(node, String, 'aio_chatter', 10)

            async def talk():
                while publisher.get_subscription_count() < 1:
                    await asyncio.sleep(0.01)
                for i in range(5):
                    publisher.publish(String(data=f'hello {i}'))
                    await asyncio.sleep(0.01)

            talker = asyncio.ensure_future(talk())
            async for msg in stream:
                received.append(msg.data)
                if len(received) == 5:
                    break
            await stream.aclose()
            await talker
        return received

    assert run(main()) == [f'hello {i}' for i in range(5)]
    assert list(node.subscriptions) == []  # the iteration's subscription is gone
    publisher_node.destroy_node()


def test_spin_with_mte_and_executor_task(context, node):
    executor = MultiThreadedExecutor(num_threads=2, context=context)
    group = MutuallyExclusiveCallbackGroup()
    node.create_service(AddTwoInts, 'aio_mte_add', lambda req, resp: AddTwoInts.Response(sum=req.a * req.b),
                        callback_group=group)
    client = node.create_client(AddTwoInts, 'aio_mte_add')

    async def in_executor():
        # A coroutine run by the rclpy executor, awaited from asyncio.
        response = await client.call_async(AddTwoInts.Request(a=6, b=7))
        return response.sum

    async def main():
        spin_task = asyncio.ensure_future(rclx.asyncio.spin(node, executor=executor))
        assert await asyncio.get_running_loop().run_in_executor(None, client.wait_for_service, 5.0)
        result = await executor.create_task(in_executor)
        spin_task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await spin_task
        return result

    assert run(main()) == 42


def test_spin_ends_when_the_context_shuts_down(context, node):
    async def main():
        spin_task = asyncio.ensure_future(rclx.asyncio.spin(node))
        await asyncio.sleep(0.1)
        start = time.monotonic()
        context.shutdown()
        await asyncio.wait_for(spin_task, 2.0)
        return time.monotonic() - start

    assert run(main()) < 1.0
