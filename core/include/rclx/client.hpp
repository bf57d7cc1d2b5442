// Client: the calling side of a ROS service, wire-compatible with rmw_cyclonedds_cpp (see service.hpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rclx/cdr.hpp"
#include "rclx/node.hpp"
#include "rclx/qos.hpp"
#include "rclx/serialized_message.hpp"
#include "rclx/service.hpp"
#include "rclx/wait_set.hpp"

namespace rclx {

namespace detail {
class Endpoint;
}

/// One taken reply addressed to this client.
struct ServiceResponse {
  SerializedMessage message;
  RequestHeader header;
};

class Client : public Waitable {
 public:
  /// Arguments as Service's; the request writer's user data is "clientid=...;" and the request's type hash
  /// entry, the reply reader's the same with the response's hash.
  Client(std::shared_ptr<Node> node, const std::string& service, const std::string& request_type,
         const std::string& response_type, const QoSProfile& qos, const std::string& request_type_hash = {},
         const std::string& response_type_hash = {});
  ~Client() override;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Stamps this client's guid and the next sequence number into bytes 4..20 of `cdr` (a full payload
  /// with room reserved for the header), writes it and returns the sequence number.
  /// Sequence numbers come from one process-wide counter starting at 1, as in rmw_cyclonedds.
  std::int64_t send_request(ByteBuffer&& cdr);
  /// Takes up to `max` replies, appending those addressed to this client to `out` (others are dropped).
  std::size_t take_responses(std::vector<ServiceResponse>& out, std::size_t max);
  /// True when a server's request reader and reply writer are both matched (rmw_cyclonedds'
  /// rmw_service_server_is_available: by serviceid when servers advertise one) and no endpoint of
  /// this client matched in the last kSettleNs.
  ///
  /// Why the settling time: Cyclone drops data that reaches a reader from a newly matched reliable
  /// writer before that writer's first heartbeat, which comes ~1 ms after the writer matched it.
  /// If that first reply (or request) is dropped, the retransmit can take 100 ms (the reader's NACK
  /// may come before the writer counts the sample as sent and is then ignored, and the next NACK
  /// waits for NackDelay). Declaring the service ready a few milliseconds after the match lets the
  /// heartbeats arrive first, so the first call does not pay that (measured: 1 in 4 fresh clients
  /// waited ~100 ms for their first reply before; none in 280 with 2 ms).
  bool service_is_ready() const;
  static constexpr std::int64_t kSettleNs = 5'000'000;
  /// Matched request readers / reply writers.
  std::size_t request_subscription_count() const;
  std::size_t reply_publisher_count() const;
  /// The guid this client puts in its requests (the request writer's instance handle).
  std::uint64_t guid() const;

  const std::string& service_name() const { return service_; }
  const QoSProfile& qos() const { return qos_; }
  /// The "clientid=...;" user data both endpoints carry (before their type hash).
  const std::string& user_data() const { return user_data_; }
  std::int32_t condition() const override;
  void destroy();
  bool valid() const;
  const std::shared_ptr<Node>& node() const { return node_; }

 private:
  std::shared_ptr<Node> node_;
  std::string service_;
  QoSProfile qos_;
  std::string user_data_;
  std::uint64_t guid_ = 0;
  // Steady time of the last match of either endpoint, written by Cyclone's listener threads. Declared
  // before the endpoints so that it outlives them (deleting an entity waits for its listeners).
  std::atomic<std::int64_t> last_match_ns_{0};
  std::unique_ptr<detail::Endpoint> request_writer_;
  std::unique_ptr<detail::Endpoint> reply_reader_;
};

}  // namespace rclx
