"""Tests for rclpy.callback_groups: membership and who may execute when."""

import gc
import threading

import pytest

from rclpy.callback_groups import (CallbackGroup, MutuallyExclusiveCallbackGroup,
                                   ReentrantCallbackGroup)


class Entity:
    """Stands in for a subscription, timer, client, service or waitable."""


def test_base_group_is_abstract():
    group = CallbackGroup()
    entity = Entity()
    group.add_entity(entity)
    for method in (group.can_execute, group.beginning_execution, group.ending_execution):
        with pytest.raises(NotImplementedError):
            method(entity)


def test_membership_is_weak():
    group = ReentrantCallbackGroup()
    a, b = Entity(), Entity()
    group.add_entity(a)
    assert group.has_entity(a) and not group.has_entity(b)
    del a
    gc.collect()
    assert all(ref() is None for ref in group.entities)


def test_reentrant_allows_everything():
    group = ReentrantCallbackGroup()
    a, b = Entity(), Entity()
    group.add_entity(a)
    group.add_entity(b)
    assert group.beginning_execution(a) and group.beginning_execution(b)
    assert group.can_execute(a) and group.can_execute(b)
    group.ending_execution(a)
    group.ending_execution(b)


def test_mutually_exclusive_allows_one_at_a_time():
    group = MutuallyExclusiveCallbackGroup()
    a, b = Entity(), Entity()
    group.add_entity(a)
    group.add_entity(b)
    assert group.can_execute(a) and group.can_execute(b)
    assert group.beginning_execution(a)
    assert not group.can_execute(b) and not group.can_execute(a)
    assert not group.beginning_execution(b)
    group.ending_execution(a)
    assert group.beginning_execution(b)
    group.ending_execution(b)
    assert group.can_execute(a)


def test_mutually_exclusive_checks_membership_and_owner():
    group = MutuallyExclusiveCallbackGroup()
    member, stranger = Entity(), Entity()
    group.add_entity(member)
    with pytest.raises(AssertionError):
        group.can_execute(stranger)
    with pytest.raises(AssertionError):
        group.beginning_execution(stranger)
    assert group.beginning_execution(member)
    with pytest.raises(AssertionError):
        group.ending_execution(stranger)


def test_mutually_exclusive_under_threads():
    group = MutuallyExclusiveCallbackGroup()
    entities = [Entity() for _ in range(8)]
    for entity in entities:
        group.add_entity(entity)
    active, peak, runs = [0], [0], [0]
    lock = threading.Lock()

    def worker(entity):
        for _ in range(300):
            if group.beginning_execution(entity):
                with lock:
                    active[0] += 1
                    peak[0] = max(peak[0], active[0])
                    runs[0] += 1
                with lock:
                    active[0] -= 1
                group.ending_execution(entity)

    threads = [threading.Thread(target=worker, args=(e,)) for e in entities]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 1 and runs[0] > 0
