"""Shared pieces of the ``ros2`` verbs: the hidden CLI node, hidden-name rules, QoS arguments."""

import argparse
import contextlib
import os
import time
from typing import Any, Iterator, List, Optional, Tuple

DEFAULT_SPIN_TIME = 0.5


def add_node_arguments(parser: argparse.ArgumentParser) -> None:
    """Options ros2cli gives every verb that talks to the graph."""
    parser.add_argument('--spin-time', type=float, default=DEFAULT_SPIN_TIME,
                        help='Spin time in seconds to wait for discovery (only applies when '
                             'not using an already running daemon)')
    parser.add_argument('--use-sim-time', action='store_true',
                        help='Enable ROS simulation time')
    parser.add_argument('--no-daemon', action='store_true',
                        help='Do not spawn nor use an already running daemon (rclx never uses one)')


def node_name() -> str:
    """The CLI's own node name: hidden (leading '_') like ros2cli's."""
    return f'_ros2cli_{os.getpid()}'


@contextlib.contextmanager
def cli_node(args: Any, *, discover: bool = True, name: Optional[str] = None) -> Iterator[Any]:
    """A node for one command; spins for --spin-time first so discovery can fill the graph."""
    import rclpy
    from rclpy.node import Node
    rclpy.init(args=None)
    node = None
    try:
        node = Node(name or node_name(), start_parameter_services=False, enable_rosout=False)
        if discover:
            deadline = time.monotonic() + max(0.0, getattr(args, 'spin_time', DEFAULT_SPIN_TIME))
            while time.monotonic() < deadline:
                rclpy.spin_once(node, timeout_sec=max(0.0, min(0.05, deadline - time.monotonic())))
        yield node
    finally:
        if node is not None:
            node.destroy_node()
        rclpy.try_shutdown()


def is_hidden_name(name: str) -> bool:
    """True if any token of a topic or service name starts with '_' (rcl's hidden rule)."""
    return any(token.startswith('_') for token in name.split('/'))


def is_hidden_node(name: str) -> bool:
    """True for node names that start with '_'."""
    return name.startswith('_')


def topic_names_and_types(node: Any, include_hidden: bool = False) -> List[Tuple[str, List[str]]]:
    """Topics in the graph, sorted by name, hidden ones only if asked."""
    return sorted((n, list(t)) for n, t in node.get_topic_names_and_types()
                  if include_hidden or not is_hidden_name(n))


def service_names_and_types(node: Any, include_hidden: bool = False) -> List[Tuple[str, List[str]]]:
    """Services in the graph, sorted by name, hidden ones only if asked."""
    return sorted((n, list(t)) for n, t in node.get_service_names_and_types()
                  if include_hidden or not is_hidden_name(n))


def full_name(name: str, namespace: str) -> str:
    """'/ns/name' from a node's name and namespace."""
    return namespace.rstrip('/') + '/' + name


def positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError('value must be positive')
    return value


def nonnegative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError('value must be non-negative integer')
    return value


def add_qos_arguments(parser: argparse.ArgumentParser, entity: str, default_preset: str) -> None:
    """ros2topic's --qos-* options."""
    from rclpy.qos import (DurabilityPolicy, HistoryPolicy, LivelinessPolicy, QoSPresetProfiles,
                           ReliabilityPolicy)
    parser.add_argument('--qos-profile', choices=QoSPresetProfiles.short_keys(), default=default_preset,
                        help=f'Quality of service preset profile to {entity} with '
                             f'(default: {default_preset})')
    parser.add_argument('--qos-depth', metavar='N', type=int, default=None,
                        help=f'Queue size setting to {entity} with (overrides depth value of '
                             '--qos-profile option)')
    parser.add_argument('--qos-history', choices=HistoryPolicy.short_keys(), default=None,
                        help=f'History of samples setting to {entity} with (overrides history '
                             'value of --qos-profile option)')
    parser.add_argument('--qos-reliability', choices=ReliabilityPolicy.short_keys(), default=None,
                        help=f'Quality of service reliability setting to {entity} with (overrides '
                             'reliability value of --qos-profile option)')
    parser.add_argument('--qos-durability', choices=DurabilityPolicy.short_keys(), default=None,
                        help=f'Quality of service durability setting to {entity} with (overrides '
                             'durability value of --qos-profile option)')
    parser.add_argument('--qos-liveliness', choices=LivelinessPolicy.short_keys(), default=None,
                        help=f'Quality of service liveliness setting to {entity} with (overrides '
                             'liveliness value of --qos-profile option)')
    parser.add_argument('--qos-liveliness-lease-duration-seconds', type=float, default=None,
                        help=f'Quality of service liveliness lease duration setting to {entity} '
                             'with (overrides liveliness lease duration value of --qos-profile option)')


def qos_overridden(args: Any) -> bool:
    return any(getattr(args, k) is not None for k in (
        'qos_depth', 'qos_history', 'qos_reliability', 'qos_durability', 'qos_liveliness',
        'qos_liveliness_lease_duration_seconds'))


def qos_from_args(args: Any) -> Any:
    """The preset named by --qos-profile with the --qos-* overrides applied (a copy)."""
    import copy
    from rclpy.duration import Duration
    from rclpy.qos import (DurabilityPolicy, HistoryPolicy, LivelinessPolicy, QoSPresetProfiles,
                           ReliabilityPolicy)
    qos = copy.copy(QoSPresetProfiles.get_from_short_key(args.qos_profile))
    if args.qos_history is not None:
        qos.history = HistoryPolicy.get_from_short_key(args.qos_history)
    if args.qos_depth is not None:
        qos.depth = args.qos_depth
    if args.qos_reliability is not None:
        qos.reliability = ReliabilityPolicy.get_from_short_key(args.qos_reliability)
    if args.qos_durability is not None:
        qos.durability = DurabilityPolicy.get_from_short_key(args.qos_durability)
    if args.qos_liveliness is not None:
        qos.liveliness = LivelinessPolicy.get_from_short_key(args.qos_liveliness)
    if args.qos_liveliness_lease_duration_seconds is not None:
        qos.liveliness_lease_duration = Duration(
            nanoseconds=int(args.qos_liveliness_lease_duration_seconds * 1e9))
    return qos
