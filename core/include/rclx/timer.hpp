// Timer: a period on a clock, with rcl_timer's bookkeeping (next call time, cancel, reset).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>

#include "rclx/clock.hpp"

namespace rclx {

/// The expected and actual time of one timer call (rclpy's TimerInfo).
struct TimerCall {
  std::int64_t expected_call_time = 0;
  std::int64_t actual_call_time = 0;
};

/// Thread-safe: every member may be called from any thread. On a ROS clock the timer follows time jumps
/// as rcl_timer does: activating or deactivating ROS time keeps the part of the period already elapsed,
/// and a backward jump past the last call restarts the period.
class Timer : private ClockJumpListener {
 public:
  /// period_ns >= 0 (0: ready on every wait). autostart=false creates it canceled.
  Timer(std::shared_ptr<Clock> clock, std::int64_t period_ns, bool autostart = true);
  ~Timer() override;
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  std::int64_t period() const;
  /// Changes the period; the next call time is recomputed from the last call.
  void set_period(std::int64_t period_ns);
  void cancel();
  bool is_canceled() const;
  /// Restarts the period from now and un-cancels.
  void reset();
  bool is_ready() const;
  /// Nanoseconds until the next call (negative when overdue); INT64_MAX when canceled.
  std::int64_t time_until_next_call() const;
  std::int64_t time_since_last_call() const;
  /// Consumes the current period before the callback runs; skips whole missed periods as rcl does.
  /// Returns nothing (nullopt-like: expected_call_time 0) when not ready or canceled.
  bool call(TimerCall& out);
  const std::shared_ptr<Clock>& clock() const { return clock_; }

 private:
  void before_jump(ClockChange change) override;
  void after_jump(ClockChange change, std::int64_t delta) override;

  std::shared_ptr<Clock> clock_;
  mutable std::mutex mutex_;  // guards the fields below
  std::int64_t period_;
  std::int64_t last_call_;
  std::int64_t next_call_;
  bool canceled_;
  std::int64_t time_credit_ = 0;  // part of the period left when ROS time is switched on or off
};

}  // namespace rclx
