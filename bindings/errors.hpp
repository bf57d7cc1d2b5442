// The single mapping from core exceptions to the Python exception classes rclpy users catch.
#pragma once

#include <nanobind/nanobind.h>

namespace rclx::py {

/// Registers translators for every core exception type (see errors.cpp for the table).
void bind_errors(nanobind::module_& m);

}  // namespace rclx::py
