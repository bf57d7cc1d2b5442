// ROS 2 names: validation, expansion, remap rules and --ros-args parsing, with rcl/rmw/rclpy's rules.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rclx {

/// Longest valid node name (rmw's limit).
inline constexpr std::size_t max_node_name_length = 255;
/// Longest valid fully qualified topic name: 255 less 8 characters reserved for DDS prefixes ("rt").
inline constexpr std::size_t max_topic_name_length = 255 - 8;
/// Longest valid namespace: it leaves room for the shortest topic below it ("/x").
inline constexpr std::size_t max_namespace_length = max_topic_name_length - 2;

// ---- validation -------------------------------------------------------------------------------

/// Result of a name check; `message` is rcl/rmw's own text for the first problem found.
struct NameValidation {
  bool ok = true;                 ///< the name is valid
  std::string message;            ///< rcl/rmw's description of the problem; empty when ok
  std::size_t invalid_index = 0;  ///< index of the offending character; 0 when ok
  std::string_view kind;          ///< rclpy's word: "node name", "namespace", "topic name" or "service name"
};

/// Checks a node name (rmw_validate_node_name).
NameValidation validate_node_name(std::string_view name);
/// Checks an absolute node namespace; "/" is valid (rmw_validate_namespace).
NameValidation validate_namespace(std::string_view ns);
/// Checks an unexpanded name that may be relative or hold ~ and {substitutions} (rcl_validate_topic_name).
NameValidation validate_topic_name(std::string_view name, bool is_service = false);
/// Checks a fully qualified, expanded name, including its length (rmw_validate_full_topic_name).
NameValidation validate_full_topic_name(std::string_view name, bool is_service = false);
/// rclpy's NameValidationException text: "Invalid <kind>: <message>:\n  '<name>'\n   <spaces>^".
std::string format_validation_error(const NameValidation& result, std::string_view name);

// ---- expansion --------------------------------------------------------------------------------

/// Expands ~, {node}, {ns}/{namespace} and relative names to a fully qualified name (rcl_expand_topic_name),
/// then checks it; throws std::invalid_argument saying which name is invalid and why.
std::string expand_topic_name(std::string_view name, std::string_view node_name,
                              std::string_view node_namespace, bool is_service = false);

// ---- remapping --------------------------------------------------------------------------------

/// What a remap rule rewrites.
enum class RemapKind {
  topic_and_service,  ///< `from:=to`
  topic,              ///< `rostopic://from:=to`
  service,            ///< `rosservice://from:=to`
  node_name,          ///< `__node:=name` or `__name:=name`
  node_namespace,     ///< `__ns:=/ns`
};

/// One `[node:]from:=to` rule as written on the command line.
struct RemapRule {
  RemapKind kind = RemapKind::topic_and_service;
  std::string node;         ///< node the rule is limited to; empty for every node
  std::string match;        ///< unexpanded name to match; empty for node_name and node_namespace rules
  std::string replacement;  ///< unexpanded new name, node name or namespace
  bool operator==(const RemapRule&) const = default;
};

/// Parses one rule with rcl's grammar; throws std::invalid_argument naming the rule and the problem.
RemapRule parse_remap_rule(std::string_view rule);

// The functions below take rules in priority order: a node's own rules, then the global ones.
// The first rule that applies wins, as in rcl.

/// The node name given by the first `__node` rule for `node_name`, else `node_name`.
std::string remap_node_name(std::span<const RemapRule> rules, std::string_view node_name);
/// The namespace given by the first `__ns` rule for `node_name` (the already remapped name), if any.
std::optional<std::string> remap_namespace(std::span<const RemapRule> rules, std::string_view node_name);
/// The remapped form of a fully qualified name, or the name itself; each rule's sides are expanded
/// against the node first. Throws std::invalid_argument when the node name or namespace is invalid.
std::string remap_topic_name(std::span<const RemapRule> rules, std::string_view name,
                             std::string_view node_name, std::string_view node_namespace,
                             bool is_service = false);
