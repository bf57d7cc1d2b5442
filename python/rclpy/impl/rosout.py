"""Logging to /rosout, as rcl_logging_rosout does: one publisher per node, keyed by logger name.

A record goes out on the publisher of the node whose logger has the record's name, or is an
ancestor of it (``node.get_logger().get_child('x')`` logs as ``<node logger>.x``).  Two nodes
with the same logger name share the first one's publisher, as in rcl.
"""

import threading
from typing import Any, Dict, List, Optional

from rclpy.impl import _rcutils_logging

# Logger name -> native /rosout publishers of the nodes with that logger (first one is used).
# Guarded by _lock; the sink reads a snapshot.
_lock = threading.Lock()
_publishers: Dict[str, List[Any]] = {}
_log_type: Optional[Any] = None
# False after init() with `--ros-args --disable-rosout-logs` (a process-wide setting, as in rcl).
_enabled = True


def set_enabled(enabled: bool) -> None:
    """Turn /rosout publishing on or off for the nodes created from now on (init()'s arguments)."""
    global _enabled
    _enabled = bool(enabled)


def _rosout_sink(severity: int, name: str, message: str, function_name: str, file_name: str,
                 line_number: int, timestamp: int) -> None:
    publisher = _publisher_for(name)
    if publisher is None or _log_type is None:
        return
    from builtin_interfaces.msg import Time
    sec, nanosec = divmod(timestamp, 1_000_000_000)
    msg = _log_type(stamp=Time(sec=sec, nanosec=nanosec), level=severity, name=name, msg=message,
                    file=file_name, function=function_name, line=max(0, line_number))
    try:
        publisher.publish(msg)
    except Exception:  # the node or context went away while this record was in flight
        pass


def _publisher_for(name: str) -> Optional[Any]:
    with _lock:
        while True:
            entries = _publishers.get(name)
            if entries:
                return entries[0]
            separator = name.rfind('.')
            if separator < 0:
                return None
            name = name[:separator]


def add_publisher(logger_name: str, node_handle: Any) -> Optional[Any]:
    """Create a node's /rosout publisher and send its logger's records there; returns it.

    Returns None, and creates nothing, when ``--disable-rosout-logs`` was given to init().
    """
    global _log_type
    if not _enabled:
        return None
    from rcl_interfaces.msg import Log
    from rclpy.qos import qos_profile_rosout_default
    from rclx import _core
    publisher = _core.Publisher(node_handle, Log, '/rosout', qos_profile_rosout_default)
    with _lock:
        _log_type = Log
        _publishers.setdefault(logger_name, []).append(publisher)
        if _rosout_sink not in _rcutils_logging.sinks:
            _rcutils_logging.sinks.append(_rosout_sink)
    return publisher


def remove_publisher(logger_name: str, publisher: Any) -> None:
    """Stop sending records to a node's /rosout publisher and destroy it."""
    with _lock:
        entries = _publishers.get(logger_name, [])
        if publisher in entries:
            entries.remove(publisher)
        if not entries:
            _publishers.pop(logger_name, None)
        if not _publishers and _rosout_sink in _rcutils_logging.sinks:
            _rcutils_logging.sinks.remove(_rosout_sink)
    publisher.destroy()
