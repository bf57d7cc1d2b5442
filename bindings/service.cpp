// Services and clients for Python: requests and replies convert to and from CDR here, behind
// rmw_cyclonedds' 16-byte request header.
#include <nanobind/nanobind.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>

#include "convert/message.hpp"
#include "convert/qos.hpp"
#include "rclx/client.hpp"
#include "rclx/service.hpp"
#include "types.hpp"

namespace rclx::py {

namespace {

/// The type supports of a service class's Request and Response (kept alive by their owners).
struct SrvTypes {
  const MessageType* request;
  const MessageType* response;
  nb::object owners;

  explicit SrvTypes(nb::handle srv_type) {
    nb::object req = nb::getattr(srv_type, "Request", nb::none());
    nb::object resp = nb::getattr(srv_type, "Response", nb::none());
    if (req.is_none() || resp.is_none()) {
      throw nb::type_error("expected a service class with Request and Response message classes");
    }
    request = &type_support_of(req);
    response = &type_support_of(resp);
    owners = nb::make_tuple(nb::getattr(req, "_TYPE_SUPPORT"), nb::getattr(resp, "_TYPE_SUPPORT"));
  }
};

/// A payload for `msg`: encapsulation header, 16 bytes for the request header (stamped later), the fields.
ByteBuffer serialize_with_header(const MessageType& type, nb::handle msg) {
  if (!nb::isinstance(msg, type.cls)) {
    throw nb::type_error(("expected an instance of '" + type.full_name() + "', got '" +
                          std::string(nb::str(nb::getattr(msg.type(), "__name__")).c_str()) + "'")
                             .c_str());
  }
  ByteBuffer buf(type.size_hint + kServicePayloadOffset);
  CdrWriter w(buf);
  w.write<std::uint64_t>(0);
  w.write<std::int64_t>(0);
  serialize_fields(type, msg.ptr(), w);
  return buf;
}

nb::object deserialize_after_header(const MessageType& type, const SerializedMessage& m) {
  CdrReader r(m.data(), m.size());
  (void)r.read<std::uint64_t>();
  (void)r.read<std::int64_t>();
  return deserialize_fields(type, r);
}

class PyService : public Service {
 public:
  PyService(std::shared_ptr<Node> node, nb::handle srv_type, const std::string& name, nb::handle qos)
      : PyService(node, SrvTypes(srv_type), node->resolve_topic_name(name, true), qos_from_py(qos)) {}

  /// [(header, request), ...] for up to `max` waiting requests; header = (guid, seq, writer_handle).
  nb::list take_requests(std::size_t max) {
    std::vector<ServiceRequest> taken;
    {
      nb::gil_scoped_release release;
      take_requests_native(taken, max);
    }
    nb::list out;
    for (const ServiceRequest& r : taken) {
      nb::object msg;
      try {
        msg = deserialize_after_header(*types_.request, r.message);
      } catch (const CdrError&) {
        continue;  // malformed: nothing to answer
      }
      out.append(nb::make_tuple(nb::make_tuple(r.header.guid, r.header.seq, r.writer_handle), msg));
    }
    return out;
  }

  /// Sends `response` for `header`; returns "sent", "client_gone" or "timed_out".
  const char* send_response_msg(nb::handle response, nb::tuple header) {
    RequestHeader h;
    h.guid = nb::cast<std::uint64_t>(header[0]);
    h.seq = nb::cast<std::int64_t>(header[1]);
    const auto writer = nb::cast<std::uint64_t>(header[2]);
    ByteBuffer buf = serialize_with_header(*types_.response, response);
    SendResult result;
    {
      nb::gil_scoped_release release;  // may wait up to 100 ms for the client's reader to match
      result = send_response(h, writer, std::move(buf));
    }
    switch (result) {
      case SendResult::Sent:
        return "sent";
      case SendResult::ClientGone:
        return "client_gone";
      case SendResult::TimedOut:
        return "timed_out";
    }
    return "sent";
  }

