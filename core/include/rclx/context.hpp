// Context: one DDS domain participant shared by every node of an rclpy.init() call.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace rclx {

namespace detail {
class Entity;
class DomainRef;
class Flusher;
}
class Graph;

/// Options for Context::create, mirroring rcl_init_options.
struct ContextOptions {
  std::int32_t domain_id = -1;  ///< -1: ROS_DOMAIN_ID from the environment, else 0
  std::string enclave = "/";
};

/// The DDS participant and the lifetime of everything created under it.
/// Thread-safe. Children hold a shared_ptr to their Context, so it outlives them.
class Context : public std::enable_shared_from_this<Context> {
 public:
  static std::shared_ptr<Context> create(const ContextOptions& options = {});
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  /// Deletes the participant (and so every entity under it). Idempotent.
  void shutdown();
  bool ok() const { return !shut_down_.load(std::memory_order_acquire); }
  std::int32_t domain_id() const { return domain_id_; }
  const std::string& enclave() const { return enclave_; }
  /// The participant's DDS handle; throws ContextShutdown after shutdown().
  std::int32_t participant() const;
  /// DDS entities under the participant, counted recursively (readers, writers, topics, ...): a leak check.
  std::size_t entity_count() const;
  /// A number unique within this process for each context (used to tell contexts apart).
  std::uint64_t id() const { return id_; }
  /// The graph cache of this context (created with the participant, emptied by shutdown()).
  Graph& graph() const { return *graph_; }
  /// Sends the write batches of bursting publishers once their bursts end (see WriteBatch).
  detail::Flusher& flusher() const { return *flusher_; }

 private:
  Context() = default;
  std::int32_t domain_id_ = 0;
  std::string enclave_;
  std::uint64_t id_ = 0;
  std::atomic<bool> shut_down_{false};
  mutable std::mutex mutex_;                   // guards participant_ and domain_
  std::shared_ptr<detail::DomainRef> domain_;  // keeps the DDS domain (and its configuration) alive until shutdown
  std::unique_ptr<detail::Entity> participant_;
  std::unique_ptr<Graph> graph_;               // never null after create(); shut down before participant_
  std::unique_ptr<detail::Flusher> flusher_;   // never null after create(); stopped before participant_
};

/// The domain id ROS 2 uses when none is given: ROS_DOMAIN_ID, else 0. Throws on a malformed value.
std::int32_t default_domain_id();

}  // namespace rclx
