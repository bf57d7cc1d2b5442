"""Python stand-in for rcutils' logging core: logger levels, console output, and sinks.

This module plays the part of rcutils/src/logging.c for rclx:

* logger levels by dotted name, inherited from the nearest configured ancestor, falling back
  to the default level (INFO);
* the console output handler, configured from the environment like rcutils
  (``RCUTILS_CONSOLE_OUTPUT_FORMAT``, ``RCUTILS_COLORIZED_OUTPUT``,
  ``RCUTILS_LOGGING_USE_STDOUT``, ``RCUTILS_LOGGING_BUFFERED_STREAM``);
* :data:`sinks`, the hook for other outputs such as ``/rosout``.

Every line is written with a single ``write`` and flushed, so other processes reading the
stream see it immediately.  The environment is read once, on first use or on
:func:`initialize`.
"""

import os
import sys
import threading
import time
from typing import Callable, Dict, List, NamedTuple, Optional, TextIO, Tuple

#: Signature of a sink:
#: ``sink(severity, name, message, function_name, file_name, line_number, timestamp_ns)``.
Sink = Callable[[int, str, str, str, str, int, int], None]

#: Callables called for every record that passes its logger's level, after console output,
#: e.g. the node layer's ``/rosout`` publisher.  Append to register, remove to unregister.
#: A record emitted while sinks run (a sink that logs) reaches the console only.
sinks: List[Sink] = []

UNSET, DEBUG, INFO, WARN, ERROR, FATAL = 0, 10, 20, 30, 40, 50
_SEVERITY_NAMES: Dict[int, str] = {
    UNSET: 'UNSET', DEBUG: 'DEBUG', INFO: 'INFO', WARN: 'WARN', ERROR: 'ERROR', FATAL: 'FATAL',
}
_DEFAULT_LEVEL = INFO
_DEFAULT_FORMAT = '[{severity}] [{time}] [{name}]: {message}'
_MAX_FORMAT_LENGTH = 2047  # rcutils keeps the format in a 2048-byte buffer

_COLOR_NORMAL = '\033[0m'
_COLORS: Dict[int, str] = {
    DEBUG: '\033[32m',  # green
    INFO: _COLOR_NORMAL,
    WARN: '\033[33m',  # yellow
    ERROR: '\033[31m',  # red
    FATAL: '\033[31m',
}

# Escape sequences rcutils expands in RCUTILS_CONSOLE_OUTPUT_FORMAT.
_FORMAT_ESCAPES = {'\\a': '\a', '\\b': '\b', '\\n': '\n', '\\r': '\r', '\\t': '\t'}


class _Record(NamedTuple):
    severity: int
    name: str
    message: str
    function_name: str
    file_name: str
    line_number: int
    timestamp: int  # nanoseconds since the epoch, system clock


def _signed(value: int, digits_of: Callable[[int], str]) -> str:
    return ('-' if value < 0 else '') + digits_of(abs(value))


def _expand_time(record: _Record) -> str:
    # rcutils: "%.10" PRId64 "." "%.9" PRId64, sign in front.
    return _signed(record.timestamp, lambda ns: f'{ns // 10**9:010d}.{ns % 10**9:09d}')


def _expand_time_as_nanoseconds(record: _Record) -> str:
    return _signed(record.timestamp, lambda ns: f'{ns:019d}')


def _expand_date_time_with_ms(record: _Record) -> str:
    seconds, nanoseconds = divmod(abs(record.timestamp), 10**9)
    date = time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(seconds))
    # rcutils prints the first three digits of the unpadded nanoseconds ("%.3s"), so 5 ms
    # shows as ".500"; reproduced so logs read the same as ROS 2's.
    return f'{date}.{str(nanoseconds)[:3]}'


_TOKENS: Dict[str, Callable[[_Record], str]] = {
    'severity': lambda r: _SEVERITY_NAMES.get(r.severity, ''),
    'name': lambda r: r.name,
    'message': lambda r: r.message,
    'function_name': lambda r: r.function_name,
    'file_name': lambda r: r.file_name,
    'line_number': lambda r: str(r.line_number),
    'time': _expand_time,
    'time_as_nanoseconds': _expand_time_as_nanoseconds,
    'date_time_with_ms': _expand_date_time_with_ms,
}

# A compiled format: literal strings and token expanders, in order.
_Format = Tuple[object, ...]


def compile_format(output_format: str) -> _Format:
    """
    Split an output format into literal text and token expanders, the way rcutils scans it.

    A token is the text between a ``{`` and the next ``}``; an unknown token leaves the ``{``
    as text and scanning resumes right after it.
    """
    parts: List[object] = []
    i, end = 0, len(output_format)
    while i < end:
        start = output_format.find('{', i)
        if start < 0:
            parts.append(output_format[i:])
            break
        if start > i:
            parts.append(output_format[i:start])
        stop = output_format.find('}', start)
        if stop < 0:
            parts.append(output_format[start:])
            break
        expand = _TOKENS.get(output_format[start + 1:stop])
        if expand is None:
            parts.append('{')
            i = start + 1
        else:
            parts.append(expand)
            i = stop + 1
    return tuple(parts)


def format_message(compiled: _Format, record: _Record) -> str:
    """Expand a compiled format for one record."""
    return ''.join(part if isinstance(part, str) else part(record)  # type: ignore[operator]
                   for part in compiled)


class _Config(NamedTuple):
    """Console settings read from the environment; replaced whole, never modified."""

    output_format: _Format
    use_stdout: bool
    colorized: Optional[bool]  # None: colour only if the stream is a terminal


