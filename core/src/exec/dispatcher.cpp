// Dispatcher: wait, take in batches, hand out work round-robin (timers first), skip disabled groups.
#include "rclx/dispatcher.hpp"

#include <algorithm>
#include <limits>
#include <thread>

#include "rclx/clock.hpp"

namespace rclx {

Dispatcher::Dispatcher(std::shared_ptr<Context> context, std::size_t batch, bool track_in_flight)
    : context_(std::move(context)), wait_set_(context_), batch_(batch == 0 ? 1 : batch), track_(track_in_flight) {}

Dispatcher::~Dispatcher() = default;

void Dispatcher::add_entry(std::uint64_t key, Entry entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto g = group_enabled_.find(entry.group); g != group_enabled_.end()) entry.enabled = g->second;
  auto [it, inserted] = entries_.insert_or_assign(key, std::move(entry));
  (void)inserted;
  if (it->second.enabled) attach_locked(key, it->second);
}

void Dispatcher::add(std::uint64_t key, std::uint64_t group, std::shared_ptr<Subscription> subscription,
                     std::uint64_t exclusive) {
  Entry e{WorkKind::Subscription, group, std::move(subscription), nullptr, nullptr, nullptr, {}};
  e.exclusive = exclusive;
  add_entry(key, std::move(e));
  wake_waiter();
}

void Dispatcher::add(std::uint64_t key, std::uint64_t group, std::shared_ptr<Timer> timer, std::uint64_t exclusive) {
  Entry e{WorkKind::Timer, group, nullptr, std::move(timer), nullptr, nullptr, {}};
  e.exclusive = exclusive;
  add_entry(key, std::move(e));
  wake_waiter();  // a waiter must recompute its timeout
}

void Dispatcher::add(std::uint64_t key, std::uint64_t group, std::shared_ptr<GuardCondition> guard,
                     std::uint64_t exclusive) {
  Entry e{WorkKind::GuardCondition, group, nullptr, nullptr, std::move(guard), nullptr, {}};
  e.exclusive = exclusive;
  add_entry(key, std::move(e));
}

void Dispatcher::add_waitable(std::uint64_t key, std::uint64_t group, std::shared_ptr<Waitable> waitable,
                              std::uint64_t exclusive) {
  Entry e{WorkKind::Waitable, group, nullptr, nullptr, nullptr, std::move(waitable), {}};
  e.exclusive = exclusive;
  add_entry(key, std::move(e));
}

void Dispatcher::attach_locked(std::uint64_t key, Entry& e) {
  if (e.attached) return;
  switch (e.kind) {
    case WorkKind::Subscription:
      if (e.subscription->condition() <= 0) return;
      wait_set_.attach(key, std::static_pointer_cast<Waitable>(e.subscription));
      break;
    case WorkKind::Timer:
      wait_set_.attach(key, e.timer);
      break;
    case WorkKind::GuardCondition:
      if (e.guard->condition() <= 0) return;
      wait_set_.attach(key, std::static_pointer_cast<Waitable>(e.guard));
      break;
    case WorkKind::Waitable:
      if (e.waitable->condition() <= 0) return;
      wait_set_.attach(key, e.waitable);
      break;
  }
  e.attached = true;
}

void Dispatcher::remove(std::uint64_t key) {
  std::lock_guard<std::mutex> lock(mutex_);
  release_locked(key);
  wait_set_.detach(key);
  entries_.erase(key);
  round_.erase(std::remove(round_.begin(), round_.end(), key), round_.end());
}

bool Dispatcher::contains(std::uint64_t key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.count(key) != 0;
}

void Dispatcher::set_group_enabled(std::uint64_t group, bool enabled) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto g = group_enabled_.find(group);
  if (g != group_enabled_.end() && g->second == enabled) return;
  group_enabled_[group] = enabled;
  for (auto& [key, e] : entries_) {
    if (e.group != group) continue;
    e.enabled = enabled;
    // Disabling leaves the entity attached (cheap to re-enable); it is detached only if it
    // triggers while disabled, so a level-triggered condition cannot spin the waiter.
    if (enabled) {
      attach_locked(key, e);
      if (!e.samples.empty() && !e.in_round) {
        round_.push_back(key);
        e.in_round = true;
      }
    }
  }
  if (enabled) wake_waiter();
}

void Dispatcher::remove_group(std::uint64_t group) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.group == group) {
      release_locked(it->first);
      wait_set_.detach(it->first);
      round_.erase(std::remove(round_.begin(), round_.end(), it->first), round_.end());
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
  group_enabled_.erase(group);
}

std::size_t Dispatcher::queued() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::size_t n = 0;
  for (const auto& [key, e] : entries_) n += e.samples.size();
  return n;
}

bool Dispatcher::blocked_locked(const Entry& e) const {
  return e.in_flight || (e.exclusive != 0 && busy_.count(e.exclusive) != 0);
}

