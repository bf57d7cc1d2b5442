// DDS domains created with rclx's default Cyclone configuration, shared by every context in the process.
#include "dds/domain.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

#include "dds/discovery_options.hpp"
#include "dds/entity.hpp"

namespace rclx::detail {

namespace {

// Large samples (camera images, point clouds) arrive as hundreds of UDP fragments in a burst. With
// Cyclone's default 1 MiB receive buffer most of a 6 MB sample is dropped and recovered only by
// NACK/retransmit rounds; asking for 8 MiB (the kernel caps it at net.core.rmem_max, and any size is
// accepted) keeps whole samples in the buffer. Nothing on the wire changes.
// WriteBatch: a write only queues the sample in its writer's packet; rclx decides when packets go
// (dds/write_batch.hpp: at once, except in a publisher's sustained burst). Several samples in one
// RTPS message are plain RTPS. A user configuration (CYCLONEDDS_URI) that turns it off only turns
// batching off: flushing an already-sent packet does nothing.
// Discovery: ROS_LOCALHOST_ONLY, ROS_AUTOMATIC_DISCOVERY_RANGE and ROS_STATIC_PEERS become the fragment
// rmw_cyclonedds_cpp writes for them (dds/discovery_options.hpp), placed as it places it: before CYCLONEDDS_URI.
std::string cyclone_config(const DiscoveryOptions& discovery) {
  std::string config =
      "<CycloneDDS><Domain Id=\"any\"><Internal>"
      "<SocketReceiveBufferSize max=\"8MB\"/>"
      "<WriteBatch>true</WriteBatch>"
      "</Internal></Domain></CycloneDDS>";
  const std::string fragment =
      discovery_config(discovery, static_cast<long>(getpid()), discovery.localhost_only && has_external_ipv4_interface());
  if (!fragment.empty()) config += "," + fragment;
  if (const char* uri = std::getenv("CYCLONEDDS_URI"); uri != nullptr && *uri != '\0') {
    config += ",";  // later parts override earlier ones: the user's configuration wins
    config += uri;
  }
  return config;
}

// rcl logs these through rcutils before any rclpy logger exists; the same line on stderr, in rcutils' default format.
void print_warnings(const DiscoveryOptions& discovery) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const long long ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
  for (const auto& [logger, message] : discovery.warnings) {
    std::fprintf(stderr, "[WARN] [%lld.%09lld] [%s]: %s\n", ns / 1000000000, ns % 1000000000, logger.c_str(),
                 message.c_str());
  }
}

std::mutex domains_mutex;                                   // guards domains
std::map<std::int32_t, std::weak_ptr<DomainRef>> domains;  // alive domains by id
}  // namespace

std::string default_cyclone_config() { return cyclone_config(discovery_options_from_env()); }

std::shared_ptr<DomainRef> DomainRef::acquire(std::int32_t domain_id) {
  std::lock_guard<std::mutex> lock(domains_mutex);
  if (auto existing = domains[domain_id].lock()) return existing;
  const DiscoveryOptions discovery = discovery_options_from_env();
  print_warnings(discovery);
  const std::string config = cyclone_config(discovery);
  const dds_entity_t handle = dds_create_domain(static_cast<dds_domainid_t>(domain_id), config.c_str());
  // PRECONDITION_NOT_MET: the domain exists already (made by code outside rclx); use it as it is.
  if (handle < 0 && handle != DDS_RETCODE_PRECONDITION_NOT_MET) {
    check(handle, "create_domain", "domain " + std::to_string(domain_id) + " (check CYCLONEDDS_URI)");
  }
  std::shared_ptr<DomainRef> ref(new DomainRef(domain_id, handle > 0 ? handle : 0));
  domains[domain_id] = ref;
  return ref;
}

DomainRef::~DomainRef() {
  // Runs when the last context of the domain is gone; its participants were deleted already.
  if (handle_ > 0) (void)dds_delete(handle_);
}

}  // namespace rclx::detail
