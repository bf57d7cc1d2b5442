// Node: a named, namespaced member of a context (no DDS entity of its own, as in rmw_cyclonedds).
#pragma once

#include <memory>
#include <string>

#include <vector>

#include "rclx/context.hpp"
#include "rclx/names.hpp"

namespace rclx {

class Node {
 public:
  /// Applies `__node`/`__ns` remap rules, then validates name and namespace with ROS 2's rules
  /// (throws NameError). An empty or relative namespace is made absolute ("" -> "/", "ns" -> "/ns").
  /// `rules` are the node's own rules followed by the global ones, in priority order.
  Node(std::shared_ptr<Context> context, const std::string& name, const std::string& ns,
       std::vector<RemapRule> rules = {});
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  const std::string& name() const { return name_; }
  const std::string& get_namespace() const { return ns_; }
  /// "/ns/name" ("/name" in the root namespace).
  std::string fully_qualified_name() const;
  const std::shared_ptr<Context>& context() const { return context_; }
  /// Expands, remaps and validates a topic or service name for this node (throws NameError).
  std::string resolve_topic_name(const std::string& name, bool is_service = false) const;
  const std::vector<RemapRule>& remap_rules() const { return rules_; }
  /// Throws InvalidHandle if the node or its context is gone.
  void check_valid() const;
  void destroy();
  bool valid() const { return !destroyed_ && context_->ok(); }

 private:
  std::shared_ptr<Context> context_;
  std::string name_;
  std::string ns_;
  std::vector<RemapRule> rules_;
  bool destroyed_ = false;
};

}  // namespace rclx