void Dispatcher::hand_out_locked(std::uint64_t key, Entry& e) {
  if (e.kind == WorkKind::Waitable) e.in_flight = true;
  if (e.exclusive != 0) busy_.emplace(e.exclusive, key);
}

void Dispatcher::release_locked(std::uint64_t key) {
  bool released = false;
  if (auto it = entries_.find(key); it != entries_.end()) {
    Entry& e = it->second;
    released = e.in_flight;
    e.in_flight = false;
    if (e.exclusive != 0) {
      auto b = busy_.find(e.exclusive);
      if (b != busy_.end() && b->second == key) {
        busy_.erase(b);
        released = true;
      }
    }
  }
  if (!released) return;
  // Re-attach what triggered meanwhile; a waiter then sees it (the wake only makes it look again).
  bool attached = false;
  for (auto p = parked_.begin(); p != parked_.end();) {
    auto it = entries_.find(*p);
    if (it == entries_.end()) {
      p = parked_.erase(p);
    } else if (!blocked_locked(it->second)) {
      if (it->second.enabled) attach_locked(*p, it->second);
      attached = true;
      p = parked_.erase(p);
    } else {
      ++p;
    }
  }
  if (attached || !round_.empty()) wake_waiter();
}

void Dispatcher::hold(std::uint64_t key) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) hand_out_locked(key, it->second);
}

void Dispatcher::done(std::uint64_t key) {
  std::lock_guard<std::mutex> lock(mutex_);
  release_locked(key);
}

bool Dispatcher::due_timer_locked(Work& out) {
  for (auto& [key, e] : entries_) {
    if (e.kind != WorkKind::Timer || !e.enabled || blocked_locked(e)) continue;
    if (e.timer->call(out.timer_call)) {
      out.kind = WorkKind::Timer;
      out.key = key;
      out.group = e.group;
      if (track_) hand_out_locked(key, e);
      return true;
    }
  }
  return false;
}

bool Dispatcher::pop_locked(Work& out) {
  // Timers first, as rclpy does; their check is a clock read per timer.
  if (due_timer_locked(out)) return true;
  for (auto r = round_.begin(); r != round_.end();) {
    const std::uint64_t key = *r;
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      r = round_.erase(r);
      continue;
    }
    Entry& e = it->second;
    if (e.enabled && blocked_locked(e)) {
      ++r;  // keeps its turn until done() releases what blocks it
      continue;
    }
    r = round_.erase(r);
    e.in_round = false;
    if (!e.enabled) continue;  // its samples wait until the group is enabled again
    out.key = key;
    out.group = e.group;
    out.kind = e.kind;
    if (e.kind == WorkKind::Subscription) {
      if (e.samples.empty()) continue;
      out.message = std::move(e.samples.front());
      out.subscription = e.subscription;
      e.samples.pop_front();
      if (!e.samples.empty()) {
        round_.push_back(key);
        e.in_round = true;
      }
    }
    if (track_) hand_out_locked(key, e);
    return true;
  }
  return false;
}

void Dispatcher::collect_locked(std::vector<std::uint64_t>& ready) {
  // New work joins the round in rclpy's order: subscriptions, guard conditions, then waitables
  // (the WorkKind order; timers are handed out first anyway), each kind in creation order. Keys
  // grow with creation; the wait set reports ready entities in no useful order (newest first).
  if (ready.size() > 1) {
    const auto kind_of = [this](std::uint64_t key) {
      auto it = entries_.find(key);
      return it == entries_.end() ? WorkKind::Waitable : it->second.kind;
    };
    std::sort(ready.begin(), ready.end(), [&](std::uint64_t a, std::uint64_t b) {
      const WorkKind ka = kind_of(a), kb = kind_of(b);
      return ka != kb ? ka < kb : a < b;
    });
  }
  for (const std::uint64_t key : ready) {
    auto it = entries_.find(key);
    if (it == entries_.end()) continue;
    Entry& e = it->second;
    if (!e.enabled) {
      // Stop a level-triggered condition of a disabled entity from waking every wait.
      if (e.kind != WorkKind::Timer) {
        wait_set_.detach(key);
        e.attached = false;
      }
      continue;
    }
    if (blocked_locked(e)) {
      // Same for an entity whose group (or own previous work) is still running; done() re-attaches.
      if (e.kind == WorkKind::Timer && !e.timer->is_ready()) continue;
      wait_set_.detach(key);
      e.attached = false;
      if (std::find(parked_.begin(), parked_.end(), key) == parked_.end()) parked_.push_back(key);
      continue;
    }
    switch (e.kind) {
      case WorkKind::Timer:
        break;  // handled by due_timer_locked
      case WorkKind::Subscription:
        break;  // taken below
      case WorkKind::GuardCondition:
        if (e.guard->take() && !e.in_round) {
          round_.push_back(key);
          e.in_round = true;
        }
        break;
      case WorkKind::Waitable:
        if (!e.in_round) {
          round_.push_back(key);
          e.in_round = true;
        }
        break;
    }
    if (e.kind == WorkKind::Subscription) {
      std::vector<SerializedMessage> taken;
      if (e.subscription->valid()) e.subscription->take(taken, batch_);
      for (auto& m : taken) e.samples.push_back(std::move(m));
      if (!e.samples.empty() && !e.in_round) {
        round_.push_back(key);
        e.in_round = true;
      }
    }
  }
}

