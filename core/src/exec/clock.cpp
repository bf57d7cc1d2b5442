// Clock readings for the three ROS clock types.
#include "rclx/clock.hpp"

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

void Clock::set_ros_time_override_active(bool active) { override_active_.store(active, std::memory_order_release); }

void Clock::set_ros_time_override(std::int64_t ns) { override_ns_.store(ns, std::memory_order_release); }

}  // namespace rclx
