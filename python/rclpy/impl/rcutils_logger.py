"""RcutilsLogger: rclpy's logger object, with its per-call-site filters (once, throttle, skip)."""

import os
import sys
from types import FrameType
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Type, Union

from rclpy.clock import Clock
from rclpy.impl import _rcutils_logging as _backend
from rclpy.impl.logging_severity import LoggingSeverity


#: Files whose frames are skipped when looking for the code that logged.  Third parties that
#: wrap the logger may append their own files.
_internal_callers: List[str] = []
_populate_internal_callers = True
_realpaths: Dict[str, str] = {}  # cache: a frame's file name -> its real path


def _realpath(file_name: str) -> str:
    path = _realpaths.get(file_name)
    if path is None:
        path = _realpaths[file_name] = os.path.realpath(file_name)
    return path


def _find_caller(frame: FrameType) -> FrameType:
    """Return the first frame, walking outwards, that is not inside rclpy's logging code."""
    global _populate_internal_callers
    if _populate_internal_callers:
        # Done on first use: importing rclpy.logging at module level would be circular.
        import rclpy.logging
        _internal_callers.extend([os.path.realpath(__file__),
                                  os.path.realpath(rclpy.logging.__file__)])
        _populate_internal_callers = False
    while frame.f_back is not None and any(
            internal in _realpath(frame.f_code.co_filename) for internal in _internal_callers):
        frame = frame.f_back
    return frame


class CallerId(NamedTuple):
    """Identifies a logging call site; each site keeps its own filter state."""

    function_name: str
    file_path: str
    line_number: int
    last_index: int  # bytecode offset: tells apart two calls on the same line

    @classmethod
    def from_frame(cls, frame: Optional[FrameType] = None) -> 'CallerId':
        """Describe ``frame``, or the nearest frame outside rclpy's logging code."""
        if frame is None:
            frame = _find_caller(sys._getframe(1))
        return cls(function_name=frame.f_code.co_name,
                   file_path=os.path.abspath(frame.f_code.co_filename),
                   line_number=frame.f_lineno,
                   last_index=frame.f_lasti)


class LoggingFilter:
    """
    Base class for logging filters.

    :attr:`params` maps each parameter of the filter to its default value; a default of
    ``None`` makes the parameter required.
    """

    params: Mapping[str, Any] = {}

    @classmethod
    def initialize_context(cls, context: Dict[str, Any], **kwargs: Any) -> None:
        """
        Prepare a call site's context: store the filter parameters and any state needed.

        :raises TypeError: if a required parameter is missing.
        """
        # Parameters are stored so later calls can be checked for changing them.
        for param, default in cls.params.items():
            context[param] = kwargs.get(param, default)
            if context[param] is None:
                raise TypeError(
                    f'Required parameter "{param}" was not specified for logging filter '
                    f'"{cls.__name__}"')

    @staticmethod
    def should_log(context: Dict[str, Any]) -> bool:
        """Decide whether this call logs, updating the context's state."""
        return True


class Once(LoggingFilter):
    """Ignore all log calls except the first one."""

    params: Mapping[str, Any] = {'once': None}

    @classmethod
    def initialize_context(cls, context: Dict[str, Any], **kwargs: Any) -> None:
        super().initialize_context(context, **kwargs)
        context['has_been_logged_once'] = False

    @staticmethod
    def should_log(context: Dict[str, Any]) -> bool:
        if context['has_been_logged_once']:
            return False
        context['has_been_logged_once'] = True
        return True


