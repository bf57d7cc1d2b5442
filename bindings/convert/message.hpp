// Message <-> CDR in one pass: reads the slots of rclpy-style message objects and writes CDR, and
// builds message objects straight from CDR bytes. The type support of a message class lives here.
#pragma once

#include <nanobind/nanobind.h>

#include <memory>
#include <string>
#include <vector>

#include "rclx/cdr.hpp"
#include "rclx/type_description.hpp"

namespace rclx::py {

namespace nb = nanobind;

struct MessageType;

/// One field as the converter sees it: its type, where its slot lives, its nested type.
struct SlotField {
  std::string name;
  FieldType type;
  Py_ssize_t offset = 0;                 ///< byte offset of the '_<name>' slot in an instance
  const MessageType* nested = nullptr;   ///< for message fields (kept alive by `nested_owner`)
  nb::object nested_owner;               ///< the nested type support object
};

/// The type support of one message class (what rclpy calls _TYPE_SUPPORT).
struct MessageType {
  std::string package, subfolder, name;
  std::string dds_type_name;  ///< "pkg::msg::dds_::Name_"
  nb::object cls;             ///< the Python class (a strong reference)
  PyTypeObject* type = nullptr;
  std::vector<SlotField> fields;
  std::size_t size_hint = 64;  ///< last serialized size, to reserve the buffer once

  std::string full_name() const { return package + "/" + subfolder + "/" + name; }
};

/// Serializes `msg` (which must be an instance of type.cls) into `out`, encapsulation header first.
/// Throws nb::type_error / nb::value_error naming the field on bad values.
void serialize(const MessageType& type, PyObject* msg, ByteBuffer& out);

/// Serializes only the fields into an existing writer (no header), for service request headers etc.
void serialize_fields(const MessageType& type, PyObject* msg, CdrWriter& w);

/// Builds a new instance of type.cls from a complete serialized message. Throws CdrError on malformed data.
nb::object deserialize(const MessageType& type, const std::uint8_t* data, std::size_t size);

/// Like deserialize, but numeric arrays of 4 KiB or more become read-only numpy views over `base`
/// (an object exposing the buffer that starts at `data`), which they keep alive. No copy of them is made.
nb::object deserialize_view(const MessageType& type, nb::handle base, const std::uint8_t* data, std::size_t size);

/// Builds an instance from the current position of a reader (after a service header, say).
nb::object deserialize_fields(const MessageType& type, CdrReader& r);

/// Creates the type support for a class; called once per class by the interface loader.
std::shared_ptr<MessageType> make_message_type(const MessageSpec& spec, nb::handle cls, nb::list nested);

}  // namespace rclx::py
