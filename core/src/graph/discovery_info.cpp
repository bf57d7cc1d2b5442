// ParticipantEntitiesInfo <-> CDR, for both Gid layouts (16 bytes on Iron and later, 24 on Humble), and the choice of layout.
#include "graph/discovery_info.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "rclx/graph.hpp"

namespace rclx {

namespace {

constexpr std::size_t kGuidSize = 16;

void write_gid(CdrWriter& w, const std::string& gid, std::size_t gid_size) {
  // char[N] / uint8[N]: N bytes, no alignment, no length. A DDS GUID zero-padded to N.
  std::uint8_t* p = w.grow(gid_size, 1);
  std::memset(p, 0, gid_size);
  std::memcpy(p, gid.data(), std::min(gid.size(), gid_size));
}

void write_gids(CdrWriter& w, const std::vector<std::string>& gids, std::size_t gid_size) {
  w.write<std::uint32_t>(static_cast<std::uint32_t>(gids.size()));
  for (const std::string& g : gids) write_gid(w, g, gid_size);
}

std::string read_gid(CdrReader& r, std::size_t gid_size) {
  const std::uint8_t* p = r.take(gid_size, 1);
  return std::string(reinterpret_cast<const char*>(p), kGuidSize);
}

std::vector<std::string> read_gids(CdrReader& r, std::size_t gid_size) {
  const std::uint32_t n = r.read_length(gid_size, "Gid");
  std::vector<std::string> gids;
  gids.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) gids.push_back(read_gid(r, gid_size));
  return gids;
}

std::string read_string(CdrReader& r, const char* what) {
  auto [p, n] = r.read_string(what);
  return std::string(p, n);
}

/// Decodes assuming `gid_size`; nullopt-like failure is reported by throwing CdrError.
ParticipantEntitiesInfo decode_with(const std::uint8_t* data, std::size_t size, std::size_t gid_size) {
  CdrReader r(data, size);
  ParticipantEntitiesInfo info;
  info.gid = read_gid(r, gid_size);
  const std::uint32_t nodes = r.read_length(16, "NodeEntitiesInfo");  // 4 + 4 + 4 + 4 bytes at least each
  info.nodes.reserve(nodes);
  for (std::uint32_t i = 0; i < nodes; ++i) {
    NodeEntitiesInfo node;
    node.node_namespace = read_string(r, "node_namespace");
    node.node_name = read_string(r, "node_name");
    node.reader_gids = read_gids(r, gid_size);
    node.writer_gids = read_gids(r, gid_size);
    info.nodes.push_back(std::move(node));
  }
  // A message ends on a 4-byte boundary; anything beyond up to 3 bytes of padding means the layout is wrong.
  if (r.remaining() > 3) throw CdrError(std::to_string(r.remaining()) + " bytes left over");
  return info;
}

}  // namespace

void encode_participant_entities_info(const ParticipantEntitiesInfo& info, std::size_t gid_size, ByteBuffer& out) {
  CdrWriter w(out);
  write_gid(w, info.gid, gid_size);
  w.write<std::uint32_t>(static_cast<std::uint32_t>(info.nodes.size()));
  for (const NodeEntitiesInfo& node : info.nodes) {
    w.write_string(node.node_namespace.data(), node.node_namespace.size());
    w.write_string(node.node_name.data(), node.node_name.size());
    write_gids(w, node.reader_gids, gid_size);
    write_gids(w, node.writer_gids, gid_size);
  }
}

ParticipantEntitiesInfo decode_participant_entities_info(const std::uint8_t* data, std::size_t size) {
  std::size_t gid_size = 0;
  return detail::decode_participant_entities_info(data, size, gid_size);
}

namespace detail {

ParticipantEntitiesInfo decode_participant_entities_info(const std::uint8_t* data, std::size_t size,
                                                         std::size_t& gid_size) {
  // Humble's 24-byte Gids are a 16-byte GUID and 8 zero bytes, so read as 16 they leave a
  // zero node count followed by unread bytes: the 16-byte attempt then fails and 24 is tried.
  try {
    ParticipantEntitiesInfo info = decode_with(data, size, 16);
    gid_size = 16;
    return info;
  } catch (const CdrError&) {
  }
  try {
    ParticipantEntitiesInfo info = decode_with(data, size, 24);
    gid_size = 24;
    return info;
  } catch (const CdrError& e) {
    throw CdrError(std::string("ros_discovery_info sample fits neither the 16- nor the 24-byte Gid layout: ") +
                   e.what());
  }
}

GidLayout::GidLayout() {
  const char* env = std::getenv("RCLX_DISCOVERY_GID_SIZE");
  if (env == nullptr || *env == '\0') return;
  const std::string v(env);
  if (v != "16" && v != "24") {
    throw std::invalid_argument("RCLX_DISCOVERY_GID_SIZE='" + v + "' (expected 16, or 24 for Humble peers)");
  }
  size_ = v == "16" ? 16 : 24;
  fixed_ = true;
}

bool GidLayout::observe(std::size_t remote_gid_size) {
  // One way only: rclx contexts that followed a Humble node write 24 too, so going back to 16 when
  // it leaves would need telling them apart from Humble nodes, which the wire does not allow.
  if (fixed_ || remote_gid_size != 24 || size_ == 24) return false;
  size_ = 24;
  return true;
}

}  // namespace detail
}  // namespace rclx
