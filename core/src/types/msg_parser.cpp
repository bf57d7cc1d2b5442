// Parser for ROS 2 .msg/.srv/.action text: splits the parts, turns each line into a field or a constant.
//
// The grammar and the naming rules are those of rosidl_adapter's .msg parser (the reference that
// decides what ROS 2 builds). Where rosidl is silent or quirky, the choices are recorded next to
// the code that makes them. Every error is a ParseError pointing at the offending text.
#include "rclx/msg_parser.hpp"

#include <charconv>
#include <initializer_list>
#include <unordered_map>
#include <utility>
#include <vector>

#include "types/msg_values.hpp"

namespace rclx {

ParseError::ParseError(std::string file, int line, int column, const std::string& message)
    : std::invalid_argument(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message),
      file_(std::move(file)),
      line_(line),
      column_(column),
      message_(message) {}

namespace detail {
namespace {

constexpr std::string_view kSeparator = "---";
constexpr auto npos = std::string_view::npos;

// ---- names (rosidl's rules) ----

constexpr const char* kLowerNameRule =
    "start with a lower-case letter and contain only lower-case letters, digits and single "
    "underscores, not at the end";
constexpr const char* kConstantNameRule =
    "constant names start with an upper-case letter and contain only upper-case letters, digits "
    "and single underscores, not at the end";
constexpr const char* kPrimitiveList = "bool, byte, char, float32, float64, int8 to uint64, string, wstring";
constexpr const char* kTypeNameRule =
    "type names start with an upper-case letter and contain only letters and digits";

// Package and field names: [a-z][a-z0-9_]* without "__" or a trailing '_'. With `upper`,
// the same shape in upper case, which is the constant name rule.
bool is_valid_snake_name(std::string_view s, bool upper) {
  const auto is_letter = upper ? is_upper : is_lower;
  if (s.empty() || !is_letter(s.front()) || s.back() == '_') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!is_letter(c) && !is_digit(c) && c != '_') return false;
    if (c == '_' && s[i - 1] == '_') return false;
  }
  return true;
}

// PascalCase, optionally with rosidl's "Sample_" prefix and the suffixes of the types ROS 2
// generates for services and actions, so a field can name "Fibonacci_Goal". rosidl strips
// _Request, _Response, _Goal, _Result and _Feedback; rclx also knows the other generated names
// (AddTwoInts_Event, Fibonacci_SendGoal_Request, Fibonacci_FeedbackMessage, ...) so the
// service and action wrapper types can be written as message text too.
bool is_valid_type_name(std::string_view s) {
  if (s.starts_with("Sample_")) s.remove_prefix(7);
  for (std::string_view suffix : {"_Request", "_Response", "_Event", "_SendGoal", "_GetResult", "_Goal", "_Result",
                                  "_Feedback", "_FeedbackMessage"}) {
    if (s.ends_with(suffix)) s.remove_suffix(suffix.size());
  }
  if (s.empty() || !is_upper(s.front())) return false;
  for (char c : s) {
    if (!is_upper(c) && !is_lower(c) && !is_digit(c)) return false;
  }
  return true;
}

// ---- types ----

// A positive bound ("3" of "[3]", "[<=3]", "string<=3") that fits the model's uint32.
std::uint32_t parse_bound(const Line& line, std::string_view digits, const char* what) {
  bool all_digits = !digits.empty();
  for (char c : digits) all_digits = all_digits && is_digit(c);
  if (!all_digits) {
    line.fail(digits, std::string("invalid ") + what + " " + shown(digits) + ": expected a positive integer");
  }
  std::uint64_t value = 0;
  const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (result.ec == std::errc::result_out_of_range || value > UINT32_MAX) {
    line.fail(digits, std::string(what) + " " + shown(digits) + " is too large: the maximum is 4294967295");
  }
  if (value == 0) line.fail(digits, std::string(what) + " must be greater than 0, found 0");
  return static_cast<std::uint32_t>(value);
}

constexpr TypeKind kPrimitiveKinds[] = {
    TypeKind::Bool,  TypeKind::Byte,   TypeKind::Char,  TypeKind::Float32, TypeKind::Float64,
    TypeKind::Int8,  TypeKind::Uint8,  TypeKind::Int16, TypeKind::Uint16,  TypeKind::Int32,
    TypeKind::Uint32, TypeKind::Int64, TypeKind::Uint64, TypeKind::String, TypeKind::WString,
};

// The element type: a primitive, a bounded string or a nested message.
void parse_element_type(const Line& line, std::string_view base, const std::string& package, FieldType& type) {
  for (TypeKind kind : kPrimitiveKinds) {
    if (base == type_kind_name(kind)) {
      type.kind = kind;
      return;
    }
  }
  for (TypeKind kind : {TypeKind::String, TypeKind::WString}) {
    const std::string_view name = type_kind_name(kind);
    if (base.size() > name.size() && base.starts_with(name) && base[name.size()] == '<') {
      const std::string_view bound = base.substr(name.size() + 1);
      if (!bound.starts_with('=')) {
        const std::string spelled(name);
        line.fail(bound, "a bounded " + spelled + " is written '" + spelled + "<=N', found " + shown(base));
      }
      type.kind = kind;
      type.string_bound = parse_bound(line, bound.substr(1), "string bound");
      return;
    }
  }
  if (base == "time" || base == "duration") {
    line.fail(base, "unknown type " + shown(base) + ": ROS 2 has no time or duration primitive; "
                    "use builtin_interfaces/Time or builtin_interfaces/Duration");
  }
  const std::size_t slash = base.find('/');
  std::string_view type_package = package;
  std::string_view type_name = base;
  if (slash == npos) {
    if (!is_valid_type_name(base)) {
      line.fail(base, "unknown type " + shown(base) + ": expected a primitive type (" + kPrimitiveList +
                          ") or a message type such as 'Pose' or 'geometry_msgs/Pose'");
    }
  } else {
    type_package = base.substr(0, slash);
    type_name = base.substr(slash + 1);
    if (type_name.find('/') != npos) {
      line.fail(base, "invalid type " + shown(base) + ": expected 'package/Type' with a single '/'");
    }
    if (!is_valid_snake_name(type_package, false)) {
      line.fail(type_package, "invalid package name " + shown(type_package) + " in type " + shown(base) +
                                  ": package names " + kLowerNameRule);
    }
    if (!is_valid_type_name(type_name)) {
      line.fail(type_name, "invalid type name " + shown(type_name) + " in type " + shown(base) + ": " + kTypeNameRule);
    }
  }
  type.kind = TypeKind::Message;
  type.package = type_package;
  type.name = type_name;
}

// A whole type token: element type plus at most one array suffix ("[3]", "[<=3]" or "[]").
FieldType parse_type(const Line& line, std::string_view token, const std::string& package) {
  FieldType type;
  std::string_view base = token;
  if (token.ends_with(']')) {
    const std::size_t open = token.rfind('[');
    if (open == npos) line.fail(token.substr(token.size() - 1), "found ']' without '[' in type " + shown(token));
    const std::string_view size = token.substr(open + 1, token.size() - open - 2);
    if (size.empty()) {
      type.array = ArrayKind::Unbounded;
    } else if (size.starts_with("<=")) {
      type.array = ArrayKind::Bounded;
      type.array_size = parse_bound(line, size.substr(2), "array bound");
    } else {
      type.array = ArrayKind::Fixed;
      type.array_size = parse_bound(line, size, "array size");
    }
    base = token.substr(0, open);
  }
  if (const std::size_t bracket = base.find_first_of("[]"); bracket != npos) {
    if (type.is_array()) {
      line.fail(base.substr(bracket), "type " + shown(token) + " has more than one array suffix; "
                                      "multi-dimensional arrays are not supported");
    }
    const std::size_t close = token.rfind(']');
    if (close == npos) {
      line.fail(token.substr(token.size()), "expected ']' to close the array suffix of type " + shown(token));
    }
    line.fail(token.substr(close + 1), "unexpected text " + shown(token.substr(close + 1)) +
                                           " after the array suffix of type " + shown(token));
  }
  if (base.empty()) line.fail(token, "expected an element type before '[' in type " + shown(token));
  parse_element_type(line, base, package, type);
  return type;
}

// ---- lines and messages ----

// The line without its comment. '#' starts a comment unless it is inside a quoted string; a
// quote opens a string only at the start of a token, so "don't" stays an ordinary word.
// (rosidl cuts at the first '#' anywhere; rclx keeps '#' inside quoted defaults and constants.)
std::string_view strip_comment(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#') return text.substr(0, i);
    const bool token_start = i == 0 || is_space(text[i - 1]) || text[i - 1] == '=' || text[i - 1] == '[' ||
                             text[i - 1] == ',';
    if (is_quote(c) && token_start) {
      const std::size_t close = closing_quote(text.substr(i));
      if (close == npos) return text;  // the value parser reports the unterminated string
      i += close;
    }
  }
  return text;
}

