// Binding entry points shared between binding files (one bind_<concept>() per file).
#pragma once

#include <nanobind/nanobind.h>

#include "convert/message.hpp"

namespace rclx::py {

void bind_types(nb::module_& m);
void bind_names(nb::module_& m);
void bind_context(nb::module_& m);
void bind_entities(nb::module_& m);
void bind_dispatcher(nb::module_& m);
void bind_graph(nb::module_& m);
void bind_services(nb::module_& m);

/// The type support registered for a message class; TypeError if it is not a message class.
const MessageType& type_support_of(nb::handle cls);

}  // namespace rclx::py
