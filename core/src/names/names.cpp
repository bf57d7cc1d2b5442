// Name validation (rmw and rcl rules, with their exact messages) and topic name expansion.
#include "rclx/names.hpp"

#include "names/names__expand.hpp"

namespace rclx {
namespace {

constexpr std::string_view kNodeNameKind = "node name";
constexpr std::string_view kNamespaceKind = "namespace";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) { return is_alnum(c) || c == '_'; }

std::string_view topic_kind(bool is_service) { return is_service ? "service name" : "topic name"; }

NameValidation valid(std::string_view kind) { return {true, {}, 0, kind}; }

NameValidation invalid(std::string_view kind, std::string_view message, std::size_t index) {
  return {false, std::string(message), index, kind};
}

// ---- rmw: fully qualified names and namespaces --------------------------------------------------

enum class FullNameProblem {
  none, empty, not_absolute, ends_with_slash, bad_character, repeated_slash, token_starts_with_digit,
  too_long
};

struct FullNameCheck {
  FullNameProblem problem = FullNameProblem::none;
  std::size_t index = 0;
};

FullNameCheck check_slashes(std::string_view name) {
  for (std::size_t i = 0; i + 1 < name.size(); ++i) {
    if (name[i] != '/') continue;
    if (name[i + 1] == '/') return {FullNameProblem::repeated_slash, i + 1};
    if (is_digit(name[i + 1])) return {FullNameProblem::token_starts_with_digit, i + 1};
  }
  return {};
}

// The order of the checks decides which problem is reported, so it follows rmw's.
FullNameCheck check_full_name(std::string_view name) {
  if (name.empty()) return {FullNameProblem::empty, 0};
  if (name[0] != '/') return {FullNameProblem::not_absolute, 0};
  if (name.back() == '/') return {FullNameProblem::ends_with_slash, name.size() - 1};
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!is_name_char(name[i]) && name[i] != '/') return {FullNameProblem::bad_character, i};
  }
  const FullNameCheck slashes = check_slashes(name);
  if (slashes.problem != FullNameProblem::none) return slashes;
  if (name.size() > max_topic_name_length) {
    return {FullNameProblem::too_long, max_topic_name_length - 1};
  }
  return {};
}

std::string_view full_topic_message(FullNameProblem problem) {
  switch (problem) {
    case FullNameProblem::empty: return "topic name must not be empty";
    case FullNameProblem::not_absolute: return "topic name must be absolute, it must lead with a '/'";
    case FullNameProblem::ends_with_slash: return "topic name must not end with a '/'";
    case FullNameProblem::bad_character:
      return "topic name must not contain characters other than alphanumerics, '_', or '/'";
    case FullNameProblem::repeated_slash: return "topic name must not contain repeated '/'";
    case FullNameProblem::token_starts_with_digit:
      return "topic name must not have a token that starts with a number";
    // rmw stringifies its length macro, whose expansion is the expression "255U - 8U".
    case FullNameProblem::too_long: return "topic length should not exceed '255U - 8U'";
    case FullNameProblem::none: break;
  }
  return {};
}

std::string_view namespace_message(FullNameProblem problem) {
  switch (problem) {
    case FullNameProblem::empty: return "namespace must not be empty";
    case FullNameProblem::not_absolute: return "namespace must be absolute, it must lead with a '/'";
    case FullNameProblem::ends_with_slash: return "namespace must not end with a '/', unless only a '/'";
    case FullNameProblem::bad_character:
      return "namespace must not contain characters other than alphanumerics, '_', or '/'";
    case FullNameProblem::repeated_slash: return "namespace must not contain repeated '/'";
    case FullNameProblem::token_starts_with_digit:
      return "namespace must not have a token that starts with a number";
    // rmw stringifies a macro name that is never defined, so the name itself is the text.
    case FullNameProblem::too_long: return "namespace should not exceed 'RMW_NAMESPACE_MAX_NAME_LENGTH'";
    case FullNameProblem::none: break;
  }
  return {};
}

