"""rclpy.expand_topic_name: expand a relative or private topic name to a fully qualified one, as rcl does."""

import re

from rclx import _core

__all__ = ['expand_topic_name']

# rcl_expand_topic_name knows only these substitutions (its default substitution map is empty).
_SUBSTITUTION = re.compile(r'\{[^}]*\}')


def expand_topic_name(topic_name: str, node_name: str, node_namespace: str) -> str:
    """
    Expand a topic name using a node's name and namespace.

    ``~`` becomes the node's namespace and name, ``{node}`` its name, ``{ns}`` and
    ``{namespace}`` its namespace, and a relative name is put under the namespace. As in
    rclpy, the result is not checked: it can still be invalid (use
    :func:`rclpy.validate_full_topic_name.validate_full_topic_name` on it).

    :param topic_name: topic name to expand.
    :param node_name: name of the node the topic belongs to.
    :param node_namespace: namespace of that node.
    :returns: the fully qualified topic name.
    :raises ValueError: if the topic name, node name or namespace is invalid, or the topic name
        holds an unknown substitution.
    """
    # Unlike _core.expand_topic_name (which resolves names for entities, and so also checks the
    # result), rcl's expansion returns what it built unchecked: it is done here, after the
    # core's checks of the three inputs.
    for what, value, check in (('topic name', topic_name, _core.validate_topic_name),
                               ('node name', node_name, _core.validate_node_name),
                               ('node namespace', node_namespace, _core.validate_namespace)):
        result = check(value)
        if result is not None:
            raise ValueError(f"{what} '{value}' is invalid: {result[0]}")
    if topic_name.startswith('/') and '{' not in topic_name:
        return topic_name
    separator = '' if node_namespace == '/' else '/'
    expanded = topic_name
    if expanded.startswith('~'):
        expanded = node_namespace + separator + node_name + expanded[1:]
    while True:
        match = _SUBSTITUTION.search(expanded)
        if match is None:
            break
        substitution = match.group(0)
        if substitution == '{node}':
            replacement = node_name
        elif substitution in ('{ns}', '{namespace}'):
            replacement = node_namespace
        else:
            raise ValueError(f"topic name '{topic_name}' is invalid: unknown substitution: {substitution}")
        expanded = expanded.replace(substitution, replacement)
    if not expanded.startswith('/'):
        expanded = node_namespace + separator + expanded
    return expanded
