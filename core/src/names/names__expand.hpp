// Name expansion steps shared by expand_topic_name, the remap rules and resolve_topic_name.
#pragma once

#include <string>
#include <string_view>

namespace rclx::detail {

/// rcl_expand_topic_name exactly: checks the input name, node name and namespace (throws
/// std::invalid_argument naming the bad one) but not the expanded result.
std::string expand_unchecked(std::string_view name, std::string_view node_name,
                             std::string_view node_namespace, bool is_service);

/// Throws std::invalid_argument unless the node name and namespace are valid.
void check_node_names(std::string_view node_name, std::string_view node_namespace);

/// Returns `result` if it is a valid fully qualified name, else throws NameError for it (rclpy checks
/// the expanded or remapped name, so that is the name its Invalid*NameException shows).
std::string require_full_name(std::string result, bool is_service);

}  // namespace rclx::detail
