// The core's one error type: a failed DDS or core operation, with the operation and the object named.
#pragma once

#include <stdexcept>
#include <string>

namespace rclx {

/// A DDS call or core operation failed. what() reads "<operation> '<object>': <reason>".
class Error : public std::runtime_error {
 public:
  Error(const std::string& operation, const std::string& object, const std::string& reason, int code = -1)
      : std::runtime_error(operation + (object.empty() ? "" : " '" + object + "'") + ": " + reason), code_(code) {}
  /// The DDS return code (negative), or -1 for errors that did not come from DDS.
  int code() const { return code_; }

 private:
  int code_;
};

/// An entity was used after destroy() or after its context was shut down (rclpy's InvalidHandle).
class InvalidHandle : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The context is not initialised or was shut down (rclpy's RCLError / NotInitializedException).
class ContextShutdown : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace rclx
