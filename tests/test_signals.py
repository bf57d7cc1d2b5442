"""Signal handling and the blocking-call warning, as rclpy's options and docs describe them."""

import signal
import time

import rclpy
from example_interfaces.srv import AddTwoInts
from rclpy.executors import SingleThreadedExecutor

SIGTERM_PEER = '''
import rclpy
from rclpy.executors import ExternalShutdownException
rclpy.init()
node = rclpy.create_node('term')
node.create_timer(0.05, lambda: print('tick', flush=True))
try:
    rclpy.spin(node)
except ExternalShutdownException:
    print('external shutdown', flush=True)
finally:
    node.destroy_node()
    rclpy.shutdown()   # after a SIGTERM shutdown this is not an error
print('clean exit', flush=True)
'''


def test_sigterm_shuts_down_and_a_later_shutdown_is_not_an_error(peer):
    proc = peer(SIGTERM_PEER)
    proc.expect_line('tick')
    out, err = proc.end_with(signal.SIGTERM)
    # spin ends either with ExternalShutdownException or, when the shutdown lands between waits,
    # by its loop condition (as in rclpy); either way the program's own clean-up runs without error.
    assert 'clean exit' in out
    assert 'Traceback' not in err


SIGINT_PEER = '''
import threading, time
import rclpy
rclpy.init()
node = rclpy.create_node('ctrl_c')
node.create_timer(0.05, lambda: print('tick', flush=True))
ended = threading.Event()

def watch():  # a thread that runs while ROS is ok, as programs spinning in another thread do
    while rclpy.ok():
        time.sleep(0.01)
    ended.set()

threading.Thread(target=watch, daemon=True).start()
try:
    rclpy.spin(node)
except KeyboardInterrupt:
    print('keyboard interrupt', flush=True)
print('watcher ended', ended.wait(5.0), 'ok', rclpy.ok(), flush=True)
node.destroy_node()
rclpy.shutdown()   # after a Ctrl-C shutdown this is not an error
print('clean exit', flush=True)
'''


def test_ctrl_c_raises_keyboard_interrupt_and_shuts_down_every_context(peer):
    """As rclpy (Jazzy, Kilted): SIGINT shuts the contexts down, so rclpy.ok() turns False in every
    thread, and Python's handler still raises KeyboardInterrupt in the spinning main thread."""
    proc = peer(SIGINT_PEER)
    proc.expect_line('tick')
    out, err = proc.end_with(signal.SIGINT)
    assert 'keyboard interrupt' in out
    assert 'watcher ended True ok False' in out
    assert 'clean exit' in out and 'Traceback' not in err


def test_an_ignored_sigint_stays_ignored(peer):
    """A background job of a non-interactive shell starts with SIGINT ignored; rclpy leaves it so."""
    proc = peer(SIGTERM_PEER, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    proc.expect_line('tick')
    proc.popen.send_signal(signal.SIGINT)
    time.sleep(0.5)
    assert proc.popen.poll() is None, 'an ignored SIGINT ended the program'
    out, err = proc.end_with(signal.SIGTERM)
    assert 'clean exit' in out and 'Traceback' not in err


def test_blocking_call_in_single_threaded_callback_warns(context, capsys):
    node = rclpy.create_node('deadlock', context=context)
    node.create_service(AddTwoInts, 'add_dl', lambda req, resp: resp)
    client = node.create_client(AddTwoInts, 'add_dl')
    results = []

    def tick():
        timer.cancel()
        results.append(client.call(AddTwoInts.Request(a=1, b=2), timeout_sec=0.3))

    timer = node.create_timer(0.01, tick)
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(node)
    end = time.monotonic() + 5
    while not results and time.monotonic() < end:
        executor.spin_once(timeout_sec=0.1)
    executor.shutdown()
    assert results == [None]  # the call timed out: its reply could not be taken while blocked
    assert 'deadlock' in capsys.readouterr().err
    node.destroy_node()
