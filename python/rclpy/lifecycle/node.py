"""rclpy.lifecycle.node: LifecycleNode, a managed node driven through rcl_lifecycle's state machine."""

import threading
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

import lifecycle_msgs.msg
import lifecycle_msgs.srv

from rclpy.callback_groups import CallbackGroup
from rclpy.event_handler import PublisherEventCallbacks
from rclpy.exceptions import RCLError
from rclpy.node import Node
from rclpy.publisher import Publisher
from rclpy.qos import qos_profile_services_default, QoSProfile

from ._state_machine import LifecycleStateMachine, TransitionTuple
from ._state_machine import TransitionCallbackReturnType as TransitionCallbackReturn
from .managed_entity import ManagedEntity
from .publisher import LifecyclePublisher

__all__ = ['LifecycleNode', 'LifecycleNodeMixin', 'LifecycleState', 'TransitionCallbackReturn']

_State = lifecycle_msgs.msg.State
_Transition = lifecycle_msgs.msg.Transition

# The publisher of ~/transition_event uses rcl's default publisher QoS (keep last 10, reliable, volatile).
_TRANSITION_EVENT_QOS = QoSProfile(depth=10)


class LifecycleState(NamedTuple):
    """A state of the lifecycle state machine, as passed to the transition callbacks."""

    label: str
    state_id: int


