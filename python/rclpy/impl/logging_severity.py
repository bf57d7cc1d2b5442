"""LoggingSeverity: log levels with rcutils' values (RCUTILS_LOG_SEVERITY in rcutils/logging.h)."""

from enum import IntEnum


class LoggingSeverity(IntEnum):
    """
    Enum for logging severity levels.

    The values match ``RCUTILS_LOG_SEVERITY`` in rcutils/logging.h.
    """

    UNSET = 0
    DEBUG = 10
    INFO = 20
    WARN = 30
    ERROR = 40
    FATAL = 50
