// Publisher: writes serialized CDR through the opaque-CDR sertype with dds_writecdr.
#include "rclx/publisher.hpp"

#include <cstring>

#include "dds/endpoint.hpp"
#include "dds/status_events.hpp"
#include "dds/sertype.hpp"
#include "dds/write_batch.hpp"
#include "rclx/clock.hpp"
#include "rclx/graph.hpp"

namespace rclx {

std::string dds_topic_name(const std::string& prefix, const std::string& ros_name, const QoSProfile& qos) {
  return qos.avoid_ros_namespace_conventions ? ros_name : prefix + ros_name;
}

std::string type_hash_user_data(const std::string& type_hash) {
  return type_hash.empty() ? std::string() : "typehash=" + type_hash + ";";
}

Publisher::Publisher(std::shared_ptr<Node> node, const std::string& topic, const std::string& type_name,
                     const QoSProfile& qos, const std::string& type_hash)
    : node_(std::move(node)), topic_(topic), type_name_(type_name), qos_(qos) {
  node_->check_valid();
  events_ = std::make_shared<detail::StatusEvents>(true);
  endpoint_ = std::make_unique<detail::Endpoint>(node_->context()->participant(), detail::EndpointKind::Writer,
                                                 dds_topic_name("rt", topic, qos), type_name, qos,
                                                 type_hash_user_data(type_hash), events_->listener());
  batch_ = std::make_shared<detail::WriteBatch>(endpoint_->handle());
  node_->context()->graph().add_endpoint(node_.get(), this, endpoint_->guid(), false);
}

Publisher::~Publisher() {
  batch_->send(true);
  node_->context()->graph().remove_endpoint(this);
}

bool Publisher::valid() const { return endpoint_ != nullptr && node_->context()->ok(); }

namespace {
const detail::Endpoint& live(const std::unique_ptr<detail::Endpoint>& ep, const std::string& topic) {
  if (!ep) throw InvalidHandle("publisher on '" + topic + "' has been destroyed");
  return *ep;
}
}  // namespace

void Publisher::publish(ByteBuffer&& cdr) {
  const detail::Endpoint& ep = live(endpoint_, topic_);
  if (!node_->context()->ok()) throw InvalidHandle("publisher on '" + topic_ + "': the context has been shut down");
  ddsi_serdata* sd = detail::make_serdata(ep.sertype(), std::move(cdr));
  // The write consumes the serdata reference, also on failure.
  const std::int64_t now = steady_time_now();
  bool arm = false;
  detail::check(batch_->write(sd, now, arm), "publish", topic_);
  if (arm) node_->context()->flusher().arm(batch_, now + detail::WriteBatch::kQuietNs);
}

void Publisher::publish(const std::uint8_t* data, std::size_t size) {
  ByteBuffer copy(size);
  copy.resize(size);
  if (size != 0) std::memcpy(copy.data(), data, size);
  publish(std::move(copy));
}

std::size_t Publisher::subscription_count() const {
  const std::size_t matched = live(endpoint_, topic_).matched_count();
  if (matched == 0) return 0;
  const std::size_t settling = events_->recent_matches(steady_time_now(), kSettleNs);
  return matched > settling ? matched - settling : 0;
}

bool Publisher::wait_for_all_acked(std::int64_t timeout_ns) {
  const detail::Endpoint& ep = live(endpoint_, topic_);
  if (qos_.reliability != Reliability::Reliable) return true;
  batch_->send(false);
  const dds_return_t rc = dds_wait_for_acks(ep.handle(), timeout_ns < 0 ? DDS_INFINITY : timeout_ns);
  if (rc == DDS_RETCODE_TIMEOUT) return false;
  detail::check(rc, "wait_for_all_acked", topic_);
  return true;
}

void Publisher::assert_liveliness() {
  detail::check(dds_assert_liveliness(live(endpoint_, topic_).handle()), "assert_liveliness", topic_);
}
std::uint64_t Publisher::instance_handle() const { return live(endpoint_, topic_).instance_handle(); }
std::string Publisher::gid() const { return live(endpoint_, topic_).guid(); }
void Publisher::destroy() {
  batch_->send(true);
  node_->context()->graph().remove_endpoint(this);
  endpoint_.reset();
}

}  // namespace rclx
