// Binding entry points shared between binding files (one bind_<concept>() per file).
#pragma once

#include <nanobind/nanobind.h>

#include <string>

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

/// The REP 2011 hash ("RIHS01_<hex>") of a message or service class, computed once by rclx.interfaces;
/// "" for a class it cannot describe (one it did not build).
std::string type_hash_of(nb::handle cls);

}  // namespace rclx::py
