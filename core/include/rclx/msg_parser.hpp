// Parser for ROS 2 interface files (.msg, .srv, .action) into the type model of type_description.hpp.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "rclx/type_description.hpp"

namespace rclx {

/// A malformed interface definition. what() reads "<file>:<line>:<column>: <message>",
/// where message says what was found and what was expected.
class ParseError : public std::invalid_argument {
 public:
  ParseError(std::string file, int line, int column, const std::string& message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }      ///< 1-based
  int column() const { return column_; }  ///< 1-based
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_;
  int column_;
  std::string message_;
};

/// Parses the text of a .msg file for type `package/msg/name`. `file` is only used in errors.
/// Nested types without a package ("Pose" rather than "geometry_msgs/Pose") resolve to
/// `package`, "Header" included: ROS 1's shorthand for std_msgs/Header does not exist in ROS 2.
/// Empty text is a valid message without fields.
MessageSpec parse_message(std::string_view text, const std::string& package, const std::string& name,
                          const std::string& file = "<string>");

/// Parses a .srv file: request, a line "---", response. Line numbers in errors count from the
/// top of the whole file.
ServiceSpec parse_service(std::string_view text, const std::string& package, const std::string& name,
                          const std::string& file = "<string>");

/// Parses an .action file: goal, "---", result, "---", feedback.
ActionSpec parse_action(std::string_view text, const std::string& package, const std::string& name,
                        const std::string& file = "<string>");

}  // namespace rclx