class Throttle(LoggingFilter):
    """Ignore log calls if the last logged call is not longer ago than the given duration."""

    params: Mapping[str, Any] = {
        'throttle_duration_sec': None,
        'throttle_time_source_type': Clock(),
    }

    @classmethod
    def initialize_context(cls, context: Dict[str, Any], **kwargs: Any) -> None:
        super().initialize_context(context, **kwargs)
        context['throttle_last_logged'] = 0
        if not isinstance(context['throttle_time_source_type'], Clock):
            raise ValueError(
                f'Received throttle_time_source_type of '
                f'"{context["throttle_time_source_type"]}" is not a clock instance')

    @staticmethod
    def should_log(context: Dict[str, Any]) -> bool:
        now = context['throttle_time_source_type'].now().nanoseconds
        next_log_time = context['throttle_last_logged'] + context['throttle_duration_sec'] * 1e9
        if now < next_log_time:
            return False
        context['throttle_last_logged'] = now
        return True


class SkipFirst(LoggingFilter):
    """Ignore the first log call but process all subsequent calls."""

    params: Mapping[str, Any] = {'skip_first': None}

    @classmethod
    def initialize_context(cls, context: Dict[str, Any], **kwargs: Any) -> None:
        super().initialize_context(context, **kwargs)
        context['first_has_been_skipped'] = False

    @staticmethod
    def should_log(context: Dict[str, Any]) -> bool:
        if context['first_has_been_skipped']:
            return True
        context['first_has_been_skipped'] = True
        return False


#: The filters by name, in the order they are evaluated.
supported_filters: Dict[str, Type[LoggingFilter]] = {
    'throttle': Throttle,
    'skip_first': SkipFirst,
    'once': Once,
}


def get_filters_from_kwargs(**kwargs: Any) -> List[str]:
    """
    Determine which filters are requested by the given keyword arguments.

    A filter is requested when any of its parameters is given a true value.

    :return: the names of the requested filters, in evaluation order.
    :raises TypeError: if a requested filter lacks a required parameter, or an argument is
        not a parameter of any filter.
    """
    detected: List[str] = []
    all_params: List[str] = []
    for filter_name, filter_class in supported_filters.items():
        all_params.extend(filter_class.params)
        if any(kwargs.get(param) for param in filter_class.params):
            detected.append(filter_name)
    for filter_name in detected:
        for param, default in supported_filters[filter_name].params.items():
            if param not in kwargs and default is None:
                raise TypeError(
                    f'required parameter "{param}" not specified '
                    f'but is required for the the logging filter "{filter_name}"')
    for kwarg in kwargs:
        if kwarg not in all_params:
            raise TypeError(
                f'parameter "{kwarg}" is not one of the recognized logging options '
                f'"{all_params}"')
    return detected


