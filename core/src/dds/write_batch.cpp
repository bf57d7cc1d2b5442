// Adaptive write batching (see write_batch.hpp).
#include "dds/write_batch.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

#include <dds/ddsi/ddsi_serdata.h>

#include "rclx/clock.hpp"

namespace rclx::detail {

dds_return_t write_now(dds_entity_t writer, struct ddsi_serdata* sd) {
  const dds_return_t rc = dds_writecdr(writer, sd);
  if (rc >= 0) dds_write_flush(writer);
  return rc;
}

dds_return_t WriteBatch::write(struct ddsi_serdata* sd, std::int64_t now, bool& arm) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (writer_ == 0) {
    ddsi_serdata_unref(sd);
    return DDS_RETCODE_ALREADY_DELETED;
  }
  const dds_return_t rc = dds_writecdr(writer_, sd);
  if (rc < 0) return rc;
  run_ = now - last_write_ns_ < kBurstGapNs ? std::min(run_ + 1, kBurstRun) : 0;
  last_write_ns_ = now;
  if (run_ < kBurstRun) {
    send_locked();  // no burst (or it just ended): this sample, and any before it, go now
    return rc;
  }
  if (!pending_) {
    pending_ = true;
    oldest_pending_ns_ = now;
  } else if (now - oldest_pending_ns_ >= kMaxHoldNs) {
    send_locked();
  }
  if (!armed_) {
    armed_ = true;
    look_ns_ = kQuietNs;
    arm = true;
  }
  return rc;
}

std::int64_t WriteBatch::look(std::int64_t now) {
  std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) {
    // A write is under way (a reliable writer may block in it for a while, sending its packet before
    // it waits): look again later rather than hold up every other batch.
    return now + look_ns_;
  }
  if (writer_ != 0 && now - last_write_ns_ < kQuietNs) {
    // The burst goes on and its thread sends as it writes: look again later, less often each time.
    look_ns_ = std::min(look_ns_ * 2, kMaxLookNs);
    return now + look_ns_;
  }
  if (pending_) send_locked();
  armed_ = false;
  return 0;
}

void WriteBatch::release() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (pending_) send_locked();
  armed_ = false;
}

void WriteBatch::send(bool close) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (pending_) send_locked();
  if (close) writer_ = 0;
}

bool WriteBatch::pending() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pending_;
}

void WriteBatch::send_locked() {
  if (writer_ != 0) dds_write_flush(writer_);
  pending_ = false;
}

void Flusher::arm(const std::shared_ptr<WriteBatch>& batch, std::int64_t when) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopped_) {
      due_.emplace_back(when, batch);
      if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
      // Wake the thread only if it would sleep past this deadline.
      if (sleeping_until_ == 0 || when < sleeping_until_) wake_.notify_one();
      return;
    }
  }
  batch->release();  // stopped: sent now
}

void Flusher::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  // Whatever the thread held, including batches it had just looked at, is sent now.
  std::vector<std::pair<std::int64_t, std::weak_ptr<WriteBatch>>> left;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    left.swap(due_);
  }
  for (auto& entry : left) {
    if (auto batch = entry.second.lock()) batch->release();
  }
}

void Flusher::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  std::vector<std::weak_ptr<WriteBatch>> ready;
  while (!stopped_) {
    if (due_.empty()) {
      sleeping_until_ = 0;
      wake_.wait(lock);
      continue;
    }
    const auto sooner = [](const auto& a, const auto& b) { return a.first < b.first; };
    const std::int64_t earliest = std::min_element(due_.begin(), due_.end(), sooner)->first;
    const std::int64_t now = steady_time_now();
    if (earliest > now) {
      sleeping_until_ = earliest;
      wake_.wait_for(lock, std::chrono::nanoseconds(earliest - now));
      continue;
    }
    sleeping_until_ = std::numeric_limits<std::int64_t>::max();  // busy: arm() need not wake it
    ready.clear();
    const auto is_due = [now](const auto& entry) { return entry.first <= now; };
    for (const auto& entry : due_) {
      if (is_due(entry)) ready.push_back(entry.second);
    }
    due_.erase(std::remove_if(due_.begin(), due_.end(), is_due), due_.end());
    lock.unlock();
    std::vector<std::pair<std::int64_t, std::weak_ptr<WriteBatch>>> again;
    for (auto& weak : ready) {
      if (auto batch = weak.lock()) {
        if (const std::int64_t next = batch->look(now); next != 0) again.emplace_back(next, std::move(weak));
      }
    }
    lock.lock();
    due_.insert(due_.end(), again.begin(), again.end());
  }
}

}  // namespace rclx::detail
