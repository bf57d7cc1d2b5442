// Graph: ros_discovery_info's wire format, name demangling, and discovery between two contexts.
#include "rclx/graph.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <random>
#include <thread>
#include <vector>

#include "rclx/context.hpp"
#include "rclx/node.hpp"
#include "rclx/publisher.hpp"
#include "rclx/subscription.hpp"

namespace rclx {
namespace {

std::string bytes(std::initializer_list<int> v) {
  std::string s;
  for (int b : v) s.push_back(static_cast<char>(b));
  return s;
}

std::string repeat(int b, std::size_t n) { return std::string(n, static_cast<char>(b)); }

ParticipantEntitiesInfo sample_info() {
  ParticipantEntitiesInfo info;
  info.gid = bytes({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
  info.nodes.push_back({"/", "n", {repeat(0xAA, 16)}, {}});
  return info;
}

std::string encoded(const ParticipantEntitiesInfo& info, std::size_t gid_size) {
  ByteBuffer buf;
  encode_participant_entities_info(info, gid_size, buf);
  return std::string(reinterpret_cast<const char*>(buf.data()), buf.size());
}

// Golden bytes by the CDR rules: char[N] has no alignment; uint32 lengths align to 4 (counted after
// the 4-byte encapsulation header); strings are length-with-NUL, bytes, NUL.
TEST(graph, discovery_info_16_byte_gid_golden) {
  const std::string expected = bytes({0x00, 0x01, 0x00, 0x00}) +                                // CDR_LE
                               bytes({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}) +  // gid @0
                               bytes({1, 0, 0, 0}) +                                            // 1 node @16
                               bytes({2, 0, 0, 0, '/', 0}) + bytes({0, 0}) +                    // ns @20, pad
                               bytes({2, 0, 0, 0, 'n', 0}) + bytes({0, 0}) +                    // name @28, pad
                               bytes({1, 0, 0, 0}) + repeat(0xAA, 16) +                         // readers @36
                               bytes({0, 0, 0, 0});                                             // writers @56
  ASSERT_EQ(expected.size(), 64u);
  EXPECT_EQ(encoded(sample_info(), 16), expected);
  const auto* p = reinterpret_cast<const std::uint8_t*>(expected.data());
  EXPECT_EQ(decode_participant_entities_info(p, expected.size()), sample_info());
}

TEST(graph, discovery_info_24_byte_gid_golden) {
  const std::string expected = bytes({0x00, 0x01, 0x00, 0x00}) +
                               bytes({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}) + repeat(0, 8) +
                               bytes({1, 0, 0, 0}) +                                  // 1 node @24
                               bytes({2, 0, 0, 0, '/', 0}) + bytes({0, 0}) +          // ns @28, pad
                               bytes({2, 0, 0, 0, 'n', 0}) + bytes({0, 0}) +          // name @36, pad
                               bytes({1, 0, 0, 0}) + repeat(0xAA, 16) + repeat(0, 8) +  // readers @44
                               bytes({0, 0, 0, 0});                                   // writers @72
  ASSERT_EQ(expected.size(), 80u);
  EXPECT_EQ(encoded(sample_info(), 24), expected);
  const auto* p = reinterpret_cast<const std::uint8_t*>(expected.data());
  EXPECT_EQ(decode_participant_entities_info(p, expected.size()), sample_info());
}

TEST(graph, discovery_info_round_trips_in_both_layouts) {
  ParticipantEntitiesInfo info;
  info.gid = repeat(7, 16);
  for (const char* ns : {"/", "/robot1", "/a/b"}) {
    info.nodes.push_back({ns, "talker", {repeat(1, 16), repeat(2, 16)}, {repeat(3, 16)}});
    info.nodes.push_back({ns, "x", {}, {}});
  }
  ParticipantEntitiesInfo empty;
  empty.gid = repeat(9, 16);
  for (std::size_t size : {16u, 24u}) {
    for (const ParticipantEntitiesInfo& i : {info, empty}) {
      const std::string b = encoded(i, size);
      EXPECT_EQ(decode_participant_entities_info(reinterpret_cast<const std::uint8_t*>(b.data()), b.size()), i)
          << size;
    }
  }
}

TEST(graph, discovery_info_rejects_garbage) {
  const std::string b = bytes({0, 1, 0, 0}) + repeat(0, 16) + bytes({5, 0, 0, 0});
  EXPECT_THROW(decode_participant_entities_info(reinterpret_cast<const std::uint8_t*>(b.data()), b.size()),
               CdrError);
}

TEST(graph, demangles_names_and_types) {
  EXPECT_EQ(demangle_ros_topic("rt/chatter"), "/chatter");
  EXPECT_EQ(demangle_ros_topic("rt/ns/chatter"), "/ns/chatter");
  EXPECT_EQ(demangle_ros_topic("rq/add_two_intsRequest"), "");
  EXPECT_EQ(demangle_ros_topic("ros_discovery_info"), "");
  EXPECT_EQ(demangle_ros_type("std_msgs::msg::dds_::String_"), "std_msgs/msg/String");
  EXPECT_EQ(demangle_ros_type("HelloWorld"), "HelloWorld");
  EXPECT_EQ(demangle_service_type("example_interfaces::srv::dds_::AddTwoInts_Request_"),
            "example_interfaces/srv/AddTwoInts");
  EXPECT_EQ(demangle_service_type("example_interfaces::srv::dds_::AddTwoInts_Response_"),
            "example_interfaces/srv/AddTwoInts");
  EXPECT_EQ(demangle_service_type("std_msgs::msg::dds_::String_"), "");
}

bool eventually(const std::function<bool()>& cond, std::chrono::milliseconds limit = std::chrono::milliseconds(2000)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return cond();
}

TEST(graph, second_context_sees_nodes_and_endpoints) {
  std::random_device rd;
  const std::int32_t domain = static_cast<std::int32_t>(100 + rd() % 100);
  auto a = Context::create(ContextOptions{domain});
  auto b = Context::create(ContextOptions{domain});
  auto node = std::make_shared<Node>(a, "talker", "/graph_test");
  const QoSProfile qos{History::KeepLast, 7, Reliability::Reliable, Durability::TransientLocal};
  auto pub = std::make_shared<Publisher>(node, "/chatter", "std_msgs::msg::dds_::String_", qos);

  Graph& g = b->graph();
  EXPECT_TRUE(eventually([&] { return g.count_publishers("/chatter") == 1; }));
  EXPECT_EQ(g.count_subscribers("/chatter"), 0u);
  EXPECT_EQ(a->graph().count_publishers("/chatter"), 1u);  // local endpoints count too
  EXPECT_TRUE(eventually([&] {
    const auto nodes = g.node_names_and_namespaces();
    return std::find(nodes.begin(), nodes.end(), std::make_pair(std::string("talker"), std::string("/graph_test"))) !=
           nodes.end();
  }));
  const auto topics = g.topic_names_and_types(false);
  const NamesAndTypes::value_type chatter{"/chatter", {"std_msgs/msg/String"}};
  EXPECT_NE(std::find(topics.begin(), topics.end(), chatter), topics.end());
  for (const auto& [name, types] : topics) EXPECT_EQ(name.rfind("/", 0), 0u) << name;  // no DDS-only topics

  EXPECT_TRUE(eventually([&] {
    const auto info = g.publishers_info_by_topic("/chatter", false);
    return info.size() == 1 && info[0].node_name == "talker";
  }));
  const auto info = g.publishers_info_by_topic("/chatter", false);
  ASSERT_EQ(info.size(), 1u);
  EXPECT_EQ(info[0].node_namespace, "/graph_test");
  EXPECT_EQ(info[0].topic_type, "std_msgs/msg/String");
  EXPECT_EQ(info[0].gid, pub->gid());
  EXPECT_EQ(info[0].qos.reliability, Reliability::Reliable);
  EXPECT_EQ(info[0].qos.durability, Durability::TransientLocal);

  const auto by_node = g.publisher_names_and_types_by_node("talker", "/graph_test", false);
  ASSERT_TRUE(by_node.has_value());
  EXPECT_EQ(*by_node, NamesAndTypes{chatter});
  EXPECT_FALSE(g.publisher_names_and_types_by_node("nobody", "/", false).has_value());

  auto sub = std::make_shared<Subscription>(node, "/chatter", "std_msgs::msg::dds_::String_", kQosDefault);
  EXPECT_TRUE(eventually([&] { return g.count_subscribers("/chatter") == 1; }));
  sub->destroy();
  pub->destroy();
  EXPECT_TRUE(eventually([&] { return g.count_publishers("/chatter") == 0 && g.count_subscribers("/chatter") == 0; }));

  node->destroy();
  EXPECT_TRUE(eventually([&] {
    const auto nodes = g.node_names_and_namespaces();
    return std::find_if(nodes.begin(), nodes.end(), [](const auto& n) { return n.first == "talker"; }) == nodes.end();
  }));
}

TEST(graph, parses_rihs01_type_hashes_as_rosidl_does) {
  const std::string hex = "000102030405060708090a0b0c0d0e0f101112131415161718191A1B1C1D1E1F";
  std::string expected;
  for (int i = 0; i < 32; ++i) expected.push_back(static_cast<char>(i));
  EXPECT_EQ(parse_type_hash("RIHS01_" + hex), expected);  // hex digits of either case
  EXPECT_EQ(parse_type_hash(""), "");
  EXPECT_EQ(parse_type_hash("RIHS02_" + hex), "");             // only version 1 exists
  EXPECT_EQ(parse_type_hash("RIHS01_" + hex.substr(2)), "");   // too short
  EXPECT_EQ(parse_type_hash("RIHS01_" + hex + "00"), "");      // too long
  EXPECT_EQ(parse_type_hash("RIHS01_" + hex.substr(1) + "g"), "");
}

// An endpoint's "typehash=" user data (rmw_cyclonedds' form) reaches the other context's graph.
TEST(graph, endpoints_carry_their_type_hash) {
  std::random_device rd;
  const std::int32_t domain = static_cast<std::int32_t>(100 + rd() % 100);
  auto a = Context::create(ContextOptions{domain});
  auto b = Context::create(ContextOptions{domain});
  auto node = std::make_shared<Node>(a, "hashed", "/");
  const std::string hash = "RIHS01_df668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a18";
  auto pub = std::make_shared<Publisher>(node, "/hashed", "std_msgs::msg::dds_::String_", kQosDefault, hash);
  auto plain = std::make_shared<Subscription>(node, "/hashed", "std_msgs::msg::dds_::String_", kQosDefault);
  Graph& g = b->graph();
  EXPECT_TRUE(eventually([&] {
    return g.publishers_info_by_topic("/hashed", false).size() == 1 &&
           g.subscriptions_info_by_topic("/hashed", false).size() == 1;
  }));
  const auto pubs = g.publishers_info_by_topic("/hashed", false);
  ASSERT_EQ(pubs.size(), 1u);
  EXPECT_EQ(pubs[0].type_hash, parse_type_hash(hash));
  const auto subs = g.subscriptions_info_by_topic("/hashed", false);
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0].type_hash, "");  // announced none
}

TEST(graph, shut_down_participant_is_forgotten) {
  std::random_device rd;
  const std::int32_t domain = static_cast<std::int32_t>(100 + rd() % 100);
  auto a = Context::create(ContextOptions{domain});
  auto b = Context::create(ContextOptions{domain});
  auto node = std::make_shared<Node>(a, "leaver", "/");
  Graph& g = b->graph();
  auto has_leaver = [&] {
    const auto nodes = g.node_names_and_namespaces();
    return std::find(nodes.begin(), nodes.end(), std::make_pair(std::string("leaver"), std::string("/"))) !=
           nodes.end();
  };
  EXPECT_TRUE(eventually(has_leaver));
  a->shutdown();
  EXPECT_TRUE(eventually([&] { return !has_leaver(); }));
  EXPECT_TRUE(a->graph().node_names_and_namespaces().empty());
}

}  // namespace
}  // namespace rclx