class RcutilsLogger:
    """A named logger; names form a hierarchy by dots (``'node.child'``)."""

    def __init__(self, name: str = '') -> None:
        """
        Create a logger.

        :param name: the logger's fully qualified name; ``''`` is the root (default) logger.
        """
        self.name = name
        #: Filter state of each call site that logged through this logger.
        self.contexts: Dict[CallerId, Dict[str, Any]] = {}

    def get_child(self, name: str) -> 'RcutilsLogger':
        """
        Get a child logger, named ``'<this name>.<name>'``.

        :param name: the child's name relative to this logger.
        :raises ValueError: if ``name`` is empty.
        """
        if not name:
            raise ValueError('Child logger name must not be empty.')
        if self.name:
            name = self.name + '.' + name
        return RcutilsLogger(name=name)

    def set_level(self, level: Union[LoggingSeverity, int]) -> None:
        """
        Set the level of this logger; ``UNSET`` makes it inherit from its ancestors.

        :raises ValueError: if ``level`` is not a :class:`LoggingSeverity` value.
        """
        _backend.set_logger_level(self.name, LoggingSeverity(level))

    def get_effective_level(self) -> LoggingSeverity:
        """Return this logger's level, inherited from the nearest configured ancestor."""
        return LoggingSeverity(_backend.get_logger_effective_level(self.name))

    def is_enabled_for(self, severity: Union[LoggingSeverity, int]) -> bool:
        """Return ``True`` if messages of ``severity`` would be logged by this logger."""
        return _backend.logger_is_enabled_for(self.name, LoggingSeverity(severity))

    def log(self, message: str, severity: Union[LoggingSeverity, int], **kwargs: Any) -> bool:
        r"""
        Log a message with the specified severity.

        The message is not logged if the logger is not enabled for the severity, or if a
        logging filter skips it.  Filters are only evaluated when the logger is enabled for
        the severity.  Each call site keeps its own filter state, and may not change its
        severity, logger name or filter parameters between calls.

        :param message: message to log.
        :param severity: severity of the message.
        :keyword name: name of the logger to use instead of this logger's name.
        :param \**kwargs: parameters of the logging filters:

            * ``throttle_duration_sec`` (``float``): log at most once per this many seconds.
            * ``throttle_time_source_type`` (:class:`rclpy.clock.Clock`): clock for the
              throttle (default: a system clock).
            * ``skip_first`` (``bool``): skip the first call.
            * ``once`` (``bool``): log only the first call.
        :returns: ``True`` if the message was logged, ``False`` otherwise.
        :raises TypeError: on invalid filter parameter combinations or a non-str message.
        :raises ValueError: on invalid parameter values, or changes between calls.
        """
        if not self.is_enabled_for(severity):
            return False
        severity = LoggingSeverity(severity)
        name = kwargs.pop('name', self.name)
        detected_filters = get_filters_from_kwargs(**kwargs)

        caller_id = CallerId.from_frame(_find_caller(sys._getframe(1)))
        context = self.contexts.get(caller_id)
        if context is None:
            context = {'name': name, 'severity': severity, 'filters': detected_filters}
            for filter_name in detected_filters:
                supported_filters[filter_name].initialize_context(context, **kwargs)
            self.contexts[caller_id] = context
        else:
            if severity != context['severity']:
                raise ValueError('Logger severity cannot be changed between calls.')
            if name != context['name']:
                raise ValueError('Logger name cannot be changed between calls.')
            if detected_filters != context['filters']:
                raise ValueError('Requested logging filters cannot be changed between calls.')
            for filter_name in detected_filters:
                params = supported_filters[filter_name].params
                if any(context[p] != kwargs.get(p, params[p]) for p in params):
                    raise ValueError(
                        'Logging filter parameters cannot be changed between calls.')

        # A filter may update its state even when another filter then skips the message,
        # as rcutils' logging macros do.
        for filter_name in context['filters']:
            if not supported_filters[filter_name].should_log(context):
                return False

        if not isinstance(message, str):
            raise TypeError(f'message must be str, not {type(message).__name__}')
        _backend.log(severity, name, message, caller_id.function_name, caller_id.file_path,
                     caller_id.line_number)
        return True

    def debug(self, message: str, **kwargs: Any) -> bool:
        """Log a message with ``DEBUG`` severity via :meth:`log`."""
        return self.log(message, LoggingSeverity.DEBUG, **kwargs)

    def info(self, message: str, **kwargs: Any) -> bool:
        """Log a message with ``INFO`` severity via :meth:`log`."""
        return self.log(message, LoggingSeverity.INFO, **kwargs)

    def warning(self, message: str, **kwargs: Any) -> bool:
        """Log a message with ``WARN`` severity via :meth:`log`."""
        return self.log(message, LoggingSeverity.WARN, **kwargs)

    def warn(self, message: str, **kwargs: Any) -> bool:
        """
        Log a message with ``WARN`` severity via :meth:`log`.

        Deprecated in favor of :meth:`warning`.
        """
        return self.log(message, LoggingSeverity.WARN, **kwargs)

    def error(self, message: str, **kwargs: Any) -> bool:
        """Log a message with ``ERROR`` severity via :meth:`log`."""
        return self.log(message, LoggingSeverity.ERROR, **kwargs)

    def fatal(self, message: str, **kwargs: Any) -> bool:
        """Log a message with ``FATAL`` severity via :meth:`log`."""
        return self.log(message, LoggingSeverity.FATAL, **kwargs)
