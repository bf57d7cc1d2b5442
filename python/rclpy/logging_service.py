"""rclpy.logging_service: a node's ~/get_logger_levels and ~/set_logger_levels services."""

from typing import TYPE_CHECKING

from rcl_interfaces.msg import LoggerLevel, SetLoggerLevelsResult
from rcl_interfaces.srv import GetLoggerLevels, SetLoggerLevels
import rclpy.logging
from rclpy.impl.logging_severity import LoggingSeverity
from rclpy.qos import qos_profile_services_default
from rclpy.validate_topic_name import TOPIC_SEPARATOR_STRING

if TYPE_CHECKING:
    from rclpy.node import Node

__all__ = ['LoggingService']


class LoggingService:
    """
    Serves the levels of this process's loggers to other nodes.

    ``<node>/get_logger_levels`` reports the level set for each named logger (UNSET when none),
    ``<node>/set_logger_levels`` sets them, one result per logger. Node creates it when given
    ``enable_logger_service=True``.
    """

    def __init__(self, node: 'Node') -> None:
        node_name = node.get_name()
        self._get_service = node.create_service(
            GetLoggerLevels, TOPIC_SEPARATOR_STRING.join((node_name, 'get_logger_levels')),
            self._get_logger_levels, qos_profile=qos_profile_services_default)
        self._set_service = node.create_service(
            SetLoggerLevels, TOPIC_SEPARATOR_STRING.join((node_name, 'set_logger_levels')),
            self._set_logger_levels, qos_profile=qos_profile_services_default)

    def _get_logger_levels(self, request: GetLoggerLevels.Request,
                           response: GetLoggerLevels.Response) -> GetLoggerLevels.Response:
        for name in request.names:
            try:
                level = rclpy.logging.get_logger_level(name)
            except RuntimeError:
                level = LoggingSeverity.UNSET
            response.levels.append(LoggerLevel(name=name, level=int(level)))
        return response

    def _set_logger_levels(self, request: SetLoggerLevels.Request,
                           response: SetLoggerLevels.Response) -> SetLoggerLevels.Response:
        for level in request.levels:
            result = SetLoggerLevelsResult(successful=False)
            try:
                rclpy.logging.set_logger_level(level.name, level.level, detailed_error=True)
                result.successful = True
            except ValueError:
                result.reason = 'Failed reason: Invalid logger level.'
            except RuntimeError as e:
                result.reason = str(e)
            response.results.append(result)
        return response