// ---- rcl: unexpanded topic names ----------------------------------------------------------------

constexpr std::string_view kBadSubstitution =
    "substitution name must not contain characters other than alphanumerics or '_'";
constexpr std::string_view kUnmatchedBrace =
    "topic name must not have unmatched (unbalanced) curly braces '{}'";
constexpr std::string_view kTokenStartsWithDigit = "topic name token must not start with a number";

// Walks the characters once, tracking whether it is inside a {substitution}.
NameValidation check_topic_characters(std::string_view name, std::string_view kind) {
  bool in_braces = false;
  std::size_t open_brace = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (is_alnum(c)) {
      if (is_digit(c) && in_braces && i == open_brace + 1) {
        return invalid(kind, "substitution name must not start with a number", i);
      }
    } else if (c == '/') {
      if (in_braces) return invalid(kind, kBadSubstitution, i);
    } else if (c == '~') {
      if (i != 0) {
        return invalid(kind, "topic name must not have tilde '~' unless it is the first character", i);
      }
    } else if (c == '{') {
      if (in_braces) return invalid(kind, kBadSubstitution, i);
      in_braces = true;
      open_brace = i;
    } else if (c == '}') {
      if (!in_braces) return invalid(kind, kUnmatchedBrace, i);
      in_braces = false;
    } else if (c != '_') {
      if (in_braces) return invalid(kind, kBadSubstitution, i);
      return invalid(
          kind, "topic name must not contain characters other than alphanumerics, '_', '~', '{', or '}'", i);
    }
  }
  if (in_braces) return invalid(kind, kUnmatchedBrace, open_brace);
  return valid(kind);
}

// rcl never looks at the last character here, so "~a" passes although "~ab" does not.
NameValidation check_topic_tokens(std::string_view name, std::string_view kind) {
  for (std::size_t i = 0; i + 1 < name.size(); ++i) {
    if (name[i] == '/') {
      if (is_digit(name[i + 1])) return invalid(kind, kTokenStartsWithDigit, i + 1);
    } else if (i == 1 && name[0] == '~') {
      return invalid(
          kind, "topic name must not have a tilde '~' that is not followed by a forward slash '/'", 1);
    }
  }
  return valid(kind);
}

// ---- expansion ----------------------------------------------------------------------------------

std::string invalid_name_text(std::string_view kind, std::string_view name, std::string_view why) {
  return std::string(kind) + " '" + std::string(name) + "' is invalid: " + std::string(why);
}

// "/ns" + "/" + rest, without doubling the slash of the root namespace.
std::string join(std::string_view node_namespace, std::string_view rest) {
  std::string out(node_namespace);
  if (out != "/") out += '/';
  out += rest;
  return out;
}

// Validation has already ensured every '{' has a matching '}' with no '/' or nesting inside.
std::string substitute(std::string_view name, std::string_view node_name, std::string_view node_namespace,
                       std::string_view kind, std::string_view original) {
  std::string out;
  std::size_t pos = 0;
  while (pos < name.size()) {
    const std::size_t open = name.find('{', pos);
    if (open == std::string_view::npos) break;
    const std::size_t close = name.find('}', open);
    const std::string_view key = name.substr(open + 1, close - open - 1);
    out += name.substr(pos, open - pos);
    if (key == "node") {
      out += node_name;
    } else if (key == "ns" || key == "namespace") {
      out += node_namespace;
    } else {
      throw std::invalid_argument(invalid_name_text(
          kind, original, "unknown substitution: " + std::string(name.substr(open, close - open + 1))));
    }
    pos = close + 1;
  }
  out += name.substr(pos);
  return out;
}

}  // namespace