/// What one part (a message) has seen so far: names map to the line that declared them.
struct PartBuilder {
  MessageSpec& spec;
  std::unordered_map<std::string_view, int> field_lines;
  std::unordered_map<std::string_view, int> constant_lines;
};

void check_unique(const Line& line, std::unordered_map<std::string_view, int>& seen, std::string_view name,
                  const char* what) {
  const auto [it, inserted] = seen.emplace(name, line.number);
  if (!inserted) {
    line.fail(name, std::string("duplicate ") + what + " name " + shown(name) + " (first declared on line " +
                        std::to_string(it->second) + ")");
  }
}

void add_constant(const Line& line, PartBuilder& part, std::string_view type_token, std::string_view name,
                  std::string_view value) {
  FieldType type = parse_type(line, type_token, part.spec.package);
  if (!type.is_primitive() || type.is_array() || type.string_bound != 0) {
    line.fail(type_token, "constant " + shown(name) + " has type " + shown(type_token) +
                              ": constants must have a primitive, non-array type (" + kPrimitiveList + ")");
  }
  if (!is_valid_snake_name(name, true)) {
    line.fail(name, "invalid constant name " + shown(name) + ": " + kConstantNameRule);
  }
  check_unique(line, part.constant_lines, name, "constant");
  // As in rosidl, "string S=" is the empty string; other types need a value.
  if (value.empty() && !type.is_string()) line.fail(value, "expected a value after '=' for constant " + shown(name));
  Scalar parsed = value.empty() ? Scalar(std::string()) : parse_scalar(line, value, type);
  part.spec.constants.push_back(Constant{std::string(name), std::move(type), std::move(parsed)});
}