class LifecycleNodeMixin(ManagedEntity):
    """
    The lifecycle part of a managed node; combine it with Node (it uses Node's attributes).

    Transition callbacks (on_configure, on_cleanup, on_shutdown, on_activate, on_deactivate,
    on_error) receive the state the node was in when the transition started and return a
    TransitionCallbackReturn. By default they forward to every managed entity.
    """

    def __init__(self, *, enable_communication_interface: bool = True,
                 callback_group: Optional[CallbackGroup] = None) -> None:
        """
        Initialize the lifecycle part of a node.

        :param enable_communication_interface: Creates the lifecycle node's services if True
            (the ~/transition_event publisher exists either way).
        :param callback_group: Callback group that will be used by all the lifecycle node services.
        """
        self._callbacks: Dict[int, Callable[[LifecycleState], TransitionCallbackReturn]] = {
            _State.TRANSITION_STATE_CONFIGURING: self.on_configure,
            _State.TRANSITION_STATE_CLEANINGUP: self.on_cleanup,
            _State.TRANSITION_STATE_SHUTTINGDOWN: self.on_shutdown,
            _State.TRANSITION_STATE_ACTIVATING: self.on_activate,
            _State.TRANSITION_STATE_DEACTIVATING: self.on_deactivate,
            _State.TRANSITION_STATE_ERRORPROCESSING: self.on_error,
        }
        if callback_group is None:
            callback_group = self.default_callback_group
        # Insertion-ordered, so managed entities see transitions in the order they were added.
        self._managed_entities: Dict[ManagedEntity, None] = {}
        self._transition_lock = threading.RLock()
        # Like rcl_lifecycle's publisher, this one is not among the node's user publishers.
        self._transition_event_publisher = Node.create_publisher(
            self, lifecycle_msgs.msg.TransitionEvent, '~/transition_event', _TRANSITION_EVENT_QOS,
            event_callbacks=PublisherEventCallbacks(use_default_callbacks=False))
        self._publishers.remove(self._transition_event_publisher)
        self._state_machine = LifecycleStateMachine(self.__publish_transition_event)
        if enable_communication_interface:
            for srv_type, name, callback in (
                (lifecycle_msgs.srv.ChangeState, '~/change_state', self.__on_change_state),
                (lifecycle_msgs.srv.GetState, '~/get_state', self.__on_get_state),
                (lifecycle_msgs.srv.GetAvailableStates, '~/get_available_states',
                 self.__on_get_available_states),
                (lifecycle_msgs.srv.GetAvailableTransitions, '~/get_available_transitions',
                 self.__on_get_available_transitions),
                (lifecycle_msgs.srv.GetAvailableTransitions, '~/get_transition_graph',
                 self.__on_get_transition_graph),
            ):
                # Created under the expanded name, which rclpy reports as the services' srv_name.
                expanded = self.resolve_service_name(name, only_expand=True)
                Node.create_service(self, srv_type, expanded, callback,
                                    qos_profile=qos_profile_services_default, callback_group=callback_group)

    # -- triggers -------------------------------------------------------------------------------

    def trigger_configure(self) -> TransitionCallbackReturn:
        """Configure the node (unconfigured -> inactive); RCLError if it is not unconfigured."""
        return self.__change_state(_Transition.TRANSITION_CONFIGURE)

    def trigger_cleanup(self) -> TransitionCallbackReturn:
        """Clean the node up (inactive -> unconfigured); RCLError if it is not inactive."""
        return self.__change_state(_Transition.TRANSITION_CLEANUP)

    def trigger_shutdown(self) -> TransitionCallbackReturn:
        """Shut the node down from any primary state but finalized (-> finalized)."""
        label = self._state_machine.current_state[1]
        transition = {
            'unconfigured': _Transition.TRANSITION_UNCONFIGURED_SHUTDOWN,
            'inactive': _Transition.TRANSITION_INACTIVE_SHUTDOWN,
            'active': _Transition.TRANSITION_ACTIVE_SHUTDOWN,
        }.get(label)
        if transition is None:
            raise RCLError('Shutdown transtion not possible')  # sic: rclpy's message
        return self.__change_state(transition)

    def trigger_activate(self) -> TransitionCallbackReturn:
        """Activate the node (inactive -> active); RCLError if it is not inactive."""
        return self.__change_state(_Transition.TRANSITION_ACTIVATE)

    def trigger_deactivate(self) -> TransitionCallbackReturn:
        """Deactivate the node (active -> inactive); RCLError if it is not active."""
        return self.__change_state(_Transition.TRANSITION_DEACTIVATE)

    # -- managed entities -----------------------------------------------------------------------

    def add_managed_entity(self, entity: ManagedEntity) -> None:
        """Have `entity`'s transition callbacks called by this node's default callbacks."""
        if not isinstance(entity, ManagedEntity):
            raise TypeError('Expected a rclpy.lifecycle.ManagedEntity instance.')
        self._managed_entities[entity] = None

    def __call_entities(self, callback_name: str, state: LifecycleState) -> TransitionCallbackReturn:
        for entity in list(self._managed_entities):
            ret = getattr(entity, callback_name)(state)
            if not isinstance(ret, TransitionCallbackReturn):
                raise TypeError(
                    f'{callback_name}() return value of class {type(entity)} should be'
                    ' `TransitionCallbackReturn`.\n'
                    f'Instance of the class that caused the failure: {entity}')
            if ret != TransitionCallbackReturn.SUCCESS:
                return ret
        return TransitionCallbackReturn.SUCCESS

    def on_configure(self, state: LifecycleState) -> TransitionCallbackReturn:
        """
        Handle a configuring transition.

        By default, calls on_configure() of every managed entity, stopping at the first one that
        does not return SUCCESS. Call super().on_configure() when extending it.
        """
        return self.__call_entities('on_configure', state)

    def on_cleanup(self, state: LifecycleState) -> TransitionCallbackReturn:
        """
        Handle a cleaning up transition.

        By default, calls on_cleanup() of every managed entity, stopping at the first one that
        does not return SUCCESS. Call super().on_cleanup() when extending it.
        """
        return self.__call_entities('on_cleanup', state)

    def on_shutdown(self, state: LifecycleState) -> TransitionCallbackReturn:
        """
        Handle a shutting down transition.

        By default, calls on_shutdown() of every managed entity, stopping at the first one that
        does not return SUCCESS. Call super().on_shutdown() when extending it.
        """
        return self.__call_entities('on_shutdown', state)

    def on_activate(self, state: LifecycleState) -> TransitionCallbackReturn:
        """
        Handle an activating transition.

        By default, calls on_activate() of every managed entity (lifecycle publishers start
        publishing), stopping at the first one that does not return SUCCESS.
        Call super().on_activate() when extending it.
        """
        return self.__call_entities('on_activate', state)

    def on_deactivate(self, state: LifecycleState) -> TransitionCallbackReturn:
        """
        Handle a deactivating transition.

        By default, calls on_deactivate() of every managed entity (lifecycle publishers stop
        publishing), stopping at the first one that does not return SUCCESS.
        Call super().on_deactivate() when extending it.
        """
        return self.__call_entities('on_deactivate', state)

    def on_error(self, state: LifecycleState) -> TransitionCallbackReturn:
        """
        Handle a transition error (a callback returned ERROR or raised).

        SUCCESS recovers to unconfigured, anything else finalizes the node. By default, calls
        on_error() of every managed entity, stopping at the first one that does not return SUCCESS.
        """
        return self.__call_entities('on_error', state)

    def create_lifecycle_publisher(self, *args: Any, **kwargs: Any) -> LifecyclePublisher:
        """Create a LifecyclePublisher (arguments as Node.create_publisher()) managed by this node."""
        if 'publisher_class' in kwargs:
            raise TypeError("create_publisher() got an unexpected keyword argument 'publisher_class'")
        publisher = Node.create_publisher(self, *args, **kwargs, publisher_class=LifecyclePublisher)
        self._managed_entities[publisher] = None
        return publisher

    def destroy_lifecycle_publisher(self, publisher: LifecyclePublisher) -> bool:
        """Stop managing `publisher` and destroy it; return True if it belonged to this node."""
        self._managed_entities.pop(publisher, None)
        return Node.destroy_publisher(self, publisher)

    def destroy_node(self) -> None:
        """Destroy the node, its lifecycle services and its ~/transition_event publisher."""
        self._transition_event_publisher.destroy()
        super().destroy_node()  # type: ignore[misc]

    # -- the state machine driven by the callbacks ----------------------------------------------

    def __publish_transition_event(self, start: Tuple[int, str], goal: Tuple[int, str]) -> None:
        # rcl_lifecycle fills only the two states; timestamp and transition stay zero.
        event = lifecycle_msgs.msg.TransitionEvent()
        event.start_state = _State(id=start[0], label=start[1])
        event.goal_state = _State(id=goal[0], label=goal[1])
        publisher: Publisher = self._transition_event_publisher
        if not publisher._destroyed:
            publisher.publish(event)

    def __execute_callback(self, state_id: int, previous_state: LifecycleState) -> TransitionCallbackReturn:
        callback = self._callbacks.get(state_id)
        if callback is None:
            return TransitionCallbackReturn.SUCCESS
        try:
            return callback(previous_state)
        except Exception:
            # As rclpy: a callback that raises counts as ERROR (on_error then runs).
            return TransitionCallbackReturn.ERROR

    def __change_state(self, transition_id: int) -> TransitionCallbackReturn:
        with self._transition_lock:
            machine = self._state_machine
            start_id, start_label = machine.current_state
            initial_state = LifecycleState(label=start_label, state_id=start_id)
            machine.trigger_transition_by_id(transition_id, True)
            ret = self.__execute_callback(machine.current_state[0], initial_state)
            machine.trigger_transition_by_label(ret.to_label(), True)
            if ret == TransitionCallbackReturn.ERROR:
                # Now in errorprocessing: on_error decides between unconfigured and finalized.
                error_ret = self.__execute_callback(machine.current_state[0], initial_state)
                machine.trigger_transition_by_label(error_ret.to_label(), True)
            return ret

    # -- services -------------------------------------------------------------------------------

    def __on_change_state(self, request: lifecycle_msgs.srv.ChangeState.Request,
                          response: lifecycle_msgs.srv.ChangeState.Response
                          ) -> lifecycle_msgs.srv.ChangeState.Response:
        # A label, when given, wins over the id. A transition that does not leave the current
        # state is answered with success=False (rclpy lets its RCLError escape into the executor
        # when it is named by id; a remote request should not stop the node's spin).
        try:
            with self._transition_lock:
                transition_id = request.transition.id
                if request.transition.label:
                    transition_id = self._state_machine.get_transition_by_label(request.transition.label)
                response.success = self.__change_state(transition_id) == TransitionCallbackReturn.SUCCESS
        except RCLError:
            response.success = False
        return response

    def __on_get_state(self, request: lifecycle_msgs.srv.GetState.Request,
                       response: lifecycle_msgs.srv.GetState.Response) -> lifecycle_msgs.srv.GetState.Response:
        state_id, label = self._state_machine.current_state
        response.current_state = _State(id=state_id, label=label)
        return response

    def __on_get_available_states(self, request: lifecycle_msgs.srv.GetAvailableStates.Request,
                                  response: lifecycle_msgs.srv.GetAvailableStates.Response
                                  ) -> lifecycle_msgs.srv.GetAvailableStates.Response:
        response.available_states = [_State(id=i, label=label)
                                     for i, label in self._state_machine.available_states]
        return response

    def __on_get_available_transitions(self, request: lifecycle_msgs.srv.GetAvailableTransitions.Request,
                                       response: lifecycle_msgs.srv.GetAvailableTransitions.Response
                                       ) -> lifecycle_msgs.srv.GetAvailableTransitions.Response:
        response.available_transitions = _descriptions(self._state_machine.available_transitions)
        return response

    def __on_get_transition_graph(self, request: lifecycle_msgs.srv.GetAvailableTransitions.Request,
                                  response: lifecycle_msgs.srv.GetAvailableTransitions.Response
                                  ) -> lifecycle_msgs.srv.GetAvailableTransitions.Response:
        response.available_transitions = _descriptions(self._state_machine.transition_graph)
        return response


def _descriptions(transitions: List[TransitionTuple]) -> List[lifecycle_msgs.msg.TransitionDescription]:
    return [lifecycle_msgs.msg.TransitionDescription(
        transition=_Transition(id=t_id, label=t_label),
        start_state=_State(id=s_id, label=s_label),
        goal_state=_State(id=g_id, label=g_label))
        for t_id, t_label, s_id, s_label, g_id, g_label in transitions]


class LifecycleNode(LifecycleNodeMixin, Node):
    """
    A ROS 2 managed node.

    This class extends Node with the methods provided by LifecycleNodeMixin.
    Methods in LifecycleNodeMixin override the ones in Node.
    """

    def __init__(self, node_name: str, *, enable_communication_interface: bool = True, **kwargs: Any) -> None:
        """
        Create a lifecycle node.

        See rclpy.lifecycle.LifecycleNodeMixin.__init__() and rclpy.node.Node()
        for the documentation of each parameter.
        """
        Node.__init__(self, node_name, **kwargs)
        LifecycleNodeMixin.__init__(self, enable_communication_interface=enable_communication_interface)
