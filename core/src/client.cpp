// Client: writes requests stamped with its guid and a sequence number, and takes the replies meant for it.
#include "rclx/client.hpp"

#include <dds/dds.h>

#include <atomic>
#include <set>

#include "dds/endpoint.hpp"
#include "dds/sertype.hpp"
#include "dds/write_batch.hpp"
#include "rclx/clock.hpp"
#include "rclx/graph.hpp"
#include "rclx/publisher.hpp"

namespace rclx {

namespace {
const detail::Endpoint& live(const std::unique_ptr<detail::Endpoint>& ep, const std::string& name) {
  if (!ep) throw InvalidHandle("client of '" + name + "' has been destroyed");
  return *ep;
}
// rmw_cyclonedds numbers requests with one counter for the whole process.
std::atomic<std::int64_t> next_sequence{0};
constexpr std::uint32_t kMinReplyDepth = 1000;

void note_match(std::int32_t change, void* arg) {
  if (change > 0) static_cast<std::atomic<std::int64_t>*>(arg)->store(steady_time_now(), std::memory_order_release);
}
void on_publication_matched(dds_entity_t, const dds_publication_matched_status_t status, void* arg) {
  note_match(status.current_count_change, arg);
}
void on_subscription_matched(dds_entity_t, const dds_subscription_matched_status_t status, void* arg) {
  note_match(status.current_count_change, arg);
}
using ListenerPtr = std::unique_ptr<dds_listener_t, decltype(&dds_delete_listener)>;
}  // namespace

Client::Client(std::shared_ptr<Node> node, const std::string& service, const std::string& request_type,
               const std::string& response_type, const QoSProfile& qos, const std::string& request_type_hash,
               const std::string& response_type_hash)
    : node_(std::move(node)), service_(service), qos_(qos) {
  node_->check_valid();
  const dds_entity_t participant = node_->context()->participant();
  user_data_ = "clientid=" + detail::next_client_service_id(participant) + ";";
  // Copied into each endpoint when it is created; only the match times are listened to.
  ListenerPtr listener(dds_create_listener(&last_match_ns_), &dds_delete_listener);
  if (!listener) throw Error("create_listener", service, "out of memory");
  dds_lset_publication_matched(listener.get(), &on_publication_matched);
  dds_lset_subscription_matched(listener.get(), &on_subscription_matched);
  request_writer_ = std::make_unique<detail::Endpoint>(participant, detail::EndpointKind::Writer,
                                                       dds_topic_name("rq", service + "Request", qos), request_type,
                                                       qos, user_data_ + type_hash_user_data(request_type_hash),
                                                       listener.get());
  // Every client's reply reader receives the replies to all clients of the service (they are told apart
  // by guid only after taking), so a busy service would push a client's own replies out of a shallow
  // keep-last history. History is not part of DDS matching, so a deeper reader is invisible on the wire.
  QoSProfile reply_qos = qos;
  if (reply_qos.history == History::KeepLast && reply_qos.depth < kMinReplyDepth) reply_qos.depth = kMinReplyDepth;
  reply_reader_ = std::make_unique<detail::Endpoint>(participant, detail::EndpointKind::Reader,
                                                     dds_topic_name("rr", service + "Reply", qos), response_type,
                                                     reply_qos, user_data_ + type_hash_user_data(response_type_hash),
                                                     listener.get());
  guid_ = request_writer_->instance_handle();
  Graph& graph = node_->context()->graph();
  graph.add_endpoint(node_.get(), request_writer_.get(), request_writer_->guid(), false);
  graph.add_endpoint(node_.get(), reply_reader_.get(), reply_reader_->guid(), true);
}

Client::~Client() { destroy(); }

std::int64_t Client::send_request(ByteBuffer&& cdr) {
  const detail::Endpoint& ep = live(request_writer_, service_);
  if (!node_->context()->ok()) throw InvalidHandle("client of '" + service_ + "': the context has been shut down");
  RequestHeader header;
  header.guid = guid_;
  header.seq = ++next_sequence;
  write_request_header(cdr, header);
  ddsi_serdata* sd = detail::make_serdata(ep.sertype(), std::move(cdr));
  detail::check(detail::write_now(ep.handle(), sd), "send_request", service_);
  return header.seq;
}

std::size_t Client::take_responses(std::vector<ServiceResponse>& out, std::size_t max) {
  const detail::Endpoint& ep = live(reply_reader_, service_);
  std::size_t n = 0;
  for (auto& [header, message] : detail::take_with_headers(ep.handle(), max, *node_->context())) {
    if (header.guid != guid_) continue;  // a reply to another client of the same service
    out.push_back(ServiceResponse{std::move(message), header});
    ++n;
  }
  return n;
}

bool Client::service_is_ready() const {
  const detail::Endpoint& writer = live(request_writer_, service_);
  const detail::Endpoint& reader = live(reply_reader_, service_);
  // Checked first: cheap, and it spares the matched-endpoint queries while a match settles.
  if (steady_time_now() - last_match_ns_.load(std::memory_order_acquire) < kSettleNs) return false;
  // As rmw_cyclonedds' check_for_service_reader_writer: collect the serviceids of the matched request
  // readers; then some matched reply writer must carry one of them. Without ids, any pair will do.
  const std::vector<std::string> readers = detail::matched_user_data(writer.handle(), true);
  const std::vector<std::string> writers = detail::matched_user_data(reader.handle(), false);
  std::set<std::string> ids;
  for (const std::string& ud : readers) {
    std::string id;
    if (detail::user_data_value(ud, "serviceid", id)) ids.insert(id);
  }
  if (ids.empty()) return !readers.empty() && !writers.empty();
  for (const std::string& ud : writers) {
    std::string id;
    if (detail::user_data_value(ud, "serviceid", id) && ids.count(id) != 0) return true;
  }
  return false;
}

std::size_t Client::request_subscription_count() const { return live(request_writer_, service_).matched_count(); }
std::size_t Client::reply_publisher_count() const { return live(reply_reader_, service_).matched_count(); }
std::uint64_t Client::guid() const { return guid_; }
std::int32_t Client::condition() const { return reply_reader_ ? reply_reader_->read_condition() : 0; }

void Client::destroy() {
  Graph& graph = node_->context()->graph();
  graph.remove_endpoint(request_writer_.get());
  graph.remove_endpoint(reply_reader_.get());
  request_writer_.reset();
  reply_reader_.reset();
}

bool Client::valid() const { return request_writer_ != nullptr && node_->context()->ok(); }

}  // namespace rclx
