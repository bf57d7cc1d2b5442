// Command-line arguments: the `--ros-args ... [--]` sections of an argv, read as rcl_parse_arguments does.
#include <algorithm>
#include <cstdio>
#include <utility>

#include "names/names__lexer.hpp"
#include "names/names__remap.hpp"
#include "rclx/names.hpp"

namespace rclx {
namespace {

using detail::Lexeme;
using detail::LexCursor;
using detail::RuleError;

// ---- values of the flags ------------------------------------------------------------------------

char to_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// rcutils' severity names, matched without regard to case.
int parse_severity(std::string_view text) {
  static constexpr std::pair<std::string_view, int> kSeverities[] = {
      {"UNSET", 0}, {"DEBUG", 10}, {"INFO", 20}, {"WARN", 30}, {"ERROR", 40}, {"FATAL", 50}};
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(), to_upper);
  for (const auto& [name, value] : kSeverities) {
    if (upper == name) return value;
  }
  throw RuleError("Argument does not use a valid severity level");
}

void set_logger_level(RosArgs& out, std::string logger, int severity) {
  for (LoggerLevel& existing : out.logger_levels) {
    if (existing.logger == logger) {
      existing.severity = severity;
      return;
    }
  }
  out.logger_levels.push_back({std::move(logger), severity});
}

// `level` sets the default; `logger:=level` sets one logger (its name is anything before ':=').
void apply_log_level(std::string_view text, RosArgs& out) {
  LexCursor cursor(text);
  while (cursor.peek() != Lexeme::separator && cursor.peek() != Lexeme::eof) cursor.accept();
  if (cursor.peek() == Lexeme::eof) {
    out.default_log_level = parse_severity(text);
    return;
  }
  std::string logger(cursor.since(0));
  if (logger.empty()) throw RuleError("Argument has an invalid logger item that name is empty");
  cursor.accept();
  const std::string_view level = cursor.expect(Lexeme::token, "a severity level");
  cursor.expect(Lexeme::eof, "the end");
  set_logger_level(out, std::move(logger), parse_severity(level));
}

// One dot-separated part of a parameter name: tokens and slashes ("foo", "a/b").
void parse_param_name_part(LexCursor& cursor) {
  const Lexeme next = cursor.peek();
  if (next == Lexeme::wild_one) throw RuleError("Wildcard '*' is not implemented");
  if (next == Lexeme::wild_multi) throw RuleError("Wildcard '**' is not implemented");
  if (next != Lexeme::token && next != Lexeme::forward_slash) cursor.fail_expecting("a parameter name");
  while (cursor.peek() == Lexeme::token || cursor.peek() == Lexeme::forward_slash) cursor.accept();
}

// [node:]name:=value, the value kept as written.
void apply_param(std::string_view text, RosArgs& out) {
  LexCursor cursor(text);
  ParamOverride param;
  if (cursor.peek() == Lexeme::token && cursor.peek2() == Lexeme::colon) {
    param.node = std::string(cursor.accept());
    cursor.accept();
  }
  const std::size_t start = cursor.position();
  parse_param_name_part(cursor);
  while (cursor.peek() != Lexeme::separator) {
    cursor.expect(Lexeme::dot, "'.' or ':='");
    parse_param_name_part(cursor);
  }
  param.name = std::string(cursor.since(start));
  cursor.accept();
  param.value = std::string(cursor.rest());
  if (param.value.empty()) throw RuleError("the parameter value is empty");
  out.param_overrides.push_back(std::move(param));
}

void apply_remap(std::string_view text, RosArgs& out) {
  out.remap_rules.push_back(detail::parse_remap_rule_or_throw(text));
}

// rcl reads the parameter file at this point; here it is only recorded, for the parameters code.
void apply_params_file(std::string_view text, RosArgs& out) { out.param_files.emplace_back(text); }
void apply_log_file_name(std::string_view text, RosArgs& out) { out.log_file_name = std::string(text); }
void apply_log_config_file(std::string_view text, RosArgs& out) { out.log_config_file = std::string(text); }
void apply_enclave(std::string_view text, RosArgs& out) { out.enclave = std::string(text); }

// ---- the flags ----------------------------------------------------------------------------------

/// A flag followed by a value, with rcl's wording for a bad or a missing value.
struct ValueFlag {
  std::string_view name;
  std::string_view short_name;
  std::string_view what;      // "Couldn't parse <what>: '<flag> <value>'. Error: <why>"
  std::string_view trailing;  // the error when the value is missing; %s stands for the flag
  void (*apply)(std::string_view value, RosArgs& out);
};

constexpr ValueFlag kValueFlags[] = {
    {"--param", "-p", "parameter override rule",
     "Couldn't parse trailing %s flag. No parameter override rule found.", apply_param},
    {"--remap", "-r", "remap rule", "Couldn't parse trailing %s flag. No remap rule found.", apply_remap},
    {"--params-file", "", "params file", "Couldn't parse trailing %s flag. No file path provided.",
     apply_params_file},
    {"--log-level", "", "log level", "Couldn't parse trailing log level flag: '%s'. No log level provided.",
     apply_log_level},
    {"--log-file-name", "", "log file name prefix",
     "Couldn't parse trailing %s flag. No string prefix provided.", apply_log_file_name},
    {"--log-config-file", "", "log configuration file",
     "Couldn't parse trailing %s flag. No file path provided.", apply_log_config_file},
    {"--enclave", "-e", "enclave name", "Couldn't parse trailing %s flag. No enclave path provided.",
     apply_enclave},
};

/// `--enable-<suffix>` / `--disable-<suffix>`, setting one of RosArgs' "disabled" switches.
struct ToggleFlag {
  std::string_view suffix;
  bool RosArgs::*disabled;
};

constexpr ToggleFlag kToggleFlags[] = {
    {"stdout-logs", &RosArgs::stdout_logs_disabled},
    {"rosout-logs", &RosArgs::rosout_logs_disabled},
    {"external-lib-logs", &RosArgs::external_lib_logs_disabled},
};

const ValueFlag* find_value_flag(std::string_view arg) {
  for (const ValueFlag& flag : kValueFlags) {
    if (arg == flag.name || (!flag.short_name.empty() && arg == flag.short_name)) return &flag;
  }
  return nullptr;
}

std::string with_flag(std::string_view format, std::string_view flag) {
  std::string text(format);
  text.replace(text.find("%s"), 2, flag);
  return text;
}

// Applies the flag at args[i] to its value at args[i + 1], whatever that value looks like (as rcl).
void apply_value_flag(const ValueFlag& flag, std::span<const std::string> args, std::size_t i, RosArgs& out) {
  if (i + 1 >= args.size()) throw InvalidRosArgsError(with_flag(flag.trailing, args[i]));
  try {
    flag.apply(args[i + 1], out);
  } catch (const RuleError& error) {
    throw InvalidRosArgsError("Couldn't parse " + std::string(flag.what) + ": '" + args[i] + " " +
                              args[i + 1] + "'. Error: " + error.what());
  }
}

bool apply_toggle_flag(std::string_view arg, RosArgs& out) {
  const bool enable = arg.starts_with("--enable-");
  if (!enable && !arg.starts_with("--disable-")) return false;
  const std::string_view suffix = arg.substr(enable ? 9 : 10);
  for (const ToggleFlag& flag : kToggleFlags) {
    if (suffix == flag.suffix) {
      out.*flag.disabled = !enable;
      return true;
    }
  }
  return false;
}

// Outside --ros-args rcl still takes a bare remap rule, with a deprecation warning.
bool apply_deprecated_remap(const std::string& arg, RosArgs& out) {
  try {
    out.remap_rules.push_back(detail::parse_remap_rule_or_throw(arg));
  } catch (const RuleError&) {
    return false;
  }
  out.warnings.push_back("Found remap rule '" + arg + "'. This syntax is deprecated. Use '--ros-args --remap " +
                         arg + "' instead.");
  return true;
}

// ---- Python's repr, for UnknownRosArgsError ------------------------------------------------------

std::string python_repr(std::string_view text) {
  const char quote = text.find('\'') != std::string_view::npos && text.find('"') == std::string_view::npos
                         ? '"'
                         : '\'';
  std::string out(1, quote);
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  out += quote;
  return out;
}

std::string python_list_repr(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += python_repr(items[i]);
  }
  return out + "]";
}

}  // namespace

UnknownRosArgsError::UnknownRosArgsError(std::vector<std::string> args)
    : std::invalid_argument(python_list_repr(args)), args_(std::move(args)) {}

RosArgs parse_ros_args(std::span<const std::string> args) {
  RosArgs out;
  std::vector<std::string> unknown;
  bool in_ros_args = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!in_ros_args) {
      if (arg == "--ros-args") {
        in_ros_args = true;
      } else if (!apply_deprecated_remap(arg, out)) {
        out.non_ros_args.push_back(arg);
      }
    } else if (arg == "--") {
      in_ros_args = false;
    } else if (const ValueFlag* flag = find_value_flag(arg)) {
      apply_value_flag(*flag, args, i, out);
      ++i;
    } else if (arg != "--ros-args" && !apply_toggle_flag(arg, out)) {
      unknown.push_back(arg);
    }
  }
  // rcl reports malformed arguments while parsing and unknown ones only afterwards.
  if (!unknown.empty()) throw UnknownRosArgsError(std::move(unknown));
  return out;
}

std::vector<std::string> remove_ros_args(std::span<const std::string> args) {
  return parse_ros_args(args).non_ros_args;
}

}  // namespace rclx
