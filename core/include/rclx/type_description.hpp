// Parsed ROS 2 interface definitions: the type model shared by the parser, the CDR codec and the bindings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rclx {

/// The element kind of a field, before any array suffix.
enum class TypeKind : std::uint8_t {
  Bool,
  Byte,
  Char,
  Float32,
  Float64,
  Int8,
  Uint8,
  Int16,
  Uint16,
  Int32,
  Uint32,
  Int64,
  Uint64,
  String,
  WString,
  Message,  ///< a nested message, named by FieldType::package / FieldType::name
};

/// How a field is repeated.
enum class ArrayKind : std::uint8_t {
  None,       ///< a single value
  Fixed,      ///< T[N]: exactly array_size elements, no length on the wire
  Bounded,    ///< T[<=N]: at most array_size elements, uint32 length on the wire
  Unbounded,  ///< T[]: any number of elements, uint32 length on the wire
};

/// The complete type of a field or constant.
struct FieldType {
  TypeKind kind = TypeKind::Int32;
  ArrayKind array = ArrayKind::None;
  std::uint32_t array_size = 0;    ///< N of T[N] and T[<=N]; 0 otherwise
  std::uint32_t string_bound = 0;  ///< N of string<=N / wstring<=N; 0 means unbounded
  std::string package;             ///< for Message: the package of the nested type
  std::string name;                ///< for Message: the nested type's name, e.g. "Header"

  bool is_array() const { return array != ArrayKind::None; }
  bool is_primitive() const { return kind != TypeKind::Message; }
  bool is_string() const { return kind == TypeKind::String || kind == TypeKind::WString; }
  friend bool operator==(const FieldType&, const FieldType&) = default;
};

/// A scalar literal from a default value or constant. Signed integer types hold int64_t; unsigned
/// ones, byte and char hold uint64_t; floats hold double; strings (also wstring) are UTF-8.
using Scalar = std::variant<bool, std::int64_t, std::uint64_t, double, std::string>;

/// A default value: one scalar, or a list of them for array fields.
using Value = std::variant<std::monostate, Scalar, std::vector<Scalar>>;

/// One field of a message, in declaration order.
struct Field {
  std::string name;
  FieldType type;
  Value default_value;  ///< std::monostate when the definition gives no default
};

/// A constant declared with '=' (`int32 X=5`); only primitive, non-array types.
struct Constant {
  std::string name;
  FieldType type;
  Scalar value;
};

/// One message: a .msg file, or one part of a .srv / .action.
struct MessageSpec {
  std::string package;  ///< e.g. "std_msgs"
  std::string subfolder = "msg";  ///< "msg", "srv" or "action": the namespace of the generated type
  std::string name;     ///< e.g. "String", "AddTwoInts_Request"
  std::vector<Field> fields;
  std::vector<Constant> constants;
};

/// A .srv file: request --- response.
struct ServiceSpec {
  std::string package;
  std::string name;
  MessageSpec request;   ///< named <name>_Request, subfolder "srv"
  MessageSpec response;  ///< named <name>_Response, subfolder "srv"
};

/// An .action file: goal --- result --- feedback.
struct ActionSpec {
  std::string package;
  std::string name;
  MessageSpec goal;      ///< named <name>_Goal, subfolder "action"
  MessageSpec result;    ///< named <name>_Result
  MessageSpec feedback;  ///< named <name>_Feedback
};

/// The lower-case ROS name of a primitive kind ("int32", "string", ...); "" for Message.
const char* type_kind_name(TypeKind kind);

/// The ROS 2 spelling of a field type as get_fields_and_field_types() shows it: rosidl's IDL
/// names ("boolean", "octet", "float", "double", "string<5>", "sequence<double>",
/// "sequence<double, 3>", "double[3]", "std_msgs/Header", ...).
std::string field_type_string(const FieldType& type);

}  // namespace rclx
