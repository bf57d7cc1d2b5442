"""rclpy.logging: named loggers, their levels, and the logging system's configuration.

Records go to the console as rcutils formats them and then to the sinks registered in
``rclpy.impl._rcutils_logging.sinks`` (the node layer's ``/rosout`` publisher).
"""

import os
from pathlib import Path
from typing import Union

from rclpy.impl import _rcutils_logging as _backend
from rclpy.impl.logging_severity import LoggingSeverity
from rclpy.impl.rcutils_logger import RcutilsLogger


_root_logger = RcutilsLogger()


def get_logger(name: str) -> RcutilsLogger:
    """
    Get a logger by its fully qualified name.

    :param name: the logger's name, dot-separated for descendants (``'a.b'``).
    :raises ValueError: if ``name`` is empty.
    """
    if not name:
        raise ValueError('Logger name must not be empty.')
    return _root_logger.get_child(name)


def initialize() -> None:
    """Initialize the logging system: read its configuration from the environment."""
    _backend.initialize()


def shutdown() -> None:
    """Shut the logging system down, forgetting logger levels and configuration."""
    _backend.shutdown()


def clear_config() -> None:
    """Clear the configuration of the logging system, e.g. logger levels."""
    shutdown()
    initialize()


def set_logger_level(name: str, level: Union[int, LoggingSeverity],
                     detailed_error: bool = False) -> None:
    """
    Set the level of a logger; the empty name sets the default level.

    :param name: fully qualified logger name.
    :param level: the new level; ``UNSET`` makes the logger inherit from its ancestors.
    :param detailed_error: accepted for rclpy compatibility; errors are always detailed.
    :raises ValueError: if ``level`` is not a :class:`LoggingSeverity` value.
    """
    _backend.set_logger_level(name, LoggingSeverity(level))


def get_logger_effective_level(name: str) -> LoggingSeverity:
    """
    Get the level a logger uses: its own, else its nearest configured ancestor's, else the default.

    :param name: fully qualified logger name.
    """
    return LoggingSeverity(_backend.get_logger_effective_level(name))


def get_logger_level(name: str) -> LoggingSeverity:
    """
    Get the level set for exactly this logger (``UNSET`` if none; ``''`` gives the default).

    :param name: fully qualified logger name.
    """
    return LoggingSeverity(_backend.get_logger_level(name))


def get_logging_severity_from_string(log_severity: str) -> LoggingSeverity:
    """
    Get a severity from its name, case-insensitive (``'debug'``, ``'WARN'``, ...).

    :raises RuntimeError: if the name is not a severity.
    """
    level = _backend.severity_level_from_string(log_severity)
    if level is None:
        raise RuntimeError('Failed to get severity name')
    return LoggingSeverity(level)


def get_logging_directory() -> Path:
    """
    Return the directory for log files, as rcl_logging_interface chooses it.

    ``$ROS_LOG_DIR`` if set, else ``$ROS_HOME/log``, else ``~/.ros/log``; ``~`` is expanded.
    """
    log_dir = os.environ.get('ROS_LOG_DIR', '')
    if log_dir:
        return Path(os.path.expanduser(log_dir))
    ros_home = os.environ.get('ROS_HOME', '')
    if ros_home:
        return Path(os.path.expanduser(ros_home)) / 'log'
    return Path(os.path.expanduser('~')) / '.ros' / 'log'


def _apply_ros_args(ros_args: object) -> None:
    """
    Apply ``--ros-args --log-level [name:=]level`` options to the logger levels.

    :param ros_args: parsed arguments with ``default_log_level`` (int or None) and
        ``logger_levels`` (a list of ``(name, severity)``), as ``_core.parse_ros_args`` gives.
    """
    default_level = getattr(ros_args, 'default_log_level', None)
    if default_level is not None:
        _backend.set_logger_level('', int(default_level))
    for name, severity in getattr(ros_args, 'logger_levels', []) or []:
        _backend.set_logger_level(name, int(severity))
