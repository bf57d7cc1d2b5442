"""The default lifecycle state machine (rcl_lifecycle's), in pure Python: states, transitions, triggers."""

import enum
from typing import Callable, Dict, List, NamedTuple, Optional, Tuple

from lifecycle_msgs.msg import State as _S
from lifecycle_msgs.msg import Transition as _T

from rclpy.exceptions import RCLError
from rclpy.logging import get_logger

__all__ = ['TransitionCallbackReturnType', 'LifecycleStateMachine', 'TransitionTuple']

# (transition id, transition label, start id, start label, goal id, goal label), as rclpy reports them.
TransitionTuple = Tuple[int, str, int, str, int, str]


class TransitionCallbackReturnType(enum.Enum):
    """What a transition callback returns: it decides which transition follows the intermediate state."""

    SUCCESS = _T.TRANSITION_CALLBACK_SUCCESS
    FAILURE = _T.TRANSITION_CALLBACK_FAILURE
    ERROR = _T.TRANSITION_CALLBACK_ERROR

    # Like rclpy's native enum: int() and hash() give the value, but it never equals an int.
    def __int__(self) -> int:
        return self.value

    def __index__(self) -> int:
        return self.value

    def __hash__(self) -> int:
        return self.value

    def to_label(self) -> str:
        """Return the label of the transition this result triggers from a transition state."""
        return _RESULT_LABELS[self]


_RESULT_LABELS = {
    TransitionCallbackReturnType.SUCCESS: 'transition_success',
    TransitionCallbackReturnType.FAILURE: 'transition_failure',
    TransitionCallbackReturnType.ERROR: 'transition_error',
}

# Every state of the default state machine, in the order get_available_states reports them.
_STATES: Dict[int, str] = {
    _S.PRIMARY_STATE_UNKNOWN: 'unknown',
    _S.PRIMARY_STATE_UNCONFIGURED: 'unconfigured',
    _S.PRIMARY_STATE_INACTIVE: 'inactive',
    _S.PRIMARY_STATE_ACTIVE: 'active',
    _S.PRIMARY_STATE_FINALIZED: 'finalized',
    _S.TRANSITION_STATE_CONFIGURING: 'configuring',
    _S.TRANSITION_STATE_CLEANINGUP: 'cleaningup',
    _S.TRANSITION_STATE_SHUTTINGDOWN: 'shuttingdown',
    _S.TRANSITION_STATE_ACTIVATING: 'activating',
    _S.TRANSITION_STATE_DEACTIVATING: 'deactivating',
    _S.TRANSITION_STATE_ERRORPROCESSING: 'errorprocessing',
}


class _Edge(NamedTuple):
    id: int
    label: str
    start: int
    goal: int


def _outcomes(base: int, start: int, success: int, failure: int, error: int) -> List[_Edge]:
    """The three transitions that leave a transition state, numbered base, base+1, base+2."""
    return [_Edge(base, 'transition_success', start, success),
            _Edge(base + 1, 'transition_failure', start, failure),
            _Edge(base + 2, 'transition_error', start, error)]


