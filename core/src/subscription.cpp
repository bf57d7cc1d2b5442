// Subscription: takes samples as opaque CDR with dds_takecdr.
#include "rclx/subscription.hpp"

#include "dds/endpoint.hpp"
#include "dds/sertype.hpp"
#include "rclx/graph.hpp"
#include "rclx/clock.hpp"
#include "rclx/publisher.hpp"

namespace rclx {

Subscription::Subscription(std::shared_ptr<Node> node, const std::string& topic, const std::string& type_name,
                           const QoSProfile& qos)
    : node_(std::move(node)), topic_(topic), type_name_(type_name), qos_(qos) {
  node_->check_valid();
  endpoint_ = std::make_unique<detail::Endpoint>(node_->context()->participant(), detail::EndpointKind::Reader,
                                                 dds_topic_name("rt", topic, qos), type_name, qos);
  node_->context()->graph().add_endpoint(node_.get(), this, endpoint_->guid(), true);
}

Subscription::~Subscription() { node_->context()->graph().remove_endpoint(this); }

namespace {
const detail::Endpoint& live(const std::unique_ptr<detail::Endpoint>& ep, const std::string& topic) {
  if (!ep) throw InvalidHandle("subscription on '" + topic + "' has been destroyed");
  return *ep;
}
constexpr std::size_t kTakeChunk = 16;
}  // namespace

bool Subscription::take(SerializedMessage& out) {
  std::vector<SerializedMessage> one;
  if (take(one, 1) == 0) return false;
  out = std::move(one.front());
  return true;
}

std::size_t Subscription::take(std::vector<SerializedMessage>& out, std::size_t max) {
  const detail::Endpoint& ep = live(endpoint_, topic_);
  std::size_t total = 0;
  while (total < max) {
    ddsi_serdata* samples[kTakeChunk];
    dds_sample_info_t infos[kTakeChunk];
    const std::size_t want = std::min(kTakeChunk, max - total);
    const dds_return_t n = dds_takecdr(ep.handle(), samples, static_cast<uint32_t>(want), infos, 0);
    if (n < 0) {
      if (!node_->context()->ok()) return total;  // shut down while waiting: nothing more to take
      detail::check(n, "take", topic_);
    }
    for (dds_return_t i = 0; i < n; ++i) {
      SerializedMessage msg(samples[i]);
      if (!infos[i].valid_data) continue;  // dispose/unregister notices carry no message
      msg.info().source_timestamp = infos[i].source_timestamp;
      msg.info().publication_handle = infos[i].publication_handle;
      msg.info().received_timestamp = system_time_now();
      out.push_back(std::move(msg));
      ++total;
    }
    if (static_cast<std::size_t>(n) < want) break;
  }
  return total;
}

std::size_t Subscription::publisher_count() const { return live(endpoint_, topic_).matched_count(); }
std::string Subscription::gid() const { return live(endpoint_, topic_).guid(); }
std::int32_t Subscription::condition() const { return endpoint_ ? endpoint_->read_condition() : 0; }
void Subscription::destroy() {
  node_->context()->graph().remove_endpoint(this);
  endpoint_.reset();
}
bool Subscription::valid() const { return endpoint_ != nullptr && node_->context()->ok(); }

}  // namespace rclx
