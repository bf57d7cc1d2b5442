// Node: remapped, validated name and namespace inside a context; resolves topic names.
#include "rclx/node.hpp"

#include "rclx/error.hpp"
#include "rclx/graph.hpp"

namespace rclx {

namespace {
void require(const NameValidation& v, const std::string& name) {
  if (!v.ok) throw NameError(v, name);
}
}  // namespace

Node::Node(std::shared_ptr<Context> context, const std::string& name, const std::string& ns,
           std::vector<RemapRule> rules)
    : context_(std::move(context)), rules_(std::move(rules)) {
  // The given name and namespace are checked before remapping, as rcl_node_init does.
  require(validate_node_name(name), name);
  std::string given_ns = ns.empty() ? "/" : (ns.front() == '/' ? ns : "/" + ns);
  require(validate_namespace(given_ns), given_ns);
  name_ = remap_node_name(rules_, name);
  require(validate_node_name(name_), name_);
  ns_ = remap_namespace(rules_, name_).value_or(given_ns);
  require(validate_namespace(ns_), ns_);
  (void)context_->participant();  // throws if the context is shut down
  context_->graph().register_node(this, ns_, name_);
}

Node::~Node() { destroy(); }

void Node::destroy() {
  destroyed_ = true;
  context_->graph().unregister_node(this);
}

std::string Node::fully_qualified_name() const { return ns_ == "/" ? "/" + name_ : ns_ + "/" + name_; }

std::string Node::resolve_topic_name(const std::string& name, bool is_service) const {
  // Validation failures are reported for the name as the user wrote it.
  const NameValidation v = validate_topic_name(name, is_service);
  if (!v.ok) throw NameError(v, name);
  return rclx::resolve_topic_name(name, name_, ns_, rules_, is_service);
}

void Node::check_valid() const {
  if (destroyed_) throw InvalidHandle("node '" + name_ + "' has been destroyed");
  if (!context_->ok()) throw InvalidHandle("the context of node '" + name_ + "' has been shut down");
}

}  // namespace rclx
