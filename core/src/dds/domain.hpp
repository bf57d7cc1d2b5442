// DDS domains created with rclx's default Cyclone configuration, shared by every context in the process.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace rclx::detail {

/// Keeps a DDS domain alive while contexts use it. The first reference creates the domain with
/// rclx's defaults (see default_cyclone_config) followed by the user's CYCLONEDDS_URI, which wins.
class DomainRef {
 public:
  /// The domain for `domain_id`, created on first use. Throws rclx::Error if Cyclone rejects the configuration.
  static std::shared_ptr<DomainRef> acquire(std::int32_t domain_id);
  ~DomainRef();
  DomainRef(const DomainRef&) = delete;
  DomainRef& operator=(const DomainRef&) = delete;

 private:
  DomainRef(std::int32_t domain_id, std::int32_t handle) : domain_id_(domain_id), handle_(handle) {}
  std::int32_t domain_id_;
  std::int32_t handle_;  // 0 when the domain existed already (created outside rclx): not ours to delete
};

/// The configuration rclx gives Cyclone DDS: its XML defaults, then CYCLONEDDS_URI if set.
std::string default_cyclone_config();

}  // namespace rclx::detail
