// Events: the DDS communication statuses of a publisher or subscription, as rmw's QoS and matched events.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "rclx/context.hpp"
#include "rclx/wait_set.hpp"

namespace rclx {

class Publisher;
class Subscription;

namespace detail {
class Entity;
class StatusEvents;
}  // namespace detail

/// The events rmw_cyclonedds supports (incompatible type is not among them).
enum class EventKind : std::uint8_t {
  // subscription side
  RequestedDeadlineMissed = 0,
  LivelinessChanged,
  RequestedIncompatibleQos,
  MessageLost,
  SubscriptionMatched,
  // publisher side
  OfferedDeadlineMissed,
  LivelinessLost,
  OfferedIncompatibleQos,
  PublicationMatched,
};
inline constexpr std::size_t kEventKinds = 9;

/// One event's status as rmw reports it; fields a kind does not have stay 0. Counts are absolute,
/// `*_change` fields count what changed since the status was last taken.
struct EventStatus {
  std::int32_t total_count = 0;
  std::int32_t total_count_change = 0;
  std::int32_t current_count = 0;  // matched
  std::int32_t current_count_change = 0;
  std::int32_t alive_count = 0;  // liveliness changed
  std::int32_t alive_count_change = 0;
  std::int32_t not_alive_count = 0;
  std::int32_t not_alive_count_change = 0;
  std::uint32_t last_policy_kind = 0;  // incompatible QoS: rmw_qos_policy_kind_t (a bit, 1 = invalid)
};

/// Waits for one kind of event of one publisher or subscription: a DDS listener (on Cyclone's threads)
/// accumulates the status and triggers this handler's guard condition; take() hands the status over and
/// clears it. Changes that happened before the first handler of a kind existed are handed to it.
class EventHandler : public Waitable {
 public:
  /// std::invalid_argument if `kind` is a subscription event (or the other way round below).
  EventHandler(const std::shared_ptr<Publisher>& publisher, EventKind kind);
  EventHandler(const std::shared_ptr<Subscription>& subscription, EventKind kind);
  ~EventHandler() override;
  EventHandler(const EventHandler&) = delete;
  EventHandler& operator=(const EventHandler&) = delete;

  /// Takes the status if it changed since the last take (clearing the condition); false otherwise.
  bool take(EventStatus& out);
  EventKind kind() const { return kind_; }
  std::int32_t condition() const override;
  bool triggered() const override;
  /// Stops listening and releases the guard condition; take() then returns false.
  void destroy();

 private:
  friend class detail::StatusEvents;
  void attach(std::shared_ptr<detail::StatusEvents> events);

  std::shared_ptr<Context> context_;
  EventKind kind_;
  std::shared_ptr<detail::StatusEvents> events_;
  std::unique_ptr<detail::Entity> guard_;
  // Guarded by events_'s mutex:
  EventStatus status_;
  std::atomic<bool> fresh_{false};  // status_ changed since the last take (read without the mutex by triggered())
};

}  // namespace rclx
