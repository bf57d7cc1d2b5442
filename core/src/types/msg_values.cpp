// Literal values in interface files: field defaults and constants, parsed and checked as rosidl does.
#include "types/msg_values.hpp"

#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "rclx/msg_parser.hpp"

namespace rclx::detail {
namespace {

constexpr auto npos = std::string_view::npos;

// Length of the valid UTF-8 sequence starting at s[i], or 0 if the bytes there are not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) return 1;
  std::size_t n = (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  std::uint32_t cp = lead & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};  // shorter encodings are invalid
  if (cp < kMinimum[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Offset of the first byte that is not valid UTF-8, or npos.
std::size_t find_invalid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return npos;
}

// Python's int() and float(), which rosidl parses with, allow single '_' between digits
// ("10_000"); an integer also right after its 0x/0o/0b prefix. `letters` admits hex digits as
// neighbours. Returns false for a misplaced '_'.
bool remove_digit_separators(std::string_view text, bool letters, bool leading, std::string& out) {
  const auto is_digit_char = [letters](char c) { return is_digit(c) || (letters && (is_lower(c) || is_upper(c))); };
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '_') {
      out += text[i];
      continue;
    }
    const bool before = i == 0 ? leading : is_digit_char(text[i - 1]);
    if (!before || i + 1 == text.size() || !is_digit_char(text[i + 1])) return false;
  }
  return true;
}

struct IntegerRange {
  bool is_signed;
  std::uint64_t max_negative;  // magnitude of the minimum
  std::uint64_t max_positive;
};

IntegerRange integer_range(TypeKind kind) {
  switch (kind) {
    case TypeKind::Int8: return {true, 128, 127};
    case TypeKind::Int16: return {true, 32768, 32767};
    case TypeKind::Int32: return {true, 2147483648u, 2147483647u};
    case TypeKind::Int64: return {true, std::uint64_t{1} << 63, (std::uint64_t{1} << 63) - 1};
    case TypeKind::Uint16: return {false, 0, 65535};
    case TypeKind::Uint32: return {false, 0, 4294967295u};
    case TypeKind::Uint64: return {false, 0, UINT64_MAX};
    default: return {false, 0, 255};  // uint8, byte, char
  }
}

// Decimal like Python's int(); with a sign and 0x/0o/0b prefixes like int(text, 0), as rosidl.
Scalar parse_integer(const Line& line, std::string_view token, TypeKind kind) {
  const std::string type_name = type_kind_name(kind);
  std::string_view digits = token;
  const bool negative = digits.starts_with('-');
  if (negative || digits.starts_with('+')) digits.remove_prefix(1);
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0') {
    const char prefix = static_cast<char>(digits[1] | 0x20);
    base = prefix == 'x' ? 16 : prefix == 'o' ? 8 : prefix == 'b' ? 2 : 10;
    if (base != 10) digits.remove_prefix(2);
  }
  std::string separated;
  const bool separators_ok =
      digits.find('_') == npos || remove_digit_separators(digits, true, base != 10, separated);
  if (!separated.empty()) digits = separated;
  std::uint64_t magnitude = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (!separators_ok || digits.empty() || ec == std::errc::invalid_argument || end != digits.data() + digits.size()) {
    line.fail(token, "expected an integer value for " + type_name + ", found " + shown(token));
  }
  const IntegerRange range = integer_range(kind);
  if (ec == std::errc::result_out_of_range || magnitude > (negative ? range.max_negative : range.max_positive)) {
    const std::string minimum = range.is_signed ? "-" + std::to_string(range.max_negative) : "0";
    line.fail(token, "value " + shown(token) + " is out of range for " + type_name + " (" + minimum + " to " +
                         std::to_string(range.max_positive) + ")");
  }
  if (range.is_signed) return static_cast<std::int64_t>(negative ? 0 - magnitude : magnitude);  // C++20: modular
  return magnitude;
}

