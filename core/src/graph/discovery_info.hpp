// Which Gid layout a context writes on ros_discovery_info: the one its peers use (24 bytes: Humble; 16: Iron and later).
#pragma once

#include <cstddef>
#include <cstdint>

#include "rclx/graph.hpp"

namespace rclx::detail {

/// decode_participant_entities_info(), also telling which Gid size (16 or 24) the sample was written with.
ParticipantEntitiesInfo decode_participant_entities_info(const std::uint8_t* data, std::size_t size,
                                                         std::size_t& gid_size);

/// The Gid size this context publishes. RCLX_DISCOVERY_GID_SIZE (16 or 24) fixes it; otherwise it is 16 until a
/// remote participant's sample arrives in Humble's 24-byte layout, and 24 from then on (a Humble node cannot read
/// 16-byte Gids, while a context that has switched keeps its other 24-byte peers readable). Not thread-safe.
class GidLayout {
 public:
  /// Reads RCLX_DISCOVERY_GID_SIZE; throws std::invalid_argument for a value other than 16, 24 or empty.
  GidLayout();
  std::size_t size() const { return size_; }
  /// True when RCLX_DISCOVERY_GID_SIZE chose the size.
  bool fixed() const { return fixed_; }
  /// Takes note of a remote participant's layout; true when size() changed (our sample must be written again).
  bool observe(std::size_t remote_gid_size);

 private:
  std::size_t size_ = 16;
  bool fixed_ = false;
};

}  // namespace rclx::detail
