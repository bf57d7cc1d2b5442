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