// Like Python's float(), which rosidl uses: decimal and exponent forms, inf, nan; '.' only.
Scalar parse_float(const Line& line, std::string_view token, TypeKind kind) {
  const std::string type_name = type_kind_name(kind);
  std::string_view text = token;
  if (text.size() > 1 && text[0] == '+' && text[1] != '-' && text[1] != '+') text.remove_prefix(1);
  std::string separated;
  const bool separators_ok = text.find('_') == npos || remove_digit_separators(text, false, false, separated);
  if (!separated.empty()) text = separated;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!separators_ok || text.empty() || ec == std::errc::invalid_argument || end != text.data() + text.size()) {
    line.fail(token, "expected a floating-point value for " + type_name + " (with '.' as the decimal point), found " +
                         shown(token));
  }
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves `value` untouched on range errors; strtod rounds underflow towards zero
    // and gives HUGE_VAL on overflow. The syntax is already checked, so the parses agree.
    value = std::strtod(std::string(text).c_str(), nullptr);
  }
  const bool overflow = ec == std::errc::result_out_of_range && std::isinf(value);
  if (overflow || (kind == TypeKind::Float32 && std::isfinite(value) && std::fabs(value) > FLT_MAX)) {
    line.fail(token, "value " + shown(token) + " is out of range for " + type_name);
  }
  return value;
}

Scalar parse_bool(const Line& line, std::string_view token) {
  std::string lower(token);
  for (char& c : lower) c = is_upper(c) ? static_cast<char>(c + ('a' - 'A')) : c;
  if (lower == "true" || lower == "1") return true;
  if (lower == "false" || lower == "0") return false;
  line.fail(token, "expected true, false, 1 or 0 for bool, found " + shown(token));
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Backslash escapes as Python's unicode_escape, which rosidl applies to every string default
// and constant (quoted or not) when it writes the .idl: \\ \' \" \n \t \r \a \b \f \v, octal
// \ooo, \xHH, \uXXXX, \UXXXXXXXX. Unknown escapes stay as written.
std::string unescape(const Line& line, std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 == body.size()) {
      out += body[i];
      continue;
    }
    const std::string_view escape = body.substr(i, 2);
    const char e = body[++i];
    constexpr std::string_view kSimple = "\\'\"ntrabfv";
    constexpr std::string_view kSimpleValue = "\\'\"\n\t\r\a\b\f\v";
    if (const std::size_t k = kSimple.find(e); k != npos) {
      out += kSimpleValue[k];
    } else if (e >= '0' && e <= '7') {
      std::uint32_t cp = static_cast<std::uint32_t>(e - '0');
      for (int n = 1; n < 3 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7'; ++n) {
        cp = cp * 8 + static_cast<std::uint32_t>(body[++i] - '0');
      }
      append_utf8(out, cp);
    } else if (e == 'x' || e == 'u' || e == 'U') {
      const std::size_t width = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      const std::string_view hex = body.substr(i + 1, width);
      const std::string_view written = body.substr(i - 1, width + 2);
      std::uint32_t cp = 0;
      const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), cp, 16);
      if (hex.size() != width || ec != std::errc() || end != hex.data() + hex.size()) {
        line.fail(escape, "invalid escape " + shown(written) + ": expected " + std::to_string(width) + " hex digits");
      }
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        line.fail(escape, "escape " + shown(written) + " is not a valid Unicode code point");
      }
      append_utf8(out, cp);
      i += width;
    } else {
      out += escape;
    }
  }
  return out;
}

// A string value: '...' or "..." (the whole token), or the bare token as written.
Scalar parse_string(const Line& line, std::string_view token, const FieldType& type) {
  std::string_view body = token;
  if (!token.empty() && is_quote(token[0])) {
    const std::size_t close = closing_quote(token);
    if (close == npos) {
      line.fail(token, std::string("unterminated string: expected a closing ") + token[0] + " to match this one");
    }
    if (close + 1 != token.size()) {
      line.fail(token.substr(close + 1), "unexpected text " + shown(token.substr(close + 1)) +
                                             " after the closing quote of a string value");
    }
    body = token.substr(1, close - 1);
  }
  if (const std::size_t bad = find_invalid_utf8(body); bad != npos) {
    line.fail(body.substr(bad), "string value is not valid UTF-8");
  }
  std::string value = unescape(line, body);
  if (type.string_bound != 0) {
    std::size_t length = 0;  // in code points, as Python's len() that rosidl checks with
    for (char c : value) length += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (length > type.string_bound) {
      line.fail(token, "string value has " + std::to_string(length) + " characters, more than the bound " +
                           std::to_string(type.string_bound) + " of its type");
    }
  }
  return value;
}

}  // namespace