void add_field(const Line& line, PartBuilder& part, std::string_view type_token, std::string_view name,
               std::string_view default_value) {
  FieldType type = parse_type(line, type_token, part.spec.package);
  if (!is_valid_snake_name(name, false)) {
    line.fail(name, "invalid field name " + shown(name) + ": field names " + kLowerNameRule);
  }
  check_unique(line, part.field_lines, name, "field");
  Value value;
  if (!default_value.empty()) {
    if (!type.is_primitive()) {
      line.fail(default_value, "field " + shown(name) + " of nested type " + shown(type_token) +
                                   " cannot have a default value; defaults are only allowed for primitive types");
    }
    if (type.is_array()) {
      value = parse_array(line, default_value, type, type_token);
    } else {
      value = parse_scalar(line, default_value, type);
    }
  }
  part.spec.fields.push_back(Field{std::string(name), std::move(type), std::move(value)});
}

// One statement: "type name", "type name default" or "type NAME=value" (spaces around '=' allowed).
void parse_statement(const Line& line, std::string_view content, PartBuilder& part) {
  std::size_t type_end = 0;
  while (type_end < content.size() && !is_space(content[type_end])) ++type_end;
  const std::string_view type_token = content.substr(0, type_end);
  if (type_token.starts_with('@')) {
    line.fail(type_token, "annotation " + shown(type_token) + " is not supported; expected a type");
  }
  const std::string_view rest = trim_left(content.substr(type_end));
  if (rest.empty()) {
    line.fail(rest, "expected a field or constant name after the type " + shown(type_token));
  }
  std::size_t name_end = 0;
  while (name_end < rest.size() && !is_space(rest[name_end]) && rest[name_end] != '=') ++name_end;
  const std::string_view name = rest.substr(0, name_end);
  const std::string_view after_name = trim_left(rest.substr(name_end));
  // A '=' right after the name makes a constant; a '=' later on is part of a default value.
  // (rosidl treats any '=' on the line as a constant, which rejects defaults like "a=b".)
  if (after_name.starts_with('=')) {
    if (name.empty()) line.fail(after_name, "expected a constant name before '='");
    add_constant(line, part, type_token, name, trim_left(after_name.substr(1)));
  } else {
    add_field(line, part, type_token, name, after_name);
  }
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      lines.push_back(text.substr(start, i - start));
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

// What a line says once comments and surrounding whitespace are gone; empty for blank lines.
std::string_view line_content(std::string_view text) { return trim(strip_comment(text)); }

void check_interface_name(const std::string& package, const std::string& name, const std::string& file) {
  if (!is_valid_snake_name(package, false)) {
    throw ParseError(file, 1, 1, "invalid package name " + shown(package) + ": package names " + kLowerNameRule);
  }
  if (!is_valid_type_name(name)) {
    throw ParseError(file, 1, 1, "invalid interface name " + shown(name) + ": " + kTypeNameRule);
  }
}

// Lines [begin, end) as one message; line numbers stay those of the whole file.
MessageSpec parse_part(const std::vector<std::string_view>& lines, std::size_t begin, std::size_t end,
                       const std::string& package, std::string name, const char* subfolder,
                       const std::string& file) {
  MessageSpec spec;
  spec.package = package;
  spec.subfolder = subfolder;
  spec.name = std::move(name);
  PartBuilder part{spec, {}, {}};
  for (std::size_t i = begin; i < end; ++i) {
    const Line line{lines[i], static_cast<int>(i + 1), file};
    const std::string_view content = line_content(line.text);
    if (content.empty()) continue;
    if (content == kSeparator) {
      line.fail(content, "unexpected '---': it only separates the parts of a .srv or .action file");
    }
    parse_statement(line, content, part);
  }
  return spec;
}

// Indices of the "---" lines (surrounding whitespace and a trailing comment allowed).
std::vector<std::size_t> find_separators(const std::vector<std::string_view>& lines) {
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (line_content(lines[i]) == kSeparator) found.push_back(i);
  }
  return found;
}

