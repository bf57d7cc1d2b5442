// ROS names and command-line arguments for Python: validation, expansion, --ros-args parsing.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include "rclx/names.hpp"
#include "types.hpp"

namespace rclx::py {

namespace {

/// None when valid, else (message, invalid_index) as rclpy's validate_* helpers consume it.
nb::object validation(const NameValidation& v) {
  if (v.ok) return nb::none();
  return nb::make_tuple(v.message, v.invalid_index);
}

}  // namespace

void bind_names(nb::module_& m) {
  m.def("validate_node_name", [](std::string_view s) { return validation(validate_node_name(s)); }, nb::arg("name"));
  m.def("validate_namespace", [](std::string_view s) { return validation(validate_namespace(s)); }, nb::arg("namespace"));
  m.def("validate_topic_name", [](std::string_view s, bool srv) { return validation(validate_topic_name(s, srv)); },
        nb::arg("name"), nb::arg("is_service") = false);
  m.def("validate_full_topic_name",
        [](std::string_view s, bool srv) { return validation(validate_full_topic_name(s, srv)); }, nb::arg("name"),
        nb::arg("is_service") = false);
  m.def(
      "expand_topic_name",
      [](std::string_view name, std::string_view node, std::string_view ns, bool srv) {
        const NameValidation v = validate_topic_name(name, srv);
        if (!v.ok) throw NameError(v, std::string(name));
        return expand_topic_name(name, node, ns, srv);
      },
      nb::arg("topic_name"), nb::arg("node_name"), nb::arg("node_namespace"), nb::arg("is_service") = false);

  nb::class_<RemapRule>(m, "RemapRule")
      .def_ro("node", &RemapRule::node)
      .def_ro("match", &RemapRule::match)
      .def_ro("replacement", &RemapRule::replacement);
  nb::class_<RosArgs>(m, "RosArgs")
      .def_ro("remap_rules", &RosArgs::remap_rules)
      .def_prop_ro("param_overrides",
                   [](const RosArgs& a) {
                     nb::list out;
                     for (const auto& p : a.param_overrides) out.append(nb::make_tuple(p.node, p.name, p.value));
                     return out;
                   })
      .def_ro("param_files", &RosArgs::param_files)
      .def_ro("default_log_level", &RosArgs::default_log_level)
      .def_prop_ro("logger_levels",
                   [](const RosArgs& a) {
                     nb::list out;
                     for (const auto& l : a.logger_levels) out.append(nb::make_tuple(l.logger, l.severity));
                     return out;
                   })
      .def_ro("enclave", &RosArgs::enclave)
      .def_ro("stdout_logs_disabled", &RosArgs::stdout_logs_disabled)
      .def_ro("rosout_logs_disabled", &RosArgs::rosout_logs_disabled)
      .def_ro("external_lib_logs_disabled", &RosArgs::external_lib_logs_disabled)
      .def_ro("non_ros_args", &RosArgs::non_ros_args)
      .def_ro("warnings", &RosArgs::warnings);
  m.def(
      "parse_ros_args", [](const std::vector<std::string>& args) { return parse_ros_args(args); }, nb::arg("args"),
      "Parses an argument vector as rcl does (remaps, log levels, parameters, ...).");
  m.def(
      "remove_ros_args", [](const std::vector<std::string>& args) { return remove_ros_args(args); },
      nb::arg("args"), "The arguments that are not ROS arguments.");
}

}  // namespace rclx::py
