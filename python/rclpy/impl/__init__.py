"""Internals of the rclpy API; not part of its public surface."""
