// GuardCondition: a condition a program triggers by hand to wake a wait set.
#pragma once

#include <memory>

#include "rclx/context.hpp"
#include "rclx/wait_set.hpp"

namespace rclx {

class GuardCondition : public Waitable {
 public:
  explicit GuardCondition(std::shared_ptr<Context> context);
  ~GuardCondition() override;
  GuardCondition(const GuardCondition&) = delete;
  GuardCondition& operator=(const GuardCondition&) = delete;

  /// Sets the condition; a wait set it is attached to wakes up. Thread-safe.
  void trigger();
  /// Reads and clears the condition; true if it was set.
  bool take();
  std::int32_t condition() const override;
  void destroy();

 private:
  std::shared_ptr<Context> context_;
  std::unique_ptr<detail::Entity> guard_;
};

}  // namespace rclx
