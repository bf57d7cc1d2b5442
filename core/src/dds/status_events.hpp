// StatusEvents: the DDS listener of one reader or writer that turns its statuses into rclx events.
#pragma once

#include <dds/dds.h>

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "rclx/event.hpp"

namespace rclx::detail {

/// Owned by a Publisher or Subscription, created before its reader or writer (whose listener() it is)
/// and destroyed after it, so the listener's argument outlives every call. Keeps the latest status of
/// each event kind; handlers of a kind get every change, and the first handler of a kind also gets
/// the changes made before it existed (a local peer matches during creation).
class StatusEvents {
 public:
  explicit StatusEvents(bool writer);
  ~StatusEvents();
  StatusEvents(const StatusEvents&) = delete;
  StatusEvents& operator=(const StatusEvents&) = delete;

  /// The listener to create the reader or writer with (statuses of that side only, no data available).
  const dds_listener_t* listener() const { return listener_; }
  bool writer() const { return writer_; }

  void add(EventHandler* handler);
  void remove(EventHandler* handler);
  /// Hands the handler's status over and clears it (see EventHandler::take).
  bool take(EventHandler* handler, EventStatus& out);
  /// Called by the listener callbacks: `update` sets the absolute fields and adds the changes.
  template <typename Update>
  void on_status(EventKind kind, Update update);
  /// Writers: notes that `change` readers matched now (the publication-matched listener calls it).
  void note_matches(std::int32_t change, std::int64_t now_ns);
  /// Writers: how many readers matched in the last `window_ns` (a count that has not settled yet).
  std::size_t recent_matches(std::int64_t now_ns, std::int64_t window_ns);

 private:
  bool writer_;
  dds_listener_t* listener_ = nullptr;
  std::mutex mutex_;
  std::array<EventStatus, kEventKinds> latest_{};     // absolute fields; changes nobody has taken yet
  std::array<bool, kEventKinds> unclaimed_{};          // latest_ has changes no handler saw
  std::vector<EventHandler*> handlers_;
  std::vector<std::int64_t> match_times_;  // when the readers matched lately (writers; pruned as read)
};

}  // namespace rclx::detail
