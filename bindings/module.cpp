// rclx._core: the export manifest. Every binding file contributes one bind_<concept>().
#include <nanobind/nanobind.h>

#include "errors.hpp"
#include "events.hpp"
#include "types.hpp"

NB_MODULE(_core, m) {
  m.doc() = "rclx's C++ core: DDS entities, the executor engine and message <-> CDR conversion.";
  // Message classes and their type supports reference each other and live until exit by design.
  nanobind::set_leak_warnings(false);
  rclx::py::bind_errors(m);
  rclx::py::bind_types(m);
  rclx::py::bind_names(m);
  rclx::py::bind_context(m);
  rclx::py::bind_entities(m);
  rclx::py::bind_services(m);
  rclx::py::bind_events(m);
  rclx::py::bind_dispatcher(m);
  rclx::py::bind_graph(m);
}
