"""rclpy.action.graph: action names and types, derived from the feedback topics as rcl_action does."""

from typing import Any, List, Tuple

__all__ = ['get_action_client_names_and_types_by_node', 'get_action_names_and_types',
           'get_action_server_names_and_types_by_node']

_FEEDBACK_SUFFIX = '/_action/feedback'
_TYPE_SUFFIX = '_FeedbackMessage'


def _actions(names_and_types: List[Tuple[str, List[str]]]) -> List[Tuple[str, List[str]]]:
    """Keep `<action>/_action/feedback` topics; strip the suffixes from names and types."""
    actions = []
    for name, types in names_and_types:
        if not name.endswith(_FEEDBACK_SUFFIX):
            continue
        action_types = [t[:-len(_TYPE_SUFFIX)] for t in types if t.endswith(_TYPE_SUFFIX)]
        if action_types:
            actions.append((name[:-len(_FEEDBACK_SUFFIX)], action_types))
    return sorted(actions)


def get_action_names_and_types(node: Any) -> List[Tuple[str, List[str]]]:
    """Return [(action name, [action types])] for every action in the ROS graph."""
    return _actions(node.get_topic_names_and_types())


def get_action_server_names_and_types_by_node(
        node: Any, remote_node_name: str, remote_node_namespace: str) -> List[Tuple[str, List[str]]]:
    """Return the actions served by a node (it publishes their feedback)."""
    return _actions(node.get_publisher_names_and_types_by_node(remote_node_name, remote_node_namespace))


def get_action_client_names_and_types_by_node(
        node: Any, remote_node_name: str, remote_node_namespace: str) -> List[Tuple[str, List[str]]]:
    """Return the actions a node is a client of (it subscribes to their feedback)."""
    return _actions(node.get_subscriber_names_and_types_by_node(remote_node_name, remote_node_namespace))
