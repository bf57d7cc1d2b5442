// WaitSet over a DDS waitset; timers are turned into the wait's timeout.
#include "rclx/wait_set.hpp"

#include <algorithm>
#include <limits>

#include "dds/entity.hpp"
#include "rclx/timer.hpp"

namespace rclx {

namespace {
// Attach arguments are keys; the wake guard uses a key no caller can choose.
constexpr std::uint64_t kWakeKey = std::numeric_limits<std::uint64_t>::max();
}  // namespace

bool Waitable::triggered() const {
  const std::int32_t cond = condition();
  return cond > 0 && dds_triggered(cond) > 0;
}

WaitSet::WaitSet(std::shared_ptr<Context> context) : context_(std::move(context)) {
  const dds_entity_t participant = context_->participant();
  waitset_ = std::make_unique<detail::Entity>(dds_create_waitset(participant), "create_waitset");
  wake_guard_ = std::make_unique<detail::Entity>(dds_create_guardcondition(participant), "create_guardcondition");
  detail::check(dds_waitset_attach(waitset_->get(), wake_guard_->get(), static_cast<dds_attach_t>(kWakeKey)),
                "waitset_attach");
}

WaitSet::~WaitSet() {
  // The guard and waitset are children of the participant; delete them before a shutdown could.
  wake_guard_.reset();
  waitset_.reset();
}

void WaitSet::attach(std::uint64_t key, std::shared_ptr<Waitable> waitable) {
  const std::int32_t cond = waitable->condition();
  if (cond <= 0) throw InvalidHandle("cannot wait for a destroyed entity");
  std::lock_guard<std::mutex> lock(mutex_);
  if (conditions_.count(key) != 0) return;
  detail::check(dds_waitset_attach(waitset_->get(), cond, static_cast<dds_attach_t>(key)), "waitset_attach");
  conditions_.emplace(key, std::move(waitable));
}

void WaitSet::attach(std::uint64_t key, std::shared_ptr<Timer> timer) {
  std::lock_guard<std::mutex> lock(mutex_);
  timers_.emplace(key, std::move(timer));
}

void WaitSet::detach(std::uint64_t key) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = conditions_.find(key); it != conditions_.end()) {
    const std::int32_t cond = it->second->condition();
    // A destroyed entity was detached by DDS already when it was deleted.
    if (cond > 0 && waitset_) (void)dds_waitset_detach(waitset_->get(), cond);
    conditions_.erase(it);
  }
  timers_.erase(key);
}

bool WaitSet::contains(std::uint64_t key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return conditions_.count(key) != 0 || timers_.count(key) != 0;
}

std::int32_t WaitSet::poll(std::vector<std::intptr_t>& triggered) {
  std::size_t n = 0;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [key, waitable] : conditions_) {
    if (n < triggered.size() && waitable->triggered()) triggered[n++] = static_cast<dds_attach_t>(key);
  }
  if (wake_guard_ && dds_triggered(wake_guard_->get()) > 0 && n < triggered.size()) {
    triggered[n++] = static_cast<dds_attach_t>(kWakeKey);
  }
  return static_cast<dds_return_t>(n);
}

void WaitSet::wake() {
  if (wake_guard_ && context_->ok()) (void)dds_set_guardcondition(wake_guard_->get(), true);
}

bool WaitSet::wait(std::int64_t timeout_ns, std::vector<std::uint64_t>& ready, bool* woken) {
  const std::size_t before = ready.size();
  std::int64_t timeout = timeout_ns < 0 ? std::numeric_limits<std::int64_t>::max() : timeout_ns;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [key, timer] : timers_) {
      const std::int64_t due = timer->time_until_next_call();
      if (due <= 0) {
        ready.push_back(key);
        timeout = 0;
      } else {
        timeout = std::min(timeout, due);
      }
    }
  }
  if (!context_->ok()) return ready.size() > before;
  // Room for every attached condition plus the wake guard.
  std::vector<dds_attach_t> triggered;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    triggered.resize(conditions_.size() + 1);
  }
  const dds_duration_t reltimeout = timeout == std::numeric_limits<std::int64_t>::max() ? DDS_INFINITY : timeout;
  // A zero timeout is a poll: Cyclone's wait goes through a timed condition wait even then (tens of
  // microseconds of timer slack), so read the conditions' trigger state directly instead.
  const dds_return_t n = reltimeout == 0 ? poll(triggered) : dds_waitset_wait(waitset_->get(), triggered.data(),
                                                                              triggered.size(), reltimeout);
  if (n < 0) {
    if (!context_->ok()) return ready.size() > before;
    detail::check(n, "waitset_wait");
  }
  const std::size_t count = std::min(static_cast<std::size_t>(n), triggered.size());
  for (std::size_t i = 0; i < count; ++i) {
    const auto key = static_cast<std::uint64_t>(triggered[i]);
    if (key == kWakeKey) {
      bool was = false;
      (void)dds_take_guardcondition(wake_guard_->get(), &was);
      if (woken != nullptr) *woken = true;
      continue;
    }
    ready.push_back(key);
  }
  // Timers that became due during the wait.
  if (timeout != 0) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [key, timer] : timers_) {
      if (timer->time_until_next_call() <= 0 && std::find(ready.begin() + static_cast<std::ptrdiff_t>(before), ready.end(), key) == ready.end()) {
        ready.insert(ready.begin() + static_cast<std::ptrdiff_t>(before), key);
      }
    }
  }
  return ready.size() > before;
}

}  // namespace rclx
