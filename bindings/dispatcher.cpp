// The executor's engine for Python: waits without the GIL and returns one ready callback's input.
#include <nanobind/nanobind.h>
#include <nanobind/stl/shared_ptr.h>

#include "entities.hpp"
#include "gil.hpp"
#include "rclx/dispatcher.hpp"
#include "types.hpp"

namespace rclx::py {

namespace {

/// Kinds as the Python executor sees them (small ints, cheap to compare).
constexpr int kSubscription = 0, kTimer = 1, kGuard = 2, kWaitable = 3, kSubscriptionWithInfo = 4;

/// next(timeout_sec) -> None | (kind, key, payload). Payload: the message (subscriptions; with
/// `with_info`, (message, info dict) under kind 4),
/// (expected_ns, actual_ns) (timers), None otherwise. A malformed sample yields kind -1 and the error text.
nb::object next_work(Dispatcher& d, double timeout_sec) {
  const std::int64_t timeout_ns = timeout_sec < 0 ? -1 : static_cast<std::int64_t>(timeout_sec * 1e9);
  Work w;
  bool got = d.try_next(w);  // the rest of a taken batch: no GIL round trip
  if (!got) {
    wait_without_gil(timeout_ns, [&](std::int64_t slice) {
      const Dispatcher::Next r = d.next(slice, w);
      got = r == Dispatcher::Next::Work;
      return r != Dispatcher::Next::Timeout;
    });
  }
  if (!got) return nb::none();
  switch (w.kind) {
    case WorkKind::Subscription: {
      // The entity is still registered: next() hands out work only for entries it holds.
      try {
        const auto* sub = static_cast<PySubscription*>(w.subscription.get());
        if (sub->with_info) {
          nb::dict info = PySubscription::info_to_python(w.message.info());
          return nb::make_tuple(kSubscriptionWithInfo, w.key, nb::make_tuple(sub->to_python(std::move(w.message)), info));
        }
        return nb::make_tuple(kSubscription, w.key, sub->to_python(std::move(w.message)));
      } catch (const CdrError& e) {
        return nb::make_tuple(-1, w.key, nb::str(e.what()));
      }
    }
    case WorkKind::Timer:
      return nb::make_tuple(kTimer, w.key, nb::make_tuple(w.timer_call.expected_call_time, w.timer_call.actual_call_time));
    case WorkKind::GuardCondition:
      return nb::make_tuple(kGuard, w.key, nb::none());
    case WorkKind::Waitable:
      return nb::make_tuple(kWaitable, w.key, nb::none());
  }
  return nb::none();
}

}  // namespace

void bind_dispatcher(nb::module_& m) {
  nb::class_<Dispatcher>(m, "Dispatcher")
      .def(nb::init<std::shared_ptr<Context>, std::size_t, bool>(), nb::arg("context"), nb::arg("batch") = 32,
           nb::arg("track_in_flight") = false)
      .def(
          "add_subscription",
          [](Dispatcher& d, std::uint64_t key, std::uint64_t group, std::shared_ptr<PySubscription> s,
             std::uint64_t exclusive) { d.add(key, group, std::static_pointer_cast<Subscription>(s), exclusive); },
          nb::arg("key"), nb::arg("group"), nb::arg("subscription"), nb::arg("exclusive") = 0)
      .def(
          "add_timer",
          [](Dispatcher& d, std::uint64_t key, std::uint64_t group, std::shared_ptr<Timer> t, std::uint64_t exclusive) {
            d.add(key, group, t, exclusive);
          },
          nb::arg("key"), nb::arg("group"), nb::arg("timer"), nb::arg("exclusive") = 0)
      .def(
          "add_guard_condition",
          [](Dispatcher& d, std::uint64_t key, std::uint64_t group, std::shared_ptr<GuardCondition> g,
             std::uint64_t exclusive) { d.add(key, group, g, exclusive); },
          nb::arg("key"), nb::arg("group"), nb::arg("guard_condition"), nb::arg("exclusive") = 0)
      .def("add_waitable", &Dispatcher::add_waitable, nb::arg("key"), nb::arg("group"), nb::arg("waitable"),
           nb::arg("exclusive") = 0,
           "Adds a service, client or other waitable; the executor then calls its owner's _execute_ready().")
      .def("hold", &Dispatcher::hold, nb::arg("key"), "Marks the work just handed out for key as in flight.")
      .def("done", &Dispatcher::done, nb::arg("key"),
           "Reports that the work handed out for key finished (see Dispatcher::done in dispatcher.hpp).")
      .def("remove", &Dispatcher::remove, nb::arg("key"))
      .def("contains", &Dispatcher::contains, nb::arg("key"))
      .def("set_group_enabled", &Dispatcher::set_group_enabled, nb::arg("group"), nb::arg("enabled"))
      .def("remove_group", &Dispatcher::remove_group, nb::arg("group"))
      .def("next", &next_work, nb::arg("timeout_sec"),
           "Waits (without the GIL) up to timeout_sec (negative: forever) for one piece of work.")
      .def("wake", &Dispatcher::wake)
      .def("queued", &Dispatcher::queued);
}

}  // namespace rclx::py
