"""Parameters: declaring 1,000 parameters, and a get_parameters service call for 100 of them.

rclpy-API code, so the same file runs on rclx and on real rclpy:
    .venv/bin/python bench/params_bench.py
    env -u PYTHONPATH .venv-jazzy/bin/python bench/params_bench.py   (or .venv-rclpy for Kilted)
The server and the client are two nodes of one process, spun by one executor. Prints one JSON line.
"""

import json
import statistics
import time

import rclpy
from rclpy.executors import SingleThreadedExecutor
from rcl_interfaces.srv import GetParameters

CALLS = 200


def main() -> None:
    rclpy.init()
    server = rclpy.create_node('bench_param_server')
    start = time.perf_counter()
    server.declare_parameters('', [(f'group{i // 100}.param{i}', float(i)) for i in range(1000)])
    declare_s = time.perf_counter() - start
    start = time.perf_counter()
    for i in range(1000):
        server.declare_parameter(f'single{i}', i)
    declare_one_s = time.perf_counter() - start

    client_node = rclpy.create_node('bench_param_client')
    executor = SingleThreadedExecutor()
    executor.add_node(server)
    executor.add_node(client_node)
    client = client_node.create_client(GetParameters, '/bench_param_server/get_parameters')
    assert client.wait_for_service(timeout_sec=10.0)
    request = GetParameters.Request(names=[f'group{i // 100}.param{i}' for i in range(0, 1000, 10)])
    times = []
    for _ in range(CALLS):
        start = time.perf_counter()
        future = client.call_async(request)
        executor.spin_until_future_complete(future, timeout_sec=10.0)
        times.append(time.perf_counter() - start)
        assert len(future.result().values) == 100
    print(json.dumps({
        'bench': 'params', 'rclpy': rclpy.__file__,
        'declare_parameters_1000_ms': round(declare_s * 1e3, 1),
        'declare_parameter_x1000_ms': round(declare_one_s * 1e3, 1),
        'get_parameters_100_p50_us': round(statistics.median(times) * 1e6),
        'get_parameters_100_per_s': round(CALLS / sum(times)),
    }))
    executor.shutdown()
    rclpy.shutdown()


if __name__ == '__main__':
    main()