NameValidation validate_node_name(std::string_view name) {
  if (name.empty()) return invalid(kNodeNameKind, "node name must not be empty", 0);
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!is_name_char(name[i])) {
      return invalid(kNodeNameKind, "node name must not contain characters other than alphanumerics or '_'", i);
    }
  }
  if (is_digit(name[0])) return invalid(kNodeNameKind, "node name must not start with a number", 0);
  if (name.size() > max_node_name_length) {
    return invalid(kNodeNameKind, "node name length should not exceed '255'", max_node_name_length - 1);
  }
  return valid(kNodeNameKind);
}

NameValidation validate_namespace(std::string_view ns) {
  if (ns == "/") return valid(kNamespaceKind);
  const FullNameCheck check = check_full_name(ns);
  // A namespace has its own, shorter length limit, checked last as rmw does.
  if (check.problem != FullNameProblem::none && check.problem != FullNameProblem::too_long) {
    return invalid(kNamespaceKind, namespace_message(check.problem), check.index);
  }
  if (ns.size() > max_namespace_length) {
    return invalid(kNamespaceKind, namespace_message(FullNameProblem::too_long), max_namespace_length - 1);
  }
  return valid(kNamespaceKind);
}

NameValidation validate_topic_name(std::string_view name, bool is_service) {
  const std::string_view kind = topic_kind(is_service);
  if (name.empty()) return invalid(kind, "topic name must not be empty string", 0);
  if (is_digit(name[0])) return invalid(kind, kTokenStartsWithDigit, 0);
  if (name.back() == '/') {
    return invalid(kind, "topic name must not end with a forward slash", name.size() - 1);
  }
  NameValidation characters = check_topic_characters(name, kind);
  if (!characters.ok) return characters;
  return check_topic_tokens(name, kind);
}

NameValidation validate_full_topic_name(std::string_view name, bool is_service) {
  const std::string_view kind = topic_kind(is_service);
  const FullNameCheck check = check_full_name(name);
  if (check.problem == FullNameProblem::none) return valid(kind);
  return invalid(kind, full_topic_message(check.problem), check.index);
}

std::string format_validation_error(const NameValidation& result, std::string_view name) {
  return "Invalid " + std::string(result.kind) + ": " + result.message + ":\n  '" + std::string(name) +
         "'\n   " + std::string(result.invalid_index, ' ') + "^";
}

namespace detail {

void check_node_names(std::string_view node_name, std::string_view node_namespace) {
  const NameValidation name_check = validate_node_name(node_name);
  if (!name_check.ok) throw std::invalid_argument(invalid_name_text("node name", node_name, name_check.message));
  const NameValidation ns_check = validate_namespace(node_namespace);
  if (!ns_check.ok) {
    throw std::invalid_argument(invalid_name_text("node namespace", node_namespace, ns_check.message));
  }
}

std::string expand_unchecked(std::string_view name, std::string_view node_name,
                             std::string_view node_namespace, bool is_service) {
  const NameValidation check = validate_topic_name(name, is_service);
  if (!check.ok) throw std::invalid_argument(invalid_name_text(check.kind, name, check.message));
  check_node_names(node_name, node_namespace);
  const bool has_substitution = name.find('{') != std::string_view::npos;
  if (name[0] == '/' && !has_substitution) return std::string(name);
  std::string out = name[0] == '~' ? join(node_namespace, node_name) + std::string(name.substr(1))
                                   : std::string(name);
  if (has_substitution) out = substitute(out, node_name, node_namespace, check.kind, name);
  if (out[0] != '/') out = join(node_namespace, out);
  return out;
}

std::string require_full_name(std::string result, bool is_service) {
  const NameValidation check = validate_full_topic_name(result, is_service);
  if (check.ok) return result;
  throw NameError(check, result);
}

}  // namespace detail

std::string expand_topic_name(std::string_view name, std::string_view node_name,
                              std::string_view node_namespace, bool is_service) {
  return detail::require_full_name(detail::expand_unchecked(name, node_name, node_namespace, is_service),
                                   is_service);
}

}  // namespace rclx
