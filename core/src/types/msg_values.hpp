// Private to the interface parser: literal values (field defaults, constants) and the text helpers both share.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rclx/type_description.hpp"

namespace rclx::detail {

/// One physical line of an interface file, which knows how to report an error inside itself.
struct Line {
  std::string_view text;  ///< without the line break
  int number;             ///< 1-based, counted from the top of the file
  const std::string& file;

  /// Throws a ParseError at the start of `at`, which must be a view into `text`.
  [[noreturn]] void fail(std::string_view at, const std::string& message) const;
};

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_quote(char c) { return c == '"' || c == '\''; }

inline std::string_view trim_left(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  return s;
}
inline std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}
inline std::string_view trim(std::string_view s) { return trim_right(trim_left(s)); }

/// `s` quoted for an error message: control bytes and broken UTF-8 escaped, long text cut short.
std::string shown(std::string_view s);

/// Index of the quote that closes the string opened by s[0], skipping backslash escapes; npos if none.
std::size_t closing_quote(std::string_view s);

/// One value of a primitive, non-array `type` (a default or a constant), range-checked.
Scalar parse_scalar(const Line& line, std::string_view token, const FieldType& type);

/// "[a, b, c]" for an array of primitives, with the element count checked against `type`.
/// `type_token` is the type as written, for messages.
std::vector<Scalar> parse_array(const Line& line, std::string_view token, const FieldType& type,
                                std::string_view type_token);

}  // namespace rclx::detail
