// Clocks: steady, system and ROS time (system time unless a simulated time override is active).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace rclx {

/// rcl_clock_type_t values.
enum class ClockType : std::uint8_t { Uninitialized = 0, RosTime = 1, SystemTime = 2, SteadyTime = 3 };

/// Nanoseconds since the epoch (system) or since boot (steady).
std::int64_t system_time_now();
std::int64_t steady_time_now();

/// What a ROS clock's time did (rcl_clock_change_t values).
enum class ClockChange : std::uint8_t { RosTimeNoChange = 1, RosTimeActivated = 2, RosTimeDeactivated = 3 };

/// Something told about time jumps of a ROS clock (a timer keeping its schedule).
class ClockJumpListener {
 public:
  virtual ~ClockJumpListener() = default;
  /// Called before the new time is set, with the clock's jump lock held (do not call back into the clock's setters).
  virtual void before_jump(ClockChange change) = 0;
  /// Called after the new time is set; `delta` is 0 for an activation or deactivation.
  virtual void after_jump(ClockChange change, std::int64_t delta) = 0;
};

/// A clock; ROS clocks may have a time override (simulated time) set from a /clock subscription.
/// Thread-safe. Setting the override notifies the listeners (timers on this clock) so their schedules
/// follow the jump as rcl's timers do.
class Clock {
 public:
  explicit Clock(ClockType type) : type_(type) {}
  ClockType type() const { return type_; }
  std::int64_t now() const;
  /// ROS clocks only: while active, now() returns the last override value.
  void set_ros_time_override_active(bool active);
  bool ros_time_override_active() const { return override_active_.load(std::memory_order_acquire); }
  void set_ros_time_override(std::int64_t ns);
  std::int64_t ros_time_override() const { return override_ns_.load(std::memory_order_acquire); }

  /// Registers a listener; it must be removed before it is destroyed.
  void add_jump_listener(ClockJumpListener* listener);
  void remove_jump_listener(ClockJumpListener* listener);

 private:
  ClockType type_;
  std::atomic<bool> override_active_{false};
  std::atomic<std::int64_t> override_ns_{0};
  std::mutex jump_mutex_;  // guards listeners_ and serialises jumps (setters)
  std::vector<ClockJumpListener*> listeners_;
};

}  // namespace rclx
