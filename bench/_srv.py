"""rclbench.py's AddTwoInts server (the `srv` role) as a child process, and a client of it, for the bench scripts."""
import contextlib
import os
import subprocess
import sys
from typing import Iterator, Tuple

import rclpy
from example_interfaces.srv import AddTwoInts
from rclpy.client import Client
from rclpy.node import Node

RCLBENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'bench', 'rclbench.py')


@contextlib.contextmanager
def addtwoints_server(duration_s: int = 60) -> Iterator[subprocess.Popen]:
    """Runs the server (service `bench_add`) for the block's duration and always stops it."""
    server = subprocess.Popen([sys.executable, RCLBENCH, 'srv', '--count', '1000', '--duration', str(duration_s)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield server
    finally:
        server.terminate()
        server.wait()


def ready_client(node_name: str) -> Tuple[Node, Client]:
    """rclpy.init(), a node and an AddTwoInts client of `bench_add` whose server is ready."""
    rclpy.init()
    node = rclpy.create_node(node_name)
    client = node.create_client(AddTwoInts, 'bench_add')
    if not client.wait_for_service(timeout_sec=20.0):
        raise SystemExit(f'{node_name}: the AddTwoInts server did not come up')
    return node, client
