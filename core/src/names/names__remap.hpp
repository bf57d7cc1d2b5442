// Remap rule parsing that reports the bare reason, for callers that word the error themselves.
#pragma once

#include <string_view>

#include "rclx/names.hpp"

namespace rclx::detail {

/// Parses `[node:]from:=to` with rcl's grammar; throws RuleError with the reason only.
RemapRule parse_remap_rule_or_throw(std::string_view rule);

}  // namespace rclx::detail
