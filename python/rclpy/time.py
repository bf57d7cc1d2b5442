"""Time: a point in time on one kind of clock, stored as int64 nanoseconds since its epoch."""

from datetime import datetime
from typing import overload, Tuple, TYPE_CHECKING, Union

from rclpy.clock_type import ClockType
from rclpy.constants import S_TO_NS
from rclpy.duration import Duration

if TYPE_CHECKING:
    from builtin_interfaces.msg import Time as TimeMsg

# rcl keeps time points in an int64 of nanoseconds.
_INT64_LIMIT = 2**63


class Time:
    """
    A point in time.

    A :class:`Time` is a duration since an epoch together with the type of clock that measured
    it.  Times can only be compared with, or subtracted from, times of the same clock type.
    """

    __slots__ = ('_nanoseconds', '_clock_type')

    def __init__(self, *, seconds: Union[int, float] = 0,
                 nanoseconds: Union[int, float] = 0,
                 clock_type: ClockType = ClockType.SYSTEM_TIME) -> None:
        """
        Create a :class:`Time` from seconds and nanoseconds since the epoch, added together.

        :param seconds: seconds since the epoch; a fractional part is kept down to nanoseconds.
        :param nanoseconds: nanoseconds since the epoch; a fractional part is dropped.
        :param clock_type: the kind of clock this time point belongs to.
        :raises TypeError: if ``clock_type`` is not a :class:`ClockType`.
        :raises ValueError: if ``seconds`` or ``nanoseconds`` is negative.
        :raises OverflowError: if the total does not fit in a signed 64-bit integer.
        """
        if not isinstance(clock_type, ClockType):
            raise TypeError('Clock type must be a ClockType enum')
        if seconds < 0:
            raise ValueError('Seconds value must not be negative')
        if nanoseconds < 0:
            raise ValueError('Nanoseconds value must not be negative')
        total = int(seconds * S_TO_NS) + int(nanoseconds)
        if total >= _INT64_LIMIT:
            raise OverflowError(
                'Total nanoseconds value is too large to store in C time point.')
        self._nanoseconds = total
        self._clock_type = clock_type

    @property
    def nanoseconds(self) -> int:
        """:return: the total number of nanoseconds since the clock's epoch."""
        return self._nanoseconds

    def seconds_nanoseconds(self) -> Tuple[int, int]:
        """
        Get the time split into whole seconds and the remaining nanoseconds.

        :return: a 2-tuple ``(seconds, nanoseconds)``.
        """
        return divmod(self._nanoseconds, S_TO_NS)

    @property
    def clock_type(self) -> ClockType:
        """:return: the type of clock that produced this time point."""
        return self._clock_type

    def __repr__(self) -> str:
        return f'Time(nanoseconds={self._nanoseconds}, clock_type={self._clock_type.name})'

    def __add__(self, other: Duration) -> 'Time':
        if isinstance(other, Duration):
            try:
                return Time(nanoseconds=self._nanoseconds + other.nanoseconds,
                            clock_type=self._clock_type)
            except OverflowError as e:
                raise OverflowError('Addition leads to overflow in C storage.') from e
        return NotImplemented

    def __radd__(self, other: Duration) -> 'Time':
        return self.__add__(other)

    @overload
    def __sub__(self, other: 'Time') -> Duration: ...

    @overload
    def __sub__(self, other: Duration) -> 'Time': ...

    def __sub__(self, other: Union['Time', Duration]) -> Union['Time', Duration]:
        if isinstance(other, Time):
            if self._clock_type != other._clock_type:
                raise TypeError("Can't subtract times with different clock types")
            return Duration(nanoseconds=self._nanoseconds - other._nanoseconds)
        if isinstance(other, Duration):
            try:
                return Time(nanoseconds=self._nanoseconds - other.nanoseconds,
                            clock_type=self._clock_type)
            except ValueError as e:
                raise ValueError('Subtraction leads to negative time.') from e
        return NotImplemented

    def _check_comparable(self, other: 'Time') -> None:
        if self._clock_type != other._clock_type:
            raise TypeError("Can't compare times with different clock types")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Time):
            self._check_comparable(other)
            return self._nanoseconds == other._nanoseconds
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        if isinstance(other, Time):
            self._check_comparable(other)
            return self._nanoseconds != other._nanoseconds
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Time):
            self._check_comparable(other)
            return self._nanoseconds < other._nanoseconds
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, Time):
            self._check_comparable(other)
            return self._nanoseconds <= other._nanoseconds
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, Time):
            self._check_comparable(other)
            return self._nanoseconds > other._nanoseconds
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, Time):
            self._check_comparable(other)
            return self._nanoseconds >= other._nanoseconds
        return NotImplemented

    # Like rclpy, a Time defines equality but is not hashable.
    __hash__ = None  # type: ignore[assignment]

    def to_msg(self) -> 'TimeMsg':
        """
        Create a ``builtin_interfaces.msg.Time`` message from this time point.

        :rtype: builtin_interfaces.msg.Time
        """
        from builtin_interfaces.msg import Time as TimeMsg
        seconds, nanoseconds = self.seconds_nanoseconds()
        return TimeMsg(sec=seconds, nanosec=nanoseconds)

    def to_datetime(self) -> datetime:
        """
        Create a naive local :class:`datetime.datetime` from this time point.

        :raises TypeError: if the clock type is neither ``ROS_TIME`` nor ``SYSTEM_TIME``.
        :rtype: datetime
        """
        if self._clock_type not in (ClockType.ROS_TIME, ClockType.SYSTEM_TIME):
            raise TypeError("Time object's clock type should be either ROS_TIME or SYSTEM_TIME")
        return datetime.fromtimestamp(self._nanoseconds / S_TO_NS)

    @classmethod
    def from_msg(cls, msg: 'TimeMsg',
                 clock_type: ClockType = ClockType.ROS_TIME) -> 'Time':
        """
        Create a :class:`Time` from a ROS message.

        :param msg: the ``builtin_interfaces.msg.Time`` to convert.
        :param clock_type: the clock type to give the result.
        :raises TypeError: if ``msg`` is not a ``builtin_interfaces.msg.Time``.
        :rtype: Time
        """
        from builtin_interfaces.msg import Time as TimeMsg
        if not isinstance(msg, TimeMsg):
            raise TypeError('Must pass a builtin_interfaces.msg.Time object')
        return cls(seconds=msg.sec, nanoseconds=msg.nanosec, clock_type=clock_type)