# The transition graph in rcl_lifecycle's order (get_transition_graph reports it in this order).
_GRAPH: List[_Edge] = [
    _Edge(_T.TRANSITION_CONFIGURE, 'configure', _S.PRIMARY_STATE_UNCONFIGURED, _S.TRANSITION_STATE_CONFIGURING),
    *_outcomes(_T.TRANSITION_ON_CONFIGURE_SUCCESS, _S.TRANSITION_STATE_CONFIGURING,
               _S.PRIMARY_STATE_INACTIVE, _S.PRIMARY_STATE_UNCONFIGURED, _S.TRANSITION_STATE_ERRORPROCESSING),
    _Edge(_T.TRANSITION_CLEANUP, 'cleanup', _S.PRIMARY_STATE_INACTIVE, _S.TRANSITION_STATE_CLEANINGUP),
    *_outcomes(_T.TRANSITION_ON_CLEANUP_SUCCESS, _S.TRANSITION_STATE_CLEANINGUP,
               _S.PRIMARY_STATE_UNCONFIGURED, _S.PRIMARY_STATE_INACTIVE, _S.TRANSITION_STATE_ERRORPROCESSING),
    _Edge(_T.TRANSITION_ACTIVATE, 'activate', _S.PRIMARY_STATE_INACTIVE, _S.TRANSITION_STATE_ACTIVATING),
    *_outcomes(_T.TRANSITION_ON_ACTIVATE_SUCCESS, _S.TRANSITION_STATE_ACTIVATING,
               _S.PRIMARY_STATE_ACTIVE, _S.PRIMARY_STATE_INACTIVE, _S.TRANSITION_STATE_ERRORPROCESSING),
    _Edge(_T.TRANSITION_DEACTIVATE, 'deactivate', _S.PRIMARY_STATE_ACTIVE, _S.TRANSITION_STATE_DEACTIVATING),
    *_outcomes(_T.TRANSITION_ON_DEACTIVATE_SUCCESS, _S.TRANSITION_STATE_DEACTIVATING,
               _S.PRIMARY_STATE_INACTIVE, _S.PRIMARY_STATE_ACTIVE, _S.TRANSITION_STATE_ERRORPROCESSING),
    _Edge(_T.TRANSITION_UNCONFIGURED_SHUTDOWN, 'shutdown', _S.PRIMARY_STATE_UNCONFIGURED,
          _S.TRANSITION_STATE_SHUTTINGDOWN),
    _Edge(_T.TRANSITION_INACTIVE_SHUTDOWN, 'shutdown', _S.PRIMARY_STATE_INACTIVE, _S.TRANSITION_STATE_SHUTTINGDOWN),
    _Edge(_T.TRANSITION_ACTIVE_SHUTDOWN, 'shutdown', _S.PRIMARY_STATE_ACTIVE, _S.TRANSITION_STATE_SHUTTINGDOWN),
    # A failed shutdown still finalizes the node.
    *_outcomes(_T.TRANSITION_ON_SHUTDOWN_SUCCESS, _S.TRANSITION_STATE_SHUTTINGDOWN,
               _S.PRIMARY_STATE_FINALIZED, _S.PRIMARY_STATE_FINALIZED, _S.TRANSITION_STATE_ERRORPROCESSING),
    # on_error decides: recovered (back to unconfigured) or not (finalized).
    *_outcomes(_T.TRANSITION_ON_ERROR_SUCCESS, _S.TRANSITION_STATE_ERRORPROCESSING,
               _S.PRIMARY_STATE_UNCONFIGURED, _S.PRIMARY_STATE_FINALIZED, _S.PRIMARY_STATE_FINALIZED),
]

_logger = get_logger('rcl_lifecycle')


def _describe(edge: _Edge) -> TransitionTuple:
    return (edge.id, edge.label, edge.start, _STATES[edge.start], edge.goal, _STATES[edge.goal])


class LifecycleStateMachine:
    """
    The current state of one lifecycle node and the transitions that move it.

    `notify(start, goal)` is called with (id, label) pairs after each transition when the trigger
    asks for a notification (the node publishes a TransitionEvent there).
    """

    def __init__(self, notify: Optional[Callable[[Tuple[int, str], Tuple[int, str]], None]] = None) -> None:
        self._current = _S.PRIMARY_STATE_UNCONFIGURED
        self._notify = notify

    @property
    def initialized(self) -> bool:
        """Always True: the default states are registered at construction."""
        return True

    @property
    def current_state(self) -> Tuple[int, str]:
        """The current state as (id, label)."""
        return self._current, _STATES[self._current]

    @property
    def available_states(self) -> List[Tuple[int, str]]:
        """Every state of the machine as (id, label)."""
        return list(_STATES.items())

    @property
    def available_transitions(self) -> List[TransitionTuple]:
        """The transitions that leave the current state."""
        return [_describe(edge) for edge in _GRAPH if edge.start == self._current]

    @property
    def transition_graph(self) -> List[TransitionTuple]:
        """Every transition of the machine."""
        return [_describe(edge) for edge in _GRAPH]

    def _find(self, key: object, by_label: bool) -> Optional[_Edge]:
        for edge in _GRAPH:
            if edge.start == self._current and (edge.label if by_label else edge.id) == key:
                return edge
        _logger.warning(f'No transition matching {key} found for current state {_STATES[self._current]}')
        return None

    def get_transition_by_label(self, label: str) -> int:
        """Return the id of the transition called `label` that leaves the current state."""
        edge = self._find(label, by_label=True)
        if edge is None:
            raise RCLError('Failed to get transition from label: error not set')
        return edge.id

    def trigger_transition_by_id(self, transition_id: int, publish_notification: bool) -> None:
        """Take the transition `transition_id` from the current state; RCLError if it does not leave it."""
        self._take(self._find(transition_id, by_label=False), publish_notification)

    def trigger_transition_by_label(self, label: str, publish_notification: bool) -> None:
        """Take the transition called `label` from the current state; RCLError if none leaves it."""
        self._take(self._find(label, by_label=True), publish_notification)

    def _take(self, edge: Optional[_Edge], publish_notification: bool) -> None:
        if edge is None:
            raise RCLError('Failed to trigger lifecycle state machine transition: Transition is not registered.')
        self._current = edge.goal  # as rcl_lifecycle: the state changes even if the event cannot be sent
        if publish_notification and self._notify is not None:
            try:
                self._notify((edge.start, _STATES[edge.start]), (edge.goal, _STATES[edge.goal]))
            except Exception as error:
                raise RCLError('Failed to trigger lifecycle state machine transition: '
                               f'Could not publish transition: {error}') from error
