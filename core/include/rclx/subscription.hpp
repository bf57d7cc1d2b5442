// Subscription: a DDS reader on a ROS topic that takes samples as serialized CDR.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rclx/node.hpp"
#include "rclx/qos.hpp"
#include "rclx/serialized_message.hpp"
#include "rclx/wait_set.hpp"

namespace rclx {

namespace detail {
class Endpoint;
class StatusEvents;
}

class Subscription : public Waitable {
 public:
  /// `topic` is the fully qualified ROS name; `type_name` the DDS type name; `type_hash` as for Publisher.
  Subscription(std::shared_ptr<Node> node, const std::string& topic, const std::string& type_name,
               const QoSProfile& qos, const std::string& type_hash = {});
  ~Subscription() override;
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

  /// Takes one sample if there is one. Never blocks.
  bool take(SerializedMessage& out);
  /// Takes up to `max` samples, appending to `out`; returns how many. Never blocks.
  std::size_t take(std::vector<SerializedMessage>& out, std::size_t max);
  /// Matched publishers (DDS writers), local or remote.
  std::size_t publisher_count() const;
  const std::string& topic_name() const { return topic_; }
  const std::string& type_name() const { return type_name_; }
  const QoSProfile& qos() const { return qos_; }
  std::string gid() const;
  std::int32_t condition() const override;
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
};

}  // namespace rclx
