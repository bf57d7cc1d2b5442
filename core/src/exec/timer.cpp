// Timer bookkeeping with rcl_timer's rules: fixed-rate schedule, missed periods skipped, not queued.
#include "rclx/timer.hpp"

#include <limits>
#include <stdexcept>

namespace rclx {

Timer::Timer(std::shared_ptr<Clock> clock, std::int64_t period_ns, bool autostart)
    : clock_(std::move(clock)), period_(period_ns), canceled_(!autostart) {
  if (period_ns < 0) throw std::invalid_argument("timer period must not be negative");
  last_call_ = clock_->now();
  next_call_ = last_call_ + period_;
  if (clock_->type() == ClockType::RosTime) clock_->add_jump_listener(this);
}

Timer::~Timer() {
  if (clock_->type() == ClockType::RosTime) clock_->remove_jump_listener(this);
}

void Timer::before_jump(ClockChange change) {
  if (change == ClockChange::RosTimeNoChange) return;
  const std::int64_t now = clock_->now();
  if (now == 0) return;  // an uninitialized simulated time gives no credit
  std::lock_guard<std::mutex> lock(mutex_);
  time_credit_ = next_call_ - now;
}

void Timer::after_jump(ClockChange change, std::int64_t /*delta*/) {
  const std::int64_t now = clock_->now();
  std::lock_guard<std::mutex> lock(mutex_);
  if (change != ClockChange::RosTimeNoChange) {
    if (now == 0) return;
    const std::int64_t credit = time_credit_;
    time_credit_ = 0;
    if (credit != 0) {
      // Carried into the new epoch with rcl_timer's arithmetic (credit = next call - now before the jump).
      last_call_ = now - credit;
      next_call_ = now - credit + period_;
    }
  } else if (now < last_call_) {
    // Jumped back past the last call: the next call is one period from now.
    last_call_ = now;
    next_call_ = now + period_;
  }
}

std::int64_t Timer::period() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return period_;
}

void Timer::set_period(std::int64_t period_ns) {
  if (period_ns < 0) throw std::invalid_argument("timer period must not be negative");
  std::lock_guard<std::mutex> lock(mutex_);
  period_ = period_ns;
  next_call_ = last_call_ + period_;
}

void Timer::cancel() {
  std::lock_guard<std::mutex> lock(mutex_);
  canceled_ = true;
}

bool Timer::is_canceled() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return canceled_;
}

void Timer::reset() {
  const std::int64_t now = clock_->now();
  std::lock_guard<std::mutex> lock(mutex_);
  last_call_ = now;
  next_call_ = now + period_;
  canceled_ = false;
}

bool Timer::is_ready() const { return time_until_next_call() <= 0; }

std::int64_t Timer::time_until_next_call() const {
  const std::int64_t now = clock_->now();
  std::lock_guard<std::mutex> lock(mutex_);
  if (canceled_) return std::numeric_limits<std::int64_t>::max();
  return next_call_ - now;
}

std::int64_t Timer::time_since_last_call() const {
  const std::int64_t now = clock_->now();
  std::lock_guard<std::mutex> lock(mutex_);
  return now - last_call_;
}

bool Timer::call(TimerCall& out) {
  const std::int64_t now = clock_->now();
  std::lock_guard<std::mutex> lock(mutex_);
  if (canceled_ || next_call_ > now) return false;
  out.expected_call_time = next_call_;
  out.actual_call_time = now;
  last_call_ = now;
  std::int64_t next = next_call_ + period_;
  if (next < now) {
    // Behind by more than a period: skip the missed ones instead of calling back-to-back.
    next = period_ == 0 ? now : next + ((now - next) / period_ + 1) * period_;
  }
  next_call_ = next;
  return true;
}

}  // namespace rclx
