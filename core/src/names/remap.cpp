// Remap rules: parsed with rcl's grammar, applied to node names, namespaces and topic/service names.
#include "rclx/names.hpp"

#include "names/names__expand.hpp"
#include "names/names__lexer.hpp"
#include "names/names__remap.hpp"

namespace rclx {
namespace detail {
namespace {

void parse_match_token(LexCursor& cursor) {
  switch (cursor.peek()) {
    case Lexeme::token: cursor.accept(); return;
    case Lexeme::wild_one: throw RuleError("Wildcard '*' is not implemented");
    case Lexeme::wild_multi: throw RuleError("Wildcard '**' is not implemented");
    default: cursor.fail_expecting("a name token");
  }
}

void parse_replacement_token(LexCursor& cursor) {
  if (cursor.peek() == Lexeme::backref) throw RuleError("Backreferences are not implemented");
  cursor.expect(Lexeme::token, "a name token");
}

void skip_name_prefix(LexCursor& cursor) {
  if (!cursor.accept_if(Lexeme::tilde_slash)) cursor.accept_if(Lexeme::forward_slash);
}

// match := ['~/' | '/'] token ('/' token)* , up to ':='
std::string parse_match(LexCursor& cursor) {
  const std::size_t start = cursor.position();
  skip_name_prefix(cursor);
  parse_match_token(cursor);
  while (cursor.peek() != Lexeme::separator) {
    cursor.expect(Lexeme::forward_slash, "'/' or ':='");
    parse_match_token(cursor);
  }
  return std::string(cursor.since(start));
}

// replacement := ['~/' | '/'] token ('/' token)* , up to the end
std::string parse_replacement(LexCursor& cursor) {
  const std::size_t start = cursor.position();
  skip_name_prefix(cursor);
  parse_replacement_token(cursor);
  while (cursor.peek() != Lexeme::eof) {
    cursor.expect(Lexeme::forward_slash, "'/' or the end");
    parse_replacement_token(cursor);
  }
  return std::string(cursor.since(start));
}

void parse_name_remap(LexCursor& cursor, RemapRule& rule) {
  if (cursor.accept_if(Lexeme::url_topic)) {
    rule.kind = RemapKind::topic;
  } else if (cursor.accept_if(Lexeme::url_service)) {
    rule.kind = RemapKind::service;
  }
  rule.match = parse_match(cursor);
  cursor.expect(Lexeme::separator, "':='");
  rule.replacement = parse_replacement(cursor);
}

// __ns:=/a/b. Like rcl this also takes "/" and a trailing slash ("/a/"); the node rejects the latter.
void parse_namespace_replacement(LexCursor& cursor, RemapRule& rule) {
  cursor.accept();
  cursor.expect(Lexeme::separator, "':='");
  const std::size_t start = cursor.position();
  cursor.expect(Lexeme::forward_slash, "an absolute namespace");
  while (cursor.accept_if(Lexeme::token) && cursor.accept_if(Lexeme::forward_slash)) {
  }
  rule.kind = RemapKind::node_namespace;
  rule.replacement = std::string(cursor.since(start));
}

void parse_node_replacement(LexCursor& cursor, RemapRule& rule) {
  cursor.accept();
  cursor.expect(Lexeme::separator, "':='");
  rule.kind = RemapKind::node_name;
  rule.replacement = std::string(cursor.expect(Lexeme::token, "a node name"));
}

}  // namespace

RemapRule parse_remap_rule_or_throw(std::string_view text) {
  LexCursor cursor(text);
  RemapRule rule;
  if (cursor.peek() == Lexeme::token && cursor.peek2() == Lexeme::colon) {
    rule.node = std::string(cursor.accept());
    cursor.accept();
  }
  switch (cursor.peek()) {
    case Lexeme::node: parse_node_replacement(cursor, rule); break;
    case Lexeme::ns: parse_namespace_replacement(cursor, rule); break;
    default: parse_name_remap(cursor, rule); break;
  }
  cursor.expect(Lexeme::eof, "the end");
  return rule;
}

}  // namespace detail

namespace {

bool targets(const RemapRule& rule, std::string_view node_name) {
  return rule.node.empty() || rule.node == node_name;
}

bool covers(RemapKind kind, bool is_service) {
  return kind == RemapKind::topic_and_service || kind == (is_service ? RemapKind::service : RemapKind::topic);
}

const RemapRule* first_node_rule(std::span<const RemapRule> rules, RemapKind kind, std::string_view node_name) {
  for (const RemapRule& rule : rules) {
    if (rule.kind == kind && targets(rule, node_name)) return &rule;
  }
  return nullptr;
}

bool matches(const RemapRule& rule, std::string_view name, std::string_view node_name,
             std::string_view node_namespace, bool is_service) {
  try {
    return detail::expand_unchecked(rule.match, node_name, node_namespace, is_service) == name;
  } catch (const std::invalid_argument&) {
    return false;  // rcl skips a rule whose match side does not expand
  }
}

}  // namespace

RemapRule parse_remap_rule(std::string_view rule) {
  try {
    return detail::parse_remap_rule_or_throw(rule);
  } catch (const detail::RuleError& error) {
    throw std::invalid_argument("invalid remap rule '" + std::string(rule) + "': " + error.what());
  }
}

std::string remap_node_name(std::span<const RemapRule> rules, std::string_view node_name) {
  const RemapRule* rule = first_node_rule(rules, RemapKind::node_name, node_name);
  return rule ? rule->replacement : std::string(node_name);
}

std::optional<std::string> remap_namespace(std::span<const RemapRule> rules, std::string_view node_name) {
  const RemapRule* rule = first_node_rule(rules, RemapKind::node_namespace, node_name);
  if (!rule) return std::nullopt;
  return rule->replacement;
}

std::string remap_topic_name(std::span<const RemapRule> rules, std::string_view name,
                             std::string_view node_name, std::string_view node_namespace, bool is_service) {
  detail::check_node_names(node_name, node_namespace);
  for (const RemapRule& rule : rules) {
    if (!covers(rule.kind, is_service) || !targets(rule, node_name)) continue;
    if (matches(rule, name, node_name, node_namespace, is_service)) {
      return detail::expand_unchecked(rule.replacement, node_name, node_namespace, is_service);
    }
  }
  return std::string(name);
}

std::string resolve_topic_name(std::string_view name, std::string_view node_name,
                               std::string_view node_namespace, std::span<const RemapRule> rules,
                               bool is_service) {
  const std::string expanded = detail::expand_unchecked(name, node_name, node_namespace, is_service);
  return detail::require_full_name(remap_topic_name(rules, expanded, node_name, node_namespace, is_service),
                                   is_service);
}

}  // namespace rclx
