// Python QoSProfile (rclpy.qos) <-> core QoSProfile.
#pragma once

#include <nanobind/nanobind.h>

#include "rclx/qos.hpp"

namespace rclx::py {

namespace nb = nanobind;

/// Reads an rclpy.qos.QoSProfile (any object with its attribute names; durations with .nanoseconds).
inline QoSProfile qos_from_py(nb::handle q) {
  auto ns = [&](const char* attr) -> QosDuration {
    nb::object d = nb::getattr(q, attr, nb::none());
    if (d.is_none()) return 0;
    nb::object n = nb::getattr(d, "nanoseconds", nb::none());
    return n.is_none() ? nb::cast<QosDuration>(d) : nb::cast<QosDuration>(n);
  };
  QoSProfile p;
  p.history = static_cast<History>(nb::cast<int>(nb::int_(q.attr("history"))));
  p.depth = nb::cast<std::uint32_t>(q.attr("depth"));
  p.reliability = static_cast<Reliability>(nb::cast<int>(nb::int_(q.attr("reliability"))));
  p.durability = static_cast<Durability>(nb::cast<int>(nb::int_(q.attr("durability"))));
  p.deadline = ns("deadline");
  p.lifespan = ns("lifespan");
  p.liveliness = static_cast<Liveliness>(nb::cast<int>(nb::int_(q.attr("liveliness"))));
  p.liveliness_lease_duration = ns("liveliness_lease_duration");
  p.avoid_ros_namespace_conventions = nb::cast<bool>(q.attr("avoid_ros_namespace_conventions"));
  return p;
}

/// The profile as a dict of plain values (the Python layer builds its QoSProfile from it).
inline nb::dict qos_to_py(const QoSProfile& p) {
  nb::dict d;
  d["history"] = static_cast<int>(p.history);
  d["depth"] = p.depth;
  d["reliability"] = static_cast<int>(p.reliability);
  d["durability"] = static_cast<int>(p.durability);
  d["deadline"] = p.deadline;
  d["lifespan"] = p.lifespan;
  d["liveliness"] = static_cast<int>(p.liveliness);
  d["liveliness_lease_duration"] = p.liveliness_lease_duration;
  d["avoid_ros_namespace_conventions"] = p.avoid_ros_namespace_conventions;
  return d;
}

}  // namespace rclx::py
