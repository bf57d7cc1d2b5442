"""rclpy.experimental.EventsExecutor: rclpy's C++ executor since Jazzy; in rclx, its own executor.

rclx's SingleThreadedExecutor already waits and takes in C++ with the GIL released and runs
callbacks in batches, which is what rclpy's EventsExecutor adds over rclpy's Python executor.
Code written for the EventsExecutor runs unchanged on it.
"""

from typing import Optional

from rclpy.context import Context
from rclpy.executors import SingleThreadedExecutor

__all__ = ['EventsExecutor']


class EventsExecutor(SingleThreadedExecutor):
    """Runs every callback in the calling thread (rclx's fast executor)."""

    def __init__(self, *, context: Optional[Context] = None) -> None:
        """
        Create the executor.

        :param context: the context the executor waits in (default: the global one).
        """
        super().__init__(context=context)