def _read_zero_or_one(name: str, zero_meaning: str, one_meaning: str) -> Optional[bool]:
    """Read a 0/1 variable: ``None`` when unset or empty (or, after a warning, invalid)."""
    value = os.environ.get(name, '')
    if value == '':
        return None
    if value in ('0', '1'):
        return value == '1'
    _write_error(f'unexpected value [{value}] specified for {name}. '
                 f'Valid values are 0 ({zero_meaning}) or 1 ({one_meaning}).')
    return None


def _write_error(text: str) -> None:
    stream = sys.stderr
    if stream is not None:
        stream.write(f'[rclpy] error initializing logging: {text}\n')
        stream.flush()


def _read_config() -> _Config:
    if os.environ.get('RCUTILS_CONSOLE_STDOUT_LINE_BUFFERED', ''):
        if sys.stderr is not None:
            sys.stderr.write(
                'RCUTILS_CONSOLE_STDOUT_LINE_BUFFERED is now ignored. '
                'Please set RCUTILS_LOGGING_USE_STDOUT and RCUTILS_LOGGING_BUFFERED_STREAM '
                'to control the stream and the buffering of log messages.\n')
    use_stdout = _read_zero_or_one('RCUTILS_LOGGING_USE_STDOUT', 'use stderr', 'use stdout')
    # Lines are always flushed as a whole; the variable is only checked.
    _read_zero_or_one('RCUTILS_LOGGING_BUFFERED_STREAM', 'not buffered', 'buffered')
    colorized = _read_zero_or_one('RCUTILS_COLORIZED_OUTPUT', 'force no color', 'force color')
    output_format = os.environ.get('RCUTILS_CONSOLE_OUTPUT_FORMAT', '') or _DEFAULT_FORMAT
    output_format = output_format[:_MAX_FORMAT_LENGTH]
    for escape, char in _FORMAT_ESCAPES.items():
        output_format = output_format.replace(escape, char)
    return _Config(compile_format(output_format), bool(use_stdout), colorized)


# Module state.  _lock guards _levels, _default_level and _config; readers may use a
# snapshot of _config without the lock because it is replaced, never modified.
_lock = threading.Lock()
_levels: Dict[str, int] = {}
_default_level = _DEFAULT_LEVEL
_config: Optional[_Config] = None
_output_lock = threading.Lock()  # keeps lines from different threads whole
_in_sinks = threading.local()


def initialize() -> None:
    """Read the console configuration from the environment, if not done yet."""
    global _config
    with _lock:
        if _config is None:
            _config = _read_config()


def shutdown() -> None:
    """Forget logger levels and console configuration; the next use initializes again."""
    global _config, _default_level
    with _lock:
        _config = None
        _levels.clear()
        _default_level = _DEFAULT_LEVEL


def _get_config() -> _Config:
    config = _config
    if config is None:
        initialize()
        config = _config
        assert config is not None
    return config


def severity_level_from_string(severity: str) -> Optional[int]:
    """Return the severity named ``severity`` (case-insensitive), or ``None``."""
    wanted = severity.upper()
    for level, name in _SEVERITY_NAMES.items():
        if name == wanted:
            return level
    return None


def set_logger_level(name: str, level: int) -> None:
    """Set a logger's level; the empty name sets the default level."""
    global _default_level
    with _lock:
        if name == '':
            _default_level = level
        else:
            _levels[name] = level


def get_logger_level(name: str) -> int:
    """Return the level set for exactly this logger (UNSET if none); '' gives the default."""
    with _lock:
        if name == '':
            return _default_level
        return _levels.get(name, UNSET)


def get_logger_effective_level(name: str) -> int:
    """Return the level of the logger or its nearest ancestor that has one, else the default."""
    with _lock:
        while name:
            level = _levels.get(name, UNSET)
            if level != UNSET:
                return level
            separator = name.rfind('.')
            if separator < 0:
                break
            name = name[:separator]
        return _default_level


def logger_is_enabled_for(name: str, severity: int) -> bool:
    """Return ``True`` if a record of ``severity`` from logger ``name`` would be emitted."""
    return severity >= get_logger_effective_level(name)


def log(severity: int, name: str, message: str, function_name: str, file_name: str,
        line_number: int) -> None:
    """Emit a record if its logger is enabled for it: console first, then the sinks."""
    if not logger_is_enabled_for(name, severity):
        return
    record = _Record(severity, name, message, function_name, file_name, line_number,
                     time.time_ns())
    _write_to_console(_get_config(), record)
    if sinks and not getattr(_in_sinks, 'active', False):
        _in_sinks.active = True
        try:
            for sink in list(sinks):
                try:
                    sink(*record)
                except Exception as e:  # a broken sink must not break logging
                    _write_line(sys.stderr, f'[rclpy] logging sink {sink!r} failed: {e!r}')
        finally:
            _in_sinks.active = False


def _write_to_console(config: _Config, record: _Record) -> None:
    if record.severity not in _COLORS:
        _write_line(sys.stderr, f'unknown severity level: {record.severity}')
        return
    stream = sys.stdout if config.use_stdout else sys.stderr
    if stream is None:
        return
    line = format_message(config.output_format, record)
    colorized = config.colorized
    if colorized is None:
        try:
            colorized = stream.isatty()
        except (AttributeError, ValueError):
            colorized = False
    if colorized:
        line = _COLORS[record.severity] + line + _COLOR_NORMAL
    _write_line(stream, line)


def _write_line(stream: Optional[TextIO], line: str) -> None:
    if stream is None:
        return
    text = line + '\n'
    with _output_lock:
        try:
            try:
                stream.write(text)
            except UnicodeEncodeError:
                encoding = getattr(stream, 'encoding', None) or 'utf-8'
                stream.write(text.encode(encoding, 'backslashreplace').decode(encoding))
            stream.flush()
        except ValueError:  # stream closed, e.g. at interpreter exit
            pass
