"""The examples (the demo's talker and listener, rclpy tutorial code) run and talk, and stop on Ctrl-C."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / 'examples'


def test_talker_and_listener_talk_and_exit_cleanly():
    listener = subprocess.Popen([sys.executable, str(EXAMPLES / 'listener.py')], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, env=dict(os.environ))
    talker = subprocess.Popen([sys.executable, str(EXAMPLES / 'talker.py')], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, env=dict(os.environ))
    try:
        time.sleep(3.0)
    finally:
        for p in (talker, listener):
            p.send_signal(signal.SIGINT)
        outputs = [p.communicate(timeout=20)[0] for p in (talker, listener)]
    assert talker.returncode == 0 and listener.returncode == 0, outputs
    assert 'Publishing: "Hello World: 1"' in outputs[0]
    assert 'I heard: "Hello World:' in outputs[1]
    assert 'Traceback' not in outputs[0] + outputs[1]


def test_demo_command_ends_by_itself():
    """The README's demo command shows both nodes talking and stops on its own (it once ran forever:
    a script's background jobs start with SIGINT ignored, so its Ctrl-C never reached them)."""
    demo = EXAMPLES.parent / 'scripts' / 'demo.sh'
    process = subprocess.Popen(['bash', str(demo), '3'], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=dict(os.environ), start_new_session=True)
    try:
        output = process.communicate(timeout=120)[0]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the demo and the nodes it started
            process.communicate()
    assert process.returncode == 0, output
    assert 'Publishing: "Hello World: 1"' in output
    assert 'I heard: "Hello World: 1"' in output
    assert 'Traceback' not in output
