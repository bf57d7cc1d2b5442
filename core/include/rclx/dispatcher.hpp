// Dispatcher: the executor's engine. Waits (no Python involved), takes ready samples in batches and
// hands out one piece of work at a time, round-robin across entities, timers first.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "rclx/guard_condition.hpp"
#include "rclx/serialized_message.hpp"
#include "rclx/subscription.hpp"
#include "rclx/timer.hpp"
#include "rclx/wait_set.hpp"

namespace rclx {

enum class WorkKind : std::uint8_t {
  Subscription,    ///< `message` holds one taken sample
  Timer,           ///< `timer_call` holds the call times; the period is already consumed
  GuardCondition,  ///< the guard condition was triggered (and is now cleared)
  Waitable,        ///< another waitable (service, client, ...) is ready; its owner takes the data
};

/// One callback's worth of work.
struct Work {
  WorkKind kind = WorkKind::Waitable;
  std::uint64_t key = 0;    ///< the key the entity was added under
  std::uint64_t group = 0;  ///< the group (node) the entity was added under
  SerializedMessage message;
  std::shared_ptr<Subscription> subscription;  ///< for Subscription work: where `message` came from
  TimerCall timer_call;
};

/// Entities are added under caller-chosen unique keys and belong to a group (the node); whole groups
/// can be disabled cheaply (an executor removing a node), which keeps already-taken samples for later.
/// next() may be called from several threads; calls are serialised internally.
///
/// Work in flight: an entity added with a nonzero `exclusive` id (a mutually exclusive callback group)
/// gets no work while any entity with the same id has work in flight, and a Waitable gets no work
/// while its own previous work is in flight (its owner takes the data, so it stays ready until then).
/// With `track_in_flight` every piece of work handed out is in flight until done(key) (callbacks run
/// in other threads); without it only work marked with hold(key) is (a single thread runs callbacks
/// before asking for more, and holds only a suspended coroutine's work). An entity that triggers while blocked is detached until then, so a
/// level-triggered condition or a due timer cannot spin the waiter; its data stays in DDS.
class Dispatcher {
 public:
  explicit Dispatcher(std::shared_ptr<Context> context, std::size_t batch = 32, bool track_in_flight = false);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  void add(std::uint64_t key, std::uint64_t group, std::shared_ptr<Subscription> subscription, std::uint64_t exclusive = 0);
  void add(std::uint64_t key, std::uint64_t group, std::shared_ptr<Timer> timer, std::uint64_t exclusive = 0);
  void add(std::uint64_t key, std::uint64_t group, std::shared_ptr<GuardCondition> guard, std::uint64_t exclusive = 0);
  void add_waitable(std::uint64_t key, std::uint64_t group, std::shared_ptr<Waitable> waitable,
                    std::uint64_t exclusive = 0);
  /// Marks the work just handed out for `key` as in flight until done(key) (see above).
  void hold(std::uint64_t key);
  /// Reports that the work handed out for `key` has finished: releases its exclusive id and, for a
  /// Waitable, lets it be handed out again. Callable from any thread; unknown keys are ignored.
  void done(std::uint64_t key);
  /// Forgets an entity and drops its queued samples.
  void remove(std::uint64_t key);
  bool contains(std::uint64_t key) const;
  /// Enables or disables every entity of a group; disabled entities produce no work.
  void set_group_enabled(std::uint64_t group, bool enabled);
  /// Forgets every entity of a group.
  void remove_group(std::uint64_t group);

  enum class Next : std::uint8_t { Work, Timeout, Woken };
  /// Produces the next piece of work into `out`, waiting up to timeout_ns (negative: forever).
  /// Returns Timeout when nothing came, Woken when wake() interrupted the wait. Call without a GIL.
  Next next(std::int64_t timeout_ns, Work& out);
  /// Hands out work that is ready now without waiting or taking from DDS (samples taken earlier in a
  /// batch, due timers); false if there is none or another thread is in next(). Never blocks for
  /// long, so it may be called holding the GIL: a stream's batch then costs no GIL release per sample.
  bool try_next(Work& out);
  /// Interrupts a next() waiting in another thread (it returns Woken).
  void wake() {
    external_wake_.store(true, std::memory_order_release);
    wait_set_.wake();
  }
  /// Subscription samples already taken from DDS but not yet handed out.
  std::size_t queued() const;
  /// Waits so far that polled before sleeping (see kSpinNs); for tests and diagnostics.
  std::uint64_t polled_waits() const;

