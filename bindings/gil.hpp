// The one place that blocks without the GIL.
//
// A thread waiting in C++ with the GIL released never runs Python's signal handlers, so Ctrl-C
// would go unnoticed until the wait ends. Blocking calls therefore wait in slices and, between
// slices, take the GIL back to run pending signal handlers (KeyboardInterrupt then propagates).
#pragma once

#include <nanobind/nanobind.h>

#include <algorithm>
#include <cstdint>

#include "rclx/clock.hpp"

namespace rclx::py {

namespace nb = nanobind;

/// Longest stretch spent without checking for signals.
inline constexpr std::int64_t kSignalCheckSliceNs = 100'000'000;

/// Calls `step(slice_timeout_ns)` without the GIL until it returns true or `timeout_ns` passes
/// (negative: forever). Throws nb::python_error if a signal handler raised. Returns step's last result.
template <typename Step>
bool wait_without_gil(std::int64_t timeout_ns, Step&& step) {
  const std::int64_t start = steady_time_now();
  for (;;) {
    std::int64_t slice = kSignalCheckSliceNs;
    if (timeout_ns >= 0) slice = std::max<std::int64_t>(0, std::min(slice, timeout_ns - (steady_time_now() - start)));
    bool done;
    {
      nb::gil_scoped_release release;
      done = step(slice);
    }
    if (done) return true;
    if (PyErr_CheckSignals() != 0) throw nb::python_error();
    if (timeout_ns >= 0 && steady_time_now() - start >= timeout_ns) return false;
  }
}

}  // namespace rclx::py
