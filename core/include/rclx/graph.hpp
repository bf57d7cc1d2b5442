// Graph: the ROS graph as one context sees it (DDS built-in topics + ros_discovery_info), as rmw_cyclonedds builds it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "rclx/cdr.hpp"
#include "rclx/qos.hpp"

namespace rclx {

/// One node of a participant, as rmw_dds_common/msg/NodeEntitiesInfo carries it. Gids are 16 bytes here.
struct NodeEntitiesInfo {
  std::string node_namespace;
  std::string node_name;
  std::vector<std::string> reader_gids;
  std::vector<std::string> writer_gids;
  friend bool operator==(const NodeEntitiesInfo&, const NodeEntitiesInfo&) = default;
};

/// rmw_dds_common/msg/ParticipantEntitiesInfo: what one context publishes on `ros_discovery_info`.
struct ParticipantEntitiesInfo {
  std::string gid;  ///< the participant's 16-byte DDS GUID
  std::vector<NodeEntitiesInfo> nodes;
  friend bool operator==(const ParticipantEntitiesInfo&, const ParticipantEntitiesInfo&) = default;
};

/// Serializes with Gids of `gid_size` bytes (16: Iron and later, 24: Humble), zero-padded. Header included.
void encode_participant_entities_info(const ParticipantEntitiesInfo& info, std::size_t gid_size, ByteBuffer& out);
/// Reads either Gid layout (the one that accounts for every byte of the message); Gids come back as
/// their first 16 bytes. Throws CdrError if neither layout fits.
ParticipantEntitiesInfo decode_participant_entities_info(const std::uint8_t* data, std::size_t size);

/// (name, sorted types) pairs, sorted by name, as rmw_get_topic_names_and_types returns them.
using NamesAndTypes = std::vector<std::pair<std::string, std::vector<std::string>>>;

/// One reader or writer on a topic (rmw_topic_endpoint_info_t).
struct TopicEndpointInfo {
  std::string node_name;       ///< "_NODE_NAME_UNKNOWN_" when no ros_discovery_info names it
  std::string node_namespace;  ///< "_NODE_NAMESPACE_UNKNOWN_" likewise
  std::string topic_type;
  bool is_publisher = false;
  std::string gid;             ///< 16-byte DDS GUID
  QoSProfile qos;
  std::string type_hash;       ///< the 32 bytes of its "typehash=RIHS01_..." user data; empty when it has none
};

/// The graph cache of one context. Created by Context right after its participant; thread-safe.
/// DDS discovery data is taken from the built-in readers whenever a query or hook runs, so no thread is needed.
class Graph {
 public:
  /// Creates the built-in topic readers and the ros_discovery_info reader and writer under `participant`.
  /// Publishes 16-byte Gids until a remote participant writes Humble's 24-byte layout, then 24;
  /// RCLX_DISCOVERY_GID_SIZE (16 or 24) fixes the size instead.
  explicit Graph(std::int32_t participant);
  ~Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  /// Deletes the DDS entities (before the participant goes); later hooks do nothing, queries see nothing.
  void shutdown();

  // Hooks for the core's entities; `key` identifies the caller (its address). Never throw.
  void register_node(const void* node, const std::string& ns, const std::string& name) noexcept;
  void unregister_node(const void* node) noexcept;
  void add_endpoint(const void* node, const void* key, const std::string& gid, bool is_reader) noexcept;
  void remove_endpoint(const void* key) noexcept;

  /// Writers (readers) on DDS topic "rt" + `fq_topic`.
  std::size_t count_publishers(const std::string& fq_topic);
  std::size_t count_subscribers(const std::string& fq_topic);
  /// (name, namespace) of every node of every live participant, this context's first.
  std::vector<std::pair<std::string, std::string>> node_names_and_namespaces();
  /// (name, namespace, enclave) of the same nodes; the enclave is the one the node's participant announces
  /// in its user data ("enclave=/;"), "" while that participant is not discovered (as rmw_dds_common).
  std::vector<std::tuple<std::string, std::string, std::string>> node_names_namespaces_and_enclaves();
  NamesAndTypes topic_names_and_types(bool no_demangle);
  NamesAndTypes service_names_and_types();
  /// nullopt when no such node is known (rmw's RMW_RET_NODE_NAME_NON_EXISTENT).
  std::optional<NamesAndTypes> publisher_names_and_types_by_node(const std::string& name, const std::string& ns,
                                                                 bool no_demangle);
  std::optional<NamesAndTypes> subscriber_names_and_types_by_node(const std::string& name, const std::string& ns,
                                                                  bool no_demangle);
  std::optional<NamesAndTypes> service_names_and_types_by_node(const std::string& name, const std::string& ns);
  std::optional<NamesAndTypes> client_names_and_types_by_node(const std::string& name, const std::string& ns);
  /// Endpoints on ROS topic `topic` (DDS topic "rt" + topic unless no_mangle), sorted by gid.
  std::vector<TopicEndpointInfo> publishers_info_by_topic(const std::string& topic, bool no_mangle);
  std::vector<TopicEndpointInfo> subscriptions_info_by_topic(const std::string& topic, bool no_mangle);
  /// The Gid size this context publishes (16 or 24).
  std::size_t gid_size() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// "rt/chatter" -> "/chatter"; "" for a DDS topic that is not a ROS topic.
std::string demangle_ros_topic(const std::string& dds_topic);
/// "std_msgs::msg::dds_::String_" -> "std_msgs/msg/String"; other names unchanged.
std::string demangle_ros_type(const std::string& dds_type);
/// "example_interfaces::srv::dds_::AddTwoInts_Request_" -> "example_interfaces/srv/AddTwoInts"; "" otherwise.
std::string demangle_service_type(const std::string& dds_type);
/// A REP 2011 hash string "RIHS01_" + 64 hex digits (either case) -> its 32 bytes; "" when malformed
/// (what rosidl_parse_type_hash_string refuses).
std::string parse_type_hash(const std::string& text);

}  // namespace rclx