 private:
  struct Entry {
    WorkKind kind;
    std::uint64_t group;
    std::shared_ptr<Subscription> subscription;
    std::shared_ptr<Timer> timer;
    std::shared_ptr<GuardCondition> guard;
    std::shared_ptr<Waitable> waitable;
    std::deque<SerializedMessage> samples;
    bool enabled = true;
    bool attached = false;   // attached to the DDS wait set (or, for timers, to its timer list)
    bool in_round = false;   // listed in round_
    std::uint64_t exclusive = 0;  // never changes after add; 0: no exclusion
    bool in_flight = false;  // a Waitable whose work is handed out and not yet done()
  };

  void add_entry(std::uint64_t key, Entry entry);
  bool blocked_locked(const Entry& e) const;
  void hand_out_locked(std::uint64_t key, Entry& e);
  void release_locked(std::uint64_t key);
  void attach_locked(std::uint64_t key, Entry& e);
  bool pop_locked(Work& out);
  bool due_timer_locked(Work& out);
  void collect_locked(std::vector<std::uint64_t>& ready);  // reorders `ready`

  std::shared_ptr<Context> context_;
  WaitSet wait_set_;
  std::size_t batch_;
  const bool track_;  // every piece of work handed out is in flight until done()
  mutable std::mutex next_mutex_;  // serialises next(): one waiter at a time
  mutable std::mutex mutex_; // guards entries_, round_, group_enabled_, busy_, parked_
  std::unordered_map<std::uint64_t, Entry> entries_;
  std::deque<std::uint64_t> round_;  // entities with work, in the order they get their next turn
  std::unordered_map<std::uint64_t, bool> group_enabled_;
  std::unordered_map<std::uint64_t, std::uint64_t> busy_;  // exclusive id -> key whose work holds it
  std::vector<std::uint64_t> parked_;  // keys detached because they triggered while blocked
  // Set by wake(); internal wake-ups (entities added, timers changed) only make next() look again.
  std::atomic<bool> external_wake_{false};
  /// Threads inside next()'s wait; internal changes (entities added or enabled) wake only when there is
  /// one, since a DDS guard trigger per rclpy.spin_once (which enables the node's group) is not free.
  std::atomic<int> waiters_{0};
  void wake_waiter() {
    if (waiters_.load() > 0) wait_set_.wake();
  }
  /// How long after handing out work next() polls before it sleeps, and for how long it polls.
  static constexpr std::int64_t kActiveWindowNs = 1'000'000;
  static constexpr std::int64_t kSpinNs = 50'000;
  /// After a service's or client's work: the next request or the reply needs the peer's Python
  /// (~40 - 100 us here), so a 50 us window often ended just before it came.
  static constexpr std::int64_t kSpinExchangeNs = 150'000;
  static constexpr std::int64_t kBusyPollNs = 10'000;  // polls without yielding the core first
  static constexpr std::int64_t kBusyPollExchangeNs = 2'000;  // the same after a service or client's work
  /// Waits in a row, after work of one kind, whose work came late (more than kSoonNs after next()
  /// began to wait, or never); from kMaxPollMisses on, next() sleeps at once after that kind of
  /// work instead of polling, so a node whose work comes at a slow pace (a 100 Hz timer) does not
  /// burn the window after every callback. Counted per kind: a timer that sends a request is soon
  /// answered, while the reply's callback is followed by nothing until the next tick. Work that
  /// comes soon, even to a sleeping waiter (a peer that stopped polling answers in ~100 us), turns
  /// polling back on; so two peers can never both settle into sleeping through a fast exchange.
  static constexpr int kMaxPollMisses = 8;
  static constexpr std::int64_t kSoonNs = 250'000;
  std::int64_t last_work_ns_ = 0;  // guarded by next_mutex_: when next() last handed out work
  std::array<int, 4> poll_misses_{};  // guarded by next_mutex_; indexed by the WorkKind last handed out
  WorkKind last_kind_ = WorkKind::Subscription;  // guarded by next_mutex_: of the work last handed out
  std::uint64_t polled_waits_ = 0;  // guarded by next_mutex_
  void note_handed_out(const Work& out);  // with next_mutex_ held
};

}  // namespace rclx
