// Tests for dds/discovery_options.hpp: the environment as rcl (Jazzy) reads it, the XML rmw_cyclonedds_cpp makes of it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dds/discovery_options.hpp"

namespace {

using rclx::detail::discovery_config;
using rclx::detail::DiscoveryOptions;
using rclx::detail::DiscoveryRange;
using rclx::detail::parse_discovery_options;

std::vector<std::string> messages(const DiscoveryOptions& o) {
  std::vector<std::string> out;
  for (const auto& [logger, message] : o.warnings) out.push_back(logger + ": " + message);
  return out;
}

TEST(DiscoveryOptions, DefaultIsSubnetWithoutPeers) {
  for (const char* empty : {static_cast<const char*>(nullptr), ""}) {
    const DiscoveryOptions o = parse_discovery_options(empty, empty, empty);
    EXPECT_EQ(o.range, DiscoveryRange::Subnet);
    EXPECT_TRUE(o.static_peers.empty());
    EXPECT_FALSE(o.localhost_only);
    EXPECT_TRUE(o.warnings.empty());
  }
}

TEST(DiscoveryOptions, EveryRangeByName) {
  EXPECT_EQ(parse_discovery_options(nullptr, "OFF", nullptr).range, DiscoveryRange::Off);
  EXPECT_EQ(parse_discovery_options(nullptr, "LOCALHOST", nullptr).range, DiscoveryRange::Localhost);
  EXPECT_EQ(parse_discovery_options(nullptr, "SUBNET", nullptr).range, DiscoveryRange::Subnet);
  EXPECT_EQ(parse_discovery_options(nullptr, "SYSTEM_DEFAULT", nullptr).range, DiscoveryRange::SystemDefault);
}

TEST(DiscoveryOptions, UnknownRangeWarnsAndMeansLocalhost) {
  // Case matters, as in rcl.
  const DiscoveryOptions o = parse_discovery_options(nullptr, "subnet", nullptr);
  EXPECT_EQ(o.range, DiscoveryRange::Localhost);
  EXPECT_EQ(messages(o), std::vector<std::string>{"rcl: Invalid value 'subnet' specified for "
                                                  "'ROS_AUTOMATIC_DISCOVERY_RANGE', assuming localhost only"});
}

TEST(DiscoveryOptions, PeersSplitOnSemicolonsDroppingEmptyPieces) {
  const DiscoveryOptions o = parse_discovery_options(nullptr, nullptr, ";10.0.0.1;;host.example; x;");
  EXPECT_EQ(o.static_peers, (std::vector<std::string>{"10.0.0.1", "host.example", " x"}));
}

TEST(DiscoveryOptions, OffIgnoresPeersQuietly) {
  const DiscoveryOptions o = parse_discovery_options(nullptr, "OFF", "10.0.0.1");
  EXPECT_TRUE(o.static_peers.empty());
  EXPECT_TRUE(o.warnings.empty());
}

TEST(DiscoveryOptions, SystemDefaultDropsPeersWithRmwsWarning) {
  const DiscoveryOptions o = parse_discovery_options(nullptr, "SYSTEM_DEFAULT", "a;b");
  EXPECT_TRUE(o.static_peers.empty());
  EXPECT_EQ(messages(o), std::vector<std::string>{
                             "rmw_cyclonedds_cpp: check_create_domain: 2 static peers were specified, but discovery "
                             "is set to use the RMW implementation default, so these static peers will be ignored."});
}

TEST(DiscoveryOptions, TooLongOrMalformedPeersAreSkipped) {
  const std::string long_peer(256, 'a');
  const std::string value = long_peer + ";ok;<bad>";
  const DiscoveryOptions o = parse_discovery_options(nullptr, nullptr, value.c_str());
  EXPECT_EQ(o.static_peers, std::vector<std::string>{"ok"});
  ASSERT_EQ(o.warnings.size(), 2u);
  EXPECT_EQ(o.warnings[0].second,
            "Static peer " + long_peer + " specified to 'ROS_STATIC_PEERS' is too long (maximum of 255); skipping");
  EXPECT_NE(o.warnings[1].second.find("<bad>"), std::string::npos);
}

TEST(DiscoveryOptions, LocalhostOnlyWinsOverRangeAndPeers) {
  const DiscoveryOptions o = parse_discovery_options("1", "SUBNET", "10.0.0.1");
  EXPECT_TRUE(o.localhost_only);
  EXPECT_EQ(o.range, DiscoveryRange::Localhost);
  EXPECT_TRUE(o.static_peers.empty());
  EXPECT_EQ(messages(o),
            (std::vector<std::string>{
                "rcl: ROS_LOCALHOST_ONLY is deprecated but still honored if it is enabled. Use "
                "ROS_AUTOMATIC_DISCOVERY_RANGE and ROS_STATIC_PEERS instead.",
                "rcl: 'localhost_only' is enabled, 'automatic_discovery_range' and 'static_peers' will be ignored."}));
}

TEST(DiscoveryOptions, LocalhostOnlyOtherThanOneDisablesIt) {
  const DiscoveryOptions o = parse_discovery_options("0", "OFF", nullptr);
  EXPECT_FALSE(o.localhost_only);
  EXPECT_EQ(o.range, DiscoveryRange::Off);
  ASSERT_EQ(o.warnings.size(), 2u);
  EXPECT_EQ(o.warnings[1].second,
            "'localhost_only' is disabled, 'automatic_discovery_range' and 'static_peers' will be used.");
}

TEST(DiscoveryConfig, AsRmwCycloneddsWritesIt) {
  const std::string index = "<ParticipantIndex>auto</ParticipantIndex><MaxAutoParticipantIndex>32</MaxAutoParticipantIndex>";
  EXPECT_EQ(discovery_config(parse_discovery_options(nullptr, nullptr, nullptr), 7, true),
            "<CycloneDDS><Domain><Discovery>" + index + "</Discovery></Domain></CycloneDDS>");
  EXPECT_EQ(discovery_config(parse_discovery_options(nullptr, "SUBNET", "a;b"), 7, true),
            "<CycloneDDS><Domain><Discovery>" + index +
                "<Peers><Peer address=\"a\"/><Peer address=\"b\"/></Peers></Discovery></Domain></CycloneDDS>");
  EXPECT_EQ(discovery_config(parse_discovery_options(nullptr, "LOCALHOST", "a"), 7, true),
            "<CycloneDDS><Domain><General><AllowMulticast>false</AllowMulticast></General><Discovery>" + index +
                "<Peers><Peer address=\"localhost\"/><Peer address=\"a\"/></Peers></Discovery></Domain></CycloneDDS>");
  EXPECT_EQ(discovery_config(parse_discovery_options(nullptr, "OFF", nullptr), 1234, true),
            "<CycloneDDS><Domain><General><AllowMulticast>false</AllowMulticast></General><Discovery>"
            "<ParticipantIndex>none</ParticipantIndex><Tag>ros_discovery_off_1234</Tag></Discovery></Domain>"
            "</CycloneDDS>");
  EXPECT_EQ(discovery_config(parse_discovery_options(nullptr, "SYSTEM_DEFAULT", nullptr), 7, true), "");
}

TEST(DiscoveryConfig, LocalhostOnlyAddsTheLoopbackInterface) {
  const DiscoveryOptions o = parse_discovery_options("1", nullptr, nullptr);
  const std::string tail =
      "<NetworkInterface address=\"127.0.0.1\"/></Interfaces><AllowMulticast>false</AllowMulticast></General>"
      "<Discovery><ParticipantIndex>auto</ParticipantIndex><MaxAutoParticipantIndex>32</MaxAutoParticipantIndex>"
      "<Peers><Peer address=\"localhost\"/></Peers></Discovery></Domain></CycloneDDS>";
  EXPECT_EQ(discovery_config(o, 7, true),
            "<CycloneDDS><Domain><General><Interfaces><NetworkInterface autodetermine=\"true\"/>" + tail);
  EXPECT_EQ(discovery_config(o, 7, false), "<CycloneDDS><Domain><General><Interfaces>" + tail);
}

}  // namespace
