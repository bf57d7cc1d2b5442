// Events: DDS listeners accumulate reader/writer statuses (StatusEvents); EventHandlers wait for and take them.
#include "rclx/event.hpp"

#include <algorithm>
#include <stdexcept>

#include "dds/entity.hpp"
#include "dds/status_events.hpp"
#include "rclx/publisher.hpp"
#include "rclx/clock.hpp"
#include "rclx/subscription.hpp"

namespace rclx {

namespace detail {

namespace {

/// rmw_qos_policy_kind_t (a bit) for the DDS policy id an incompatible-QoS status names, as rmw_cyclonedds maps it.
std::uint32_t rmw_policy_kind(std::uint32_t dds_policy_id) {
  switch (dds_policy_id) {
    case DDS_DURABILITY_QOS_POLICY_ID: return 1u << 1;
    case DDS_DEADLINE_QOS_POLICY_ID: return 1u << 2;
    case DDS_LIVELINESS_QOS_POLICY_ID: return 1u << 3;
    case DDS_RELIABILITY_QOS_POLICY_ID: return 1u << 4;
    case DDS_HISTORY_QOS_POLICY_ID: return 1u << 5;
    case DDS_LIFESPAN_QOS_POLICY_ID: return 1u << 6;
    default: return 1u << 0;  // RMW_QOS_POLICY_INVALID
  }
}

StatusEvents* self(void* arg) { return static_cast<StatusEvents*>(arg); }
std::int32_t count(std::uint32_t n) { return static_cast<std::int32_t>(n); }

void on_requested_deadline_missed(dds_entity_t, const dds_requested_deadline_missed_status_t st, void* arg) {
  self(arg)->on_status(EventKind::RequestedDeadlineMissed, [&](EventStatus& s) {
    s.total_count = count(st.total_count);
    s.total_count_change += st.total_count_change;
  });
}
void on_liveliness_changed(dds_entity_t, const dds_liveliness_changed_status_t st, void* arg) {
  self(arg)->on_status(EventKind::LivelinessChanged, [&](EventStatus& s) {
    s.alive_count = count(st.alive_count);
    s.not_alive_count = count(st.not_alive_count);
    s.alive_count_change += st.alive_count_change;
    s.not_alive_count_change += st.not_alive_count_change;
  });
}
void on_requested_incompatible_qos(dds_entity_t, const dds_requested_incompatible_qos_status_t st, void* arg) {
  self(arg)->on_status(EventKind::RequestedIncompatibleQos, [&](EventStatus& s) {
    s.total_count = count(st.total_count);
    s.total_count_change += st.total_count_change;
    s.last_policy_kind = rmw_policy_kind(st.last_policy_id);
  });
}
void on_sample_lost(dds_entity_t, const dds_sample_lost_status_t st, void* arg) {
  self(arg)->on_status(EventKind::MessageLost, [&](EventStatus& s) {
    s.total_count = count(st.total_count);
    s.total_count_change += st.total_count_change;
  });
}
void on_subscription_matched(dds_entity_t, const dds_subscription_matched_status_t st, void* arg) {
  self(arg)->on_status(EventKind::SubscriptionMatched, [&](EventStatus& s) {
    s.total_count = count(st.total_count);
    s.total_count_change += st.total_count_change;
    s.current_count = count(st.current_count);
    s.current_count_change += st.current_count_change;
  });
}
void on_offered_deadline_missed(dds_entity_t, const dds_offered_deadline_missed_status_t st, void* arg) {
  self(arg)->on_status(EventKind::OfferedDeadlineMissed, [&](EventStatus& s) {
    s.total_count = count(st.total_count);
    s.total_count_change += st.total_count_change;
  });
}
void on_liveliness_lost(dds_entity_t, const dds_liveliness_lost_status_t st, void* arg) {
  self(arg)->on_status(EventKind::LivelinessLost, [&](EventStatus& s) {
    s.total_count = count(st.total_count);
    s.total_count_change += st.total_count_change;
  });
}
void on_offered_incompatible_qos(dds_entity_t, const dds_offered_incompatible_qos_status_t st, void* arg) {
  self(arg)->on_status(EventKind::OfferedIncompatibleQos, [&](EventStatus& s) {
    s.total_count = count(st.total_count);
    s.total_count_change += st.total_count_change;
    s.last_policy_kind = rmw_policy_kind(st.last_policy_id);
  });
}
void on_publication_matched(dds_entity_t, const dds_publication_matched_status_t st, void* arg) {
  if (st.current_count_change > 0) self(arg)->note_matches(st.current_count_change, steady_time_now());
  self(arg)->on_status(EventKind::PublicationMatched, [&](EventStatus& s) {
    s.total_count = count(st.total_count);
    s.total_count_change += st.total_count_change;
    s.current_count = count(st.current_count);
    s.current_count_change += st.current_count_change;
  });
}

bool is_writer_event(EventKind kind) { return kind >= EventKind::OfferedDeadlineMissed; }

/// Adds the changes of `from` to `to` and takes its absolute fields.
void merge(EventStatus& to, const EventStatus& from) {
  to.total_count = from.total_count;
  to.current_count = from.current_count;
  to.alive_count = from.alive_count;
  to.not_alive_count = from.not_alive_count;
  to.last_policy_kind = from.last_policy_kind;
  to.total_count_change += from.total_count_change;
  to.current_count_change += from.current_count_change;
  to.alive_count_change += from.alive_count_change;
  to.not_alive_count_change += from.not_alive_count_change;
}

void clear_changes(EventStatus& s) {
  s.total_count_change = s.current_count_change = s.alive_count_change = s.not_alive_count_change = 0;
}

}  // namespace

StatusEvents::StatusEvents(bool writer) : writer_(writer) {
  listener_ = dds_create_listener(this);
  if (listener_ == nullptr) throw Error("create_listener", "", "out of memory");
  if (writer) {
    dds_lset_offered_deadline_missed(listener_, &on_offered_deadline_missed);
    dds_lset_liveliness_lost(listener_, &on_liveliness_lost);
    dds_lset_offered_incompatible_qos(listener_, &on_offered_incompatible_qos);
    dds_lset_publication_matched(listener_, &on_publication_matched);
  } else {
    dds_lset_requested_deadline_missed(listener_, &on_requested_deadline_missed);
    dds_lset_liveliness_changed(listener_, &on_liveliness_changed);
    dds_lset_requested_incompatible_qos(listener_, &on_requested_incompatible_qos);
    dds_lset_sample_lost(listener_, &on_sample_lost);
    dds_lset_subscription_matched(listener_, &on_subscription_matched);
  }
}

StatusEvents::~StatusEvents() { dds_delete_listener(listener_); }

template <typename Update>
void StatusEvents::on_status(EventKind kind, Update update) {
  const auto k = static_cast<std::size_t>(kind);
  std::lock_guard<std::mutex> lock(mutex_);
  EventStatus change = latest_[k];
  clear_changes(change);
  update(change);
  bool delivered = false;
  for (EventHandler* h : handlers_) {
    if (h->kind_ != kind) continue;
    merge(h->status_, change);
    h->fresh_.store(true, std::memory_order_release);
    if (h->guard_) (void)dds_set_guardcondition(h->guard_->get(), true);
    delivered = true;
  }
  merge(latest_[k], change);
  if (delivered) {
    clear_changes(latest_[k]);
  } else {
    unclaimed_[k] = true;
  }
}

void StatusEvents::note_matches(std::int32_t change, std::int64_t now_ns) {
  std::lock_guard<std::mutex> lock(mutex_);
  match_times_.insert(match_times_.end(), static_cast<std::size_t>(change), now_ns);
}

std::size_t StatusEvents::recent_matches(std::int64_t now_ns, std::int64_t window_ns) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::erase_if(match_times_, [&](std::int64_t t) { return now_ns - t >= window_ns; });
  return match_times_.size();
}

void StatusEvents::add(EventHandler* handler) {
  const auto k = static_cast<std::size_t>(handler->kind_);
  std::lock_guard<std::mutex> lock(mutex_);
  handlers_.push_back(handler);
  handler->status_ = latest_[k];
  clear_changes(latest_[k]);
  if (unclaimed_[k]) {
    unclaimed_[k] = false;
    handler->fresh_.store(true, std::memory_order_release);
    if (handler->guard_) (void)dds_set_guardcondition(handler->guard_->get(), true);
  }
}

void StatusEvents::remove(EventHandler* handler) {
  std::lock_guard<std::mutex> lock(mutex_);
  handlers_.erase(std::remove(handlers_.begin(), handlers_.end(), handler), handlers_.end());
}

bool StatusEvents::take(EventHandler* handler, EventStatus& out) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (handler->guard_) {
    bool was = false;
    (void)dds_take_guardcondition(handler->guard_->get(), &was);
  }
  if (!handler->fresh_.exchange(false, std::memory_order_acq_rel)) return false;
  out = handler->status_;
  clear_changes(handler->status_);
  return true;
}

}  // namespace detail

