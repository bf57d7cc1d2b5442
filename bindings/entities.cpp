// Nodes, publishers, subscriptions, guard conditions, clocks and timers for Python.
#include <nanobind/nanobind.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/vector.h>

#include "convert/message.hpp"
#include "convert/qos.hpp"
#include "entities.hpp"
#include "rclx/guard_condition.hpp"
#include "rclx/node.hpp"
#include "rclx/publisher.hpp"
#include "rclx/timer.hpp"
#include "types.hpp"

namespace rclx::py {

namespace {

/// A publisher that knows the message class it accepts.
class PyPublisher : public Publisher {
 public:
  PyPublisher(std::shared_ptr<Node> node, nb::handle msg_type, const std::string& topic, nb::handle qos)
      : Publisher(node, node->resolve_topic_name(topic), type_support_of(msg_type).dds_type_name, qos_from_py(qos),
                  type_hash_of(msg_type)),
        type_(&type_support_of(msg_type)),
        type_owner_(nb::getattr(msg_type, "_TYPE_SUPPORT")) {}

  void publish_msg(nb::handle msg) {
    ByteBuffer buf;
    serialize(*type_, msg.ptr(), buf);
    nb::gil_scoped_release release;  // writing may block on a full reliable history
    publish(std::move(buf));
  }

