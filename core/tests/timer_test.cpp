// Timer on a ROS clock: simulated time drives the schedule; jumps follow rcl_timer's rules.
#include <gtest/gtest.h>

#include <memory>

#include "rclx/clock.hpp"
#include "rclx/timer.hpp"

namespace {
constexpr std::int64_t kSecond = 1'000'000'000;
}

TEST(timer, follows_simulated_time) {
  auto clock = std::make_shared<rclx::Clock>(rclx::ClockType::RosTime);
  clock->set_ros_time_override(100 * kSecond);
  clock->set_ros_time_override_active(true);
  rclx::Timer timer(clock, kSecond);
  EXPECT_EQ(timer.time_until_next_call(), kSecond);
  rclx::TimerCall call;
  EXPECT_FALSE(timer.call(call));
  clock->set_ros_time_override(101 * kSecond);
  ASSERT_TRUE(timer.call(call));
  EXPECT_EQ(call.expected_call_time, 101 * kSecond);
  EXPECT_EQ(timer.time_until_next_call(), kSecond);
}

TEST(timer, activation_carries_the_period_into_the_new_epoch) {
  auto clock = std::make_shared<rclx::Clock>(rclx::ClockType::RosTime);
  rclx::Timer timer(clock, kSecond);
  clock->set_ros_time_override(50 * kSecond);
  clock->set_ros_time_override_active(true);
  const std::int64_t until = timer.time_until_next_call();
  EXPECT_GT(until, 0);
  EXPECT_LE(until, kSecond);
}

TEST(timer, backward_jump_restarts_the_period) {
  auto clock = std::make_shared<rclx::Clock>(rclx::ClockType::RosTime);
  clock->set_ros_time_override(100 * kSecond);
  clock->set_ros_time_override_active(true);
  rclx::Timer timer(clock, kSecond);
  clock->set_ros_time_override(10 * kSecond);
  EXPECT_EQ(timer.time_until_next_call(), kSecond);
  EXPECT_EQ(timer.time_since_last_call(), 0);
}

TEST(timer, destroyed_timer_stops_listening) {
  auto clock = std::make_shared<rclx::Clock>(rclx::ClockType::RosTime);
  clock->set_ros_time_override_active(true);
  { rclx::Timer timer(clock, kSecond); }
  clock->set_ros_time_override(5 * kSecond);  // must not touch the destroyed timer
  EXPECT_EQ(clock->now(), 5 * kSecond);
}
