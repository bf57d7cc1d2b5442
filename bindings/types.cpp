// Interface definitions for Python: the parser, the parsed specs, type registration and (de)serialization.
#include <nanobind/nanobind.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include "convert/message.hpp"
#include "rclx/msg_parser.hpp"
#include "types.hpp"

namespace rclx::py {

namespace {

const char* kind_str(TypeKind k) {
  const char* name = type_kind_name(k);
  return *name != '\0' ? name : "message";
}

const char* array_str(ArrayKind a) {
  switch (a) {
    case ArrayKind::None:
      return "none";
    case ArrayKind::Fixed:
      return "fixed";
    case ArrayKind::Bounded:
      return "bounded";
    case ArrayKind::Unbounded:
      return "unbounded";
  }
  return "none";
}

nb::object scalar_to_py(const Scalar& s) {
  return std::visit([](const auto& v) -> nb::object { return nb::cast(v); }, s);
}

nb::object value_to_py(const Value& v) {
  if (std::holds_alternative<Scalar>(v)) return scalar_to_py(std::get<Scalar>(v));
  if (std::holds_alternative<std::vector<Scalar>>(v)) {
    nb::list out;
    for (const auto& s : std::get<std::vector<Scalar>>(v)) out.append(scalar_to_py(s));
    return out;
  }
  return nb::none();
}

}  // namespace

void bind_types(nb::module_& m) {
  nb::class_<FieldType>(m, "FieldType")
      .def_prop_ro("kind", [](const FieldType& t) { return kind_str(t.kind); })
      .def_prop_ro("array", [](const FieldType& t) { return array_str(t.array); })
      .def_ro("array_size", &FieldType::array_size)
      .def_ro("string_bound", &FieldType::string_bound)
      .def_ro("package", &FieldType::package)
      .def_ro("name", &FieldType::name)
      .def_prop_ro("type_string", [](const FieldType& t) { return field_type_string(t); })
      .def("__repr__", [](const FieldType& t) { return "<FieldType " + field_type_string(t) + ">"; });
  nb::class_<Field>(m, "Field")
      .def_ro("name", &Field::name)
      .def_ro("type", &Field::type)
      .def_prop_ro("default", [](const Field& f) { return value_to_py(f.default_value); });
  nb::class_<Constant>(m, "Constant")
      .def_ro("name", &Constant::name)
      .def_ro("type", &Constant::type)
      .def_prop_ro("value", [](const Constant& c) { return scalar_to_py(c.value); });
  nb::class_<MessageSpec>(m, "MessageSpec")
      .def_ro("package", &MessageSpec::package)
      .def_ro("subfolder", &MessageSpec::subfolder)
      .def_ro("name", &MessageSpec::name)
      .def_ro("fields", &MessageSpec::fields)
      .def_ro("constants", &MessageSpec::constants)
      .def("__repr__", [](const MessageSpec& s) { return "<MessageSpec " + s.package + "/" + s.subfolder + "/" + s.name + ">"; });
  nb::class_<ServiceSpec>(m, "ServiceSpec")
      .def_ro("package", &ServiceSpec::package)
      .def_ro("name", &ServiceSpec::name)
      .def_ro("request", &ServiceSpec::request)
      .def_ro("response", &ServiceSpec::response);
  nb::class_<ActionSpec>(m, "ActionSpec")
      .def_ro("package", &ActionSpec::package)
      .def_ro("name", &ActionSpec::name)
      .def_ro("goal", &ActionSpec::goal)
      .def_ro("result", &ActionSpec::result)
      .def_ro("feedback", &ActionSpec::feedback);

  m.def(
      "parse_message",
      [](std::string_view text, const std::string& package, const std::string& name, const std::string& file,
         const std::string& subfolder) {
        MessageSpec spec = parse_message(text, package, name, file);
        spec.subfolder = subfolder;
        return spec;
      },
      nb::arg("text"), nb::arg("package"), nb::arg("name"), nb::arg("file") = "<string>",
      nb::arg("subfolder") = "msg", "Parses .msg text into a MessageSpec; raises ParseError (file:line:col: ...).");
  m.def("parse_service", &parse_service, nb::arg("text"), nb::arg("package"), nb::arg("name"),
        nb::arg("file") = "<string>", "Parses .srv text into a ServiceSpec.");
  m.def("parse_action", &parse_action, nb::arg("text"), nb::arg("package"), nb::arg("name"),
        nb::arg("file") = "<string>", "Parses .action text into an ActionSpec.");

  nb::class_<MessageType>(m, "MessageTypeSupport")
      .def_ro("dds_type_name", &MessageType::dds_type_name)
      .def_prop_ro("full_name", &MessageType::full_name)
      .def_prop_ro("cls", [](const MessageType& t) { return t.cls; });
  m.def(
      "register_message_type",
      [](const MessageSpec& spec, nb::handle cls, nb::list nested) { return make_message_type(spec, cls, nested); },
      nb::arg("spec"), nb::arg("cls"), nb::arg("nested"),
      "Creates the type support of a message class; `nested` holds the class of each message field (else None).");
  m.def(
      "serialize",
      [](nb::handle msg) {
        const MessageType& t = type_support_of(nb::handle(reinterpret_cast<PyObject*>(Py_TYPE(msg.ptr()))));
        ByteBuffer buf;
        serialize(t, msg.ptr(), buf);
        return nb::bytes(reinterpret_cast<const char*>(buf.data()), buf.size());
      },
      nb::arg("msg"), "Serializes a message to CDR bytes (encapsulation header included).");
  m.def(
      "deserialize",
      [](nb::bytes data, nb::handle cls) {
        const MessageType& t = type_support_of(cls);
        return deserialize(t, reinterpret_cast<const std::uint8_t*>(data.c_str()), data.size());
      },
      nb::arg("data"), nb::arg("cls"), "Builds a message of class `cls` from CDR bytes; raises CdrError if malformed.");
  m.def(
      "deserialize_view",
      [](nb::handle data, nb::handle cls) {
        const MessageType& t = type_support_of(cls);
        Py_buffer view;
        if (PyObject_GetBuffer(data.ptr(), &view, PyBUF_C_CONTIGUOUS) != 0) throw nb::python_error();
        struct Release {
          Py_buffer* v;
          ~Release() { PyBuffer_Release(v); }
        } release{&view};
        return deserialize_view(t, data, static_cast<const std::uint8_t*>(view.buf), static_cast<std::size_t>(view.len));
      },
      nb::arg("data"), nb::arg("cls"),
      "Zero-copy deserialize: numeric arrays of 4 KiB or more are read-only numpy views over `data`.");
}

std::string type_hash_of(nb::handle cls) {
  nb::object hash = nb::module_::import_("rclx.interfaces._description").attr("type_hash")(cls);
  return hash.is_none() ? std::string() : nb::cast<std::string>(hash);
}

const MessageType& type_support_of(nb::handle cls) {
  nb::object ts = nb::getattr(cls, "_TYPE_SUPPORT", nb::none());
  if (ts.is_none() || !nb::isinstance<MessageType>(ts)) {
    throw nb::type_error(("'" + std::string(nb::str(nb::getattr(cls, "__name__", nb::str("?"))).c_str()) +
                          "' is not a ROS message class (it has no rclx type support)").c_str());
  }
  return *nb::inst_ptr<MessageType>(ts);
}

}  // namespace rclx::py
