"""Services and clients appear in the graph under their node (ros_discovery_info), and leave with them."""

import functools

import rclpy
from example_interfaces.srv import AddTwoInts
from test_graph import eventually as _eventually

eventually = functools.partial(_eventually, timeout=3.0)


def test_services_and_clients_by_node(context, peer):
    p = peer('''
import time, rclpy
from example_interfaces.srv import AddTwoInts
rclpy.init()
node = rclpy.create_node('srv_peer', namespace='/gs', start_parameter_services=False)
node.create_service(AddTwoInts, 'add', lambda req, resp: resp)
node.create_client(AddTwoInts, '/elsewhere/add')
print('ready', flush=True)
time.sleep(30)
''')
    assert p.popen.stdout.readline().strip() == 'ready'
    node = rclpy.create_node('observer', context=context, start_parameter_services=False)
    # Every node serves its type descriptions, as in Jazzy (also without parameter services).
    describe = ('/gs/srv_peer/get_type_description', ['type_description_interfaces/srv/GetTypeDescription'])
    srv = [('/gs/add', ['example_interfaces/srv/AddTwoInts']), describe]
    cli = [('/elsewhere/add', ['example_interfaces/srv/AddTwoInts'])]
    assert eventually(lambda: node.get_service_names_and_types_by_node('srv_peer', '/gs') == srv)
    assert eventually(lambda: node.get_client_names_and_types_by_node('srv_peer', '/gs') == cli)
    assert ('/gs/add', ['example_interfaces/srv/AddTwoInts']) in node.get_service_names_and_types()
    # A service of our own shows up and goes away with destroy_service.
    own = node.create_service(AddTwoInts, 'mine', lambda req, resp: resp)
    assert eventually(lambda: ('/mine', ['example_interfaces/srv/AddTwoInts']) in
                      node.get_service_names_and_types_by_node('observer', '/'))
    node.destroy_service(own)
    assert eventually(lambda: node.get_service_names_and_types_by_node('observer', '/') == [
        ('/observer/get_type_description', ['type_description_interfaces/srv/GetTypeDescription'])])
    node.destroy_node()
