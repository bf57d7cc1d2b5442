// Message <-> CDR in one pass, walking the type description and the instance slots together.
#include "convert/message.hpp"

#include <structmember.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

namespace rclx::py {
namespace {

/// A conversion failure inside a message; `path` grows as it unwinds through nested fields.
struct FieldError {
  std::string path;
  std::string message;
  bool is_type_error;
};

[[noreturn]] void fail(const SlotField& f, std::string message, bool is_type_error = false) {
  throw FieldError{f.name, std::move(message), is_type_error};
}

[[noreturn]] void fail_python(const SlotField& f) {
  // Keep the Python error text (e.g. "int too big to convert") but name the field.
  nb::python_error err;
  fail(f, err.what());
}

std::string type_name_of(PyObject* v) { return Py_TYPE(v)->tp_name; }

/// Python-side helpers looked up once: array.array and numpy.empty with the dtype per kind.
struct PyHelpers {
  nb::object array_type;
  nb::object numpy_empty;
  nb::object dtypes[16];
  nb::object typecodes[16];
  nb::object frombytes_name;
  nb::object byteswap_name;
  bool ready = false;
};

PyHelpers& helpers() {
  static PyHelpers* h = new PyHelpers();  // leaked on purpose: lives until interpreter exit
  if (!h->ready) {
    h->array_type = nb::module_::import_("array").attr("array");
    nb::module_ np = nb::module_::import_("numpy");
    h->numpy_empty = np.attr("empty");
    const char* dt[16] = {"bool", "uint8", "uint8", "float32", "float64", "int8", "uint8", "int16",
                          "uint16", "int32", "uint32", "int64", "uint64", "", "", ""};
    const char* tc[16] = {"", "B", "B", "f", "d", "b", "B", "h", "H", "i", "I", "q", "Q", "", "", ""};
    for (int i = 0; i < 13; ++i) {
      h->dtypes[i] = np.attr("dtype")(dt[i]);
      h->typecodes[i] = nb::str(tc[i]);
    }
    h->frombytes_name = nb::str("frombytes");
    h->byteswap_name = nb::str("byteswap");
    h->ready = true;
  }
  return *h;
}

constexpr int kind_index(TypeKind k) { return static_cast<int>(k); }

std::size_t primitive_size(TypeKind k) {
  switch (k) {
    case TypeKind::Bool:
    case TypeKind::Byte:
    case TypeKind::Char:
    case TypeKind::Int8:
    case TypeKind::Uint8:
      return 1;
    case TypeKind::Int16:
    case TypeKind::Uint16:
      return 2;
    case TypeKind::Int32:
    case TypeKind::Uint32:
    case TypeKind::Float32:
      return 4;
    case TypeKind::Int64:
    case TypeKind::Uint64:
    case TypeKind::Float64:
      return 8;
    default:
      return 0;
  }
}

/// Kinds stored as numpy arrays (fixed) / array.array (sequences) by rclpy.
bool is_numeric(TypeKind k) {
  return k != TypeKind::Bool && k != TypeKind::Byte && k != TypeKind::String && k != TypeKind::WString &&
         k != TypeKind::Message;
}

bool is_float(TypeKind k) { return k == TypeKind::Float32 || k == TypeKind::Float64; }
bool is_signed(TypeKind k) {
  return k == TypeKind::Int8 || k == TypeKind::Int16 || k == TypeKind::Int32 || k == TypeKind::Int64;
}

// ---------------------------------------------------------------------------------------------
// Python -> CDR

std::int64_t as_signed(const SlotField& f, PyObject* v, std::int64_t lo, std::int64_t hi) {
  if (!PyLong_Check(v) || PyBool_Check(v)) {
    if (PyBool_Check(v) || !PyIndex_Check(v)) fail(f, "expected int, got " + type_name_of(v), true);
  }
  int overflow = 0;
  const long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
  if (x == -1 && PyErr_Occurred()) fail_python(f);
  if (overflow != 0 || x < lo || x > hi) {
    fail(f, "integer out of range: expected a value in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return x;
}

std::uint64_t as_unsigned(const SlotField& f, PyObject* v, std::uint64_t hi) {
  if (!PyLong_Check(v) || PyBool_Check(v)) {
    if (PyBool_Check(v) || !PyIndex_Check(v)) fail(f, "expected int, got " + type_name_of(v), true);
  }
  const unsigned long long x = PyLong_AsUnsignedLongLong(v);
  if (x == static_cast<unsigned long long>(-1) && PyErr_Occurred()) {
    PyErr_Clear();
    fail(f, "integer out of range: expected a value in [0, " + std::to_string(hi) + "]");
  }
  if (x > hi) fail(f, "integer out of range: expected a value in [0, " + std::to_string(hi) + "]");
  return x;
}

double as_double(const SlotField& f, PyObject* v) {
  if (PyFloat_CheckExact(v)) return PyFloat_AS_DOUBLE(v);
  if (PyBool_Check(v) || !(PyFloat_Check(v) || PyLong_Check(v) || PyIndex_Check(v) || PyNumber_Check(v))) {
    fail(f, "expected float, got " + type_name_of(v), true);
  }
  const double d = PyFloat_AsDouble(v);
  if (d == -1.0 && PyErr_Occurred()) fail_python(f);
  return d;
}

std::uint8_t as_byte(const SlotField& f, PyObject* v) {
  if (PyBytes_Check(v)) {
    if (PyBytes_GET_SIZE(v) != 1) fail(f, "expected bytes of length 1, got length " + std::to_string(PyBytes_GET_SIZE(v)));
    return static_cast<std::uint8_t>(PyBytes_AS_STRING(v)[0]);
  }
  return static_cast<std::uint8_t>(as_unsigned(f, v, 255));
}

void write_wstring(CdrWriter& w, const SlotField& f, PyObject* v) {
  if (!PyUnicode_Check(v)) fail(f, "expected str, got " + type_name_of(v), true);
  // rmw_cyclonedds' legacy CDR: uint32 count of UTF-16 code units, each widened to 4 bytes, no NUL.
  const Py_ssize_t n = PyUnicode_GET_LENGTH(v);
  std::vector<std::uint32_t> units;
  units.reserve(static_cast<std::size_t>(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    const Py_UCS4 cp = PyUnicode_READ_CHAR(v, i);
    if (cp >= 0x10000) {
      units.push_back(0xD800u + ((cp - 0x10000u) >> 10));
      units.push_back(0xDC00u + ((cp - 0x10000u) & 0x3FFu));
    } else {
      units.push_back(cp);
    }
  }
  if (f.type.string_bound != 0 && units.size() > f.type.string_bound) {
    fail(f, "wstring of length " + std::to_string(units.size()) + " exceeds its bound " + std::to_string(f.type.string_bound));
  }
  w.write<std::uint32_t>(static_cast<std::uint32_t>(units.size()));
  w.write_bytes(units.data(), units.size() * 4);
}

void write_string(CdrWriter& w, const SlotField& f, PyObject* v) {
  if (!PyUnicode_Check(v)) fail(f, "expected str, got " + type_name_of(v), true);
  Py_ssize_t n = 0;
  const char* s = PyUnicode_AsUTF8AndSize(v, &n);
  if (s == nullptr) fail_python(f);
  if (f.type.string_bound != 0 && static_cast<std::size_t>(PyUnicode_GET_LENGTH(v)) > f.type.string_bound) {
    fail(f, "string of length " + std::to_string(PyUnicode_GET_LENGTH(v)) + " exceeds its bound " +
                std::to_string(f.type.string_bound));
  }
  w.write_string(s, static_cast<std::size_t>(n));
}

void write_message(CdrWriter& w, const MessageType& type, PyObject* msg);

void write_scalar(CdrWriter& w, const SlotField& f, PyObject* v) {
  switch (f.type.kind) {
    case TypeKind::Bool: {
      const int b = PyObject_IsTrue(v);
      if (b < 0) fail_python(f);
      w.write<std::uint8_t>(static_cast<std::uint8_t>(b));
      break;
    }
    case TypeKind::Byte:
      w.write<std::uint8_t>(as_byte(f, v));
      break;
    case TypeKind::Char:
    case TypeKind::Uint8:
      w.write<std::uint8_t>(static_cast<std::uint8_t>(as_unsigned(f, v, 0xFF)));
      break;
    case TypeKind::Int8:
      w.write<std::int8_t>(static_cast<std::int8_t>(as_signed(f, v, INT8_MIN, INT8_MAX)));
      break;
    case TypeKind::Int16:
      w.write<std::int16_t>(static_cast<std::int16_t>(as_signed(f, v, INT16_MIN, INT16_MAX)));
      break;
    case TypeKind::Uint16:
      w.write<std::uint16_t>(static_cast<std::uint16_t>(as_unsigned(f, v, 0xFFFF)));
      break;
    case TypeKind::Int32:
      w.write<std::int32_t>(static_cast<std::int32_t>(as_signed(f, v, INT32_MIN, INT32_MAX)));
      break;
    case TypeKind::Uint32:
      w.write<std::uint32_t>(static_cast<std::uint32_t>(as_unsigned(f, v, 0xFFFFFFFFu)));
      break;
    case TypeKind::Int64:
      w.write<std::int64_t>(as_signed(f, v, INT64_MIN, INT64_MAX));
      break;
    case TypeKind::Uint64:
      w.write<std::uint64_t>(as_unsigned(f, v, UINT64_MAX));
      break;
    case TypeKind::Float32:
      w.write<float>(static_cast<float>(as_double(f, v)));
      break;
    case TypeKind::Float64:
      w.write<double>(as_double(f, v));
      break;
    case TypeKind::String:
      write_string(w, f, v);
      break;
    case TypeKind::WString:
      write_wstring(w, f, v);
      break;
    case TypeKind::Message:
      if (Py_TYPE(v) != f.nested->type && PyObject_IsInstance(v, f.nested->cls.ptr()) != 1) {
        PyErr_Clear();
        fail(f, "expected " + f.nested->full_name() + ", got " + type_name_of(v), true);
      }
      write_message(w, *f.nested, v);
      break;
  }
}

/// Checks a buffer's element format against the field kind (so a float array never lands in an int field).
bool format_matches(const Py_buffer& view, TypeKind k) {
  if (static_cast<std::size_t>(view.itemsize) != primitive_size(k)) return false;
  const char* fmt = view.format != nullptr ? view.format : "B";
  while (*fmt == '@' || *fmt == '=' || *fmt == '<') ++fmt;
  if (fmt[0] == '\0' || fmt[1] != '\0') return false;
  const char c = fmt[0];
  if (is_float(k)) return c == 'f' || c == 'd' || c == 'e';
  if (k == TypeKind::Bool) return c == '?';
  if (is_signed(k)) return c == 'b' || c == 'h' || c == 'i' || c == 'l' || c == 'q';
  return c == 'B' || c == 'H' || c == 'I' || c == 'L' || c == 'Q' || c == 'c';
}

void check_count(const SlotField& f, std::size_t n) {
  if (f.type.array == ArrayKind::Fixed && n != f.type.array_size) {
    fail(f, "expected " + std::to_string(f.type.array_size) + " elements, got " + std::to_string(n));
  }
  if (f.type.array == ArrayKind::Bounded && n > f.type.array_size) {
    fail(f, "sequence of " + std::to_string(n) + " elements exceeds its bound " + std::to_string(f.type.array_size));
  }
}

struct BufferGuard {
  Py_buffer view{};
  bool held = false;
  ~BufferGuard() {
    if (held) PyBuffer_Release(&view);
  }
};

void write_array(CdrWriter& w, const SlotField& f, PyObject* v) {
  const TypeKind k = f.type.kind;
  const bool with_length = f.type.array != ArrayKind::Fixed;
  // Numeric arrays (numpy, array.array, bytes): one memcpy.
  if ((is_numeric(k) || k == TypeKind::Byte) && PyObject_CheckBuffer(v)) {
    BufferGuard g;
    if (PyObject_GetBuffer(v, &g.view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) == 0) {
      g.held = true;
      const bool byteish = (k == TypeKind::Byte || k == TypeKind::Uint8 || k == TypeKind::Char) && g.view.itemsize == 1;
      if (!byteish && !format_matches(g.view, k)) {
        fail(f, std::string("array of element format '") + (g.view.format ? g.view.format : "?") +
                    "' does not match the field's type " + field_type_string(f.type), true);
      }
      const std::size_t n = static_cast<std::size_t>(g.view.len / g.view.itemsize);
      check_count(f, n);
      if (with_length) w.write<std::uint32_t>(static_cast<std::uint32_t>(n));
      if (n != 0) std::memcpy(w.grow(static_cast<std::size_t>(g.view.len), primitive_size(k)), g.view.buf,
                              static_cast<std::size_t>(g.view.len));
      return;
    }
    PyErr_Clear();
  }
  if (PyUnicode_Check(v) || !PySequence_Check(v)) {
    // rclpy accepts any sequence or set; sets are iterated in their own order.
    if (!(PyAnySet_Check(v))) fail(f, "expected a sequence, got " + type_name_of(v), true);
  }
  nb::object seq = nb::steal(PySequence_Fast(v, "expected a sequence"));
  if (!seq.is_valid()) fail_python(f);
  const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq.ptr());
  PyObject** items = PySequence_Fast_ITEMS(seq.ptr());
  check_count(f, static_cast<std::size_t>(n));
  if (with_length) w.write<std::uint32_t>(static_cast<std::uint32_t>(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    try {
      write_scalar(w, f, items[i]);
    } catch (FieldError& e) {
      e.path += "[" + std::to_string(i) + "]";
      throw;
    }
  }
}

void write_message(CdrWriter& w, const MessageType& type, PyObject* msg) {
  if (type.fields.empty()) {
    w.write<std::uint8_t>(0);  // an empty struct is one placeholder byte on the wire
    return;
  }
  char* base = reinterpret_cast<char*>(msg);
  for (const SlotField& f : type.fields) {
    PyObject* v = *reinterpret_cast<PyObject**>(base + f.offset);
    try {
      if (v == nullptr) fail(f, "field is not set");
      if (f.type.is_array()) {
        write_array(w, f, v);
      } else {
        write_scalar(w, f, v);
      }
    } catch (FieldError& e) {
      if (&f.name != &e.path && e.path != f.name) e.path = f.name + "." + e.path;
      throw;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// CDR -> Python

nb::object read_message(CdrReader& r, const MessageType& type);

template <typename T>
T rd(CdrReader& r) {
  return r.read<T>();
}

PyObject* read_scalar(CdrReader& r, const SlotField& f) {
  switch (f.type.kind) {
    case TypeKind::Bool:
      return PyBool_FromLong(rd<std::uint8_t>(r) != 0);
    case TypeKind::Byte: {
      const char b = static_cast<char>(rd<std::uint8_t>(r));
      return PyBytes_FromStringAndSize(&b, 1);
    }
    case TypeKind::Char:
    case TypeKind::Uint8:
      return PyLong_FromLong(rd<std::uint8_t>(r));
    case TypeKind::Int8:
      return PyLong_FromLong(rd<std::int8_t>(r));
    case TypeKind::Int16:
      return PyLong_FromLong(rd<std::int16_t>(r));
    case TypeKind::Uint16:
      return PyLong_FromLong(rd<std::uint16_t>(r));
    case TypeKind::Int32:
      return PyLong_FromLong(rd<std::int32_t>(r));
    case TypeKind::Uint32:
      return PyLong_FromUnsignedLong(rd<std::uint32_t>(r));
    case TypeKind::Int64:
      return PyLong_FromLongLong(rd<std::int64_t>(r));
    case TypeKind::Uint64:
      return PyLong_FromUnsignedLongLong(rd<std::uint64_t>(r));
    case TypeKind::Float32:
      return PyFloat_FromDouble(static_cast<double>(rd<float>(r)));
    case TypeKind::Float64:
      return PyFloat_FromDouble(rd<double>(r));
    case TypeKind::String: {
      auto [s, n] = r.read_string(f.name.c_str());
      if (n > 0 && s[n] != '\0') throw CdrError("string is not NUL-terminated");
      if (f.type.string_bound != 0 && n > f.type.string_bound * 4) throw CdrError("string exceeds its bound");
      PyObject* u = PyUnicode_DecodeUTF8(s, static_cast<Py_ssize_t>(n), "strict");
      if (u == nullptr) {
        PyErr_Clear();
        throw CdrError("string is not valid UTF-8");
      }
      return u;
    }
    case TypeKind::WString: {
      const std::uint32_t n = r.read_length(4, f.name.c_str());
      const std::uint8_t* p = r.take(std::size_t{n} * 4, 4);
      std::u16string units(n, u'\0');
      for (std::uint32_t i = 0; i < n; ++i) {
        std::uint32_t u;
        std::memcpy(&u, p + 4 * i, 4);
        if (r.swapped()) u = CdrReader::byteswap(u);
        units[i] = static_cast<char16_t>(u);
      }
      int order = -1;  // little-endian UTF-16 code units in host order
      PyObject* s = PyUnicode_DecodeUTF16(reinterpret_cast<const char*>(units.data()),
                                          static_cast<Py_ssize_t>(units.size() * 2), "strict", &order);
      if (s == nullptr) {
        PyErr_Clear();
        throw CdrError("wstring is not valid UTF-16");
      }
      return s;
    }
    case TypeKind::Message:
      return read_message(r, *f.nested).release().ptr();
  }
  return nullptr;
}

/// Set while a zero-copy deserialize runs: large numeric arrays become numpy views over `base`,
/// whose buffer starts at `origin`. Only touched with the GIL held.
struct ViewContext {
  PyObject* base = nullptr;
  const std::uint8_t* origin = nullptr;
};
thread_local ViewContext view_context;

/// Arrays below this size are copied even in zero-copy mode: a view costs more than a small copy.
constexpr std::size_t kViewMinBytes = 4096;

PyObject* numpy_view(const SlotField& f, const std::uint8_t* src, std::size_t n) {
  // Leaked on purpose, like helpers(): a static nb::object would be released after finalization.
  static nb::object* frombuffer = new nb::object(nb::module_::import_("numpy").attr("frombuffer"));
  PyHelpers& h = helpers();
  nb::object arr = (*frombuffer)(nb::handle(view_context.base), h.dtypes[kind_index(f.type.kind)], n,
                              static_cast<std::size_t>(src - view_context.origin));
  return arr.release().ptr();
}

PyObject* read_numeric_array(CdrReader& r, const SlotField& f, std::size_t n) {
  PyHelpers& h = helpers();
  const std::size_t elem = primitive_size(f.type.kind);
  const std::uint8_t* src = n != 0 ? r.take(n * elem, elem) : nullptr;
  const int ki = kind_index(f.type.kind);
  if (view_context.base != nullptr && n * elem >= kViewMinBytes && !(r.swapped() && elem > 1)) {
    return numpy_view(f, src, n);
  }
  if (f.type.array == ArrayKind::Fixed) {
    nb::object arr = h.numpy_empty(n, h.dtypes[ki]);
    Py_buffer view;
    if (PyObject_GetBuffer(arr.ptr(), &view, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS) != 0) throw nb::python_error();
    if (n != 0) std::memcpy(view.buf, src, n * elem);
    PyBuffer_Release(&view);
    if (r.swapped() && elem > 1) arr.attr("byteswap")(true);
    return arr.release().ptr();
  }
  nb::object arr = h.array_type(h.typecodes[ki]);
  if (n != 0) {
    nb::object mv = nb::steal(PyMemoryView_FromMemory(const_cast<char*>(reinterpret_cast<const char*>(src)),
                                                      static_cast<Py_ssize_t>(n * elem), PyBUF_READ));
    nb::object res = nb::steal(PyObject_CallMethodOneArg(arr.ptr(), h.frombytes_name.ptr(), mv.ptr()));
    if (!res.is_valid()) throw nb::python_error();
    if (r.swapped() && elem > 1) arr.attr("byteswap")();
  }
  return arr.release().ptr();
}

PyObject* read_array(CdrReader& r, const SlotField& f) {
  std::size_t n = f.type.array_size;
  if (f.type.array != ArrayKind::Fixed) {
    const std::size_t min_elem = f.type.kind == TypeKind::Message ? 1 : std::max<std::size_t>(1, primitive_size(f.type.kind));
    n = r.read_length(f.type.is_string() ? 4 : min_elem, f.name.c_str());
    if (f.type.array == ArrayKind::Bounded && n > f.type.array_size) {
      throw CdrError("sequence of " + std::to_string(n) + " elements exceeds its bound " +
                     std::to_string(f.type.array_size));
    }
  }
  if (is_numeric(f.type.kind)) return read_numeric_array(r, f, n);
  nb::object list = nb::steal(PyList_New(static_cast<Py_ssize_t>(n)));
  for (std::size_t i = 0; i < n; ++i) {
    PyObject* item = read_scalar(r, f);
    if (item == nullptr) throw nb::python_error();
    PyList_SET_ITEM(list.ptr(), static_cast<Py_ssize_t>(i), item);
  }
  return list.release().ptr();
}

nb::object read_message(CdrReader& r, const MessageType& type) {
  PyTypeObject* tp = type.type;
  nb::object obj = nb::steal(tp->tp_alloc(tp, 0));
  if (!obj.is_valid()) throw nb::python_error();
  if (type.fields.empty()) {
    (void)r.read<std::uint8_t>();
    return obj;
  }
  char* base = reinterpret_cast<char*>(obj.ptr());
  for (const SlotField& f : type.fields) {
    PyObject* v;
    try {
      v = f.type.is_array() ? read_array(r, f) : read_scalar(r, f);
    } catch (const CdrError& e) {
      const std::string what = e.what();
      throw CdrError(what.rfind("field '", 0) == 0 ? "field '" + f.name + "." + what.substr(7)
                                                   : "field '" + f.name + "': " + what);
    }
    if (v == nullptr) throw nb::python_error();
    PyObject** slot = reinterpret_cast<PyObject**>(base + f.offset);
    Py_XSETREF(*slot, v);
  }
  return obj;
}

}  // namespace

void serialize_fields(const MessageType& type, PyObject* msg, CdrWriter& w) {
  try {
    write_message(w, type, msg);
  } catch (const FieldError& e) {
    const std::string text = "field '" + e.path + "' of " + type.full_name() + ": " + e.message;
    if (e.is_type_error) throw nb::type_error(text.c_str());
    throw nb::value_error(text.c_str());
  }
}

void serialize(const MessageType& type, PyObject* msg, ByteBuffer& out) {
  if (Py_TYPE(msg) != type.type && PyObject_IsInstance(msg, type.cls.ptr()) != 1) {
    PyErr_Clear();
    throw nb::type_error(("expected a " + type.full_name() + " message, got " + type_name_of(msg)).c_str());
  }
  out.reserve(type.size_hint);
  CdrWriter w(out);
  serialize_fields(type, msg, w);
  const_cast<MessageType&>(type).size_hint = out.size();
}

nb::object deserialize_fields(const MessageType& type, CdrReader& r) { return read_message(r, type); }

nb::object deserialize(const MessageType& type, const std::uint8_t* data, std::size_t size) {
  CdrReader r(data, size);
  return read_message(r, type);
}

nb::object deserialize_view(const MessageType& type, nb::handle base, const std::uint8_t* data, std::size_t size) {
  struct Scope {
    ViewContext saved = view_context;
    ~Scope() { view_context = saved; }
  } scope;
  view_context = ViewContext{base.ptr(), data};
  CdrReader r(data, size);
  return read_message(r, type);
}

std::shared_ptr<MessageType> make_message_type(const MessageSpec& spec, nb::handle cls, nb::list nested) {
  if (!PyType_Check(cls.ptr())) throw nb::type_error("register_message_type: cls must be a class");
  if (nb::len(nested) != spec.fields.size()) {
    throw nb::value_error("register_message_type: `nested` must have one entry per field");
  }
  (void)helpers();
  auto t = std::make_shared<MessageType>();
  t->package = spec.package;
  t->subfolder = spec.subfolder;
  t->name = spec.name;
  t->dds_type_name = spec.package + "::" + spec.subfolder + "::dds_::" + spec.name + "_";
  t->cls = nb::borrow(cls);
  t->type = reinterpret_cast<PyTypeObject*>(cls.ptr());
  nb::dict dict = nb::borrow<nb::dict>(t->type->tp_dict);
  for (std::size_t i = 0; i < spec.fields.size(); ++i) {
    SlotField f;
    f.name = spec.fields[i].name;
    f.type = spec.fields[i].type;
    // The slot's member descriptor tells where instances keep the value.
    nb::object descr = nb::steal(PyObject_GetAttrString(cls.ptr(), ("_" + f.name).c_str()));
    if (!descr.is_valid() || Py_TYPE(descr.ptr()) != &PyMemberDescr_Type) {
      PyErr_Clear();
      throw nb::type_error(("register_message_type: class has no __slots__ entry '_" + f.name + "'").c_str());
    }
    const PyMemberDef* member = reinterpret_cast<PyMemberDescrObject*>(descr.ptr())->d_member;
    f.offset = member->offset;
    if (f.type.kind == TypeKind::Message) {
      nb::handle n = nested[i];
      nb::object ts = n.is_none() ? nb::object() : nb::getattr(n, "_TYPE_SUPPORT", nb::none());
      if (!ts.is_valid() || ts.is_none() || !nb::isinstance<MessageType>(ts)) {
        throw nb::type_error(("register_message_type: field '" + f.name +
                              "' needs the registered class of its nested type " + f.type.package + "/" +
                              f.type.name).c_str());
      }
      f.nested = nb::inst_ptr<MessageType>(ts);
      f.nested_owner = ts;
    }
    t->fields.push_back(std::move(f));
  }
  (void)dict;
  return t;
}

}  // namespace rclx::py
