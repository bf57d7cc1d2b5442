// ROS_LOCALHOST_ONLY / ROS_AUTOMATIC_DISCOVERY_RANGE / ROS_STATIC_PEERS -> the Cyclone XML rmw_cyclonedds_cpp uses.
#include "dds/discovery_options.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <sys/socket.h>

#include <cstdlib>
#include <cstring>

namespace rclx::detail {

namespace {

constexpr const char* kRcl = "rcl";
constexpr const char* kRmw = "rmw_cyclonedds_cpp";
// rmw's RMW_DISCOVERY_OPTIONS_STATIC_PEERS_MAX_LENGTH is 256 including the NUL.
constexpr std::size_t kMaxPeerLength = 255;

bool unset(const char* value) { return value == nullptr || *value == '\0'; }

/// rcutils_split(value, ';'): empty pieces (leading, trailing or doubled ';') are dropped, nothing is trimmed.
std::vector<std::string> split_peers(const std::string& value) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t end = value.find(';', start);
    const std::size_t stop = end == std::string::npos ? value.size() : end;
    if (stop > start) out.push_back(value.substr(start, stop - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

DiscoveryRange parse_range(const char* value, DiscoveryOptions& out) {
  if (unset(value)) return DiscoveryRange::Subnet;  // Jazzy's default
  const std::string v(value);
  if (v == "OFF") return DiscoveryRange::Off;
  if (v == "LOCALHOST") return DiscoveryRange::Localhost;
  if (v == "SUBNET") return DiscoveryRange::Subnet;
  if (v == "SYSTEM_DEFAULT") return DiscoveryRange::SystemDefault;
  out.warnings.emplace_back(kRcl, "Invalid value '" + v +
                                      "' specified for 'ROS_AUTOMATIC_DISCOVERY_RANGE', assuming localhost only");
  return DiscoveryRange::Localhost;
}

void parse_peers(const char* value, DiscoveryOptions& out) {
  if (unset(value)) return;
  for (std::string& peer : split_peers(value)) {
    if (peer.size() > kMaxPeerLength) {
      out.warnings.emplace_back(kRcl, "Static peer " + peer + " specified to 'ROS_STATIC_PEERS' is too long (maximum of " +
                                          std::to_string(kMaxPeerLength) + "); skipping");
      continue;
    }
    // rcl copies any text; these characters are in no host name or address and would break the XML below.
    if (peer.find_first_of("<>&\"'") != std::string::npos) {
      out.warnings.emplace_back(kRcl, "Static peer " + peer +
                                          " specified to 'ROS_STATIC_PEERS' is not a host name or address; skipping");
      continue;
    }
    out.static_peers.push_back(std::move(peer));
  }
}

}  // namespace

const char* discovery_range_name(DiscoveryRange range) {
  switch (range) {
    case DiscoveryRange::Off: return "OFF";
    case DiscoveryRange::Localhost: return "LOCALHOST";
    case DiscoveryRange::Subnet: return "SUBNET";
    case DiscoveryRange::SystemDefault: return "SYSTEM_DEFAULT";
  }
  return "?";
}

DiscoveryOptions parse_discovery_options(const char* localhost_only, const char* range, const char* static_peers) {
  DiscoveryOptions out;
  // rcl_get_localhost_only: "1" enables, any other non-empty value disables, unset leaves the choice to the range.
  if (!unset(localhost_only)) {
    out.warnings.emplace_back(kRcl,
                              "ROS_LOCALHOST_ONLY is deprecated but still honored if it is enabled. "
                              "Use ROS_AUTOMATIC_DISCOVERY_RANGE and ROS_STATIC_PEERS instead.");
    if (std::strcmp(localhost_only, "1") == 0) {
      out.warnings.emplace_back(kRcl,
                                "'localhost_only' is enabled, 'automatic_discovery_range' and 'static_peers' will be "
                                "ignored.");
      out.localhost_only = true;
      out.range = DiscoveryRange::Localhost;
      return out;
    }
    out.warnings.emplace_back(kRcl,
                              "'localhost_only' is disabled, 'automatic_discovery_range' and 'static_peers' will be "
                              "used.");
  }
  out.range = parse_range(range, out);
  if (out.range == DiscoveryRange::Off) return out;  // rcl does not read ROS_STATIC_PEERS then
  parse_peers(static_peers, out);
  if (out.range == DiscoveryRange::SystemDefault && !out.static_peers.empty()) {
    out.warnings.emplace_back(kRmw, "check_create_domain: " + std::to_string(out.static_peers.size()) +
                                        " static peers were specified, but discovery is set to use the RMW "
                                        "implementation default, so these static peers will be ignored.");
    out.static_peers.clear();
  }
  return out;
}

DiscoveryOptions discovery_options_from_env() {
  return parse_discovery_options(std::getenv("ROS_LOCALHOST_ONLY"), std::getenv("ROS_AUTOMATIC_DISCOVERY_RANGE"),
                                 std::getenv("ROS_STATIC_PEERS"));
}

std::string discovery_config(const DiscoveryOptions& options, long pid, bool has_external_interface) {
  if (options.range == DiscoveryRange::SystemDefault) return {};
  const bool multicast = options.range == DiscoveryRange::Subnet;
  std::string xml = "<CycloneDDS><Domain>";
  if (!multicast || options.localhost_only) {
    xml += "<General>";
    if (options.localhost_only) {
      // Humble's rmw_cyclonedds puts a localhost-only node on the loopback interface alone, Jazzy's keeps the
      // usual interface and only stops multicast. Both interfaces (and Jazzy's discovery) reach both kinds.
      xml += "<Interfaces>";
      if (has_external_interface) xml += "<NetworkInterface autodetermine=\"true\"/>";
      xml += "<NetworkInterface address=\"127.0.0.1\"/></Interfaces>";
    }
    if (!multicast) xml += "<AllowMulticast>false</AllowMulticast>";
    xml += "</General>";
  }
  if (options.range == DiscoveryRange::Off) {
    // A tag no other process has: nothing is discovered, not even on this host.
    xml += "<Discovery><ParticipantIndex>none</ParticipantIndex><Tag>ros_discovery_off_" + std::to_string(pid) +
           "</Tag>";
  } else {
    xml += "<Discovery><ParticipantIndex>auto</ParticipantIndex><MaxAutoParticipantIndex>32</MaxAutoParticipantIndex>";
    const bool localhost = options.range == DiscoveryRange::Localhost;
    if (localhost || !options.static_peers.empty()) {
      xml += "<Peers>";
      if (localhost) xml += "<Peer address=\"localhost\"/>";
      for (const std::string& peer : options.static_peers) xml += "<Peer address=\"" + peer + "\"/>";
      xml += "</Peers>";
    }
  }
  xml += "</Discovery></Domain></CycloneDDS>";
  return xml;
}

bool has_external_ipv4_interface() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return false;
  bool found = false;
  for (const ifaddrs* ifa = list; ifa != nullptr && !found; ifa = ifa->ifa_next) {
    const unsigned flags = ifa->ifa_flags;
    found = ifa->ifa_addr != nullptr && ifa->ifa_addr->sa_family == AF_INET && (flags & IFF_UP) != 0 &&
            (flags & IFF_RUNNING) != 0 && (flags & IFF_LOOPBACK) == 0;
  }
  freeifaddrs(list);
  return found;
}

}  // namespace rclx::detail
