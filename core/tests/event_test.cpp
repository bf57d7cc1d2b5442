// EventHandler: statuses of publishers and subscriptions in one process, waited for by the Dispatcher.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <stdexcept>
#include <string>

#include "rclx/dispatcher.hpp"
#include "rclx/event.hpp"
#include "rclx/publisher.hpp"

namespace {

std::shared_ptr<rclx::Context> make_context() {
  static const int domain = 100 + static_cast<int>(std::random_device{}() % 100);
  return rclx::Context::create(rclx::ContextOptions{domain, "/"});
}

constexpr const char* kType = "std_msgs::msg::dds_::UInt32_";
constexpr std::uint32_t kReliabilityPolicy = 1u << 4;  // RMW_QOS_POLICY_RELIABILITY

}  // namespace

TEST(event, incompatible_qos_on_both_sides_wakes_the_dispatcher) {
  auto ctx = make_context();
  auto node = std::make_shared<rclx::Node>(ctx, "events", "/");
  auto sub = std::make_shared<rclx::Subscription>(node, "/incompatible", kType, rclx::kQosDefault);
  auto sub_events = std::make_shared<rclx::EventHandler>(sub, rclx::EventKind::RequestedIncompatibleQos);
  // Matching with a local reader happens while the writer is created, before its handler exists.
  auto pub = std::make_shared<rclx::Publisher>(node, "/incompatible", kType, rclx::kQosSensorData);
  auto pub_events = std::make_shared<rclx::EventHandler>(pub, rclx::EventKind::OfferedIncompatibleQos);

  rclx::Dispatcher d(ctx);
  d.add_waitable(1, 1, sub_events);
  d.add_waitable(2, 1, pub_events);
  std::set<std::uint64_t> keys;
  rclx::Work w;
  while (keys.size() < 2) {
    ASSERT_EQ(d.next(5'000'000'000, w), rclx::Dispatcher::Next::Work);
    keys.insert(w.key);
  }
  for (const auto& h : {sub_events, pub_events}) {
    rclx::EventStatus s;
    ASSERT_TRUE(h->take(s));
    EXPECT_EQ(s.total_count, 1);
    EXPECT_EQ(s.total_count_change, 1);
    EXPECT_EQ(s.last_policy_kind, kReliabilityPolicy);
    EXPECT_FALSE(h->take(s));  // taken: nothing new
    EXPECT_FALSE(h->triggered());
  }
}

TEST(event, matched_counts_follow_peers_and_handlers_take_earlier_changes) {
  auto ctx = make_context();
  auto node = std::make_shared<rclx::Node>(ctx, "events", "/");
  auto pub = std::make_shared<rclx::Publisher>(node, "/matched", kType, rclx::kQosDefault);
  auto sub = std::make_shared<rclx::Subscription>(node, "/matched", kType, rclx::kQosDefault);
  rclx::EventHandler matched(pub, rclx::EventKind::PublicationMatched);
  rclx::EventStatus s;
  ASSERT_TRUE(matched.take(s));
  EXPECT_EQ(s.total_count, 1);
  EXPECT_EQ(s.current_count, 1);
  EXPECT_EQ(s.current_count_change, 1);
  sub->destroy();
  ASSERT_TRUE(matched.take(s));
  EXPECT_EQ(s.total_count, 1);
  EXPECT_EQ(s.total_count_change, 0);
  EXPECT_EQ(s.current_count, 0);
  EXPECT_EQ(s.current_count_change, -1);
  matched.destroy();
  EXPECT_FALSE(matched.take(s));
  EXPECT_EQ(matched.condition(), 0);
}

TEST(event, a_kind_of_the_other_side_is_refused) {
  auto ctx = make_context();
  auto node = std::make_shared<rclx::Node>(ctx, "events", "/");
  auto pub = std::make_shared<rclx::Publisher>(node, "/sides", kType, rclx::kQosDefault);
  EXPECT_THROW(rclx::EventHandler(pub, rclx::EventKind::SubscriptionMatched), std::invalid_argument);
}
