// Service: takes requests and writes replies with rmw_cyclonedds' request header in the payload.
#include "rclx/service.hpp"

#include <dds/dds.h>

#include <atomic>
#include <bit>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include "dds/endpoint.hpp"
#include "dds/sertype.hpp"
#include "dds/write_batch.hpp"
#include "rclx/clock.hpp"
#include "rclx/graph.hpp"
#include "rclx/publisher.hpp"

namespace rclx {

static_assert(std::endian::native == std::endian::little, "rclx writes CDR little-endian by memcpy");

RequestHeader read_request_header(const std::uint8_t* data, std::size_t size) {
  CdrReader r(data, size);  // validates the encapsulation header, handles big-endian writers
  RequestHeader h;
  h.guid = r.read<std::uint64_t>();
  h.seq = r.read<std::int64_t>();
  return h;
}

void write_request_header(ByteBuffer& cdr, const RequestHeader& header) {
  if (cdr.size() < kServicePayloadOffset) {
    throw CdrError("a service payload of " + std::to_string(cdr.size()) +
                   " bytes has no room for the 16-byte request header");
  }
  std::memcpy(cdr.data() + 4, &header.guid, 8);
  std::memcpy(cdr.data() + 12, &header.seq, 8);
}

namespace detail {

std::string next_client_service_id(std::int32_t participant) {
  // rmw_cyclonedds counts per context; a process-wide counter is unique per participant as well.
  static std::atomic<std::uint32_t> counter{0};
  const std::uint32_t x = ++counter;
  dds_guid_t guid;
  check(dds_get_guid(participant, &guid), "get_guid", "participant");
  std::uint8_t id[16];
  std::memcpy(id, guid.v, 12);
  for (int i = 0; i < 4; ++i) id[12 + i] = static_cast<std::uint8_t>(x >> (24 - 8 * i));
  std::string out;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%2x", id[0]);
  out += buf;
  for (int i = 1; i < 16; ++i) {
    std::snprintf(buf, sizeof buf, ".%x", id[i]);
    out += buf;
  }
  return out;
}

bool user_data_value(const std::string& user_data, const std::string& key, std::string& value) {
  std::size_t pos = 0;
  while (pos < user_data.size()) {
    std::size_t end = user_data.find(';', pos);
    if (end == std::string::npos) end = user_data.size();
    const std::size_t eq = user_data.find('=', pos);
    if (eq != std::string::npos && eq < end && user_data.compare(pos, eq - pos, key) == 0) {
      value = user_data.substr(eq + 1, end - eq - 1);
      return true;
    }
    pos = end + 1;
  }
  return false;
}

namespace {

struct EndpointDataDeleter {
  void operator()(dds_builtintopic_endpoint_t* e) const {
    dds_delete_qos(e->qos);
    dds_free(e->topic_name);
    dds_free(e->type_name);
    dds_free(e);
  }
};
using EndpointData = std::unique_ptr<dds_builtintopic_endpoint_t, EndpointDataDeleter>;

EndpointData matched_data(dds_entity_t entity, bool entity_is_writer, dds_instance_handle_t ih) {
  return EndpointData(entity_is_writer ? dds_get_matched_subscription_data(entity, ih)
                                       : dds_get_matched_publication_data(entity, ih));
}

std::string user_data_of(const dds_builtintopic_endpoint_t* ep) {
  void* value = nullptr;
  size_t size = 0;
  if (ep == nullptr || ep->qos == nullptr || !dds_qget_userdata(ep->qos, &value, &size) || value == nullptr) return {};
  std::string out(static_cast<const char*>(value), size);
  dds_free(value);
  return out;
}

std::vector<dds_instance_handle_t> matched_handles(dds_entity_t entity, bool entity_is_writer) {
  std::vector<dds_instance_handle_t> handles(16);
  for (;;) {
    const dds_return_t n = entity_is_writer ? dds_get_matched_subscriptions(entity, handles.data(), handles.size())
                                            : dds_get_matched_publications(entity, handles.data(), handles.size());
    check(n, "get_matched_endpoints");
    if (static_cast<std::size_t>(n) <= handles.size()) {
      handles.resize(static_cast<std::size_t>(n));
      return handles;
    }
    handles.resize(static_cast<std::size_t>(n) + 16);  // more matched meanwhile: ask again
  }
}

}  // namespace

std::vector<std::pair<RequestHeader, SerializedMessage>> take_with_headers(std::int32_t reader, std::size_t max,
                                                                          const Context& context) {
  std::vector<SerializedMessage> taken;
  try {
    take_serialized(reader, taken, max);
  } catch (const Error&) {
    if (!context.ok()) return {};
    throw;
  }
  std::vector<std::pair<RequestHeader, SerializedMessage>> out;
  out.reserve(taken.size());
  for (auto& m : taken) {
    try {
      out.emplace_back(read_request_header(m.data(), m.size()), std::move(m));
    } catch (const CdrError&) {
      // not a request or reply rmw_cyclonedds could have sent: drop it
    }
  }
  return out;
}

std::vector<std::string> matched_user_data(std::int32_t entity, bool entity_is_writer) {
  std::vector<std::string> out;
  for (const dds_instance_handle_t ih : matched_handles(entity, entity_is_writer)) {
    EndpointData ep = matched_data(entity, entity_is_writer, ih);
    if (ep) out.push_back(user_data_of(ep.get()));
  }
  return out;
}


}  // namespace detail

namespace {
const detail::Endpoint& live(const std::unique_ptr<detail::Endpoint>& ep, const std::string& name) {
  if (!ep) throw InvalidHandle("service '" + name + "' has been destroyed");
  return *ep;
}
}  // namespace

Service::Service(std::shared_ptr<Node> node, const std::string& service, const std::string& request_type,
                 const std::string& response_type, const QoSProfile& qos, const std::string& request_type_hash,
                 const std::string& response_type_hash)
    : node_(std::move(node)), service_(service), qos_(qos) {
  node_->check_valid();
  const dds_entity_t participant = node_->context()->participant();
  user_data_ = "serviceid=" + detail::next_client_service_id(participant) + ";";
  request_reader_ = std::make_unique<detail::Endpoint>(participant, detail::EndpointKind::Reader,
                                                       dds_topic_name("rq", service + "Request", qos), request_type,
                                                       qos, user_data_ + type_hash_user_data(request_type_hash));
  reply_writer_ = std::make_unique<detail::Endpoint>(participant, detail::EndpointKind::Writer,
                                                     dds_topic_name("rr", service + "Reply", qos), response_type, qos,
                                                     user_data_ + type_hash_user_data(response_type_hash));
  // Both endpoints belong to the node in ros_discovery_info, as rmw_cyclonedds announces them.
  Graph& graph = node_->context()->graph();
  graph.add_endpoint(node_.get(), request_reader_.get(), request_reader_->guid(), true);
  graph.add_endpoint(node_.get(), reply_writer_.get(), reply_writer_->guid(), false);
}

Service::~Service() { destroy(); }

std::size_t Service::take_requests(std::vector<ServiceRequest>& out, std::size_t max) {
  const detail::Endpoint& ep = live(request_reader_, service_);
  std::size_t n = 0;
  for (auto& [header, message] : detail::take_with_headers(ep.handle(), max, *node_->context())) {
    ServiceRequest r;
    r.header = header;
    r.writer_handle = message.info().publication_handle;
    r.message = std::move(message);
    out.push_back(std::move(r));
    ++n;
  }
  return n;
}

SendResult Service::client_reader_state(std::uint64_t writer_handle) const {
  {
    std::lock_guard<std::mutex> lock(confirmed_mutex_);
    if (confirmed_writers_.count(writer_handle) != 0) return SendResult::Sent;
  }
  const SendResult state = look_up_client_reader(writer_handle);
  if (state == SendResult::Sent) {
    std::lock_guard<std::mutex> lock(confirmed_mutex_);
    if (confirmed_writers_.size() > 4096) confirmed_writers_.clear();  // bounded: clients come and go
    confirmed_writers_.insert(writer_handle);
  }
  return state;
}

SendResult Service::look_up_client_reader(std::uint64_t writer_handle) const {
  // As rmw_cyclonedds' check_for_response_reader: find the request writer among the matched ones,
  // read its clientid, and look for a matched reply reader with the same clientid.
  detail::EndpointData writer = detail::matched_data(request_reader_->handle(), false, writer_handle);
  if (!writer) return SendResult::ClientGone;
  std::string clientid;
  if (!detail::user_data_value(detail::user_data_of(writer.get()), "clientid", clientid)) {
    return SendResult::Sent;  // a client without an id: assume its reader is there
  }
  for (const std::string& ud : detail::matched_user_data(reply_writer_->handle(), true)) {
    std::string id;
    if (detail::user_data_value(ud, "clientid", id) && id == clientid) return SendResult::Sent;
  }
  return SendResult::TimedOut;
}

SendResult Service::send_response(const RequestHeader& header, std::uint64_t writer_handle, ByteBuffer&& cdr,
                                  std::int64_t wait_ns) {
  const detail::Endpoint& ep = live(reply_writer_, service_);
  if (!node_->context()->ok()) throw InvalidHandle("service '" + service_ + "': the context has been shut down");
  write_request_header(cdr, header);
  const auto end = std::chrono::steady_clock::now() + std::chrono::nanoseconds(wait_ns);
  SendResult state = client_reader_state(writer_handle);
  while (state == SendResult::TimedOut && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    state = client_reader_state(writer_handle);
  }
  if (state != SendResult::Sent) return state;
  ddsi_serdata* sd = detail::make_serdata(ep.sertype(), std::move(cdr));
  detail::check(detail::write_now(ep.handle(), sd), "send_response", service_);
  return SendResult::Sent;
}

std::int32_t Service::condition() const { return request_reader_ ? request_reader_->read_condition() : 0; }

void Service::destroy() {
  Graph& graph = node_->context()->graph();
  graph.remove_endpoint(request_reader_.get());
  graph.remove_endpoint(reply_writer_.get());
  request_reader_.reset();
  reply_writer_.reset();
}

bool Service::valid() const { return request_reader_ != nullptr && node_->context()->ok(); }

}  // namespace rclx