 private:
  PyService(std::shared_ptr<Node> node, SrvTypes types, const std::string& name, const QoSProfile& qos)
      : Service(node, name, types.request->dds_type_name, types.response->dds_type_name, qos,
                type_hash_of(types.request->cls), type_hash_of(types.response->cls)),
        types_(std::move(types)) {}
  void take_requests_native(std::vector<ServiceRequest>& out, std::size_t max) { Service::take_requests(out, max); }

  SrvTypes types_;
};

class PyClient : public Client {
 public:
  PyClient(std::shared_ptr<Node> node, nb::handle srv_type, const std::string& name, nb::handle qos)
      : PyClient(node, SrvTypes(srv_type), node->resolve_topic_name(name, true), qos_from_py(qos)) {}

  std::int64_t send_request_msg(nb::handle request) {
    ByteBuffer buf = serialize_with_header(*types_.request, request);
    nb::gil_scoped_release release;
    return send_request(std::move(buf));
  }

  /// [(seq, response), ...] for up to `max` replies addressed to this client.
  nb::list take_responses_msg(std::size_t max) {
    std::vector<ServiceResponse> taken;
    {
      nb::gil_scoped_release release;
      take_responses(taken, max);
    }
    nb::list out;
    for (const ServiceResponse& r : taken) {
      nb::object msg;
      try {
        msg = deserialize_after_header(*types_.response, r.message);
      } catch (const CdrError&) {
        continue;
      }
      out.append(nb::make_tuple(r.header.seq, msg));
    }
    return out;
  }

 private:
  PyClient(std::shared_ptr<Node> node, SrvTypes types, const std::string& name, const QoSProfile& qos)
      : Client(node, name, types.request->dds_type_name, types.response->dds_type_name, qos,
               type_hash_of(types.request->cls), type_hash_of(types.response->cls)),
        types_(std::move(types)) {}

  SrvTypes types_;
};

}  // namespace

void bind_services(nb::module_& m) {
  nb::class_<Waitable>(m, "Waitable");

  nb::class_<PyService, Waitable>(m, "Service")
      .def(nb::init<std::shared_ptr<Node>, nb::handle, const std::string&, nb::handle>(), nb::arg("node"),
           nb::arg("srv_type"), nb::arg("name"), nb::arg("qos"))
      .def_prop_ro("service_name", &Service::service_name)
      .def_prop_ro("qos", [](const PyService& s) { return qos_to_py(s.qos()); })
      .def_prop_ro("user_data", &Service::user_data)
      .def_prop_ro("node", [](const PyService& s) { return s.node(); }, "The native node that owns this service.")
      .def("take_requests", &PyService::take_requests, nb::arg("max") = 64,
           "Takes waiting requests: a list of ((guid, seq, writer_handle), request).")
      .def("send_response", &PyService::send_response_msg, nb::arg("response"), nb::arg("header"),
           "Sends a reply; returns 'sent', 'client_gone' or 'timed_out'.")
      .def("destroy", &Service::destroy)
      .def("valid", &Service::valid);

  nb::class_<PyClient, Waitable>(m, "Client")
      .def(nb::init<std::shared_ptr<Node>, nb::handle, const std::string&, nb::handle>(), nb::arg("node"),
           nb::arg("srv_type"), nb::arg("name"), nb::arg("qos"))
      .def_prop_ro("service_name", &Client::service_name)
      .def_prop_ro("qos", [](const PyClient& c) { return qos_to_py(c.qos()); })
      .def_prop_ro("user_data", &Client::user_data)
      .def_prop_ro("guid", &Client::guid)
      .def("send_request", &PyClient::send_request_msg, nb::arg("request"),
           "Serializes and writes a request; returns its sequence number.")
      .def("take_responses", &PyClient::take_responses_msg, nb::arg("max") = 64,
           "Takes the replies addressed to this client: a list of (seq, response).")
      .def("service_is_ready", [](const PyClient& c) {
        nb::gil_scoped_release release;
        return c.service_is_ready();
      })
      .def("request_subscription_count", &Client::request_subscription_count)
      .def("reply_publisher_count", &Client::reply_publisher_count)
      .def("destroy", &Client::destroy)
      .def("valid", &Client::valid);
}

}  // namespace rclx::py
