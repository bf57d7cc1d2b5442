// Subscription: takes samples as opaque CDR with dds_takecdr.
#include "rclx/subscription.hpp"

#include "dds/endpoint.hpp"
#include "dds/status_events.hpp"
#include "dds/sertype.hpp"
#include "rclx/graph.hpp"
#include "rclx/clock.hpp"
#include "rclx/publisher.hpp"

namespace rclx {

Subscription::Subscription(std::shared_ptr<Node> node, const std::string& topic, const std::string& type_name,
                           const QoSProfile& qos, const std::string& type_hash)
    : node_(std::move(node)), topic_(topic), type_name_(type_name), qos_(qos) {
  node_->check_valid();
  events_ = std::make_shared<detail::StatusEvents>(false);
  endpoint_ = std::make_unique<detail::Endpoint>(node_->context()->participant(), detail::EndpointKind::Reader,
                                                 dds_topic_name("rt", topic, qos), type_name, qos,
                                                 type_hash_user_data(type_hash), events_->listener());
  node_->context()->graph().add_endpoint(node_.get(), this, endpoint_->guid(), true);
}

Subscription::~Subscription() { node_->context()->graph().remove_endpoint(this); }

namespace {
const detail::Endpoint& live(const std::unique_ptr<detail::Endpoint>& ep, const std::string& topic) {
  if (!ep) throw InvalidHandle("subscription on '" + topic + "' has been destroyed");
  return *ep;
}
}  // namespace

bool Subscription::take(SerializedMessage& out) {
  std::vector<SerializedMessage> one;
  if (take(one, 1) == 0) return false;
  out = std::move(one.front());
  return true;
}

std::size_t Subscription::take(std::vector<SerializedMessage>& out, std::size_t max) {
  const detail::Endpoint& ep = live(endpoint_, topic_);
  try {
    return detail::take_serialized(ep.handle(), out, max);
  } catch (const Error&) {
    if (!node_->context()->ok()) return 0;  // shut down while taking: nothing more to take
    throw;
  }
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
