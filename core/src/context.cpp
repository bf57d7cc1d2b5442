// Context: owns the DDS participant; shutting down deletes it and everything under it.
#include "rclx/context.hpp"

#include <atomic>
#include <cstdlib>
#include <string>
#include <vector>

#include "dds/domain.hpp"
#include "dds/entity.hpp"
#include "dds/write_batch.hpp"
#include "rclx/graph.hpp"

namespace rclx {

std::int32_t default_domain_id() {
  const char* env = std::getenv("ROS_DOMAIN_ID");
  if (env == nullptr || *env == '\0') return 0;
  char* end = nullptr;
  const long v = std::strtol(env, &end, 10);
  // rmw_cyclonedds accepts 0..232 (the DDSI port mapping leaves no room above).
  if (*end != '\0' || v < 0 || v > 232) {
    throw std::invalid_argument(std::string("ROS_DOMAIN_ID='") + env + "' is not a domain id (expected an integer in [0, 232])");
  }
  return static_cast<std::int32_t>(v);
}

std::shared_ptr<Context> Context::create(const ContextOptions& options) {
  static std::atomic<std::uint64_t> next_id{1};
  std::shared_ptr<Context> ctx(new Context());
  ctx->domain_id_ = options.domain_id < 0 ? default_domain_id() : options.domain_id;
  if (ctx->domain_id_ > 232) {
    throw std::invalid_argument("domain_id " + std::to_string(ctx->domain_id_) + " is out of range (expected [0, 232])");
  }
  ctx->enclave_ = options.enclave.empty() ? "/" : options.enclave;
  ctx->id_ = next_id++;
  ctx->domain_ = detail::DomainRef::acquire(ctx->domain_id_);
  detail::QosPtr qos(dds_create_qos());
  const std::string user_data = "enclave=" + ctx->enclave_ + ";";
  dds_qset_userdata(qos.get(), user_data.data(), user_data.size());
  ctx->participant_ = std::make_unique<detail::Entity>(
      dds_create_participant(static_cast<dds_domainid_t>(ctx->domain_id_), qos.get(), nullptr), "create_participant",
      "domain " + std::to_string(ctx->domain_id_));
  ctx->graph_ = std::make_unique<Graph>(ctx->participant_->get());
  ctx->flusher_ = std::make_unique<detail::Flusher>();
  return ctx;
}

Context::~Context() { shutdown(); }

void Context::shutdown() {
  std::lock_guard<std::mutex> lock(mutex_);
  shut_down_.store(true, std::memory_order_release);
  // Samples still gathered in bursting publishers' packets go out before their writers are deleted.
  if (flusher_) flusher_->stop();
  if (graph_) graph_->shutdown();
  participant_.reset();
  // Released with the participant, not when this object is collected: a domain then lives exactly as
  // long as its participants, as an implicitly created one does, so discovery state does not outlive them.
  domain_.reset();
}

std::int32_t Context::participant() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!participant_ || !ok()) throw ContextShutdown("the context is not initialized or has been shut down");
  return participant_->get();
}

namespace {
std::size_t count_children(dds_entity_t entity) {
  const dds_return_t n = dds_get_children(entity, nullptr, 0);
  if (n <= 0) return 0;
  std::vector<dds_entity_t> children(static_cast<std::size_t>(n));
  const dds_return_t got = dds_get_children(entity, children.data(), children.size());
  std::size_t total = 0;
  for (dds_return_t i = 0; i < got && i < n; ++i) total += 1 + count_children(children[static_cast<std::size_t>(i)]);
  return total;
}
}  // namespace

std::size_t Context::entity_count() const { return count_children(participant()); }

}  // namespace rclx
