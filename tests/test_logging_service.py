"""The logger service (enable_logger_service=True): levels read and set from another process."""

import queue
import subprocess
import threading
import time
from typing import Any, Set

import pytest

import rclpy
from rcl_interfaces.msg import LoggerLevel
from rcl_interfaces.srv import GetLoggerLevels, SetLoggerLevels
from rclpy.executors import SingleThreadedExecutor
from rclpy.impl.logging_severity import LoggingSeverity
from rclpy.logging_service import LoggingService

# Each tick logs one line per level; only the levels its logger lets through reach stderr.
PEER = '''
import rclpy
from rclpy.executors import ExternalShutdownException
rclpy.init()
node = rclpy.create_node('log_peer', namespace='/lsvc', enable_logger_service=True)
count = [0]
def tick():
    count[0] += 1
    logger = node.get_logger()
    logger.debug('tick-debug %d' % count[0])
    logger.info('tick-info %d' % count[0])
    logger.error('tick-error %d' % count[0])
node.create_timer(0.1, tick)
print('ready', flush=True)
try:
    rclpy.spin(node)
except (KeyboardInterrupt, ExternalShutdownException):
    pass
'''

TIMEOUT = 20.0


class Lines:
    """Collects a stream's lines in a thread, so the test can wait for a line with a deadline."""

    def __init__(self, stream: Any) -> None:
        self._queue: 'queue.Queue[str]' = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: Any) -> None:
        for line in stream:
            self._queue.put(line.strip())

    def next(self, deadline: float) -> str:
        return self._queue.get(timeout=max(0.0, deadline - time.monotonic()))


def ticks_of(lines: Lines, level: str, until: int) -> Set[int]:
    """The tick numbers logged at `level` up to (and including) the line 'tick-error <until>'."""
    seen: Set[int] = set()
    deadline = time.monotonic() + TIMEOUT
    while True:
        line = lines.next(deadline)
        if f'tick-{level} ' in line:
            seen.add(int(line.rsplit(' ', 1)[1]))
        if line.endswith(f'tick-error {until}'):
            return seen


def first_error_tick(lines: Lines) -> int:
    deadline = time.monotonic() + TIMEOUT
    while True:
        line = lines.next(deadline)
        if 'tick-error ' in line:
            return int(line.rsplit(' ', 1)[1])


def call(node: Any, client: Any, request: Any) -> Any:
    assert client.wait_for_service(timeout_sec=TIMEOUT)
    future = client.call_async(request)
    executor = SingleThreadedExecutor(context=node.context)
    executor.add_node(node)
    executor.spin_until_future_complete(future, timeout_sec=TIMEOUT)
    executor.shutdown()
    assert future.done()
    return future.result()


def set_levels(node: Any, client: Any, **levels: int) -> Any:
    request = SetLoggerLevels.Request(
        levels=[LoggerLevel(name=name.replace('__', '.'), level=level) for name, level in levels.items()])
    return call(node, client, request)


@pytest.fixture
def log_peer(peer, monkeypatch):
    monkeypatch.setenv('RCUTILS_COLORIZED_OUTPUT', '0')
    proc = peer(PEER, stdin=subprocess.DEVNULL)
    proc.expect_line('ready')
    return proc


def test_levels_read_and_set_from_another_process_filter_its_output(context, log_peer):
    lines = Lines(log_peer.popen.stderr)
    node = rclpy.create_node('log_admin', context=context, enable_rosout=False)
    get_client = node.create_client(GetLoggerLevels, '/lsvc/log_peer/get_logger_levels')
    set_client = node.create_client(SetLoggerLevels, '/lsvc/log_peer/set_logger_levels')

    # Nothing is set for the peer's logger: UNSET (0), as for any logger nobody named.
    response = call(node, get_client, GetLoggerLevels.Request(names=['lsvc.log_peer', 'no.such.logger']))
    assert [(lv.name, lv.level) for lv in response.levels] == [('lsvc.log_peer', 0), ('no.such.logger', 0)]
    # The default level is INFO: info and error lines, no debug.
    start = first_error_tick(lines)
    assert ticks_of(lines, 'debug', start + 2) == set()

    response = set_levels(node, set_client, lsvc__log_peer=LoggingSeverity.DEBUG)
    assert [(r.successful, r.reason) for r in response.results] == [(True, '')]
    response = call(node, get_client, GetLoggerLevels.Request(names=['lsvc.log_peer']))
    assert [(lv.name, lv.level) for lv in response.levels] == [('lsvc.log_peer', 10)]
    # Lines already in the pipe predate the change; later ticks log debug too.
    start = first_error_tick(lines)
    assert start + 2 in ticks_of(lines, 'debug', start + 2)

    # ERROR: the info lines stop (a tick logs its error line after its info line).
    response = set_levels(node, set_client, lsvc__log_peer=LoggingSeverity.ERROR)
    assert response.results[0].successful
    start = first_error_tick(lines)
    assert start + 2 not in ticks_of(lines, 'info', start + 2)
    node.destroy_node()


def test_set_logger_levels_results_and_reasons(context, log_peer):
    node = rclpy.create_node('log_admin', context=context, enable_rosout=False)
    get_client = node.create_client(GetLoggerLevels, '/lsvc/log_peer/get_logger_levels')
    set_client = node.create_client(SetLoggerLevels, '/lsvc/log_peer/set_logger_levels')
    response = set_levels(node, set_client, a__b=LoggingSeverity.WARN, bad=15, c=LoggingSeverity.FATAL)
    assert [(r.successful, r.reason) for r in response.results] == [
        (True, ''), (False, 'Failed reason: Invalid logger level.'), (True, '')]
    response = call(node, get_client, GetLoggerLevels.Request(names=['a.b', 'bad', 'c', 'a']))
    assert [lv.level for lv in response.levels] == [30, 0, 50, 0]
    # UNSET clears a level again.
    set_levels(node, set_client, a__b=LoggingSeverity.UNSET)
    response = call(node, get_client, GetLoggerLevels.Request(names=['a.b']))
    assert response.levels[0].level == 0
    node.destroy_node()


def test_node_serves_the_two_services_only_when_enabled(context):
    with_service = rclpy.create_node('with_log_svc', namespace='/ns', context=context, enable_rosout=False,
                                     enable_logger_service=True)
    without = rclpy.create_node('without_log_svc', namespace='/ns', context=context, enable_rosout=False)
    assert isinstance(with_service._logger_service, LoggingService)
    deadline = time.monotonic() + TIMEOUT
    while True:
        services = dict(with_service.get_service_names_and_types_by_node('with_log_svc', '/ns'))
        if '/ns/with_log_svc/set_logger_levels' in services or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert services['/ns/with_log_svc/get_logger_levels'] == ['rcl_interfaces/srv/GetLoggerLevels']
    assert services['/ns/with_log_svc/set_logger_levels'] == ['rcl_interfaces/srv/SetLoggerLevels']
    other = dict(with_service.get_service_names_and_types_by_node('without_log_svc', '/ns'))
    assert not any(name.endswith('_logger_levels') for name in other)
    with_service.destroy_node()
    without.destroy_node()
