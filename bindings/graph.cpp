// The ROS graph for Python: a context's Graph, returning plain lists and tuples.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include "convert/qos.hpp"
#include "rclx/context.hpp"
#include "rclx/graph.hpp"
#include "types.hpp"

namespace rclx::py {

namespace {

nb::list names_and_types_to_py(const NamesAndTypes& nts) {
  nb::list out;
  for (const auto& [name, types] : nts) {
    nb::list t;
    for (const std::string& s : types) t.append(nb::str(s.data(), s.size()));
    out.append(nb::make_tuple(nb::str(name.data(), name.size()), t));
  }
  return out;
}

/// None when the node is unknown (the Python layer raises NodeNameNonExistentError).
nb::object by_node_to_py(const std::optional<NamesAndTypes>& nts) {
  return nts ? nb::object(names_and_types_to_py(*nts)) : nb::none();
}

nb::list endpoints_to_py(const std::vector<TopicEndpointInfo>& infos) {
  nb::list out;
  for (const TopicEndpointInfo& i : infos) {
    nb::dict d;
    d["node_name"] = i.node_name;
    d["node_namespace"] = i.node_namespace;
    d["topic_type"] = i.topic_type;
    d["is_publisher"] = i.is_publisher;
    nb::list gid;
    for (char c : i.gid) gid.append(static_cast<int>(static_cast<unsigned char>(c)));
    d["endpoint_gid"] = gid;
    d["qos"] = qos_to_py(i.qos);
    // rclpy's form of a rosidl_type_hash_t: version 0 and 32 zero bytes when the endpoint announced none.
    const std::string value = i.type_hash.empty() ? std::string(32, '\0') : i.type_hash;
    nb::dict hash;
    hash["version"] = i.type_hash.empty() ? 0 : 1;
    hash["value"] = nb::bytes(value.data(), value.size());
    d["topic_type_hash"] = hash;
    out.append(d);
  }
  return out;
}

}  // namespace

void bind_graph(nb::module_& m) {
  nb::class_<Graph>(m, "Graph")
      .def("count_publishers", &Graph::count_publishers, nb::arg("topic"))
      .def("count_subscribers", &Graph::count_subscribers, nb::arg("topic"))
      .def("node_names_and_namespaces", &Graph::node_names_and_namespaces,
           "[(name, namespace)] of every node in the graph, this context's first.")
      .def("node_names_and_namespaces_with_enclaves", &Graph::node_names_namespaces_and_enclaves,
           "[(name, namespace, enclave)] of every node in the graph, this context's first.")
      .def(
          "topic_names_and_types",
          [](Graph& g, bool no_demangle) { return names_and_types_to_py(g.topic_names_and_types(no_demangle)); },
          nb::arg("no_demangle") = false)
      .def("service_names_and_types", [](Graph& g) { return names_and_types_to_py(g.service_names_and_types()); })
      .def(
          "publisher_names_and_types_by_node",
          [](Graph& g, const std::string& name, const std::string& ns, bool no_demangle) {
            return by_node_to_py(g.publisher_names_and_types_by_node(name, ns, no_demangle));
          },
          nb::arg("node_name"), nb::arg("node_namespace"), nb::arg("no_demangle") = false)
      .def(
          "subscriber_names_and_types_by_node",
          [](Graph& g, const std::string& name, const std::string& ns, bool no_demangle) {
            return by_node_to_py(g.subscriber_names_and_types_by_node(name, ns, no_demangle));
          },
          nb::arg("node_name"), nb::arg("node_namespace"), nb::arg("no_demangle") = false)
      .def(
          "service_names_and_types_by_node",
          [](Graph& g, const std::string& name, const std::string& ns) {
            return by_node_to_py(g.service_names_and_types_by_node(name, ns));
          },
          nb::arg("node_name"), nb::arg("node_namespace"))
      .def(
          "client_names_and_types_by_node",
          [](Graph& g, const std::string& name, const std::string& ns) {
            return by_node_to_py(g.client_names_and_types_by_node(name, ns));
          },
          nb::arg("node_name"), nb::arg("node_namespace"))
      .def(
          "publishers_info_by_topic",
          [](Graph& g, const std::string& topic, bool no_mangle) {
            return endpoints_to_py(g.publishers_info_by_topic(topic, no_mangle));
          },
          nb::arg("topic"), nb::arg("no_mangle") = false)
      .def(
          "subscriptions_info_by_topic",
          [](Graph& g, const std::string& topic, bool no_mangle) {
            return endpoints_to_py(g.subscriptions_info_by_topic(topic, no_mangle));
          },
          nb::arg("topic"), nb::arg("no_mangle") = false)
      .def_prop_ro("gid_size", &Graph::gid_size,
                   "Gid size this context publishes now: 16, or 24 once a Humble peer was seen "
                   "(RCLX_DISCOVERY_GID_SIZE fixes it).");

  m.def(
      "graph_of", [](std::shared_ptr<Context> ctx) -> Graph& { return ctx->graph(); }, nb::arg("context"),
      nb::rv_policy::reference, nb::keep_alive<0, 1>(), "The graph cache of a context (kept alive with it).");
}

}  // namespace rclx::py