 private:
  const MessageType* type_;
  nb::object type_owner_;
};

}  // namespace

PySubscription::PySubscription(std::shared_ptr<Node> node, nb::handle msg_type, const std::string& topic,
                               nb::handle qos, bool raw)
    : Subscription(node, node->resolve_topic_name(topic), type_support_of(msg_type).dds_type_name, qos_from_py(qos),
                   type_hash_of(msg_type)),
      type_(&type_support_of(msg_type)),
      type_owner_(nb::getattr(msg_type, "_TYPE_SUPPORT")),
      raw_(raw) {}

nb::object PySubscription::to_python(SerializedMessage&& m) const {
  if (raw_) return nb::bytes(reinterpret_cast<const char*>(m.data()), m.size());
  if (!zero_copy) return deserialize(*type_, m.data(), m.size());
  // The sample moves into a capsule owned by a uint8 array over its bytes; views keep that alive.
  const std::uint8_t* data = m.data();
  const std::size_t size = m.size();
  auto* owned = new SerializedMessage(std::move(m));
  nb::capsule owner(owned, [](void* p) noexcept { delete static_cast<SerializedMessage*>(p); });
  nb::object base = nb::cast(nb::ndarray<nb::numpy, const std::uint8_t, nb::ndim<1>>(data, {size}, owner));
  return deserialize_view(*type_, base, data, size);
}

nb::dict PySubscription::info_to_python(const SampleInfo& info) {
  nb::dict d;
  d["source_timestamp"] = info.source_timestamp;
  d["received_timestamp"] = info.received_timestamp;
  d["publication_sequence_number"] = nb::none();  // Cyclone's sample info has none to give
  d["reception_sequence_number"] = nb::none();
  return d;
}

void bind_entities(nb::module_& m) {
  nb::class_<Node>(m, "Node")
      .def(
          "__init__",
          [](Node* self, std::shared_ptr<Context> ctx, const std::string& name, const std::string& ns,
             std::vector<RemapRule> rules) { new (self) Node(std::move(ctx), name, ns, std::move(rules)); },
          nb::arg("context"), nb::arg("name"), nb::arg("namespace"), nb::arg("remap_rules") = std::vector<RemapRule>{},
          "A node; `remap_rules` (from parse_ros_args) are the node's own first, then the global ones.")
      .def_prop_ro("name", &Node::name)
      .def_prop_ro("namespace", &Node::get_namespace)
      .def_prop_ro("fully_qualified_name", &Node::fully_qualified_name)
      .def("resolve_topic_name", &Node::resolve_topic_name, nb::arg("name"), nb::arg("is_service") = false)
      .def("destroy", &Node::destroy)
      .def("valid", &Node::valid);

  nb::class_<Publisher>(m, "PublisherBase");
  nb::class_<PyPublisher, Publisher>(m, "Publisher")
      .def(nb::init<std::shared_ptr<Node>, nb::handle, const std::string&, nb::handle>(), nb::arg("node"),
           nb::arg("msg_type"), nb::arg("topic"), nb::arg("qos"))
      .def("publish", &PyPublisher::publish_msg, nb::arg("msg"), "Serializes and writes one message.")
      .def(
          "publish_raw",
          [](PyPublisher& p, nb::bytes data) {
            p.publish(reinterpret_cast<const std::uint8_t*>(data.c_str()), data.size());
          },
          nb::arg("data"), "Writes already serialized CDR bytes.")
      .def_prop_ro("topic_name", &Publisher::topic_name)
      .def("subscription_count", &Publisher::subscription_count)
      .def("wait_for_all_acked", &Publisher::wait_for_all_acked, nb::arg("timeout_ns"),
           nb::call_guard<nb::gil_scoped_release>(),
           "Waits (GIL released) until matched reliable readers acknowledged everything written.")
      .def("assert_liveliness", &Publisher::assert_liveliness)
      .def("gid", [](const Publisher& p) { std::string g = p.gid(); return nb::bytes(g.data(), g.size()); })
      .def_prop_ro("qos", [](const Publisher& p) { return qos_to_py(p.qos()); })
      .def("destroy", &Publisher::destroy)
      .def("valid", &Publisher::valid);

  nb::class_<Subscription>(m, "SubscriptionBase");
  nb::class_<PySubscription, Subscription>(m, "Subscription")
      .def(nb::init<std::shared_ptr<Node>, nb::handle, const std::string&, nb::handle, bool>(),
           nb::arg("node"), nb::arg("msg_type"), nb::arg("topic"), nb::arg("qos"), nb::arg("raw") = false)
      .def_prop_ro("topic_name", &Subscription::topic_name)
      .def_rw("zero_copy", &PySubscription::zero_copy,
              "Deliver large numeric arrays as read-only numpy views over the received sample.")
      .def_rw("with_info", &PySubscription::with_info,
              "Hand the executor (message, message info) for a callback that takes both.")
      .def("publisher_count", &Subscription::publisher_count)
      .def(
          "take",
          [](PySubscription& s) -> nb::object {
            SerializedMessage m;
            if (!s.take(m)) return nb::none();
            return s.to_python(std::move(m));
          },
          "Takes one message now, or returns None.")
      .def(
          "take_with_info",
          [](PySubscription& s) -> nb::object {
            SerializedMessage m;
            if (!s.take(m)) return nb::none();
            nb::dict info = PySubscription::info_to_python(m.info());
            return nb::make_tuple(s.to_python(std::move(m)), info);
          },
          "Takes one message now as (message, message info), or returns None.")
      .def_prop_ro("qos", [](const Subscription& s) { return qos_to_py(s.qos()); })
      .def("destroy", &Subscription::destroy)
      .def("valid", &Subscription::valid);

  nb::class_<GuardCondition>(m, "GuardCondition")
      .def(nb::init<std::shared_ptr<Context>>(), nb::arg("context"))
      .def("trigger", &GuardCondition::trigger)
      .def("destroy", &GuardCondition::destroy);

  nb::class_<Clock>(m, "Clock")
      .def(nb::init<ClockType>(), nb::arg("clock_type"))
      .def("now", &Clock::now, "Nanoseconds on this clock.")
      .def_prop_ro("clock_type", &Clock::type)
      .def("set_ros_time_override_active", &Clock::set_ros_time_override_active, nb::arg("active"))
      .def_prop_ro("ros_time_override_active", &Clock::ros_time_override_active)
      .def("set_ros_time_override", &Clock::set_ros_time_override, nb::arg("nanoseconds"),
           "Sets the simulated time; timers on this clock follow the jump.")
      .def_prop_ro("ros_time_override", &Clock::ros_time_override);
  nb::enum_<ClockType>(m, "ClockType")
      .value("UNINITIALIZED", ClockType::Uninitialized)
      .value("ROS_TIME", ClockType::RosTime)
      .value("SYSTEM_TIME", ClockType::SystemTime)
      .value("STEADY_TIME", ClockType::SteadyTime);

  nb::class_<Timer>(m, "Timer")
      .def(nb::init<std::shared_ptr<Clock>, std::int64_t, bool>(), nb::arg("clock"), nb::arg("period_ns"),
           nb::arg("autostart") = true)
      .def_prop_rw("period", &Timer::period, &Timer::set_period)
      .def("cancel", &Timer::cancel)
      .def("is_canceled", &Timer::is_canceled)
      .def("reset", &Timer::reset)
      .def("is_ready", &Timer::is_ready)
      .def("time_until_next_call", &Timer::time_until_next_call)
      .def("time_since_last_call", &Timer::time_since_last_call)
      .def(
          "call",
          [](Timer& t) -> nb::object {
            TimerCall c;
            if (!t.call(c)) return nb::none();
            return nb::make_tuple(c.expected_call_time, c.actual_call_time);
          },
          "Consumes the current period; returns (expected, actual) call times or None if not ready.");
}

}  // namespace rclx::py
