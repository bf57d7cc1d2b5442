// Discovery settings read from the environment as rcl does, and the Cyclone configuration rmw_cyclonedds makes of them.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace rclx::detail {

/// ROS_AUTOMATIC_DISCOVERY_RANGE's values (rmw_automatic_discovery_range_t).
enum class DiscoveryRange { Off, Localhost, Subnet, SystemDefault };

/// What rcl (Jazzy) makes of ROS_LOCALHOST_ONLY, ROS_AUTOMATIC_DISCOVERY_RANGE and ROS_STATIC_PEERS.
struct DiscoveryOptions {
  DiscoveryRange range = DiscoveryRange::Subnet;
  std::vector<std::string> static_peers;  ///< in the order given; empty unless range is Subnet or Localhost
  bool localhost_only = false;            ///< ROS_LOCALHOST_ONLY=1 (then range is Localhost and there are no peers)
  /// (logger, message) pairs that rcl and rmw_cyclonedds log as warnings for these values, in order.
  std::vector<std::pair<std::string, std::string>> warnings;
};

/// Interprets the three variables' values (nullptr or "" when unset) as rcl does. Never throws for a bad
/// value: like rcl it warns and assumes LOCALHOST for an unknown range, and skips a peer that cannot be one.
DiscoveryOptions parse_discovery_options(const char* localhost_only, const char* range, const char* static_peers);

/// parse_discovery_options() over the process environment.
DiscoveryOptions discovery_options_from_env();

/// The Cyclone XML fragment for `options`, "" when Cyclone's own defaults apply (SYSTEM_DEFAULT). As
/// rmw_cyclonedds_cpp (Jazzy) generates it; `pid` names the discovery tag that isolates an OFF process.
/// ROS_LOCALHOST_ONLY=1 adds the loopback interface that Humble's rmw_cyclonedds selects for it, next to the
/// automatically chosen one when `has_external_interface` (Cyclone refuses the loopback interface twice).
std::string discovery_config(const DiscoveryOptions& options, long pid, bool has_external_interface);

/// True when an IPv4 interface other than loopback is up (one Cyclone would pick on its own).
bool has_external_ipv4_interface();

/// rcl's name of a range ("SUBNET", ...), for messages.
const char* discovery_range_name(DiscoveryRange range);

}  // namespace rclx::detail
