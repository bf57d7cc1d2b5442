// Publisher: writes serialized CDR through the opaque-CDR sertype with dds_writecdr.
#include "rclx/publisher.hpp"

#include <cstring>

#include "dds/endpoint.hpp"
#include "dds/sertype.hpp"
#include "rclx/graph.hpp"

namespace rclx {

std::string dds_topic_name(const std::string& prefix, const std::string& ros_name, const QoSProfile& qos) {
  return qos.avoid_ros_namespace_conventions ? ros_name : prefix + ros_name;
}

Publisher::Publisher(std::shared_ptr<Node> node, const std::string& topic, const std::string& type_name,
                     const QoSProfile& qos)
    : node_(std::move(node)), topic_(topic), type_name_(type_name), qos_(qos) {
  node_->check_valid();
  endpoint_ = std::make_unique<detail::Endpoint>(node_->context()->participant(), detail::EndpointKind::Writer,
                                                 dds_topic_name("rt", topic, qos), type_name, qos);
  node_->context()->graph().add_endpoint(node_.get(), this, endpoint_->guid(), false);
}

Publisher::~Publisher() { node_->context()->graph().remove_endpoint(this); }

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
  // dds_writecdr consumes the serdata reference, also on failure.
  detail::check(dds_writecdr(ep.handle(), sd), "publish", topic_);
}

void Publisher::publish(const std::uint8_t* data, std::size_t size) {
  ByteBuffer copy(size);
  copy.resize(size);
  if (size != 0) std::memcpy(copy.data(), data, size);
  publish(std::move(copy));
}

std::size_t Publisher::subscription_count() const { return live(endpoint_, topic_).matched_count(); }
std::uint64_t Publisher::instance_handle() const { return live(endpoint_, topic_).instance_handle(); }
std::string Publisher::gid() const { return live(endpoint_, topic_).guid(); }
void Publisher::destroy() {
  node_->context()->graph().remove_endpoint(this);
  endpoint_.reset();
}

}  // namespace rclx
