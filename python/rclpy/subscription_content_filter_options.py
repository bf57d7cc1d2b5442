"""rclpy.subscription_content_filter_options: the options of a content-filtered subscription (Kilted's name)."""

from typing import List, NamedTuple

__all__ = ['ContentFilterOptions']


class ContentFilterOptions(NamedTuple):
    """A DDS content filter: an SQL-like expression and its %0, %1, ... parameters."""

    filter_expression: str
    expression_parameters: List[str]