namespace {
void check_side(bool writer, EventKind kind) {
  if (detail::is_writer_event(kind) != writer) {
    throw std::invalid_argument(writer ? "a publisher has no subscription events"
                                       : "a subscription has no publisher events");
  }
}
}  // namespace

EventHandler::EventHandler(const std::shared_ptr<Publisher>& publisher, EventKind kind)
    : context_(publisher->node()->context()), kind_(kind) {
  check_side(true, kind);
  if (!publisher->valid()) throw InvalidHandle("publisher on '" + publisher->topic_name() + "' has been destroyed");
  attach(publisher->events());
}

EventHandler::EventHandler(const std::shared_ptr<Subscription>& subscription, EventKind kind)
    : context_(subscription->node()->context()), kind_(kind) {
  check_side(false, kind);
  if (!subscription->valid()) {
    throw InvalidHandle("subscription on '" + subscription->topic_name() + "' has been destroyed");
  }
  attach(subscription->events());
}

void EventHandler::attach(std::shared_ptr<detail::StatusEvents> events) {
  guard_ = std::make_unique<detail::Entity>(dds_create_guardcondition(context_->participant()),
                                            "create_guardcondition");
  events_ = std::move(events);
  events_->add(this);
}

EventHandler::~EventHandler() { destroy(); }

void EventHandler::destroy() {
  if (events_) {
    events_->remove(this);
    events_.reset();
  }
  guard_.reset();
  fresh_.store(false, std::memory_order_release);
}

bool EventHandler::take(EventStatus& out) {
  if (!events_) return false;
  return events_->take(this, out);
}

std::int32_t EventHandler::condition() const { return guard_ && context_->ok() ? guard_->get() : 0; }

bool EventHandler::triggered() const { return fresh_.load(std::memory_order_acquire) && condition() > 0; }

}  // namespace rclx
