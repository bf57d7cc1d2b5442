"""rclpy.topic_or_service_is_hidden: whether a topic or service name is hidden (a token starts with '_')."""

__all__ = ['HIDDEN_TOPIC_PREFIX', 'topic_or_service_is_hidden']

HIDDEN_TOPIC_PREFIX = '_'


def topic_or_service_is_hidden(name: str) -> bool:
    """
    Return True if a topic or service name is hidden, otherwise False.

    A name is hidden when any of its ``/``-separated tokens starts with an underscore, see
    http://design.ros2.org/articles/topic_and_service_names.html#hidden-topic-or-service-names

    :param name: topic or service name to test.
    :returns: True if the name is hidden.
    """
    return any(token.startswith(HIDDEN_TOPIC_PREFIX) for token in name.split('/'))
