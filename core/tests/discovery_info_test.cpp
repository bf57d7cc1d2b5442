// The ros_discovery_info samples a context writes, read off DDS raw: 16-byte Gids, 24 when fixed or when a peer uses 24.
#include "graph/discovery_info.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "dds/endpoint.hpp"
#include "rclx/context.hpp"
#include "rclx/node.hpp"
#include "rclx/serialized_message.hpp"

namespace rclx {
namespace {

bool eventually(const std::function<bool()>& cond) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return cond();
}

/// Sets RCLX_DISCOVERY_GID_SIZE for the life of the object ("" unsets it).
struct GidSizeEnv {
  explicit GidSizeEnv(const char* value) {
    if (*value == '\0') {
      unsetenv("RCLX_DISCOVERY_GID_SIZE");
    } else {
      setenv("RCLX_DISCOVERY_GID_SIZE", value, 1);
    }
  }
  ~GidSizeEnv() { unsetenv("RCLX_DISCOVERY_GID_SIZE"); }
};

/// A raw reader of ros_discovery_info in its own context: the Gid layout and nodes each participant last wrote.
class DiscoveryTap {
 public:
  explicit DiscoveryTap(std::int32_t domain) : context_(Context::create(ContextOptions{domain})) {
    const QoSProfile qos{History::KeepAll, 0, Reliability::Reliable, Durability::TransientLocal};
    reader_ = std::make_unique<detail::Endpoint>(context_->participant(), detail::EndpointKind::Reader,
                                                 "ros_discovery_info",
                                                 "rmw_dds_common::msg::dds_::ParticipantEntitiesInfo_", qos);
  }

  /// The Gid size of `participant`'s latest sample naming node `name` (0 when none arrived yet).
  std::size_t layout_of(const std::string& participant, const std::string& name) {
    take();
    const auto it = latest_.find(participant);
    if (it == latest_.end()) return 0;
    for (const NodeEntitiesInfo& n : it->second.second.nodes) {
      if (n.node_name == name) return it->second.first;
    }
    return 0;
  }

 private:
  void take() {
    for (;;) {
      ddsi_serdata* sample = nullptr;
      dds_sample_info_t info;
      if (dds_takecdr(reader_->handle(), &sample, 1, &info, 0) <= 0) return;
      SerializedMessage msg(sample);
      if (!info.valid_data) continue;
      std::size_t gid_size = 0;
      ParticipantEntitiesInfo pi = detail::decode_participant_entities_info(msg.data(), msg.size(), gid_size);
      const std::string gid = pi.gid;
      latest_[gid] = {gid_size, std::move(pi)};
    }
  }

  std::shared_ptr<Context> context_;
  std::unique_ptr<detail::Endpoint> reader_;
  std::map<std::string, std::pair<std::size_t, ParticipantEntitiesInfo>> latest_;
};

std::int32_t random_domain() {
  std::random_device rd;
  return static_cast<std::int32_t>(100 + rd() % 100);
}

std::string gid_of(const std::shared_ptr<Context>& context) {
  dds_guid_t guid;
  EXPECT_EQ(dds_get_guid(context->participant(), &guid), DDS_RETCODE_OK);
  return std::string(reinterpret_cast<const char*>(guid.v), sizeof(guid.v));
}

TEST(discovery_info, decode_reports_the_layout) {
  ParticipantEntitiesInfo info{std::string(16, '\x01'), {{"/", "n", {std::string(16, '\x02')}, {}}}};
  for (std::size_t size : {16u, 24u}) {
    ByteBuffer buf;
    encode_participant_entities_info(info, size, buf);
    std::size_t seen = 0;
    EXPECT_EQ(detail::decode_participant_entities_info(buf.data(), buf.size(), seen), info);
    EXPECT_EQ(seen, size);
  }
}

TEST(discovery_info, layout_follows_the_first_24_byte_peer_unless_fixed) {
  const GidSizeEnv unset("");
  detail::GidLayout automatic;
  EXPECT_EQ(automatic.size(), 16u);
  EXPECT_FALSE(automatic.observe(16));
  EXPECT_TRUE(automatic.observe(24));
  EXPECT_FALSE(automatic.observe(24));
  EXPECT_FALSE(automatic.observe(16));  // stays 24
  EXPECT_EQ(automatic.size(), 24u);
  const GidSizeEnv sixteen("16");
  detail::GidLayout fixed;
  EXPECT_TRUE(fixed.fixed());
  EXPECT_FALSE(fixed.observe(24));
  EXPECT_EQ(fixed.size(), 16u);
  const GidSizeEnv bad("20");
  EXPECT_THROW(detail::GidLayout(), std::invalid_argument);
}

TEST(discovery_info, a_context_writes_16_then_24_once_a_humble_layout_peer_appears) {
  const std::int32_t domain = random_domain();
  DiscoveryTap tap(domain);
  std::shared_ptr<Context> jazzy_like;
  {
    const GidSizeEnv unset("");
    jazzy_like = Context::create(ContextOptions{domain});
  }
  auto node = std::make_shared<Node>(jazzy_like, "auto_node", "/");
  EXPECT_TRUE(eventually([&] { return tap.layout_of(gid_of(jazzy_like), "auto_node") == 16; }));
  EXPECT_EQ(jazzy_like->graph().gid_size(), 16u);

  std::shared_ptr<Context> humble_like;
  {
    const GidSizeEnv fixed("24");
    humble_like = Context::create(ContextOptions{domain});
  }
  auto humble_node = std::make_shared<Node>(humble_like, "humble_node", "/");
  EXPECT_TRUE(eventually([&] { return tap.layout_of(gid_of(humble_like), "humble_node") == 24; }));
  // The automatic context rewrites its own sample in Humble's layout, without any change of its nodes.
  EXPECT_TRUE(eventually([&] { return tap.layout_of(gid_of(jazzy_like), "auto_node") == 24; }));
  EXPECT_EQ(jazzy_like->graph().gid_size(), 24u);
}

TEST(discovery_info, a_fixed_16_context_ignores_humble_layout_peers) {
  const std::int32_t domain = random_domain();
  DiscoveryTap tap(domain);
  std::shared_ptr<Context> fixed16;
  std::shared_ptr<Context> humble_like;
  {
    const GidSizeEnv sixteen("16");
    fixed16 = Context::create(ContextOptions{domain});
  }
  {
    const GidSizeEnv fixed("24");
    humble_like = Context::create(ContextOptions{domain});
  }
  auto humble_node = std::make_shared<Node>(humble_like, "humble_node", "/");
  EXPECT_TRUE(eventually([&] { return tap.layout_of(gid_of(humble_like), "humble_node") == 24; }));
  auto node = std::make_shared<Node>(fixed16, "fixed_node", "/");
  EXPECT_TRUE(eventually([&] { return tap.layout_of(gid_of(fixed16), "fixed_node") == 16; }));
  EXPECT_EQ(fixed16->graph().gid_size(), 16u);
}

}  // namespace
}  // namespace rclx
