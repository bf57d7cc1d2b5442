"""Shared test set-up: a random ROS domain per test run, helpers to run a second process."""

import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Iterator, List, Tuple

import pytest

# Every run gets its own domain so parallel runs never see each other's traffic.
os.environ['ROS_DOMAIN_ID'] = os.environ.get('RCLX_TEST_DOMAIN_ID', str(random.randint(10, 200)))
TEST_INTERFACES = Path(__file__).parent / 'interfaces'
os.environ['RCLX_INTERFACE_PATH'] = str(TEST_INTERFACES) + os.pathsep + os.environ.get('RCLX_INTERFACE_PATH', '')


@pytest.fixture
def context() -> Iterator[object]:
    """An initialized rclpy context, shut down after the test."""
    import rclpy
    from rclpy.context import Context
    ctx = Context()
    rclpy.init(context=ctx)
    try:
        yield ctx
    finally:
        ctx.try_shutdown()


class Proc:
    """A Python script in a second process; stopped (and reaped) when the test ends."""

    def __init__(self, tmp_path: Path, code: str, name: str = 'peer.py', **popen_args: Any) -> None:
        script = tmp_path / name
        script.write_text(textwrap.dedent(code))
        self.popen = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True, env=dict(os.environ), **popen_args)

    def expect_line(self, line: str) -> None:
        """Reads the script's next line of output, which must be `line`."""
        got = self.popen.stdout.readline().strip()
        assert got == line, f'expected {line!r} from the peer, got {got!r}'

    def finish(self, timeout: float = 60.0) -> Tuple[str, str]:
        """Waits for the script to end, which it must do with exit code 0; returns (stdout, stderr)."""
        out, err = self.popen.communicate(timeout=timeout)
        assert self.popen.returncode == 0, f'peer failed ({self.popen.returncode}):\n{out}\n{err}'
        return out, err

    def wait(self, timeout: float = 60.0) -> str:
        return self.finish(timeout)[0]

    def end_with(self, signum: int, timeout: float = 20.0) -> Tuple[str, str]:
        """Sends the signal `signum`, then finish()es."""
        self.popen.send_signal(signum)
        return self.finish(timeout)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.kill()
        self.popen.communicate()


@pytest.fixture
def peer(tmp_path: Path) -> Iterator:
    """Start peer processes with peer(code); all are killed at the end of the test."""
    procs: List[Proc] = []

    def start(code: str, **popen_args: Any) -> Proc:
        p = Proc(tmp_path, code, f'peer{len(procs)}.py', **popen_args)
        procs.append(p)
        return p

    yield start
    for p in procs:
        p.stop()
