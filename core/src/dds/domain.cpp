// DDS domains created with rclx's default Cyclone configuration, shared by every context in the process.
#include "dds/domain.hpp"

#include <cstdlib>
#include <map>
#include <mutex>

#include "dds/entity.hpp"

namespace rclx::detail {

// Large samples (camera images, point clouds) arrive as hundreds of UDP fragments in a burst. With
// Cyclone's default 1 MiB receive buffer most of a 6 MB sample is dropped and recovered only by
// NACK/retransmit rounds; asking for 8 MiB (the kernel caps it at net.core.rmem_max, and any size is
// accepted) keeps whole samples in the buffer. Nothing on the wire changes.
// WriteBatch: a write only queues the sample in its writer's packet; rclx decides when packets go
// (dds/write_batch.hpp: at once, except in a publisher's sustained burst). Several samples in one
// RTPS message are plain RTPS. A user configuration (CYCLONEDDS_URI) that turns it off only turns
// batching off: flushing an already-sent packet does nothing.
std::string default_cyclone_config() {
  std::string config =
      "<CycloneDDS><Domain Id=\"any\"><Internal>"
      "<SocketReceiveBufferSize max=\"8MB\"/>"
      "<WriteBatch>true</WriteBatch>"
      "</Internal></Domain></CycloneDDS>";
  if (const char* uri = std::getenv("CYCLONEDDS_URI"); uri != nullptr && *uri != '\0') {
    config += ",";  // later parts override earlier ones: the user's configuration wins
    config += uri;
  }
  return config;
}

namespace {
std::mutex domains_mutex;                                   // guards domains
std::map<std::int32_t, std::weak_ptr<DomainRef>> domains;  // alive domains by id
}  // namespace

std::shared_ptr<DomainRef> DomainRef::acquire(std::int32_t domain_id) {
  std::lock_guard<std::mutex> lock(domains_mutex);
  if (auto existing = domains[domain_id].lock()) return existing;
  const std::string config = default_cyclone_config();
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