void Line::fail(std::string_view at, const std::string& message) const {
  const auto offset = at.data() == nullptr ? 0 : static_cast<std::size_t>(at.data() - text.data());
  int column = 1;  // counted in code points, as editors show columns
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  throw ParseError(file, number, column, message);
}

// Messages about fuzzed input stay short and remain valid UTF-8, so Python can show them.
std::string shown(std::string_view s) {
  constexpr std::size_t kMaxBytes = 60;
  std::string out = "'";
  std::size_t i = 0;
  while (i < s.size() && i < kMaxBytes) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = utf8_length(s, i);
    if (n == 0 || c < 0x20 || c == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  if (i < s.size()) out += "...";
  return out + "'";
}

// Index of the quote that closes the string opened by s[0], skipping backslash escapes; npos if none.
std::size_t closing_quote(std::string_view s) {
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == s[0]) {
      return i;
    }
  }
  return npos;
}

Scalar parse_scalar(const Line& line, std::string_view token, const FieldType& type) {
  switch (type.kind) {
    case TypeKind::Bool: return parse_bool(line, token);
    case TypeKind::Float32:
    case TypeKind::Float64: return parse_float(line, token, type.kind);
    case TypeKind::String:
    case TypeKind::WString: return parse_string(line, token, type);
    default: return parse_integer(line, token, type.kind);
  }
}

// String elements may be quoted, so commas and ']' inside quotes do not split. A trailing comma
// is allowed (rosidl allows it for string arrays).
std::vector<Scalar> parse_array(const Line& line, std::string_view token, const FieldType& type,
                                std::string_view type_token) {
  if (token.size() < 2 || token.front() != '[' || token.back() != ']') {
    line.fail(token, "expected an array value such as [1, 2, 3] for type " + shown(type_token) + ", found " +
                         shown(token));
  }
  FieldType element = type;
  element.array = ArrayKind::None;
  element.array_size = 0;
  std::vector<Scalar> values;
  std::string_view rest = trim_left(token.substr(1, token.size() - 2));
  while (!rest.empty()) {
    std::string_view item;
    if (element.is_string() && is_quote(rest[0])) {
      const std::size_t close = closing_quote(rest);
      if (close == npos) line.fail(rest, std::string("unterminated string: expected a closing ") + rest[0]);
      item = rest.substr(0, close + 1);
      rest = trim_left(rest.substr(close + 1));
      if (!rest.empty() && rest[0] != ',') {
        line.fail(rest, "expected ',' or ']' after an array element, found " + shown(rest));
      }
    } else {
      const std::size_t comma = rest.find(',');
      item = trim_right(rest.substr(0, comma));
      rest = comma == npos ? rest.substr(rest.size()) : rest.substr(comma);
      if (item.empty()) line.fail(item, "empty array element: expected a value before ','");
    }
    if (type.array != ArrayKind::Unbounded && values.size() == type.array_size) {
      line.fail(item, "too many elements in the value of type " + shown(type_token) + ": it holds " +
                          (type.array == ArrayKind::Fixed ? "exactly " : "at most ") +
                          std::to_string(type.array_size));
    }
    values.push_back(parse_scalar(line, item, element));
    if (!rest.empty()) rest = trim_left(rest.substr(1));  // past the ','
  }
  if (type.array == ArrayKind::Fixed && values.size() != type.array_size) {
    line.fail(token, "the value of type " + shown(type_token) + " needs exactly " + std::to_string(type.array_size) +
                         " elements, found " + std::to_string(values.size()));
  }
  return values;
}

}  // namespace rclx::detail
