// RAII owner of one DDS entity handle, and the check() that turns DDS return codes into rclx::Error.
#pragma once

#include <dds/dds.h>

#include <memory>
#include <string>

#include "rclx/error.hpp"

namespace rclx::detail {

/// Throws rclx::Error naming the operation and object when rc is a negative DDS return code.
inline dds_return_t check(dds_return_t rc, const char* operation, const std::string& object = {}) {
  if (rc < 0) throw Error(operation, object, dds_strretcode(rc), rc);
  return rc;
}

/// Owns a dds_entity_t; deleting it deletes its DDS children too. Move-only.
class Entity {
 public:
  Entity() = default;
  /// Adopts a handle returned by a dds_create_* call; throws if it is an error code.
  Entity(dds_entity_t handle, const char* operation, const std::string& object = {})
      : handle_(check(handle, operation, object)) {}
  Entity(Entity&& other) noexcept : handle_(other.release()) {}
  Entity& operator=(Entity&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = other.release();
    }
    return *this;
  }
  Entity(const Entity&) = delete;
  Entity& operator=(const Entity&) = delete;
  ~Entity() { reset(); }

  dds_entity_t get() const { return handle_; }
  explicit operator bool() const { return handle_ > 0; }
  /// Gives up ownership without deleting.
  dds_entity_t release() {
    const dds_entity_t h = handle_;
    handle_ = 0;
    return h;
  }
  /// Deletes the entity now. A failure is not thrown (destructors call this): it is already gone
  /// when its parent was deleted first, which DDS reports as BAD_PARAMETER / ALREADY_DELETED.
  void reset() {
    if (handle_ > 0) (void)dds_delete(handle_);
    handle_ = 0;
  }

 private:
  dds_entity_t handle_ = 0;
};

/// Owns a dds_qos_t.
struct QosDeleter {
  void operator()(dds_qos_t* q) const { dds_delete_qos(q); }
};
using QosPtr = std::unique_ptr<dds_qos_t, QosDeleter>;

}  // namespace rclx::detail
