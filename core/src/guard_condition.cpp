// GuardCondition over a DDS guard condition.
#include "rclx/guard_condition.hpp"

#include "dds/entity.hpp"

namespace rclx {

GuardCondition::GuardCondition(std::shared_ptr<Context> context) : context_(std::move(context)) {
  guard_ = std::make_unique<detail::Entity>(dds_create_guardcondition(context_->participant()),
                                            "create_guardcondition");
}

GuardCondition::~GuardCondition() = default;

void GuardCondition::trigger() {
  if (guard_ && context_->ok()) (void)dds_set_guardcondition(guard_->get(), true);
}

bool GuardCondition::take() {
  bool was = false;
  if (guard_ && context_->ok()) (void)dds_take_guardcondition(guard_->get(), &was);
  return was;
}

std::int32_t GuardCondition::condition() const { return guard_ && context_->ok() ? guard_->get() : 0; }

void GuardCondition::destroy() { guard_.reset(); }

}  // namespace rclx
