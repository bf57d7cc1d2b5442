"""Numeric constants shared by rclpy's time and duration types."""

from typing import Final

#: Nanoseconds in one second.
S_TO_NS: Final = 1000 * 1000 * 1000