std::uint64_t Dispatcher::polled_waits() const {
  std::lock_guard<std::mutex> serial(next_mutex_);
  return polled_waits_;
}

void Dispatcher::note_handed_out(const Work& out) {
  last_work_ns_ = steady_time_now();
  last_kind_ = out.kind;
}

bool Dispatcher::try_next(Work& out) {
  std::unique_lock<std::mutex> serial(next_mutex_, std::try_to_lock);
  if (!serial.owns_lock()) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!pop_locked(out)) return false;
  note_handed_out(out);
  return true;
}

Dispatcher::Next Dispatcher::next(std::int64_t timeout_ns, Work& out) {
  std::lock_guard<std::mutex> serial(next_mutex_);
  // Counted as a waiter from before the first look for work: a change made under mutex_ after that
  // look (done() releasing a group whose samples are already taken) then triggers the wake guard.
  // Counted only from the wait on, such a change could fall between the look and the count and
  // be slept through, since no DDS condition fires for samples taken already.
  struct Waiting {
    std::atomic<int>& n;
    explicit Waiting(std::atomic<int>& c) : n(c) { n.fetch_add(1); }
    ~Waiting() { n.fetch_sub(1); }
  } waiting(waiters_);
  const std::int64_t start = steady_time_now();
  std::vector<std::uint64_t> ready;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (pop_locked(out)) {
        note_handed_out(out);
        return Next::Work;
      }
    }
    if (!context_->ok()) return Next::Woken;
    std::int64_t remaining = -1;
    if (timeout_ns >= 0) {
      remaining = timeout_ns - (steady_time_now() - start);
      if (remaining < 0) remaining = 0;
    }
    ready.clear();
    bool woken = false;
    bool any = false;
    // Right after work was handed out, the next sample (a reply, the next of a stream) often comes
    // within microseconds: poll briefly before sleeping, since waking a sleeping thread costs tens of
    // microseconds of latency. An idle executor (no work for a while) goes straight to sleep, and so
    // does one whose work kept coming late after the kind of work just handed out (poll_misses_).
    // Only for the single-threaded executor: its one thread is the only consumer of the work.
    any = wait_set_.wait(0, ready, &woken);
    if (!any && !woken && remaining != 0) {
      // Nothing there yet: how soon work comes from here on is what decides about polling.
      const std::int64_t wait_start = steady_time_now();
      int& misses = poll_misses_[static_cast<std::size_t>(last_kind_)];
      if (!track_ && misses < kMaxPollMisses && wait_start - last_work_ns_ < kActiveWindowNs) {
        // Busy at first (a stream's next sample is usually microseconds away), then giving the core
        // away between polls: the peer we wait for (a server, a pong) may be on this very core. A
        // reply or the next request needs a peer's Python to run, so after a service's or client's
        // work the busy part is short and the whole window long.
        const bool exchange = last_kind_ == WorkKind::Waitable;
        const std::int64_t spin = exchange ? kSpinExchangeNs : kSpinNs;
        const std::int64_t window = remaining > 0 ? std::min(spin, remaining) : spin;
        const std::int64_t busy_poll_ns = exchange ? kBusyPollExchangeNs : kBusyPollNs;
        ++polled_waits_;
        for (std::int64_t now = wait_start; !any && !woken && now - wait_start < window; now = steady_time_now()) {
          if (now - wait_start > busy_poll_ns) std::this_thread::yield();
          any = wait_set_.wait(0, ready, &woken);
        }
      }
      // A wake-up seen while polling must not be slept through (it may be an external wake()).
      if (!any && !woken) {
        std::int64_t left = remaining;
        if (remaining > 0) left = std::max<std::int64_t>(0, remaining - (steady_time_now() - wait_start));
        any = wait_set_.wait(left, ready, &woken);
      }
      // A timeout counts as late work.
      const bool soon = (any || woken) && steady_time_now() - wait_start <= kSoonNs;
      misses = soon ? 0 : std::min(misses + 1, kMaxPollMisses);
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      collect_locked(ready);
      if (pop_locked(out)) {
        note_handed_out(out);
        return Next::Work;
      }
    }
    if (woken && external_wake_.exchange(false, std::memory_order_acq_rel)) return Next::Woken;
    if (woken) continue;  // an entity was added or enabled: wait again with the new set
    // Nothing handed out: a timeout, or only disabled/empty entities triggered (then wait again).
    if (!any || remaining == 0) return Next::Timeout;
  }
}

}  // namespace rclx
