// Tests for dds/write_batch.hpp: when a writer's samples are sent, and that a burst's tail is sent.
// (What reaches another process is checked in tests/test_pubsub.py.)
#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <random>
#include <thread>

#include "dds/endpoint.hpp"
#include "dds/sertype.hpp"
#include "dds/write_batch.hpp"
#include "rclx/cdr.hpp"
#include "rclx/clock.hpp"
#include "rclx/context.hpp"

namespace {

using rclx::detail::WriteBatch;

struct Writer {
  std::shared_ptr<rclx::Context> ctx;
  rclx::detail::Endpoint ep;
  Writer()
      : ctx(rclx::Context::create(rclx::ContextOptions{100 + static_cast<int>(std::random_device{}() % 100), "/"})),
        ep(ctx->participant(), rclx::detail::EndpointKind::Writer, "rt/write_batch", "std_msgs::msg::dds_::UInt32_",
           rclx::kQosDefault) {}
  ddsi_serdata* sample(std::uint32_t v) const {
    rclx::ByteBuffer buf;
    rclx::CdrWriter w(buf);
    w.write<std::uint32_t>(v);
    return rclx::detail::make_serdata(ep.sertype(), std::move(buf));
  }
};

}  // namespace

TEST(write_batch, writes_apart_are_sent_at_once) {
  Writer w;
  WriteBatch batch(w.ep.handle());
  std::int64_t now = 1'000'000'000;
  for (std::uint32_t i = 0; i < 20; ++i) {
    now += WriteBatch::kBurstGapNs;  // just not back to back
    bool arm = false;
    ASSERT_EQ(batch.write(w.sample(i), now, arm), DDS_RETCODE_OK);
    EXPECT_FALSE(arm);
    EXPECT_FALSE(batch.pending());
  }
}

TEST(write_batch, a_sustained_burst_is_held_until_its_oldest_sample_waited_long_enough) {
  Writer w;
  WriteBatch batch(w.ep.handle());
  std::int64_t now = 1'000'000'000;
  bool arm = false;
  // The first write and kBurstRun - 1 back-to-back ones go at once: short runs are not batched.
  for (int i = 0; i < WriteBatch::kBurstRun; ++i) {
    now += 1'000;
    ASSERT_EQ(batch.write(w.sample(1), now, arm), DDS_RETCODE_OK);
    EXPECT_FALSE(batch.pending()) << "write " << i;
  }
  EXPECT_FALSE(arm);
  now += 1'000;
  ASSERT_EQ(batch.write(w.sample(2), now, arm), DDS_RETCODE_OK);
  EXPECT_TRUE(batch.pending());
  EXPECT_TRUE(arm);  // the Flusher must look at it (once)
  const std::int64_t oldest = now;
  while (now + 1'000 - oldest < WriteBatch::kMaxHoldNs) {
    now += 1'000;
    arm = false;
    ASSERT_EQ(batch.write(w.sample(3), now, arm), DDS_RETCODE_OK);
    EXPECT_TRUE(batch.pending());
    EXPECT_FALSE(arm);
  }
  now += 1'000;
  ASSERT_EQ(batch.write(w.sample(4), now, arm), DDS_RETCODE_OK);
  EXPECT_FALSE(batch.pending()) << "the writing thread sends once the oldest sample waited kMaxHoldNs";
  // Still bursting: held again; then a pause, and the next write sends everything at once.
  now += 1'000;
  ASSERT_EQ(batch.write(w.sample(5), now, arm), DDS_RETCODE_OK);
  EXPECT_TRUE(batch.pending());
  now += WriteBatch::kBurstGapNs;
  ASSERT_EQ(batch.write(w.sample(6), now, arm), DDS_RETCODE_OK);
  EXPECT_FALSE(batch.pending());
}

TEST(write_batch, the_flusher_sends_a_burst_once_it_ends_and_keeps_looking_while_it_goes_on) {
  Writer w;
  auto batch = std::make_shared<WriteBatch>(w.ep.handle());
  std::int64_t now = rclx::steady_time_now();
  bool arm = false;
  for (int i = 0; i <= WriteBatch::kBurstRun; ++i) ASSERT_EQ(batch->write(w.sample(1), now + i, arm), DDS_RETCODE_OK);
  ASSERT_TRUE(arm);
  ASSERT_TRUE(batch->pending());
  // Looked at while the burst goes on: nothing sent, looked at again later (doubling intervals).
  const std::int64_t last = now + WriteBatch::kBurstRun;
  const std::int64_t again = batch->look(last + 1'000);
  EXPECT_EQ(again, last + 1'000 + 2 * WriteBatch::kQuietNs);
  EXPECT_TRUE(batch->pending());
  EXPECT_EQ(batch->look(last + 2'000), last + 2'000 + 4 * WriteBatch::kQuietNs);
  // Quiet long enough: sent, and no more looks.
  EXPECT_EQ(batch->look(last + WriteBatch::kQuietNs), 0);
  EXPECT_FALSE(batch->pending());

  // The same through a real Flusher thread, with real time.
  rclx::detail::Flusher flusher;
  arm = false;
  now = rclx::steady_time_now();
  for (int i = 0; i <= WriteBatch::kBurstRun + 1; ++i) {
    ASSERT_EQ(batch->write(w.sample(2), now + i, arm), DDS_RETCODE_OK);
  }
  ASSERT_TRUE(arm);
  ASSERT_TRUE(batch->pending());
  flusher.arm(batch, now + WriteBatch::kQuietNs);
  for (int i = 0; i < 500 && batch->pending(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_FALSE(batch->pending()) << "the flusher did not send the end of the burst";
  // After stop(), arming sends at once.
  flusher.stop();
  arm = false;
  now = rclx::steady_time_now() + 10 * WriteBatch::kQuietNs;
  for (int i = 0; i <= WriteBatch::kBurstRun; ++i) ASSERT_EQ(batch->write(w.sample(3), now + i, arm), DDS_RETCODE_OK);
  ASSERT_TRUE(arm);
  ASSERT_TRUE(batch->pending());
  flusher.arm(batch, now + WriteBatch::kQuietNs);
  EXPECT_FALSE(batch->pending());
}

TEST(write_batch, stopping_sends_what_the_flusher_holds_and_a_closed_batch_writes_nothing) {
  Writer w;
  auto batch = std::make_shared<WriteBatch>(w.ep.handle());
  rclx::detail::Flusher flusher;
  const std::int64_t now = rclx::steady_time_now();
  bool arm = false;
  for (int i = 0; i <= WriteBatch::kBurstRun; ++i) ASSERT_EQ(batch->write(w.sample(1), now + i, arm), DDS_RETCODE_OK);
  ASSERT_TRUE(batch->pending());
  flusher.arm(batch, now + 3'600 * 1'000'000'000LL);  // an hour away: only stop() can send it
  flusher.stop();
  EXPECT_FALSE(batch->pending());
  batch->send(true);
  EXPECT_EQ(batch->write(w.sample(2), now + 10'000'000, arm), DDS_RETCODE_ALREADY_DELETED);
}
