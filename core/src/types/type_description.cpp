// Names of field types: the .msg primitive names and rosidl's IDL spellings that rclpy shows users.
#include "rclx/type_description.hpp"

namespace rclx {

const char* type_kind_name(TypeKind kind) {
  switch (kind) {
    case TypeKind::Bool: return "bool";
    case TypeKind::Byte: return "byte";
    case TypeKind::Char: return "char";
    case TypeKind::Float32: return "float32";
    case TypeKind::Float64: return "float64";
    case TypeKind::Int8: return "int8";
    case TypeKind::Uint8: return "uint8";
    case TypeKind::Int16: return "int16";
    case TypeKind::Uint16: return "uint16";
    case TypeKind::Int32: return "int32";
    case TypeKind::Uint32: return "uint32";
    case TypeKind::Int64: return "int64";
    case TypeKind::Uint64: return "uint64";
    case TypeKind::String: return "string";
    case TypeKind::WString: return "wstring";
    case TypeKind::Message: return "";
  }
  return "";
}

namespace {

// The element type as rosidl's IDL names it: .msg's byte is IDL's octet, and .msg's char
// became uint8 in ROS 2 (IDL's char is a different, unsupported-in-.msg type).
std::string idl_element_name(const FieldType& type) {
  switch (type.kind) {
    case TypeKind::Bool: return "boolean";
    case TypeKind::Byte: return "octet";
    case TypeKind::Char: return "uint8";
    case TypeKind::Float32: return "float";
    case TypeKind::Float64: return "double";
    case TypeKind::String:
    case TypeKind::WString: {
      std::string name = type_kind_name(type.kind);
      if (type.string_bound != 0) name += "<" + std::to_string(type.string_bound) + ">";
      return name;
    }
    case TypeKind::Message: return type.package.empty() ? type.name : type.package + "/" + type.name;
    default: return type_kind_name(type.kind);
  }
}

}  // namespace

std::string field_type_string(const FieldType& type) {
  std::string element = idl_element_name(type);
  switch (type.array) {
    case ArrayKind::None: return element;
    case ArrayKind::Fixed: return element + "[" + std::to_string(type.array_size) + "]";
    case ArrayKind::Bounded: return "sequence<" + element + ", " + std::to_string(type.array_size) + ">";
    case ArrayKind::Unbounded: return "sequence<" + element + ">";
  }
  return element;
}

}  // namespace rclx
