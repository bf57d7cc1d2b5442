"""Tests for rclpy.logging: levels, filters, sinks, and console output formatted like rcutils."""

import os
import re
import subprocess
import sys
import time

import pytest

import rclpy.logging
from rclpy.clock import ROSClock
from rclpy.impl import _rcutils_logging
from rclpy.impl.rcutils_logger import RcutilsLogger
from rclpy.logging import LoggingSeverity
from rclpy.time import Time

STAMP = r'\d{10}\.\d{9}'


@pytest.fixture(autouse=True)
def fresh_logging_config():
    rclpy.logging.clear_config()
    yield
    rclpy.logging.clear_config()


@pytest.fixture
def records():
    """Collect emitted records through a sink."""
    collected = []

    def sink(*record):
        collected.append(record)

    _rcutils_logging.sinks.append(sink)
    yield collected
    _rcutils_logging.sinks.remove(sink)


def child_env(**overrides):
    """This interpreter's environment (so it finds rclx the same way) without RCUTILS_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('RCUTILS_')}
    env.update(overrides)
    return env


def run_python(code, **env_overrides):
    """Run code in a fresh interpreter; return (stdout, stderr)."""
    env = child_env(**env_overrides)
    done = subprocess.run([sys.executable, '-c', code], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


LOG_SCRIPT = """
import rclpy.logging
logger = rclpy.logging.get_logger('my_node')
logger.set_level(rclpy.logging.LoggingSeverity.DEBUG)
def emit():
    logger.debug('d')
    logger.info('i')
    logger.warning('w')
    logger.error('e')
    logger.fatal('f')