/// Expands, remaps and checks a topic or service name for a node (rcl_node_resolve_name);
/// throws std::invalid_argument when any step fails.
std::string resolve_topic_name(std::string_view name, std::string_view node_name,
                               std::string_view node_namespace, std::span<const RemapRule> rules,
                               bool is_service = false);

// ---- command-line arguments -------------------------------------------------------------------

/// A `-p [node:]name:=value` parameter override.
struct ParamOverride {
  std::string node;   ///< node the override targets; empty for every node (rcl's "/**")
  std::string name;   ///< parameter name, e.g. "foo.bar"
  std::string value;  ///< the value as written (YAML text, not interpreted here)
  bool operator==(const ParamOverride&) const = default;
};

/// A `--log-level logger:=level` setting.
struct LoggerLevel {
  std::string logger;  ///< logger name, e.g. "rclpy.node"
  int severity = 0;    ///< rcutils value: 0 unset, 10 debug, 20 info, 30 warn, 40 error, 50 fatal
  bool operator==(const LoggerLevel&) const = default;
};

/// Everything `--ros-args ... [--]` sections of an argument vector say (rcl_arguments_t).
struct RosArgs {
  std::vector<RemapRule> remap_rules;          ///< in command-line order
  std::vector<ParamOverride> param_overrides;  ///< in command-line order; later ones win
  std::vector<std::string> param_files;        ///< `--params-file` paths, unread, in order
  std::optional<int> default_log_level;        ///< `--log-level level` (the last one given)
  std::vector<LoggerLevel> logger_levels;      ///< one per logger; a repeated logger keeps its last level
  std::optional<std::string> log_config_file;  ///< `--log-config-file`
  std::optional<std::string> log_file_name;    ///< `--log-file-name` prefix
  std::optional<std::string> enclave;          ///< `-e/--enclave`
  bool stdout_logs_disabled = false;           ///< `--disable-stdout-logs` (`--enable-` resets)
  bool rosout_logs_disabled = false;           ///< `--disable-rosout-logs` (`--enable-` resets)
  bool external_lib_logs_disabled = false;     ///< `--disable-external-lib-logs` (`--enable-` resets)
  std::vector<std::string> non_ros_args;       ///< the rest, argv[0] included (rclpy's remove_ros_args)
  std::vector<std::string> warnings;           ///< rcl's deprecation warnings, ready to log
};

/// A malformed ROS argument, such as `-r` without a valid rule (rclpy's RCLInvalidROSArgsError).
/// what() is rcl's text, e.g. "Couldn't parse remap rule: '-r foo'. Error: ...".
/// An invalid node name, namespace, topic or service name; carries the validation result so the
/// Python layer can raise rclpy's exception for that kind of name.
class NameError : public std::invalid_argument {
 public:
  NameError(NameValidation result, std::string name)
      : std::invalid_argument(format_validation_error(result, name)), result_(std::move(result)), name_(std::move(name)) {}
  const NameValidation& result() const { return result_; }
  const std::string& name() const { return name_; }

 private:
  NameValidation result_;
  std::string name_;
};

class InvalidRosArgsError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Flags inside --ros-args that rcl does not know (rclpy's UnknownROSArgsError).
/// what() is the Python repr of the list, as rclpy raises it: "['--foo', 'bar']".
class UnknownRosArgsError : public std::invalid_argument {
 public:
  explicit UnknownRosArgsError(std::vector<std::string> args);
  const std::vector<std::string>& args() const { return args_; }

 private:
  std::vector<std::string> args_;
};

/// Parses an argument vector the way rcl_parse_arguments does; throws InvalidRosArgsError on the
/// first malformed ROS argument, then UnknownRosArgsError if unknown flags were found.
RosArgs parse_ros_args(std::span<const std::string> args);
/// The arguments that are not ROS arguments (rclpy.utilities.remove_ros_args); throws as parse_ros_args.
std::vector<std::string> remove_ros_args(std::span<const std::string> args);

}  // namespace rclx
