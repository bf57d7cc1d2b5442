"""rclpy.action: action servers and clients (pure Python over rclx services, topics and timers)."""

from rclpy.action.client import ActionClient, ClientGoalHandle
from rclpy.action.graph import (get_action_client_names_and_types_by_node, get_action_names_and_types,
                                get_action_server_names_and_types_by_node)
from rclpy.action.server import ActionServer, CancelResponse, GoalResponse, ServerGoalHandle

__all__ = [
    'ActionClient',
    'ActionServer',
    'CancelResponse',
    'ClientGoalHandle',
    'GoalResponse',
    'ServerGoalHandle',
    'get_action_client_names_and_types_by_node',
    'get_action_names_and_types',
    'get_action_server_names_and_types_by_node',
]
