"""Signal handling and the blocking-call warning, as rclpy's options and docs describe them."""

import random
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


def test_an_ignored_sigint_still_stops_the_node(peer):
    """A background job of a non-interactive shell starts with SIGINT ignored; rclpy installs its
    handler anyway, so Ctrl-C (or kill -INT) still shuts the node down, with no KeyboardInterrupt."""
    proc = peer(SIGTERM_PEER, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    proc.expect_line('tick')
    out, err = proc.end_with(signal.SIGINT)
    assert 'clean exit' in out and 'Traceback' not in err, err


# The seed's skeleton: a timer publishes as fast as it can, the program catches what a signal ends
# spin with and cleans up in `finally`. {executor} is how it spins.
PUBLISHING_PEER = '''
import threading
import rclpy
from rclpy.executors import ExternalShutdownException, MultiThreadedExecutor, SingleThreadedExecutor
from std_msgs.msg import String

rclpy.init()
node = rclpy.create_node('publishing')
publisher = node.create_publisher(String, 'signal_chatter', 10)
node.create_subscription(String, 'signal_chatter', lambda msg: None, 10)
node.create_timer(0.001, lambda: publisher.publish(String(data='hello')))
node.create_timer(0.002, lambda: node.get_logger().debug('tock'))
mode = '{executor}'


def spin_quietly(executor):
    try:
        executor.spin()
    except ExternalShutdownException:
        pass


print('ready', flush=True)
try:
    if mode == 'global':
        rclpy.spin(node)
    elif mode == 'multi':
        executor = MultiThreadedExecutor(num_threads=3)
        executor.add_node(node)
        executor.spin()
    else:  # a spinning thread; the main thread waits for it
        executor = SingleThreadedExecutor()
        executor.add_node(node)
        thread = threading.Thread(target=spin_quietly, args=(executor,))
        thread.start()
        try:
            while thread.is_alive():
                thread.join(0.05)
        finally:
            executor.shutdown()
except (KeyboardInterrupt, ExternalShutdownException):
    pass
finally:
    node.destroy_node()
    rclpy.try_shutdown()
    print('finally ran', flush=True)
'''


def test_signals_while_publishing_from_timers_end_cleanly(peer):
    """docker stop, systemd and Ctrl-C at any moment: spin ends (returns, ExternalShutdownException
    or KeyboardInterrupt), the program's `finally` runs, nothing is printed and the exit code is 0.
    Twenty programs, each signalled at a random moment of its publishing."""
    rng = random.Random()
    cases = [(mode, signum) for mode in ('global', 'multi', 'thread') for signum in (signal.SIGTERM, signal.SIGINT)]
    cases = (cases * 4)[:20]
    procs = [(peer(PUBLISHING_PEER.format(executor=mode)), mode, signum) for mode, signum in cases]
    for proc, _, _ in procs:
        proc.expect_line('ready')
    for proc, _, signum in procs:
        time.sleep(rng.uniform(0.0, 0.15))
        proc.popen.send_signal(signum)
    for proc, mode, signum in procs:
        out, err = proc.finish(timeout=30.0)
        assert 'finally ran' in out, (mode, signum, out, err)
        assert err == '', (mode, signum, err)


SHUTDOWN_PEER = '''
import signal
import rclpy
from rclpy.signals import SignalHandlerOptions, get_current_signal_handlers_options
from rclpy.signals import install_signal_handlers, uninstall_signal_handlers

default_sigint = signal.getsignal(signal.SIGINT)
rclpy.init()
print('installed', get_current_signal_handlers_options() == SignalHandlerOptions.ALL,
      signal.getsignal(signal.SIGINT) is not default_sigint, flush=True)
rclpy.shutdown()
print('after shutdown', get_current_signal_handlers_options() == SignalHandlerOptions.NO,
      signal.getsignal(signal.SIGINT) is default_sigint,
      signal.getsignal(signal.SIGTERM) is signal.SIG_DFL, flush=True)
other = rclpy.Context()
rclpy.init(context=other)
print('other context', get_current_signal_handlers_options() == SignalHandlerOptions.NO, flush=True)
other.shutdown()
rclpy.init(signal_handler_options=SignalHandlerOptions.SIGTERM)
rclpy.shutdown(uninstall_handlers=False)
print('kept', get_current_signal_handlers_options() == SignalHandlerOptions.SIGTERM, flush=True)
signal.raise_signal(signal.SIGTERM)   # handled, and nothing is left to shut down
print('survived', flush=True)
install_signal_handlers(SignalHandlerOptions.ALL)   # a later call replaces the options
print(get_current_signal_handlers_options(), signal.getsignal(signal.SIGINT) is not default_sigint, flush=True)
install_signal_handlers(SignalHandlerOptions.SIGTERM)
print(get_current_signal_handlers_options(), signal.getsignal(signal.SIGINT) is default_sigint, flush=True)
uninstall_signal_handlers()
print(signal.getsignal(signal.SIGTERM) is signal.SIG_DFL, flush=True)
'''


def test_shutdown_of_the_default_context_uninstalls_the_signal_handlers(peer):
    """As rclpy documents: init() of the default context installs SIGINT and SIGTERM handlers, of
    another context none; shutdown() of the default context uninstalls them unless told not to;
    installing again replaces the options."""
    out, err = peer(SHUTDOWN_PEER).finish(timeout=30.0)
    assert out.splitlines() == ['installed True True', 'after shutdown True True True',
                                'other context True', 'kept True', 'survived',
                                'SignalHandlerOptions.ALL True', 'SignalHandlerOptions.SIGTERM True', 'True'], err


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


ROSOUT_PEER = '''
import sys, time
import rclpy
rclpy.init(args=['prog'] + sys.argv[1:])
node = rclpy.create_node('rosout_flag')
end = time.monotonic() + 10.0
topics = []
while '/parameter_events' not in topics and time.monotonic() < end:
    topics = [name for name, _ in node.get_publisher_names_and_types_by_node('rosout_flag', '/')]
    time.sleep(0.05)
node.get_logger().info('logged')
print(sorted(topics), flush=True)
node.destroy_node()
rclpy.shutdown()
'''


def test_disable_rosout_logs_argument_disables_rosout(tmp_path):
    """`--ros-args --disable-rosout-logs` given to init(): nodes get no /rosout publisher (as rcl);
    a later `--enable-rosout-logs` turns it back on."""
    import subprocess
    import sys
    script = tmp_path / 'rosout_peer.py'
    script.write_text(ROSOUT_PEER)
    outputs = []
    for extra in ([], ['--ros-args', '--disable-rosout-logs'],
                  ['--ros-args', '--disable-rosout-logs', '--enable-rosout-logs']):
        done = subprocess.run([sys.executable, str(script)] + extra, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout.strip())
    assert outputs == ["['/parameter_events', '/rosout']", "['/parameter_events']",
                       "['/parameter_events', '/rosout']"]
