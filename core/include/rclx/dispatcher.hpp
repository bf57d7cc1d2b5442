// Dispatcher: the executor's engine. Waits (no Python involved), takes ready samples in batches and
// hands out one piece of work at a time, round-robin across entities, timers first.
#pragma once

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
class Dispatcher {
 public:
  explicit Dispatcher(std::shared_ptr<Context> context, std::size_t batch = 32);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  void add(std::uint64_t key, std::uint64_t group, std::shared_ptr<Subscription> subscription);
  void add(std::uint64_t key, std::uint64_t group, std::shared_ptr<Timer> timer);
  void add(std::uint64_t key, std::uint64_t group, std::shared_ptr<GuardCondition> guard);
  void add_waitable(std::uint64_t key, std::uint64_t group, std::shared_ptr<Waitable> waitable);
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
  /// Interrupts a next() waiting in another thread (it returns Woken).
  void wake() {
    external_wake_.store(true, std::memory_order_release);
    wait_set_.wake();
  }
  /// Subscription samples already taken from DDS but not yet handed out.
  std::size_t queued() const;

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
  };

  void add_entry(std::uint64_t key, Entry entry);
  void attach_locked(std::uint64_t key, Entry& e);
  bool pop_locked(Work& out);
  bool due_timer_locked(Work& out);
  void collect_locked(const std::vector<std::uint64_t>& ready);

  std::shared_ptr<Context> context_;
  WaitSet wait_set_;
  std::size_t batch_;
  std::mutex next_mutex_;    // serialises next(): one waiter at a time
  mutable std::mutex mutex_; // guards entries_, round_, disabled_groups_
  std::unordered_map<std::uint64_t, Entry> entries_;
  std::deque<std::uint64_t> round_;  // entities with work, in the order they get their next turn
  std::unordered_map<std::uint64_t, bool> group_enabled_;
  // Set by wake(); internal wake-ups (entities added, timers changed) only make next() look again.
  std::atomic<bool> external_wake_{false};
};

}  // namespace rclx
