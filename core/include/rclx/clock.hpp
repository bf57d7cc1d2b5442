// Clocks: steady, system and ROS time (system time unless a simulated time override is active).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

namespace rclx {

/// rcl_clock_type_t values.
enum class ClockType : std::uint8_t { Uninitialized = 0, RosTime = 1, SystemTime = 2, SteadyTime = 3 };

/// Nanoseconds since the epoch (system) or since boot (steady).
std::int64_t system_time_now();
std::int64_t steady_time_now();

/// A clock; ROS clocks may have a time override (simulated time) set from a /clock subscription.
/// Thread-safe.
class Clock {
 public:
  explicit Clock(ClockType type) : type_(type) {}
  ClockType type() const { return type_; }
  std::int64_t now() const;
  /// ROS clocks only: while active, now() returns the last override value.
  void set_ros_time_override_active(bool active);
  bool ros_time_override_active() const { return override_active_.load(std::memory_order_acquire); }
  void set_ros_time_override(std::int64_t ns);

 private:
  ClockType type_;
  std::atomic<bool> override_active_{false};
  std::atomic<std::int64_t> override_ns_{0};
};

}  // namespace rclx
