"""Duration: a signed span of time with nanosecond resolution, stored as an int64 like rcl."""

import math
from typing import TYPE_CHECKING, Union

from rclpy.constants import S_TO_NS

if TYPE_CHECKING:
    from builtin_interfaces.msg import Duration as DurationMsg

# rcl stores durations in an int64 of nanoseconds; these are its bounds.
_INT64_MIN = -2**63
_INT64_MAX = 2**63 - 1


class Duration:
    """A period between two time points, with nanosecond precision."""

    __slots__ = ('_nanoseconds',)

    def __init__(self, *, seconds: Union[int, float] = 0,
                 nanoseconds: Union[int, float] = 0) -> None:
        """
        Create a :class:`Duration` from seconds and nanoseconds, which are added together.

        :param seconds: time span in seconds; a fractional part is kept down to nanoseconds.
        :param nanoseconds: time span in nanoseconds; a fractional part is dropped.
        :raises OverflowError: if the total does not fit in a signed 64-bit integer.
        """
        total = int(seconds * S_TO_NS) + int(nanoseconds)
        if not _INT64_MIN <= total <= _INT64_MAX:
            raise OverflowError(
                'Total nanoseconds value is too large to store in C duration.')
        self._nanoseconds = total

    @property
    def nanoseconds(self) -> int:
        """:return: the length of this duration in nanoseconds (may be negative)."""
        return self._nanoseconds

    def __repr__(self) -> str:
        return f'Duration(nanoseconds={self._nanoseconds})'

    def __str__(self) -> str:
        if self._nanoseconds == _INT64_MAX:
            return 'Infinite'
        return f'{self._nanoseconds} nanoseconds'

    def __add__(self, other: 'Duration') -> 'Duration':
        if isinstance(other, Duration):
            return Duration(nanoseconds=self._nanoseconds + other._nanoseconds)
        return NotImplemented

    def __sub__(self, other: 'Duration') -> 'Duration':
        if isinstance(other, Duration):
            return Duration(nanoseconds=self._nanoseconds - other._nanoseconds)
        return NotImplemented

    def __mul__(self, other: Union[int, float]) -> 'Duration':
        if isinstance(other, int):
            return Duration(nanoseconds=self._nanoseconds * other)
        if isinstance(other, float):
            if math.isfinite(other):
                return Duration(nanoseconds=int(self._nanoseconds * other))
            if other == math.inf:
                return Infinite
            # rclpy reports -inf with the same message as nan.
            raise ValueError("Can't multiply duration with nan")
        return NotImplemented

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Duration):
            return self._nanoseconds == other._nanoseconds
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        if isinstance(other, Duration):
            return self._nanoseconds != other._nanoseconds
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Duration):
            return self._nanoseconds < other._nanoseconds
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, Duration):
            return self._nanoseconds <= other._nanoseconds
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, Duration):
            return self._nanoseconds > other._nanoseconds
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, Duration):
            return self._nanoseconds >= other._nanoseconds
        return NotImplemented

    # Like rclpy, a Duration defines equality but is not hashable.
    __hash__ = None  # type: ignore[assignment]

    def to_msg(self) -> 'DurationMsg':
        """
        Get this duration as a :class:`builtin_interfaces.msg.Duration`.

        Negative durations get a negative ``sec`` and a non-negative ``nanosec``.

        :return: the duration as a message.
        :rtype: builtin_interfaces.msg.Duration
        """
        from builtin_interfaces.msg import Duration as DurationMsg
        seconds, nanoseconds = divmod(self._nanoseconds, S_TO_NS)
        return DurationMsg(sec=seconds, nanosec=nanoseconds)

    @classmethod
    def from_msg(cls, msg: 'DurationMsg') -> 'Duration':
        """
        Create a :class:`Duration` from a duration message.

        :param msg: an instance of :class:`builtin_interfaces.msg.Duration`.
        :raises TypeError: if ``msg`` is not a ``builtin_interfaces.msg.Duration``.
        """
        from builtin_interfaces.msg import Duration as DurationMsg
        if not isinstance(msg, DurationMsg):
            raise TypeError('Must pass a builtin_interfaces.msg.Duration object')
        return cls(seconds=msg.sec, nanoseconds=msg.nanosec)


#: A duration longer than any other (``RMW_DURATION_INFINITE``, the largest int64).
Infinite = Duration(nanoseconds=_INT64_MAX)
