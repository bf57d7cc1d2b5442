// Waiting: things a wait set can wait for, and the wait set itself (a DDS waitset plus timers).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "rclx/context.hpp"

namespace rclx {

class Timer;

namespace detail {
class Entity;
}

/// Something backed by a DDS condition that a WaitSet can attach.
class Waitable {
 public:
  virtual ~Waitable() = default;
  /// The DDS condition (read condition, guard condition) to attach, or 0 when destroyed.
  virtual std::int32_t condition() const = 0;
  /// Whether the condition is set now (what a zero-timeout wait polls); an override may answer without DDS.
  virtual bool triggered() const;
};

/// Waits for conditions and timers. attach/detach/wait may be called from different threads;
/// wait() blocks, so callers holding a Python GIL must release it first.
class WaitSet {
 public:
  explicit WaitSet(std::shared_ptr<Context> context);
  ~WaitSet();
  WaitSet(const WaitSet&) = delete;
  WaitSet& operator=(const WaitSet&) = delete;

  /// Attaches a condition under a caller-chosen key (reported back by wait()).
  void attach(std::uint64_t key, std::shared_ptr<Waitable> waitable);
  /// Adds a timer under a key; wait() reports it when due.
  void attach(std::uint64_t key, std::shared_ptr<Timer> timer);
  /// Removes whatever is attached under key (no-op if nothing is).
  void detach(std::uint64_t key);
  bool contains(std::uint64_t key) const;
  /// Waits up to timeout_ns (negative: forever) and appends the keys of ready entries to `ready`
  /// (timers first). Returns false when nothing is ready. wake() ends a wait early and sets *woken.
  bool wait(std::int64_t timeout_ns, std::vector<std::uint64_t>& ready, bool* woken = nullptr);
  /// Wakes a wait() in another thread (it then returns with nothing ready, unless something is).
  void wake();

 private:
  /// What a zero-timeout wait reports, without waiting: the keys of triggered conditions.
  std::int32_t poll(std::vector<std::intptr_t>& triggered);

  std::shared_ptr<Context> context_;
  std::unique_ptr<detail::Entity> waitset_;
  std::unique_ptr<detail::Entity> wake_guard_;
  mutable std::mutex mutex_;  // guards the maps below
  std::unordered_map<std::uint64_t, std::shared_ptr<Waitable>> conditions_;
  std::unordered_map<std::uint64_t, std::shared_ptr<Timer>> timers_;
};

}  // namespace rclx
