// Service: the server side of a ROS service, wire-compatible with rmw_cyclonedds_cpp.
//
// A service is a reader on "rq<name>Request" and a writer on "rr<name>Reply". Every request and reply
// payload carries rmw_cyclonedds' request header right after the 4-byte encapsulation header:
// uint64 guid (the client's request writer instance handle) and int64 seq, so the fields start at
// offset 16 (alignment is still counted from after the encapsulation header).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "rclx/cdr.hpp"
#include "rclx/node.hpp"
#include "rclx/qos.hpp"
#include "rclx/serialized_message.hpp"
#include "rclx/wait_set.hpp"

namespace rclx {

namespace detail {
class Endpoint;
}

/// rmw_cyclonedds' request header (cdds_request_header_t).
struct RequestHeader {
  std::uint64_t guid = 0;  ///< the client's request writer instance handle
  std::int64_t seq = 0;    ///< the request's sequence number
};

/// Bytes of the encapsulation header plus the request header: where a request's or reply's fields begin.
inline constexpr std::size_t kServicePayloadOffset = 4 + 16;

/// Reads the request header of a full serialized request or reply. Throws CdrError when too short.
RequestHeader read_request_header(const std::uint8_t* data, std::size_t size);
/// Overwrites bytes 4..20 of a little-endian payload (written with room for the header) with `header`.
void write_request_header(ByteBuffer& cdr, const RequestHeader& header);

/// One taken request: its bytes, its header, and the DDS instance handle of the writer that sent it.
struct ServiceRequest {
  SerializedMessage message;
  RequestHeader header;
  std::uint64_t writer_handle = 0;
};

/// What became of a reply (rmw_send_response's outcomes).
enum class SendResult : std::uint8_t {
  Sent,        ///< written
  ClientGone,  ///< the client's request writer is no longer matched: dropped, as rmw_cyclonedds does
  TimedOut,    ///< the client's reply reader did not match within the wait: not written
};

class Service : public Waitable {
 public:
  /// `service` is the fully qualified name ("/add_two_ints"); type names are the DDS ones
  /// ("example_interfaces::srv::dds_::AddTwoInts_Request_" / "..._Response_"). The type hashes ("RIHS01_<hex>")
  /// are the request's and the response's: as rmw_cyclonedds does, the request reader announces the first and
  /// the reply writer the second, each after the serviceid ("serviceid=...;typehash=...;").
  Service(std::shared_ptr<Node> node, const std::string& service, const std::string& request_type,
          const std::string& response_type, const QoSProfile& qos, const std::string& request_type_hash = {},
          const std::string& response_type_hash = {});
  ~Service() override;
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  /// Takes up to `max` requests, appending to `out`; returns how many. Never blocks.
  std::size_t take_requests(std::vector<ServiceRequest>& out, std::size_t max);
  /// Writes a reply to `request` (whose header and writer handle come from take_requests). `cdr` is a full
  /// payload with 16 bytes reserved after the encapsulation header; the request's header is stamped there.
  /// Like rmw_cyclonedds, first waits up to `wait_ns` for the client's reply reader to be matched.
  SendResult send_response(const RequestHeader& header, std::uint64_t writer_handle, ByteBuffer&& cdr,
                           std::int64_t wait_ns = 100'000'000);

  const std::string& service_name() const { return service_; }
  const QoSProfile& qos() const { return qos_; }
  /// The "serviceid=...;" user data both endpoints carry (before their type hash).
  const std::string& user_data() const { return user_data_; }
  std::int32_t condition() const override;
  void destroy();
  bool valid() const;
  const std::shared_ptr<Node>& node() const { return node_; }

 private:
  SendResult client_reader_state(std::uint64_t writer_handle) const;
  SendResult look_up_client_reader(std::uint64_t writer_handle) const;
  /// Request writers whose client's reply reader was seen matched: their replies skip the discovery
  /// look-up (two endpoint-data copies per reply otherwise). A stale entry only means a reply to a
  /// client that is gone, which DDS then delivers to nobody.
  mutable std::mutex confirmed_mutex_;
  mutable std::unordered_set<std::uint64_t> confirmed_writers_;

  std::shared_ptr<Node> node_;
  std::string service_;
  QoSProfile qos_;
  std::string user_data_;
  std::unique_ptr<detail::Endpoint> request_reader_;
  std::unique_ptr<detail::Endpoint> reply_writer_;
};

namespace detail {
/// rmw_cyclonedds' id of a client or service (get_unique_csid + csid_to_string): the participant's
/// 12-byte GUID prefix and a 4-byte big-endian counter, in hex, the first byte in a width-2 field
/// and the others after '.' separators.
std::string next_client_service_id(std::int32_t participant);
/// The value of `key` in "k1=v1;k2=v2;" user data; false when absent.
bool user_data_value(const std::string& user_data, const std::string& key, std::string& value);
/// Takes up to `max` samples from a service or client reader and splits off rmw_cyclonedds' request
/// header; samples too short to carry one are dropped. Returns nothing (rather than throwing) when
/// `context` was shut down while taking.
std::vector<std::pair<RequestHeader, SerializedMessage>> take_with_headers(std::int32_t reader, std::size_t max,
                                                                          const Context& context);
/// The user data of every endpoint matched by `entity` (a writer: its readers; a reader: its writers).
std::vector<std::string> matched_user_data(std::int32_t entity, bool entity_is_writer);
}  // namespace detail

}  // namespace rclx
