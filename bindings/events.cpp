// EventHandler for Python: waits for one kind of status change of a publisher or subscription.
#include "events.hpp"

#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "rclx/event.hpp"
#include "rclx/publisher.hpp"
#include "rclx/subscription.hpp"

namespace rclx::py {

namespace nb = nanobind;

namespace {

/// rcl's logger name of a node: the namespace's segments joined by dots, then the name.
std::string logger_name_of(const Node& node) {
  std::string ns = node.get_namespace();
  std::string name;
  if (ns.size() > 1) {
    name = ns.substr(1);
    std::replace(name.begin(), name.end(), '/', '.');
    name += '.';
  }
  return name + node.name();
}

EventKind event_kind(int kind) {
  if (kind < 0 || kind >= static_cast<int>(kEventKinds)) throw std::invalid_argument("unknown event kind");
  return static_cast<EventKind>(kind);
}

}  // namespace

void bind_events(nb::module_& m) {
  // The node's logger name on native publishers and subscriptions (rclpy's get_logger_name()), which
  // the default event callbacks log with.
  nb::object property = nb::module_::import_("builtins").attr("property");
  nb::setattr(nb::type<Publisher>(), "logger_name",
              property(nb::cpp_function([](const Publisher& p) { return logger_name_of(*p.node()); })));
  nb::setattr(nb::type<Subscription>(), "logger_name",
              property(nb::cpp_function([](const Subscription& s) { return logger_name_of(*s.node()); })));
  nb::class_<EventHandler, Waitable>(m, "EventHandler")
      .def(
          "__init__",
          [](EventHandler* self, nb::handle parent, int kind) {
            std::shared_ptr<Publisher> pub;
            if (nb::try_cast(parent, pub) && pub) {
              new (self) EventHandler(pub, event_kind(kind));
              return;
            }
            std::shared_ptr<Subscription> sub;
            if (nb::try_cast(parent, sub) && sub) {
              new (self) EventHandler(sub, event_kind(kind));
              return;
            }
            throw nb::type_error("EventHandler needs a native publisher or subscription");
          },
          nb::arg("parent"), nb::arg("kind"),
          "Listens for one kind of event (rclx::EventKind's number) of a native publisher or subscription.")
      .def(
          "take",
          [](EventHandler& h) -> nb::object {
            EventStatus s;
            if (!h.take(s)) return nb::none();
            return nb::make_tuple(s.total_count, s.total_count_change, s.current_count, s.current_count_change,
                                  s.alive_count, s.alive_count_change, s.not_alive_count, s.not_alive_count_change,
                                  s.last_policy_kind);
          },
          "The status if it changed since the last take, as (total_count, total_count_change, current_count, "
          "current_count_change, alive_count, alive_count_change, not_alive_count, not_alive_count_change, "
          "last_policy_kind); None otherwise.")
      .def_prop_ro("kind", [](const EventHandler& h) { return static_cast<int>(h.kind()); })
      .def("destroy", &EventHandler::destroy);
}

}  // namespace rclx::py
