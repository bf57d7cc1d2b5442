"""The part of ROS 2's rosidl_parser that message classes use at run time.

Only :mod:`rosidl_parser.definition` is provided: the type objects found in a message
class's ``SLOT_TYPES``. Parsing interface files is done by rclx's C++ core.
"""
