// Publisher: a DDS writer on a ROS topic that writes already-serialized CDR.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "rclx/cdr.hpp"
#include "rclx/node.hpp"
#include "rclx/qos.hpp"

namespace rclx {

namespace detail {
class Endpoint;
class StatusEvents;
class WriteBatch;
}

/// Names a DDS topic for a ROS name: "rt" + name, or the bare name when avoid_ros_namespace_conventions.
std::string dds_topic_name(const std::string& prefix, const std::string& ros_name, const QoSProfile& qos);

/// The USER_DATA entry rmw_cyclonedds gives an endpoint for its type hash: "typehash=<hash>;" ("" for no hash).
std::string type_hash_user_data(const std::string& type_hash);

class Publisher {
 public:
  /// `topic` is the fully qualified ROS name ("/chatter"); `type_name` the DDS type ("std_msgs::msg::dds_::String_").
  /// `type_hash` ("RIHS01_<hex>", REP 2011), if given, goes into the writer's user data as "typehash=<hash>;".
  Publisher(std::shared_ptr<Node> node, const std::string& topic, const std::string& type_name, const QoSProfile& qos,
            const std::string& type_hash = {});
  ~Publisher();
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  /// Writes one serialized message (encapsulation header included), taking its buffer without a copy.
  /// Sent at once, unless the publisher writes in a sustained burst (then packed, see WriteBatch).
  void publish(ByteBuffer&& cdr);
  /// Writes a copy of caller-owned serialized bytes.
  void publish(const std::uint8_t* data, std::size_t size);
  /// Matched subscriptions (DDS readers), local or remote.
  /// Matched readers, not counting those matched in the last kSettleNs.
  ///
  /// Why: a reader drops what a newly matched reliable writer sends before that writer's first
  /// heartbeat reaches it (~1 ms after the match), and the retransmit can take ~100 ms (see
  /// Client::service_is_ready). A first message published the moment the count turns 1, as
  /// `while pub.get_subscription_count() < 1: sleep` loops do, then arrives at once.
  std::size_t subscription_count() const;
  static constexpr std::int64_t kSettleNs = 5'000'000;
  /// Sends what a burst holds back, then waits until every matched reliable reader acknowledged all
  /// samples written so far: true if they did within timeout_ns (negative: no limit, 0: just check),
  /// false otherwise. Always true for a best-effort publisher (rclpy's wait_for_all_acked).
  bool wait_for_all_acked(std::int64_t timeout_ns);
  /// Asserts the writer's liveliness (needed with MANUAL_BY_TOPIC liveliness).
  void assert_liveliness();
  const std::string& topic_name() const { return topic_; }
  const std::string& type_name() const { return type_name_; }
  const QoSProfile& qos() const { return qos_; }
  /// The DDS instance handle of the writer (unique within the process; rmw_cyclonedds' client guid).
  std::uint64_t instance_handle() const;
  /// The 16-byte DDS GUID of the writer.
  std::string gid() const;
  /// Releases the DDS writer now; later calls throw InvalidHandle.
  void destroy();
  bool valid() const;
  const std::shared_ptr<Node>& node() const { return node_; }
  /// The listener state of the reader/writer that EventHandlers wait on (see rclx/event.hpp).
  const std::shared_ptr<detail::StatusEvents>& events() const { return events_; }

 private:
  std::shared_ptr<Node> node_;
  std::string topic_;
  std::string type_name_;
  QoSProfile qos_;
  std::shared_ptr<detail::StatusEvents> events_;  // created before endpoint_ and outlives it (its listener)
  std::unique_ptr<detail::Endpoint> endpoint_;
  std::shared_ptr<detail::WriteBatch> batch_;  // how the writer's samples are sent (never null)
};

}  // namespace rclx
