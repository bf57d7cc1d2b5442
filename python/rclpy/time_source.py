"""TimeSource: drives ROS clocks from /clock while a node's ``use_sim_time`` parameter is true."""

from typing import List, Optional, Set, TYPE_CHECKING
import weakref

from rclpy.clock import ROSClock
from rclpy.clock_type import ClockType
from rclpy.parameter import Parameter
from rclpy.qos import QoSProfile, ReliabilityPolicy
from rclpy.time import Time

if TYPE_CHECKING:
    from rclpy.node import Node
    from rclpy.subscription import Subscription

__all__ = ['TimeSource', 'CLOCK_TOPIC', 'USE_SIM_TIME_NAME']

CLOCK_TOPIC = '/clock'
USE_SIM_TIME_NAME = 'use_sim_time'


class TimeSource:
    """
    Sets the ROS time override of its clocks from ``/clock`` while ROS time is active.

    ROS time is active while the attached node's ``use_sim_time`` parameter is true; then the
    source subscribes to ``/clock`` (``rosgraph_msgs/msg/Clock``, depth 1, best effort) and each
    message becomes the time of every attached clock.  Timers on those clocks follow, and the
    node's executor is woken so a timer that became due runs without waiting for a timeout.
    """

    def __init__(self, *, node: Optional['Node'] = None) -> None:
        """
        Create a time source, attached to ``node`` if one is given.

        :param node: the node whose ``use_sim_time`` parameter controls the source.
        """
        self._clock_sub: Optional['Subscription'] = None
        self._node_weak_ref: Optional['weakref.ReferenceType[Node]'] = None
        self._associated_clocks: Set[ROSClock] = set()
        # Zero means "no time received yet", as in rcl.
        self._last_time_set = Time(clock_type=ClockType.ROS_TIME)
        self._ros_time_is_active = False
        if node is not None:
            self.attach_node(node)

    @property
    def ros_time_is_active(self) -> bool:
        """Return True while the attached clocks report simulated time."""
        return self._ros_time_is_active

    @ros_time_is_active.setter
    def ros_time_is_active(self, enabled: bool) -> None:
        if self._ros_time_is_active == enabled:
            return
        self._ros_time_is_active = enabled
        for clock in self._associated_clocks:
            clock._set_ros_time_is_active(enabled)
        if enabled:
            self._subscribe_to_clock_topic()
        else:
            self._unsubscribe_from_clock_topic()
        self._wake_node_executor()

    def _subscribe_to_clock_topic(self) -> None:
        if self._clock_sub is not None:
            return
        node = self._get_node()
        if node is None:
            return
        import rosgraph_msgs.msg
        self._clock_sub = node.create_subscription(
            rosgraph_msgs.msg.Clock, CLOCK_TOPIC, self.clock_callback,
            QoSProfile(depth=1, reliability=ReliabilityPolicy.BEST_EFFORT))

    def _unsubscribe_from_clock_topic(self) -> None:
        if self._clock_sub is None:
            return
        node = self._get_node()
        if node is not None and not getattr(node, '_destroyed', False):
            node.destroy_subscription(self._clock_sub)
        self._clock_sub = None

    def attach_node(self, node: 'Node') -> None:
        """
        Let ``node``'s ``use_sim_time`` parameter control this source (declared if needed).

        :raises TypeError: if ``node`` is not a :class:`rclpy.node.Node`.
        """
        from rclpy.node import Node
        if not isinstance(node, Node):
            raise TypeError('Node must be of type rclpy.node.Node')
        if self._node_weak_ref is not None:
            self.detach_node()
        self._node_weak_ref = weakref.ref(node)

        if not node.has_parameter(USE_SIM_TIME_NAME):
            node.declare_parameter(USE_SIM_TIME_NAME, False)
        use_sim_time_param = node.get_parameter(USE_SIM_TIME_NAME)
        if use_sim_time_param.type_ == Parameter.Type.BOOL:
            self.ros_time_is_active = use_sim_time_param.value
        elif use_sim_time_param.type_ != Parameter.Type.NOT_SET:
            node.get_logger().error(
                "Invalid type for parameter '{}' {!r} should be bool".format(
                    USE_SIM_TIME_NAME, use_sim_time_param.type_))
        node.add_on_set_parameters_callback(self._on_parameter_event)

    def detach_node(self) -> None:
        """Stop listening to the node: its /clock subscription is destroyed."""
        self._unsubscribe_from_clock_topic()
        node = self._get_node()
        if node is not None:
            try:
                node.remove_on_set_parameters_callback(self._on_parameter_event)
            except ValueError:
                pass
        self._node_weak_ref = None

    def destroy(self) -> None:
        """Detach from the node and forget the clocks."""
        self.detach_node()
        self._associated_clocks.clear()

    def attach_clock(self, clock: ROSClock) -> None:
        """
        Drive ``clock`` from this source.

        :raises ValueError: if ``clock`` is not a ROS clock.
        """
        if not isinstance(clock, ROSClock):
            raise ValueError('Only clocks with type ROS_TIME can be attached.')
        clock.set_ros_time_override(self._last_time_set)
        clock._set_ros_time_is_active(self.ros_time_is_active)
        self._associated_clocks.add(clock)

    def clock_callback(self, msg: object) -> None:
        """Take the time from a ``rosgraph_msgs/msg/Clock`` message."""
        time_from_msg = Time.from_msg(msg.clock)  # type: ignore[attr-defined]
        self._last_time_set = time_from_msg
        for clock in self._associated_clocks:
            clock.set_ros_time_override(time_from_msg)
        self._wake_node_executor()

    def _wake_node_executor(self) -> None:
        # A wait whose timeout came from a simulated-time timer may be too long in real time:
        # look again at the timers now that the time has moved.
        node = self._get_node()
        wake = getattr(node, '_wake_executor', None) if node is not None else None
        if wake is not None:
            wake()

    def _on_parameter_event(self, parameter_list: List[Parameter]) -> object:
        from rcl_interfaces.msg import SetParametersResult
        successful = True
        reason = ''
        for parameter in parameter_list:
            if parameter.name == USE_SIM_TIME_NAME:
                if parameter.type_ == Parameter.Type.BOOL:
                    self.ros_time_is_active = parameter.value
                else:
                    successful = False
                    reason = '{} parameter set to something besides a bool'.format(
                        USE_SIM_TIME_NAME)
                    node = self._get_node()
                    if node is not None:
                        node.get_logger().error(reason)
                break
        return SetParametersResult(successful=successful, reason=reason)

    def _get_node(self) -> Optional['Node']:
        if self._node_weak_ref is not None:
            return self._node_weak_ref()
        return None
