// Binding entry point for QoS and matched events (rclx/event.hpp).
#pragma once

#include <nanobind/nanobind.h>

namespace rclx::py {

/// Binds EventHandler; call after bind_services (which binds its Waitable base).
void bind_events(nanobind::module_& m);

}  // namespace rclx::py
