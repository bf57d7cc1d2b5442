// Endpoint: the DDS topic plus reader or writer behind one publisher, subscription, service or client.
#pragma once

#include <cstdint>
#include <string>

#include <vector>

#include "dds/entity.hpp"
#include "rclx/qos.hpp"
#include "rclx/serialized_message.hpp"

namespace rclx::detail {

enum class EndpointKind : std::uint8_t { Reader, Writer };

/// Owns (in reverse order of creation) the read condition, the reader or writer, and the topic.
class Endpoint {
 public:
  /// Creates topic `dds_topic` of type `type_name` and a reader or writer on it under `participant`.
  /// `user_data` goes into the endpoint's USER_DATA QoS (e.g. "typehash=...;"). `listener`, if given,
  /// is copied into the reader or writer (its callbacks run on Cyclone's threads).
  Endpoint(dds_entity_t participant, EndpointKind kind, const std::string& dds_topic, const std::string& type_name,
           const QoSProfile& qos, const std::string& user_data = {}, const dds_listener_t* listener = nullptr);

  dds_entity_t handle() const { return entity_.get(); }
  dds_entity_t read_condition() const { return read_condition_.get(); }
  /// DDS instance handle of the reader/writer.
  std::uint64_t instance_handle() const;
  /// The 16-byte DDS GUID.
  std::string guid() const;
  /// Number of matched remote (and local) endpoints.
  std::size_t matched_count() const;
  const std::string& dds_topic() const { return dds_topic_; }
  /// The sertype DDS actually uses for the topic (interned; lives as long as the topic).
  const struct ddsi_sertype* sertype() const { return sertype_; }

 private:
  std::string dds_topic_;
  EndpointKind kind_;
  const struct ddsi_sertype* sertype_ = nullptr;
  Entity topic_;
  Entity entity_;
  Entity read_condition_;
};

/// Takes up to `max` valid samples from a reader as serialized CDR (publication handle and timestamps
/// filled in), appending to `out`; returns how many. Never blocks. Throws rclx::Error on DDS errors.
std::size_t take_serialized(dds_entity_t reader, std::vector<SerializedMessage>& out, std::size_t max);

}  // namespace rclx::detail
