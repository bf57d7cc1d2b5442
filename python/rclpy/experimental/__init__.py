"""rclpy.experimental: rclpy's experimental executors, under the names code written for them uses."""

from rclpy.experimental.events_executor import EventsExecutor

__all__ = ['EventsExecutor']
