"""rclpy.qos_event: the deprecated name of rclpy.event_handler (importing it warns, as in rclpy)."""

import warnings

from rclpy.event_handler import *  # noqa: F401, F403
from rclpy.event_handler import __all__  # noqa: F401

warnings.warn("importing 'qos_event' is deprecated; import 'event_handler' instead")
