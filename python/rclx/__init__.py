"""rclx: a ROS 2 client library with a C++ core; `import rclpy` gives its drop-in rclpy API.

This package holds rclx's own extras: the C++ extension (`rclx._core`), the runtime interface
loader (`rclx.interfaces`), the asyncio bridge and the `ros2` command line.
"""

__version__ = "0.1.0"
