// Clock readings for the three ROS clock types, and ROS time overrides that notify timers.
#include "rclx/clock.hpp"

#include <algorithm>
#include <chrono>

namespace rclx {

std::int64_t system_time_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t steady_time_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::int64_t Clock::now() const {
  switch (type_) {
    case ClockType::SteadyTime:
      return steady_time_now();
    case ClockType::RosTime:
      if (override_active_.load(std::memory_order_acquire)) return override_ns_.load(std::memory_order_acquire);
      return system_time_now();
    default:
      return system_time_now();
  }
}

void Clock::set_ros_time_override_active(bool active) {
  std::lock_guard<std::mutex> lock(jump_mutex_);
  if (override_active_.load(std::memory_order_acquire) == active) return;
  const ClockChange change = active ? ClockChange::RosTimeActivated : ClockChange::RosTimeDeactivated;
  for (auto* l : listeners_) l->before_jump(change);
  override_active_.store(active, std::memory_order_release);
  for (auto* l : listeners_) l->after_jump(change, 0);
}

void Clock::set_ros_time_override(std::int64_t ns) {
  std::lock_guard<std::mutex> lock(jump_mutex_);
  const std::int64_t delta = ns - override_ns_.load(std::memory_order_acquire);
  const bool active = override_active_.load(std::memory_order_acquire);
  if (active && delta != 0)
    for (auto* l : listeners_) l->before_jump(ClockChange::RosTimeNoChange);
  override_ns_.store(ns, std::memory_order_release);
  if (active && delta != 0)
    for (auto* l : listeners_) l->after_jump(ClockChange::RosTimeNoChange, delta);
}

void Clock::add_jump_listener(ClockJumpListener* listener) {
  std::lock_guard<std::mutex> lock(jump_mutex_);
  listeners_.push_back(listener);
}

void Clock::remove_jump_listener(ClockJumpListener* listener) {
  std::lock_guard<std::mutex> lock(jump_mutex_);
  listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), listener), listeners_.end());
}

}  // namespace rclx
