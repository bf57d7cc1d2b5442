// The single mapping from core exceptions to Python exceptions:
//   rclx::NameError            -> rclpy.exceptions.Invalid{NodeName,Namespace,TopicName,ServiceName}Exception
//   rclx::InvalidHandle        -> rclpy.exceptions.InvalidHandle
//   rclx::ContextShutdown      -> rclpy.exceptions.RCLError
//   rclx::Error (DDS failures) -> rclpy.exceptions.RCLError
//   rclx::InvalidRosArgsError  -> rclpy.exceptions.RCLInvalidROSArgsError
//   rclx::UnknownRosArgsError  -> rclpy.exceptions.UnknownROSArgsError
//   rclx::ParseError           -> rclx._core.ParseError (ValueError)
//   rclx::CdrError             -> rclx._core.CdrError (ValueError)
// Other std exceptions follow nanobind's table (invalid_argument -> ValueError, ...).
#include "errors.hpp"

#include <nanobind/stl/string.h>

#include <string>

#include "rclx/cdr.hpp"
#include "rclx/error.hpp"
#include "rclx/msg_parser.hpp"
#include "rclx/names.hpp"

namespace rclx::py {

namespace nb = nanobind;

namespace {

/// Raises rclpy.exceptions.<name>(*args), or `fallback` with `text` if rclpy is not importable.
void raise_rclpy(const char* name, nb::tuple args, PyObject* fallback, const char* text) {
  PyObject* cls = nullptr;
  nb::object mod = nb::steal(PyImport_ImportModule("rclpy.exceptions"));
  if (mod.is_valid()) cls = PyObject_GetAttrString(mod.ptr(), name);
  if (cls == nullptr) {
    PyErr_Clear();
    PyErr_SetString(fallback, text);
    return;
  }
  nb::object exc = nb::steal(PyObject_Call(cls, args.ptr(), nullptr));
  Py_DECREF(cls);
  if (!exc.is_valid()) return;  // constructing the exception failed: that error stands
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
}

const char* name_exception(std::string_view kind) {
  if (kind == "node name") return "InvalidNodeNameException";
  if (kind == "namespace") return "InvalidNamespaceException";
  if (kind == "service name") return "InvalidServiceNameException";
  return "InvalidTopicNameException";
}

}  // namespace

void bind_errors(nb::module_& m) {
  static nb::exception<ParseError> parse_error(m, "ParseError", PyExc_ValueError);
  static nb::exception<CdrError> cdr_error(m, "CdrError", PyExc_ValueError);
  nb::register_exception_translator([](const std::exception_ptr& p, void*) {
    try {
      std::rethrow_exception(p);
    } catch (const NameError& e) {
      nb::gil_scoped_acquire gil;
      raise_rclpy(name_exception(e.result().kind),
                  nb::make_tuple(e.name(), e.result().message, e.result().invalid_index), PyExc_ValueError,
                  e.what());
    } catch (const InvalidHandle& e) {
      raise_rclpy("InvalidHandle", nb::make_tuple(e.what()), PyExc_RuntimeError, e.what());
    } catch (const ContextShutdown& e) {
      raise_rclpy("RCLError", nb::make_tuple(e.what()), PyExc_RuntimeError, e.what());
    } catch (const Error& e) {
      raise_rclpy("RCLError", nb::make_tuple(e.what()), PyExc_RuntimeError, e.what());
    } catch (const UnknownRosArgsError& e) {
      nb::list args;
      for (const auto& a : e.args()) args.append(nb::str(a.c_str()));
      raise_rclpy("UnknownROSArgsError", nb::make_tuple(args), PyExc_ValueError, e.what());
    } catch (const InvalidRosArgsError& e) {
      raise_rclpy("RCLInvalidROSArgsError", nb::make_tuple(e.what()), PyExc_ValueError, e.what());
    }
  });
}

}  // namespace rclx::py
