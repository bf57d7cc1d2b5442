// Context for Python: init/shutdown of one DDS participant.
#include <nanobind/nanobind.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>

#include "rclx/context.hpp"
#include "types.hpp"

namespace rclx::py {

void bind_context(nb::module_& m) {
  nb::class_<Context>(m, "Context")
      .def_static(
          "create",
          [](std::int32_t domain_id, const std::string& enclave) {
            return Context::create(ContextOptions{domain_id, enclave});
          },
          nb::arg("domain_id") = -1, nb::arg("enclave") = "/",
          "Creates the DDS participant (domain_id -1: ROS_DOMAIN_ID or 0).")
      .def("shutdown", &Context::shutdown, "Deletes the participant and everything under it.")
      .def("ok", &Context::ok)
      .def_prop_ro("domain_id", &Context::domain_id)
      .def_prop_ro("id", &Context::id)
      .def("entity_count", &Context::entity_count, "DDS entities under the participant (a leak check).");
  m.def("default_domain_id", &default_domain_id);
}

}  // namespace rclx::py
