// Adaptive write batching: a publisher that writes in a tight loop packs many samples per UDP packet.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <dds/dds.h>

namespace rclx::detail {

/// Writes `sd` (consuming it, as dds_writecdr does) and sends it at once. For writers that never batch
/// (service requests and replies, discovery information): in rclx's domains every writer is created
/// with Cyclone's WriteBatch on, so a write alone only queues the sample in the writer's packet.
dds_return_t write_now(dds_entity_t writer, struct ddsi_serdata* sd);

/// The batching state of one publisher's writer.
///
/// Sending a UDP packet costs ~6 us here (loopback runs the receiver's side of the stack in the
/// sender's system call), so a publisher in a tight loop is bound by packets, not samples. Each write
/// is therefore sent at once (as Cyclone does by default) unless it is part of a sustained burst:
/// kBurstRun writes in a row, each within kBurstGapNs of the one before. Then samples gather in the
/// writer's packet, which Cyclone sends when it is full; the writing thread also sends it once its
/// oldest sample has waited kMaxHoldNs, and the context's Flusher sends it once no write came for
/// kQuietNs (the end of the burst). A write after a pause sends at once again, with whatever waits.
class WriteBatch {
 public:
  static constexpr std::int64_t kBurstGapNs = 20'000;
  static constexpr int kBurstRun = 8;
  static constexpr std::int64_t kMaxHoldNs = 500'000;
  static constexpr std::int64_t kQuietNs = 50'000;
  /// While a burst goes on, the Flusher looks again after twice as long each time, up to this.
  static constexpr std::int64_t kMaxLookNs = 1'000'000;

  explicit WriteBatch(dds_entity_t writer) : writer_(writer) {}
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;

  /// Writes `sd` (consumed in every case). Sets `arm` when the Flusher must look at this batch at
  /// `now + kQuietNs`; returns the DDS result.
  dds_return_t write(struct ddsi_serdata* sd, std::int64_t now, bool& arm);
  /// For the Flusher: sends the batch if its burst has ended, else says when to look again.
  /// Returns that time, or 0 when the batch needs no more looks.
  std::int64_t look(std::int64_t now);
  /// For a Flusher that stops holding this batch: sends what waits now; the next burst arms it again.
  void release();
  /// Sends whatever waits; with `close`, the writer is about to be deleted and is not used again.
  void send(bool close);
  /// Samples written but not yet sent (for tests).
  bool pending() const;

 private:
  void send_locked();
  mutable std::mutex mutex_;  // guards everything below
  dds_entity_t writer_;       // 0 once closed
  std::int64_t last_write_ns_ = 0;
  std::int64_t oldest_pending_ns_ = 0;
  std::int64_t look_ns_ = kQuietNs;  // the Flusher's next interval while a burst goes on
  int run_ = 0;                      // writes in a row within kBurstGapNs of the one before
  bool pending_ = false;
  bool armed_ = false;  // the Flusher holds this batch
};

/// Sends the batches whose bursts ended; one thread per context, started by the first burst.
class Flusher {
 public:
  Flusher() = default;
  ~Flusher() { stop(); }
  Flusher(const Flusher&) = delete;
  Flusher& operator=(const Flusher&) = delete;

  /// Looks at `batch` at `when` (steady_time_now() nanoseconds). After stop(), sends it at once.
  void arm(const std::shared_ptr<WriteBatch>& batch, std::int64_t when);
  /// Sends every batch it holds and ends its thread. Idempotent.
  void stop();

 private:
  void run();
  std::mutex mutex_;  // guards everything below
  std::condition_variable wake_;
  std::vector<std::pair<std::int64_t, std::weak_ptr<WriteBatch>>> due_;
  std::int64_t sleeping_until_ = 0;  // the deadline the thread waits for (0: none, it waits for work)
  std::thread thread_;
  bool stopped_ = false;
};

}  // namespace rclx::detail
