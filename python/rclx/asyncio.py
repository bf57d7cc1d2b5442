"""
rclx.asyncio: use rclpy nodes from an asyncio program.

An executor spins the nodes in a background thread; futures it completes are handed to the
asyncio loop with ``loop.call_soon_threadsafe``. Typical use::

    import asyncio, rclpy, rclx.asyncio
    from example_interfaces.srv import AddTwoInts
    from std_msgs.msg import String

    async def main():
        node = rclpy.create_node('asyncio_node')
        async with rclx.asyncio.spinning(node):   # or: asyncio.create_task(rclx.asyncio.spin(node))
            client = node.create_client(AddTwoInts, 'add_two_ints')
            response = await client.call_async(AddTwoInts.Request(a=1, b=2))
            async for msg in rclx.asyncio.messages(node, String, 'chatter', 10):
                print(msg.data)

    rclpy.init()
    asyncio.run(main())

Awaiting an rclpy Future (``client.call_async()``, an executor Task) inside an asyncio task waits
on an asyncio future that the completing thread resolves, so nothing polls. Callbacks of the nodes
still run in the executor's thread, not in the asyncio loop.
"""

import asyncio
import collections
import contextlib
import threading
from typing import Any, AsyncIterator, Deque, Optional, Type, TYPE_CHECKING, Union

if TYPE_CHECKING:
    from rclpy.executors import Executor
    from rclpy.node import Node
    from rclpy.qos import QoSProfile
    from rclpy.task import Future

__all__ = ['wrap', 'spin', 'spinning', 'messages']


def _running_loop() -> Optional[asyncio.AbstractEventLoop]:
    """The asyncio loop running in this thread, or None."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _copy_outcome(source: 'Future', target: asyncio.Future) -> None:
    if target.done():
        return
    if source.cancelled() and not source.done():
        target.cancel()
        return
    exception = source.exception()
    if exception is not None:
        target.set_exception(exception)
    else:
        target.set_result(source.result())


def wrap(future: 'Future', *, loop: Optional[asyncio.AbstractEventLoop] = None) -> asyncio.Future:
    """
    Return an asyncio future that completes like an rclpy Future.

    :param future: an rclpy Future or Task, completed by any thread (usually an executor's).
    :param loop: the asyncio loop of the returned future (default: the running loop).
    :return: an asyncio future with the same result, exception, or cancellation.
    """
    loop = asyncio.get_running_loop() if loop is None else loop
    target = loop.create_future()

    def completed() -> None:
        try:
            loop.call_soon_threadsafe(_copy_outcome, future, target)
        except RuntimeError:
            pass  # the loop is closed: nobody waits any more

    future._add_waker(completed)
    return target


async def spin(*nodes: 'Node', executor: Optional['Executor'] = None) -> None:
    """
    Spin nodes in a background thread until this coroutine is cancelled (or the context shuts down).

    Run it as a task: ``spin_task = asyncio.create_task(rclx.asyncio.spin(node))``; cancel the task
    to stop. The executor (default: a new SingleThreadedExecutor) is shut down at the end.

    :param nodes: nodes to add to the executor.
    :param executor: the executor to spin.
    """
    from rclpy.executors import ExternalShutdownException, SingleThreadedExecutor
    if executor is None:
        context = nodes[0].context if nodes else None
        executor = SingleThreadedExecutor(context=context)
    for node in nodes:
        executor.add_node(node)
    loop = asyncio.get_running_loop()
    finished = loop.create_future()

    def run() -> None:
        error: Optional[BaseException] = None
        try:
            executor.spin()
        except ExternalShutdownException:
            pass
        except BaseException as e:  # noqa: B902 (handed to the awaiting task)
            error = e
        try:
            loop.call_soon_threadsafe(_finish, finished, error)
        except RuntimeError:
            pass

    thread = threading.Thread(target=run, name='rclx-asyncio-spin', daemon=True)
    thread.start()
    try:
        await asyncio.shield(finished)
    finally:
        executor.shutdown(timeout_sec=1.0)
        await loop.run_in_executor(None, thread.join, 5.0)


def _finish(finished: asyncio.Future, error: Optional[BaseException]) -> None:
    if finished.done():
        return
    if error is not None:
        finished.set_exception(error)
    else:
        finished.set_result(None)


@contextlib.asynccontextmanager
async def spinning(*nodes: 'Node', executor: Optional['Executor'] = None) -> AsyncIterator[None]:
    """
    Spin nodes in a background thread for the duration of an ``async with`` block.

    :param nodes: nodes to add to the executor.
    :param executor: the executor to spin (default: a new SingleThreadedExecutor).
    """
    task = asyncio.ensure_future(spin(*nodes, executor=executor))
    await asyncio.sleep(0)  # let it start
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def messages(node: 'Node', msg_type: Type, topic: str,
                   qos_profile: Union['QoSProfile', int] = 10, **kwargs: Any) -> AsyncIterator[Any]:
    """
    Yield the messages received on a topic: ``async for msg in messages(node, String, 'chatter', 10)``.

    A subscription is created for the iteration and destroyed when it ends. The node must be spun
    (see :func:`spin`). Messages that arrive faster than they are consumed are buffered up to the
    QoS depth; older ones are dropped then, as a keep-last history does.

    :param node: the node that subscribes.
    :param msg_type: the message class.
    :param topic: the topic name.
    :param qos_profile: a QoSProfile or a history depth.
    :param kwargs: further arguments for ``Node.create_subscription``.
    """
    loop = asyncio.get_running_loop()
    depth = qos_profile if isinstance(qos_profile, int) else (getattr(qos_profile, 'depth', 0) or 1000)
    buffer: Deque[Any] = collections.deque(maxlen=max(1, depth))
    arrived = asyncio.Event()

    def deliver(msg: Any) -> None:
        buffer.append(msg)
        arrived.set()

    def callback(msg: Any) -> None:
        try:
            loop.call_soon_threadsafe(deliver, msg)
        except RuntimeError:
            pass  # the loop is closed

    subscription = node.create_subscription(msg_type, topic, callback, qos_profile, **kwargs)
    try:
        while True:
            while not buffer:
                arrived.clear()
                await arrived.wait()
            yield buffer.popleft()
    finally:
        node.destroy_subscription(subscription)
