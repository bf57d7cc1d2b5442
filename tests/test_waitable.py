"""rclpy.waitable: NumberOfEntities, the Waitable base, and the entities that are waitables."""

import pytest

import rclpy
from rclpy.action import ActionClient, ActionServer
from rclpy.callback_groups import MutuallyExclusiveCallbackGroup
from rclpy.event_handler import EventHandler
from rclpy.waitable import NumberOfEntities, Waitable
from example_interfaces.action import Fibonacci


def test_number_of_entities_adds_up_as_rclpy():
    a = NumberOfEntities(1, 2, 3, 4, 5, 6)
    b = NumberOfEntities(num_timers=1, num_events=2)
    total = a + b
    assert (total.num_subscriptions, total.num_guard_conditions, total.num_timers,
            total.num_clients, total.num_services, total.num_events) == (1, 2, 4, 4, 5, 8)
    assert repr(total) == '<NumberOfEntities(1, 2, 4, 4, 5, 8)>'
    a += b
    assert a == total


def test_actions_and_event_handlers_are_waitables_with_rclpys_counts(context):
    node = rclpy.create_node('waitables', context=context)
    try:
        server = ActionServer(node, Fibonacci, 'counted', lambda goal_handle: Fibonacci.Result())
        client = ActionClient(node, Fibonacci, 'counted')
        assert isinstance(server, Waitable) and isinstance(client, Waitable)
        # The numbers Jazzy's rcl_action reports.
        assert repr(server.get_num_entities()) == '<NumberOfEntities(0, 0, 1, 0, 3, 0)>'
        assert repr(client.get_num_entities()) == '<NumberOfEntities(2, 0, 0, 3, 0, 0)>'
        handlers = [w for w in node.waitables if isinstance(w, EventHandler)]
        assert handlers and all(isinstance(h, Waitable) for h in handlers)
        assert repr(handlers[0].get_num_entities()) == '<NumberOfEntities(0, 0, 0, 0, 0, 1)>'
    finally:
        node.destroy_node()


def test_a_waitable_that_fills_a_wait_set_itself_is_refused_clearly(context):
    class Custom(Waitable):
        def add_to_wait_set(self, wait_set):
            pass

    node = rclpy.create_node('custom_waitable', context=context)
    try:
        custom = Custom(MutuallyExclusiveCallbackGroup())
        with pytest.raises(NotImplementedError, match="Custom fills an rclpy wait set itself"):
            node.add_waitable(custom)
        assert custom not in list(node.waitables)
        with pytest.raises(NotImplementedError):
            custom.take_data()
    finally:
        node.destroy_node()