// Checks the number of "---" lines: a missing one is reported at the end of the file, an extra
// one where it stands.
void check_separators(const std::vector<std::string_view>& lines, const std::vector<std::size_t>& separators,
                      std::size_t expected, const std::string& what, const std::string& file) {
  if (separators.size() > expected) {
    const std::size_t extra = separators[expected];
    const Line line{lines[extra], static_cast<int>(extra + 1), file};
    line.fail(line_content(line.text), "unexpected '---': " + what);
  }
  if (separators.size() < expected) {
    const std::string_view last = lines.empty() ? std::string_view{} : lines.back();
    const Line line{last, static_cast<int>(lines.empty() ? 1 : lines.size()), file};
    line.fail(last.substr(last.size()), "missing '---' at the end of the file: " + what + ", found " +
                                            std::to_string(separators.size()));
  }
}

}  // namespace
}  // namespace detail

MessageSpec parse_message(std::string_view text, const std::string& package, const std::string& name,
                          const std::string& file) {
  detail::check_interface_name(package, name, file);
  const auto lines = detail::split_lines(text);
  return detail::parse_part(lines, 0, lines.size(), package, name, "msg", file);
}

ServiceSpec parse_service(std::string_view text, const std::string& package, const std::string& name,
                          const std::string& file) {
  detail::check_interface_name(package, name, file);
  const auto lines = detail::split_lines(text);
  const auto sep = detail::find_separators(lines);
  detail::check_separators(lines, sep, 1, "a .srv file has exactly one '---' line (request --- response)", file);
  ServiceSpec spec;
  spec.package = package;
  spec.name = name;
  spec.request = detail::parse_part(lines, 0, sep[0], package, name + "_Request", "srv", file);
  spec.response = detail::parse_part(lines, sep[0] + 1, lines.size(), package, name + "_Response", "srv", file);
  return spec;
}

ActionSpec parse_action(std::string_view text, const std::string& package, const std::string& name,
                        const std::string& file) {
  detail::check_interface_name(package, name, file);
  const auto lines = detail::split_lines(text);
  const auto sep = detail::find_separators(lines);
  detail::check_separators(lines, sep, 2,
                           "an .action file has exactly two '---' lines (goal --- result --- feedback)", file);
  ActionSpec spec;
  spec.package = package;
  spec.name = name;
  spec.goal = detail::parse_part(lines, 0, sep[0], package, name + "_Goal", "action", file);
  spec.result = detail::parse_part(lines, sep[0] + 1, sep[1], package, name + "_Result", "action", file);
  spec.feedback = detail::parse_part(lines, sep[1] + 1, lines.size(), package, name + "_Feedback", "action", file);
  return spec;
}

}  // namespace rclx