emit()
"""


# --- API --------------------------------------------------------------------------------

def test_severity_values():
    assert [int(s) for s in LoggingSeverity] == [0, 10, 20, 30, 40, 50]
    assert [s.name for s in LoggingSeverity] == ['UNSET', 'DEBUG', 'INFO', 'WARN', 'ERROR',
                                                 'FATAL']


def test_severity_from_string():
    assert rclpy.logging.get_logging_severity_from_string('debug') is LoggingSeverity.DEBUG
    assert rclpy.logging.get_logging_severity_from_string('Warn') is LoggingSeverity.WARN
    assert rclpy.logging.get_logging_severity_from_string('unset') is LoggingSeverity.UNSET
    with pytest.raises(RuntimeError, match='Failed to get severity name'):
        rclpy.logging.get_logging_severity_from_string('verbose')


def test_logger_names():
    with pytest.raises(ValueError, match='Logger name must not be empty.'):
        rclpy.logging.get_logger('')
    logger = rclpy.logging.get_logger('parent')
    assert isinstance(logger, RcutilsLogger)
    assert logger.name == 'parent'
    assert logger.get_child('child').name == 'parent.child'
    assert RcutilsLogger().get_child('top').name == 'top'
    with pytest.raises(ValueError, match='Child logger name must not be empty.'):
        logger.get_child('')


def test_levels_are_inherited_by_dotted_name():
    parent = rclpy.logging.get_logger('lv_parent')
    child = parent.get_child('child')
    assert child.get_effective_level() is LoggingSeverity.INFO
    assert rclpy.logging.get_logger_level('lv_parent') is LoggingSeverity.UNSET
    parent.set_level(LoggingSeverity.ERROR)
    assert child.get_effective_level() is LoggingSeverity.ERROR
    assert rclpy.logging.get_logger_effective_level('lv_parent.child.x') is LoggingSeverity.ERROR
    assert not child.is_enabled_for(LoggingSeverity.WARN)
    assert child.is_enabled_for(LoggingSeverity.FATAL)
    rclpy.logging.set_logger_level('lv_parent.child', LoggingSeverity.DEBUG)
    assert child.is_enabled_for(LoggingSeverity.DEBUG)
    assert rclpy.logging.get_logger_level('lv_parent.child') is LoggingSeverity.DEBUG
    child.set_level(LoggingSeverity.UNSET)
    assert child.get_effective_level() is LoggingSeverity.ERROR
    # 'lv_parent_other' is not a descendant of 'lv_parent'.
    assert rclpy.logging.get_logger_effective_level('lv_parent_other') is LoggingSeverity.INFO
    with pytest.raises(ValueError):
        parent.set_level(15)


def test_default_level_and_clear_config():
    assert rclpy.logging.get_logger_level('') is LoggingSeverity.INFO
    rclpy.logging.set_logger_level('', LoggingSeverity.WARN)
    assert rclpy.logging.get_logger_effective_level('anything') is LoggingSeverity.WARN
    rclpy.logging.set_logger_level('anything', 40)
    rclpy.logging.clear_config()
    assert rclpy.logging.get_logger_effective_level('anything') is LoggingSeverity.INFO
    assert rclpy.logging.get_logger_level('anything') is LoggingSeverity.UNSET


def test_get_logging_directory(monkeypatch):
    monkeypatch.setenv('ROS_LOG_DIR', '/tmp/ros_logs')
    assert str(rclpy.logging.get_logging_directory()) == '/tmp/ros_logs'
    monkeypatch.delenv('ROS_LOG_DIR')
    monkeypatch.setenv('ROS_HOME', '/tmp/roshome')
    assert str(rclpy.logging.get_logging_directory()) == '/tmp/roshome/log'
    monkeypatch.delenv('ROS_HOME')
    assert rclpy.logging.get_logging_directory().parts[-2:] == ('.ros', 'log')


# --- logging calls, filters and sinks ------------------------------------------------------

def test_log_returns_whether_logged(records):
    logger = rclpy.logging.get_logger('ret')
    assert logger.info('shown') is True
    assert logger.debug('hidden') is False
    assert logger.log('also shown', LoggingSeverity.WARN) is True
    assert logger.log('by int', 40) is True
    assert [r[2] for r in records] == ['shown', 'also shown', 'by int']
    with pytest.raises(ValueError):
        logger.log('bad severity', 25)


def test_sink_receives_record_fields(records):
    logger = rclpy.logging.get_logger('sinky')
    before = time.time_ns()
    logger.warn('careful')
    line = sys._getframe().f_lineno - 1
    severity, name, message, function, file_name, line_number, stamp = records[0]
    assert (severity, name, message) == (LoggingSeverity.WARN, 'sinky', 'careful')
    assert function == 'test_sink_receives_record_fields'
    assert file_name == os.path.abspath(__file__)
    assert line_number == line
    assert before <= stamp <= time.time_ns()


def test_sink_errors_and_reentry_do_not_break_logging(records, capsys):
    logger = rclpy.logging.get_logger('reentry')

    def logging_sink(*record):
        logger.error('from sink')  # must not recurse into the sinks
        raise RuntimeError('sink failure')

    _rcutils_logging.sinks.insert(0, logging_sink)
    try:
        assert logger.info('outer')
    finally:
        _rcutils_logging.sinks.remove(logging_sink)
    assert [r[2] for r in records] == ['outer']
    err = capsys.readouterr().err
    assert '[reentry]: outer' in err and '[reentry]: from sink' in err
    assert 'sink failure' in err


def test_name_keyword(records):
    logger = rclpy.logging.get_logger('base')
    logger.info('renamed', name='other.name')
    assert records[0][1] == 'other.name'


def test_once(records):
    logger = rclpy.logging.get_logger('once')
    results = [logger.info('only once', once=True) for _ in range(3)]
    assert results == [True, False, False]
    assert len(records) == 1


def test_skip_first(records):
    logger = rclpy.logging.get_logger('skip')
    results = [logger.info('not the first', skip_first=True) for _ in range(3)]
    assert results == [False, True, True]


def test_skip_first_and_once_combined():
    logger = rclpy.logging.get_logger('combo')
    results = [logger.info('x', skip_first=True, once=True) for _ in range(3)]
    # Filters run in order (throttle, skip_first, once) and stop at the first that rejects,
    # so "once" is first consulted, and fires, on the second call.
    assert results == [False, True, False]


def test_call_sites_have_separate_state(records):
    logger = rclpy.logging.get_logger('sites')
    first = logger.info('a', once=True)
    second = logger.info('b', once=True)
    assert (first, second) == (True, True)


def test_throttle_with_simulated_clock(records):
    clock = ROSClock()
    clock._set_ros_time_is_active(True)
    clock.set_ros_time_override(Time(seconds=100))
    logger = rclpy.logging.get_logger('throttled')

    def call():
        return logger.info('tick', throttle_duration_sec=1.0,
                           throttle_time_source_type=clock)

    assert call() is True
    assert call() is False
    clock.set_ros_time_override(Time(seconds=100.5))
    assert call() is False
    clock.set_ros_time_override(Time(seconds=101))
    assert call() is True
    assert len(records) == 2


def test_throttle_default_clock():
    logger = rclpy.logging.get_logger('throttled2')
    results = [logger.info('x', throttle_duration_sec=60) for _ in range(3)]
    assert results == [True, False, False]


def test_filter_parameter_errors():
    logger = rclpy.logging.get_logger('errors')
    with pytest.raises(TypeError, match='not one of the recognized logging options'):
        logger.info('x', unknown_option=1)
    with pytest.raises(TypeError, match='required parameter "throttle_duration_sec"'):
        logger.info('x', throttle_time_source_type=ROSClock())
    with pytest.raises(ValueError, match='is not a clock instance'):
        logger.info('x', throttle_duration_sec=1, throttle_time_source_type='RCUTILS_STEADY_TIME')


def test_call_site_may_not_change_between_calls():
    logger = rclpy.logging.get_logger('changes')

    def site(severity=LoggingSeverity.INFO, **kwargs):
        return logger.log('x', severity, **kwargs)

    site(once=True)
    with pytest.raises(ValueError, match='Logger severity cannot be changed between calls.'):
        site(LoggingSeverity.WARN, once=True)
    with pytest.raises(ValueError, match='Logger name cannot be changed between calls.'):
        site(once=True, name='changes.other')
    with pytest.raises(ValueError, match='Requested logging filters cannot be changed'):
        site(skip_first=True)
    def throttled_site(period):
        return logger.info('y', throttle_duration_sec=period)

    throttled_site(1.0)
    with pytest.raises(ValueError, match='Logging filter parameters cannot be changed'):
        throttled_site(2.0)


def test_filters_not_evaluated_below_level(records):
    logger = rclpy.logging.get_logger('below')
    assert logger.debug('x', once=True) is False
    logger.set_level(LoggingSeverity.DEBUG)
    assert logger.debug('x', once=True) is True  # the disabled call did not use up "once"


def test_message_must_be_str():
    with pytest.raises(TypeError, match='message must be str'):
        rclpy.logging.get_logger('types').info(42)  # type: ignore[arg-type]


# --- formatting (unit level) -------------------------------------------------------------

def make_record(severity=20, name='n', message='m', timestamp=1_700_000_000_012_345_678):
    return _rcutils_logging._Record(severity, name, message, 'func', '/f.py', 12, timestamp)


def expand(fmt, record=None):
    return _rcutils_logging.format_message(_rcutils_logging.compile_format(fmt),
                                           record or make_record())


def test_token_expansion():
    assert expand('[{severity}] [{time}] [{name}]: {message}') == \
        '[INFO] [1700000000.012345678] [n]: m'
    assert expand('{function_name}|{file_name}|{line_number}') == 'func|/f.py|12'
    assert expand('{time_as_nanoseconds}') == '1700000000012345678'
    assert expand('{time}', make_record(timestamp=5)) == '0000000000.000000005'
    assert expand('{time_as_nanoseconds}', make_record(timestamp=5)) == '0000000000000000005'
    assert expand('{time}', make_record(timestamp=-1_500_000_000)) == '-0000000001.500000000'


def test_date_time_with_ms_matches_rcutils():
    stamp = 1_700_000_000_012_345_678
    date = time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(1_700_000_000))
    # rcutils keeps the first three digits of the unpadded nanoseconds.
    assert expand('{date_time_with_ms}', make_record(timestamp=stamp)) == date + '.123'
    assert expand('{date_time_with_ms}',
                  make_record(timestamp=1_700_000_000_987_000_000)) == date + '.987'


def test_unknown_tokens_and_braces_are_kept():
    assert expand('{unknown} {message}') == '{unknown} m'
    assert expand('{{message}}') == '{m}'
    assert expand('open { only') == 'open { only'
    assert expand('{message') == '{message'
    assert expand('no tokens') == 'no tokens'


# --- console output (subprocesses, since the environment is read once) -------------------

def test_default_output_on_stderr():
    out, err = run_python(LOG_SCRIPT)
    assert out == ''
    lines = err.splitlines()
    assert len(lines) == 5
    for line, severity, message in zip(lines, ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'],
                                       'diwef'):
        assert re.fullmatch(rf'\[{severity}\] \[{STAMP}\] \[my_node\]: {message}', line), line


def test_use_stdout():
    out, err = run_python(LOG_SCRIPT, RCUTILS_LOGGING_USE_STDOUT='1')
    assert err == '' and len(out.splitlines()) == 5
    out, err = run_python(LOG_SCRIPT, RCUTILS_LOGGING_USE_STDOUT='0')
    assert out == '' and len(err.splitlines()) == 5


def test_custom_format_with_all_tokens(tmp_path):
    script = tmp_path / 'script.py'
    script.write_text(LOG_SCRIPT)
    fmt = ('{severity}|{name}|{message}|{function_name}|{file_name}|{line_number}|{time}|'
           '{time_as_nanoseconds}|{date_time_with_ms}')
    _, err = run_python(f'exec(compile(open({str(script)!r}).read(), {str(script)!r}, "exec"))',
                        RCUTILS_CONSOLE_OUTPUT_FORMAT=fmt)
    fields = err.splitlines()[1].split('|')
    assert fields[:6] == ['INFO', 'my_node', 'i', 'emit', str(script), '7']
    assert re.fullmatch(STAMP, fields[6])
    assert re.fullmatch(r'\d{19}', fields[7])
    assert fields[7][:10] == fields[6][:10]
    assert re.fullmatch(r'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{1,3}', fields[8])


def test_format_escapes():
    _, err = run_python(LOG_SCRIPT, RCUTILS_CONSOLE_OUTPUT_FORMAT=r'{message}\t[{name}]')
    assert err.splitlines()[0] == 'd\t[my_node]'


def test_colorized_output():
    _, err = run_python(LOG_SCRIPT, RCUTILS_COLORIZED_OUTPUT='1',
                        RCUTILS_CONSOLE_OUTPUT_FORMAT='{message}')
    assert err.splitlines() == ['\033[32md\033[0m', '\033[0mi\033[0m', '\033[33mw\033[0m',
                                '\033[31me\033[0m', '\033[31mf\033[0m']
    # Not a terminal, so the automatic setting means no colour.
    _, err = run_python(LOG_SCRIPT, RCUTILS_CONSOLE_OUTPUT_FORMAT='{message}')
    assert err.splitlines() == ['d', 'i', 'w', 'e', 'f']
    _, err = run_python(LOG_SCRIPT, RCUTILS_COLORIZED_OUTPUT='0',
                        RCUTILS_CONSOLE_OUTPUT_FORMAT='{message}')
    assert err.splitlines() == ['d', 'i', 'w', 'e', 'f']


def test_invalid_environment_value_is_reported():
    _, err = run_python(LOG_SCRIPT, RCUTILS_LOGGING_USE_STDOUT='yes',
                        RCUTILS_CONSOLE_OUTPUT_FORMAT='{message}')
    lines = err.splitlines()
    assert 'unexpected value [yes] specified for RCUTILS_LOGGING_USE_STDOUT' in lines[0]
    assert lines[1:] == ['d', 'i', 'w', 'e', 'f']


def test_buffered_stream_setting_still_flushes_lines():
    _, err = run_python(LOG_SCRIPT, RCUTILS_LOGGING_BUFFERED_STREAM='1',
                        RCUTILS_CONSOLE_OUTPUT_FORMAT='{message}')
    assert err.splitlines() == ['d', 'i', 'w', 'e', 'f']


def test_lines_are_flushed_immediately():
    code = ('import sys, rclpy.logging\n'
            "rclpy.logging.get_logger('live').info('ready')\n"
            'sys.stdin.readline()\n')
    env = child_env(RCUTILS_LOGGING_USE_STDOUT='1', RCUTILS_CONSOLE_OUTPUT_FORMAT='{message}')
    child = subprocess.Popen([sys.executable, '-c', code], env=env, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        # stdout to a pipe is block-buffered by default; the line arrives only if flushed.
        assert child.stdout.readline() == 'ready\n'
    finally:
        child.communicate('\n', timeout=30)
