// Tests for names.hpp: validation messages, expansion, remap rules and --ros-args parsing, against rcl's behaviour.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "names/names__lexer.hpp"
#include "rclx/names.hpp"

namespace {

using rclx::NameValidation;
using rclx::RemapKind;
using rclx::RemapRule;
using Args = std::vector<std::string>;

// The what() of the exception E that `call` throws; a test failure when it throws nothing.
template <typename E, typename F>
std::string error_of(F&& call) {
  try {
    call();
  } catch (const E& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected an exception";
  return {};
}

void expect_invalid(const NameValidation& result, std::string_view message, std::size_t index) {
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.message, message);
  EXPECT_EQ(result.invalid_index, index);
}

std::vector<RemapRule> rules(std::initializer_list<std::string_view> texts) {
  std::vector<RemapRule> out;
  for (std::string_view text : texts) out.push_back(rclx::parse_remap_rule(text));
  return out;
}

constexpr std::string_view kTopicChars =
    "topic name must not contain characters other than alphanumerics, '_', '~', '{', or '}'";
constexpr std::string_view kSubstitutionChars =
    "substitution name must not contain characters other than alphanumerics or '_'";
constexpr std::string_view kUnmatched = "topic name must not have unmatched (unbalanced) curly braces '{}'";

// ---- node names ---------------------------------------------------------------------------------

TEST(names, node_name_accepts_alphanumerics_and_underscores) {
  for (std::string_view name : {"talker", "_hidden", "a1", "A_b_2", "n"}) {
    const NameValidation result = rclx::validate_node_name(name);
    EXPECT_TRUE(result.ok) << name;
    EXPECT_TRUE(result.message.empty());
    EXPECT_EQ(result.kind, "node name");
  }
}

TEST(names, node_name_must_not_be_empty) {
  expect_invalid(rclx::validate_node_name(""), "node name must not be empty", 0);
}

TEST(names, node_name_rejects_other_characters_at_their_index) {
  const std::string_view message = "node name must not contain characters other than alphanumerics or '_'";
  expect_invalid(rclx::validate_node_name("my-node"), message, 2);
  expect_invalid(rclx::validate_node_name("my node"), message, 2);
  expect_invalid(rclx::validate_node_name("/talker"), message, 0);
  expect_invalid(rclx::validate_node_name("caf\xc3\xa9"), message, 3);
}

TEST(names, node_name_must_not_start_with_a_number) {
  expect_invalid(rclx::validate_node_name("1node"), "node name must not start with a number", 0);
}

TEST(names, node_name_characters_are_checked_before_the_leading_digit) {
  expect_invalid(rclx::validate_node_name("1-a"),
                 "node name must not contain characters other than alphanumerics or '_'", 1);
}

TEST(names, node_name_length_is_limited_to_255) {
  EXPECT_TRUE(rclx::validate_node_name(std::string(255, 'a')).ok);
  expect_invalid(rclx::validate_node_name(std::string(256, 'a')), "node name length should not exceed '255'", 254);
}

// ---- namespaces ---------------------------------------------------------------------------------

TEST(names, namespace_accepts_root_and_absolute_paths) {
  for (std::string_view ns : {"/", "/ns", "/a/b_c", "/_x/y1"}) {
    const NameValidation result = rclx::validate_namespace(ns);
    EXPECT_TRUE(result.ok) << ns;
    EXPECT_EQ(result.kind, "namespace");
  }
}

TEST(names, namespace_must_not_be_empty) {
  expect_invalid(rclx::validate_namespace(""), "namespace must not be empty", 0);
}

TEST(names, namespace_must_be_absolute) {
  expect_invalid(rclx::validate_namespace("ns"), "namespace must be absolute, it must lead with a '/'", 0);
}

TEST(names, namespace_must_not_end_with_a_slash) {
  const std::string_view message = "namespace must not end with a '/', unless only a '/'";
  expect_invalid(rclx::validate_namespace("/ns/"), message, 3);
  expect_invalid(rclx::validate_namespace("//"), message, 1);
}

TEST(names, namespace_must_not_repeat_slashes) {
  expect_invalid(rclx::validate_namespace("/a//b"), "namespace must not contain repeated '/'", 3);
}

TEST(names, namespace_rejects_other_characters) {
  expect_invalid(rclx::validate_namespace("/a-b"),
                 "namespace must not contain characters other than alphanumerics, '_', or '/'", 2);
  expect_invalid(rclx::validate_namespace("/~"),
                 "namespace must not contain characters other than alphanumerics, '_', or '/'", 1);
}

TEST(names, namespace_tokens_must_not_start_with_a_number) {
  const std::string_view message = "namespace must not have a token that starts with a number";
  expect_invalid(rclx::validate_namespace("/1a"), message, 1);
  expect_invalid(rclx::validate_namespace("/a/2b"), message, 3);
}

TEST(names, namespace_length_is_limited_to_245_with_rmw_text) {
  // rmw prints the name of an undefined macro here; rclpy users see exactly this.
  const std::string_view message = "namespace should not exceed 'RMW_NAMESPACE_MAX_NAME_LENGTH'";
  EXPECT_TRUE(rclx::validate_namespace("/" + std::string(244, 'a')).ok);
  expect_invalid(rclx::validate_namespace("/" + std::string(245, 'a')), message, 244);
  expect_invalid(rclx::validate_namespace("/" + std::string(300, 'a')), message, 244);
}

TEST(names, namespace_content_problems_win_over_length) {
  expect_invalid(rclx::validate_namespace("/" + std::string(300, 'a') + "-"),
                 "namespace must not contain characters other than alphanumerics, '_', or '/'", 301);
}

// ---- unexpanded topic names (rcl) ---------------------------------------------------------------

TEST(names, topic_name_accepts_relative_private_and_substituted_names) {
  for (std::string_view name : {"chatter", "/chatter", "~", "~/foo", "{node}/x", "ns/{ns}", "foo/{node}_bar",
                                "{namespace}", "a_b/c1", "_x"}) {
    const NameValidation result = rclx::validate_topic_name(name);
    EXPECT_TRUE(result.ok) << name << ": " << result.message;
    EXPECT_EQ(result.kind, "topic name");
  }
}

TEST(names, topic_name_must_not_be_empty) {
  expect_invalid(rclx::validate_topic_name(""), "topic name must not be empty string", 0);
}

TEST(names, topic_name_must_not_start_with_a_number) {
  expect_invalid(rclx::validate_topic_name("7foo"), "topic name token must not start with a number", 0);
}

TEST(names, topic_name_tokens_must_not_start_with_a_number) {
  expect_invalid(rclx::validate_topic_name("foo/1bar"), "topic name token must not start with a number", 4);
  expect_invalid(rclx::validate_topic_name("~/1foo"), "topic name token must not start with a number", 2);
}

TEST(names, topic_name_must_not_end_with_a_slash) {
  expect_invalid(rclx::validate_topic_name("foo/"), "topic name must not end with a forward slash", 3);
  expect_invalid(rclx::validate_topic_name("/"), "topic name must not end with a forward slash", 0);
  // The trailing slash is reported before any bad character.
  expect_invalid(rclx::validate_topic_name("a-/"), "topic name must not end with a forward slash", 2);
}

TEST(names, topic_name_rejects_other_characters) {
  expect_invalid(rclx::validate_topic_name("foo bar"), kTopicChars, 3);
  expect_invalid(rclx::validate_topic_name("foo.bar"), kTopicChars, 3);
}

TEST(names, topic_name_tilde_only_first) {
  expect_invalid(rclx::validate_topic_name("foo~"),
                 "topic name must not have tilde '~' unless it is the first character", 3);
}

TEST(names, topic_name_tilde_must_be_followed_by_a_slash) {
  expect_invalid(rclx::validate_topic_name("~foo"),
                 "topic name must not have a tilde '~' that is not followed by a forward slash '/'", 1);
  // rcl skips the last character in this check, so a two-character "~a" passes.
  EXPECT_TRUE(rclx::validate_topic_name("~a").ok);
}

TEST(names, topic_name_substitutions_must_be_names) {
  expect_invalid(rclx::validate_topic_name("foo/{4bar}"), "substitution name must not start with a number", 5);
  expect_invalid(rclx::validate_topic_name("foo/{bar/baz}"), kSubstitutionChars, 8);
  expect_invalid(rclx::validate_topic_name("{{a}}"), kSubstitutionChars, 1);
  expect_invalid(rclx::validate_topic_name("{a-b}"), kSubstitutionChars, 2);
  EXPECT_TRUE(rclx::validate_topic_name("{a4}").ok);
}

TEST(names, topic_name_braces_must_balance) {
  expect_invalid(rclx::validate_topic_name("foo}"), kUnmatched, 3);
  expect_invalid(rclx::validate_topic_name("foo/{bar"), kUnmatched, 4);
}

TEST(names, topic_name_leaves_repeated_slashes_to_the_full_check) {
  EXPECT_TRUE(rclx::validate_topic_name("a//b").ok);
}

TEST(names, service_flag_changes_only_the_kind) {
  const NameValidation result = rclx::validate_topic_name("foo bar", true);
  EXPECT_EQ(result.kind, "service name");
  EXPECT_EQ(result.message, kTopicChars);
  EXPECT_EQ(rclx::validate_full_topic_name("/ok", true).kind, "service name");
}

// ---- fully qualified names (rmw) ----------------------------------------------------------------

TEST(names, full_topic_name_accepts_absolute_names) {
  for (std::string_view name : {"/chatter", "/a/b/c", "/_x", "/a1/b_2"}) {
    EXPECT_TRUE(rclx::validate_full_topic_name(name).ok) << name;
  }
}

TEST(names, full_topic_name_must_not_be_empty) {
  expect_invalid(rclx::validate_full_topic_name(""), "topic name must not be empty", 0);
}

TEST(names, full_topic_name_must_be_absolute) {
  expect_invalid(rclx::validate_full_topic_name("chatter"), "topic name must be absolute, it must lead with a '/'", 0);
  expect_invalid(rclx::validate_full_topic_name("~/x"), "topic name must be absolute, it must lead with a '/'", 0);
}

TEST(names, full_topic_name_must_not_end_with_a_slash) {
  expect_invalid(rclx::validate_full_topic_name("/chatter/"), "topic name must not end with a '/'", 8);
  expect_invalid(rclx::validate_full_topic_name("/"), "topic name must not end with a '/'", 0);
}

TEST(names, full_topic_name_rejects_other_characters) {
  const std::string_view message = "topic name must not contain characters other than alphanumerics, '_', or '/'";
  expect_invalid(rclx::validate_full_topic_name("/a b"), message, 2);
  expect_invalid(rclx::validate_full_topic_name("/~/a"), message, 1);
  expect_invalid(rclx::validate_full_topic_name("/{node}"), message, 1);
}

TEST(names, full_topic_name_must_not_repeat_slashes) {
  expect_invalid(rclx::validate_full_topic_name("/a//b"), "topic name must not contain repeated '/'", 3);
}

TEST(names, full_topic_name_tokens_must_not_start_with_a_number) {
  expect_invalid(rclx::validate_full_topic_name("/a/1b"), "topic name must not have a token that starts with a number",
                 3);
}

TEST(names, full_topic_name_length_is_limited_to_247_with_rmw_text) {
  // rmw stringifies its length macro, so the message shows the expression "255U - 8U".
  EXPECT_EQ(rclx::max_topic_name_length, 247u);
  EXPECT_TRUE(rclx::validate_full_topic_name("/" + std::string(246, 'a')).ok);
  expect_invalid(rclx::validate_full_topic_name("/" + std::string(247, 'a')),
                 "topic length should not exceed '255U - 8U'", 246);
}

TEST(names, format_validation_error_matches_rclpy_exception_text) {
  const NameValidation result = rclx::validate_topic_name("foo bar", true);
  EXPECT_EQ(rclx::format_validation_error(result, "foo bar"),
            "Invalid service name: " + std::string(kTopicChars) + ":\n  'foo bar'\n      ^");
  EXPECT_EQ(rclx::format_validation_error(rclx::validate_node_name(""), ""),
            "Invalid node name: node name must not be empty:\n  ''\n   ^");
}

// ---- expansion ----------------------------------------------------------------------------------

TEST(names, expand_prefixes_relative_names_with_the_namespace) {
  EXPECT_EQ(rclx::expand_topic_name("chatter", "n", "/"), "/chatter");
  EXPECT_EQ(rclx::expand_topic_name("chatter", "n", "/ns"), "/ns/chatter");
  EXPECT_EQ(rclx::expand_topic_name("a/b", "n", "/x/y"), "/x/y/a/b");
}

TEST(names, expand_keeps_absolute_names) {
  EXPECT_EQ(rclx::expand_topic_name("/chatter", "n", "/ns"), "/chatter");
}

TEST(names, expand_tilde_alone_is_the_node) {
  EXPECT_EQ(rclx::expand_topic_name("~", "talker", "/ns"), "/ns/talker");
  EXPECT_EQ(rclx::expand_topic_name("~", "talker", "/"), "/talker");
}

TEST(names, expand_private_names_go_below_the_node) {
  EXPECT_EQ(rclx::expand_topic_name("~/x", "talker", "/ns"), "/ns/talker/x");
  EXPECT_EQ(rclx::expand_topic_name("~/x/y", "talker", "/"), "/talker/x/y");
  EXPECT_EQ(rclx::expand_topic_name("~/{node}", "talker", "/ns"), "/ns/talker/talker");
}

TEST(names, expand_substitutes_node_and_namespace) {
  EXPECT_EQ(rclx::expand_topic_name("{node}/x", "talker", "/ns"), "/ns/talker/x");
  EXPECT_EQ(rclx::expand_topic_name("{ns}/x", "talker", "/ns"), "/ns/x");
  EXPECT_EQ(rclx::expand_topic_name("{namespace}/x", "talker", "/ns"), "/ns/x");
  EXPECT_EQ(rclx::expand_topic_name("/{node}", "talker", "/ns"), "/talker");
  EXPECT_EQ(rclx::expand_topic_name("{node}_{node}", "n", "/ns"), "/ns/n_n");
}

TEST(names, expand_namespace_substitution_in_the_root_namespace_is_invalid) {
  // The expanded name is the one reported, as rclpy's validate_full_topic_name does.
  EXPECT_EQ(error_of<rclx::NameError>([] { rclx::expand_topic_name("{ns}/x", "n", "/"); }),
            "Invalid topic name: topic name must not contain repeated '/':\n  '//x'\n    ^");
}

TEST(names, expand_rejects_unknown_substitutions) {
  EXPECT_EQ(error_of<std::invalid_argument>([] { rclx::expand_topic_name("{foo}/x", "n", "/ns"); }),
            "topic name '{foo}/x' is invalid: unknown substitution: {foo}");
  EXPECT_EQ(error_of<std::invalid_argument>([] { rclx::expand_topic_name("a/{}", "n", "/ns"); }),
            "topic name 'a/{}' is invalid: unknown substitution: {}");
}

TEST(names, expand_rejects_invalid_input_names) {
  EXPECT_EQ(error_of<std::invalid_argument>([] { rclx::expand_topic_name("foo bar", "n", "/"); }),
            "topic name 'foo bar' is invalid: " + std::string(kTopicChars));
  EXPECT_EQ(error_of<std::invalid_argument>([] { rclx::expand_topic_name("foo bar", "n", "/", true); }),
            "service name 'foo bar' is invalid: " + std::string(kTopicChars));
}

TEST(names, expand_rejects_invalid_nodes) {
  EXPECT_EQ(error_of<std::invalid_argument>([] { rclx::expand_topic_name("x", "bad-name", "/"); }),
            "node name 'bad-name' is invalid: node name must not contain characters other than alphanumerics or '_'");
  EXPECT_EQ(error_of<std::invalid_argument>([] { rclx::expand_topic_name("x", "n", "ns"); }),
            "node namespace 'ns' is invalid: namespace must be absolute, it must lead with a '/'");
  EXPECT_THROW(rclx::expand_topic_name("/abs", "n", "/ns/"), std::invalid_argument);
}

TEST(names, expand_checks_the_expanded_name) {
  EXPECT_THROW(rclx::expand_topic_name("a//b", "n", "/ns"), std::invalid_argument);
  const std::string ns = "/" + std::string(200, 'n');
  const std::string message =
      error_of<rclx::NameError>([&] { rclx::expand_topic_name(std::string(60, 't'), "n", ns); });
  EXPECT_NE(message.find("topic length should not exceed '255U - 8U':\n  '" + ns + "/"), std::string::npos);
}

// ---- remap rule parsing -------------------------------------------------------------------------

TEST(names, remap_rule_parses_names) {
  EXPECT_EQ(rclx::parse_remap_rule("foo:=bar"), (RemapRule{RemapKind::topic_and_service, "", "foo", "bar"}));
  EXPECT_EQ(rclx::parse_remap_rule("/foo/bar:=/baz"),
            (RemapRule{RemapKind::topic_and_service, "", "/foo/bar", "/baz"}));
  EXPECT_EQ(rclx::parse_remap_rule("~/foo:=~/bar"), (RemapRule{RemapKind::topic_and_service, "", "~/foo", "~/bar"}));
  EXPECT_EQ(rclx::parse_remap_rule("_a1/b_:=c"), (RemapRule{RemapKind::topic_and_service, "", "_a1/b_", "c"}));
}

TEST(names, remap_rule_parses_topic_and_service_prefixes) {
  EXPECT_EQ(rclx::parse_remap_rule("rostopic://foo:=bar"), (RemapRule{RemapKind::topic, "", "foo", "bar"}));
  EXPECT_EQ(rclx::parse_remap_rule("rosservice:///foo:=bar"), (RemapRule{RemapKind::service, "", "/foo", "bar"}));
}

TEST(names, remap_rule_parses_node_prefix) {
  EXPECT_EQ(rclx::parse_remap_rule("talker:chatter:=hello"),
            (RemapRule{RemapKind::topic_and_service, "talker", "chatter", "hello"}));
  EXPECT_EQ(rclx::parse_remap_rule("talker:rostopic://chatter:=hello"),
            (RemapRule{RemapKind::topic, "talker", "chatter", "hello"}));
  // "rostopic:" without "//" is an ordinary node prefix.
  EXPECT_EQ(rclx::parse_remap_rule("rostopic:foo:=bar"),
            (RemapRule{RemapKind::topic_and_service, "rostopic", "foo", "bar"}));
}

TEST(names, remap_rule_parses_namespace_rules) {
  EXPECT_EQ(rclx::parse_remap_rule("__ns:=/ns"), (RemapRule{RemapKind::node_namespace, "", "", "/ns"}));
  EXPECT_EQ(rclx::parse_remap_rule("__ns:=/"), (RemapRule{RemapKind::node_namespace, "", "", "/"}));
  EXPECT_EQ(rclx::parse_remap_rule("__ns:=/a/b"), (RemapRule{RemapKind::node_namespace, "", "", "/a/b"}));
  EXPECT_EQ(rclx::parse_remap_rule("__ns:=/a/"), (RemapRule{RemapKind::node_namespace, "", "", "/a/"}));
  EXPECT_EQ(rclx::parse_remap_rule("talker:__ns:=/x"), (RemapRule{RemapKind::node_namespace, "talker", "", "/x"}));
}

TEST(names, remap_rule_parses_node_name_rules) {
  EXPECT_EQ(rclx::parse_remap_rule("__node:=listener"), (RemapRule{RemapKind::node_name, "", "", "listener"}));
  EXPECT_EQ(rclx::parse_remap_rule("__name:=listener"), (RemapRule{RemapKind::node_name, "", "", "listener"}));
  EXPECT_EQ(rclx::parse_remap_rule("talker:__node:=listener"),
            (RemapRule{RemapKind::node_name, "talker", "", "listener"}));
}

TEST(names, remap_rule_errors_name_the_rule) {
  EXPECT_EQ(error_of<std::invalid_argument>([] { rclx::parse_remap_rule("foo"); }),
            "invalid remap rule 'foo': expected '/' or ':=' at index 3, found the end");
  EXPECT_EQ(error_of<std::invalid_argument>([] { rclx::parse_remap_rule("foo:="); }),
            "invalid remap rule 'foo:=': expected a name token at index 5, found the end");
  EXPECT_EQ(error_of<std::invalid_argument>([] { rclx::parse_remap_rule(":=bar"); }),
            "invalid remap rule ':=bar': expected a name token at index 0, found ':='");
}

TEST(names, remap_rule_rejects_malformed_names) {
  for (std::string_view bad : {"", "foo:=bar:=baz", "foo bar:=baz", "foo//bar:=x", "foo/:=bar", "{node}:=x",
                               "a__b:=c", "1a:=b", "foo:=b-c", "foo:=/", "foo:=~", "~:=x", "node:", "a:b:c:=d"}) {
    EXPECT_THROW(rclx::parse_remap_rule(bad), std::invalid_argument) << bad;
  }
}

TEST(names, remap_rule_rejects_bad_namespaces_and_node_names) {
  for (std::string_view bad : {"__ns:=ns", "__ns:=//", "__ns:=/a//b", "__ns:=", "__node:=/x", "__node:=1abc",
                               "__node:=a/b", "__node:=", "__nsx:=/a", "__nope:=x"}) {
    EXPECT_THROW(rclx::parse_remap_rule(bad), std::invalid_argument) << bad;
  }
}

TEST(names, remap_rule_reports_unimplemented_features_like_rcl) {
  EXPECT_EQ(error_of<std::invalid_argument>([] { rclx::parse_remap_rule("foo/*:=bar"); }),
            "invalid remap rule 'foo/*:=bar': Wildcard '*' is not implemented");
  EXPECT_EQ(error_of<std::invalid_argument>([] { rclx::parse_remap_rule("**:=bar"); }),
            "invalid remap rule '**:=bar': Wildcard '**' is not implemented");
  EXPECT_EQ(error_of<std::invalid_argument>([] { rclx::parse_remap_rule("foo:=\\1"); }),
            "invalid remap rule 'foo:=\\1': Backreferences are not implemented");
}

TEST(names, lexer_splits_like_rcl) {
  using rclx::detail::Lexeme;
  using rclx::detail::lex;
  EXPECT_EQ(lex("a__b", 0).length, 2u);  // "a_", then "_b"
  EXPECT_EQ(lex("a__b", 2).kind, Lexeme::token);
  EXPECT_EQ(lex("__nsfoo", 0).kind, Lexeme::ns);
  EXPECT_EQ(lex("__name", 0).kind, Lexeme::node);
  EXPECT_EQ(lex("__x", 0).kind, Lexeme::none);
  EXPECT_EQ(lex("rostopic://", 0).kind, Lexeme::url_topic);
  EXPECT_EQ(lex("rostopic:/", 0).kind, Lexeme::token);
  EXPECT_EQ(lex(":=", 0).kind, Lexeme::separator);
  EXPECT_EQ(lex("~", 0).kind, Lexeme::none);
  EXPECT_EQ(lex("~", 0).length, 1u);
  EXPECT_EQ(lex("1a", 0).kind, Lexeme::none);
  EXPECT_EQ(lex("a.b", 1).kind, Lexeme::dot);
  EXPECT_EQ(lex("x", 1).kind, Lexeme::eof);
}

// ---- applying remap rules -----------------------------------------------------------------------

TEST(names, remap_node_name_uses_the_first_matching_rule) {
  EXPECT_EQ(rclx::remap_node_name({}, "talker"), "talker");
  EXPECT_EQ(rclx::remap_node_name(rules({"__node:=a", "__node:=b"}), "talker"), "a");
  EXPECT_EQ(rclx::remap_node_name(rules({"foo:=bar", "__ns:=/x"}), "talker"), "talker");
}

TEST(names, remap_node_name_rule_for_one_node_leaves_others) {
  const auto node_rules = rules({"talker:__node:=speaker"});
  EXPECT_EQ(rclx::remap_node_name(node_rules, "talker"), "speaker");
  EXPECT_EQ(rclx::remap_node_name(node_rules, "listener"), "listener");
  EXPECT_EQ(rclx::remap_node_name(rules({"other:__node:=x", "__name:=y"}), "talker"), "y");
}

TEST(names, remap_namespace_uses_the_first_matching_rule) {
  EXPECT_EQ(rclx::remap_namespace({}, "talker"), std::nullopt);
  EXPECT_EQ(rclx::remap_namespace(rules({"__ns:=/one", "__ns:=/two"}), "talker"), "/one");
  EXPECT_EQ(rclx::remap_namespace(rules({"__ns:=/"}), "talker"), "/");
  const auto node_rules = rules({"talker:__ns:=/t", "__ns:=/all"});
  EXPECT_EQ(rclx::remap_namespace(node_rules, "talker"), "/t");
  EXPECT_EQ(rclx::remap_namespace(node_rules, "listener"), "/all");
  EXPECT_EQ(rclx::remap_namespace(rules({"talker:__ns:=/t"}), "listener"), std::nullopt);
}

TEST(names, remap_topic_expands_both_sides_against_the_node) {
  const auto r = rules({"foo:=bar"});
  EXPECT_EQ(rclx::remap_topic_name(r, "/ns/foo", "n", "/ns"), "/ns/bar");
  EXPECT_EQ(rclx::remap_topic_name(r, "/foo", "n", "/ns"), "/foo");  // the rule means /ns/foo here
  EXPECT_EQ(rclx::remap_topic_name(r, "/foo", "n", "/"), "/bar");
  EXPECT_EQ(rclx::remap_topic_name(rules({"/foo:=/bar"}), "/foo", "n", "/ns"), "/bar");
  EXPECT_EQ(rclx::remap_topic_name(rules({"~/foo:=bar"}), "/ns/n/foo", "n", "/ns"), "/ns/bar");
  EXPECT_EQ(rclx::remap_topic_name(rules({"foo:=~/bar"}), "/ns/foo", "n", "/ns"), "/ns/n/bar");
}

TEST(names, remap_topic_first_matching_rule_wins) {
  EXPECT_EQ(rclx::remap_topic_name(rules({"a:=b", "foo:=one", "foo:=two"}), "/foo", "n", "/"), "/one");
  EXPECT_EQ(rclx::remap_topic_name(rules({"foo:=bar"}), "/other", "n", "/"), "/other");
}

TEST(names, remap_topic_rule_for_one_node_leaves_others) {
  const auto r = rules({"talker:chatter:=hello"});
  EXPECT_EQ(rclx::remap_topic_name(r, "/chatter", "talker", "/"), "/hello");
  EXPECT_EQ(rclx::remap_topic_name(r, "/chatter", "listener", "/"), "/chatter");
}

TEST(names, remap_topic_respects_topic_and_service_prefixes) {
  const auto r = rules({"rostopic://foo:=t", "rosservice://foo:=s"});
  EXPECT_EQ(rclx::remap_topic_name(r, "/foo", "n", "/"), "/t");
  EXPECT_EQ(rclx::remap_topic_name(r, "/foo", "n", "/", true), "/s");
  EXPECT_EQ(rclx::remap_topic_name(rules({"rosservice://foo:=s"}), "/foo", "n", "/"), "/foo");
  EXPECT_EQ(rclx::remap_topic_name(rules({"foo:=both"}), "/foo", "n", "/", true), "/both");
}

TEST(names, remap_topic_ignores_node_and_namespace_rules) {
  EXPECT_EQ(rclx::remap_topic_name(rules({"__node:=x", "__ns:=/y"}), "/foo", "n", "/"), "/foo");
}

TEST(names, remap_topic_rejects_an_invalid_node) {
  EXPECT_THROW(rclx::remap_topic_name(rules({"foo:=bar"}), "/foo", "bad-node", "/"), std::invalid_argument);
  EXPECT_THROW(rclx::remap_topic_name({}, "/foo", "n", "relative"), std::invalid_argument);
}

TEST(names, remap_topic_skips_a_hand_made_rule_that_does_not_expand) {
  const std::vector<RemapRule> r = {{RemapKind::topic_and_service, "", "bad name", "x"},
                                    {RemapKind::topic_and_service, "", "foo", "y"}};
  EXPECT_EQ(rclx::remap_topic_name(r, "/foo", "n", "/"), "/y");
}

TEST(names, resolve_expands_remaps_and_checks) {
  const auto r = rules({"chatter:=hello", "talker:~/x:=/private"});
  EXPECT_EQ(rclx::resolve_topic_name("chatter", "talker", "/ns", r), "/ns/hello");
  EXPECT_EQ(rclx::resolve_topic_name("~/x", "talker", "/ns", r), "/private");
  EXPECT_EQ(rclx::resolve_topic_name("~/x", "other", "/ns", r), "/ns/other/x");
  EXPECT_EQ(rclx::resolve_topic_name("{node}", "talker", "/ns", {}), "/ns/talker");
  EXPECT_EQ(error_of<rclx::NameError>([] { rclx::resolve_topic_name("{ns}/x", "n", "/", {}, true); }),
            "Invalid service name: topic name must not contain repeated '/':\n  '//x'\n    ^");
}

// ---- --ros-args ---------------------------------------------------------------------------------

TEST(names, ros_args_absent_keeps_every_argument) {
  const Args args = {"prog", "--foo", "bar", "--"};
  const rclx::RosArgs parsed = rclx::parse_ros_args(args);
  EXPECT_EQ(parsed.non_ros_args, args);
  EXPECT_TRUE(parsed.remap_rules.empty());
  EXPECT_TRUE(parsed.warnings.empty());
  EXPECT_TRUE(rclx::parse_ros_args(Args{}).non_ros_args.empty());
}

TEST(names, ros_args_without_trailing_dashes_run_to_the_end) {
  const rclx::RosArgs parsed = rclx::parse_ros_args(Args{"prog", "--ros-args", "-r", "foo:=bar"});
  EXPECT_EQ(parsed.non_ros_args, Args{"prog"});
  EXPECT_EQ(parsed.remap_rules, rules({"foo:=bar"}));
}

TEST(names, ros_args_end_at_double_dash) {
  const rclx::RosArgs parsed =
      rclx::parse_ros_args(Args{"prog", "--ros-args", "--remap", "a:=b", "--", "--user", "-r"});
  EXPECT_EQ(parsed.non_ros_args, (Args{"prog", "--user", "-r"}));
  EXPECT_EQ(parsed.remap_rules, rules({"a:=b"}));
}

TEST(names, ros_args_sections_can_repeat) {
  const rclx::RosArgs parsed = rclx::parse_ros_args(
      Args{"prog", "--ros-args", "-r", "a:=b", "--", "x", "--ros-args", "--ros-args", "-r", "c:=d", "-p", "p:=1"});
  EXPECT_EQ(parsed.non_ros_args, (Args{"prog", "x"}));
  EXPECT_EQ(parsed.remap_rules, rules({"a:=b", "c:=d"}));
  EXPECT_EQ(parsed.param_overrides, (std::vector<rclx::ParamOverride>{{"", "p", "1"}}));
}

TEST(names, ros_args_node_and_namespace_rules) {
  const rclx::RosArgs parsed =
      rclx::parse_ros_args(Args{"prog", "--ros-args", "-r", "__ns:=/robot", "-r", "__node:=driver"});
  EXPECT_EQ(rclx::remap_namespace(parsed.remap_rules, "driver"), "/robot");
  EXPECT_EQ(rclx::remap_node_name(parsed.remap_rules, "anything"), "driver");
}

TEST(names, ros_args_param_overrides_keep_raw_values) {
  const rclx::RosArgs parsed = rclx::parse_ros_args(Args{
      "--ros-args", "-p", "use_sim_time:=true", "--param", "talker:rate:=[1, 2]", "-p", "a.b/c:=x:=y", "-p",
      "/abs:='quoted'"});
  const std::vector<rclx::ParamOverride> expected = {
      {"", "use_sim_time", "true"}, {"talker", "rate", "[1, 2]"}, {"", "a.b/c", "x:=y"}, {"", "/abs", "'quoted'"}};
  EXPECT_EQ(parsed.param_overrides, expected);
}

TEST(names, ros_args_bad_param_override_is_an_error) {
  EXPECT_EQ(error_of<rclx::InvalidRosArgsError>([] { rclx::parse_ros_args(Args{"--ros-args", "-p", "foo"}); }),
            "Couldn't parse parameter override rule: '-p foo'. Error: expected '.' or ':=' at index 3, found the end");
  EXPECT_EQ(error_of<rclx::InvalidRosArgsError>([] { rclx::parse_ros_args(Args{"--ros-args", "-p", "foo:="}); }),
            "Couldn't parse parameter override rule: '-p foo:='. Error: the parameter value is empty");
  EXPECT_EQ(error_of<rclx::InvalidRosArgsError>([] { rclx::parse_ros_args(Args{"--ros-args", "-p", "*:=1"}); }),
            "Couldn't parse parameter override rule: '-p *:=1'. Error: Wildcard '*' is not implemented");
  EXPECT_THROW(rclx::parse_ros_args(Args{"--ros-args", "-p", ":=1"}), rclx::InvalidRosArgsError);
  EXPECT_THROW(rclx::parse_ros_args(Args{"--ros-args", "-p", "a..b:=1"}), rclx::InvalidRosArgsError);
}

TEST(names, ros_args_trailing_flags_are_errors) {
  const auto trailing = [](const char* flag) {
    return error_of<rclx::InvalidRosArgsError>([&] { rclx::parse_ros_args(Args{"prog", "--ros-args", flag}); });
  };
  EXPECT_EQ(trailing("-p"), "Couldn't parse trailing -p flag. No parameter override rule found.");
  EXPECT_EQ(trailing("--remap"), "Couldn't parse trailing --remap flag. No remap rule found.");
  EXPECT_EQ(trailing("-r"), "Couldn't parse trailing -r flag. No remap rule found.");
  EXPECT_EQ(trailing("--params-file"), "Couldn't parse trailing --params-file flag. No file path provided.");
  EXPECT_EQ(trailing("--log-level"), "Couldn't parse trailing log level flag: '--log-level'. No log level provided.");
  EXPECT_EQ(trailing("--log-config-file"), "Couldn't parse trailing --log-config-file flag. No file path provided.");
  EXPECT_EQ(trailing("--log-file-name"), "Couldn't parse trailing --log-file-name flag. No string prefix provided.");
  EXPECT_EQ(trailing("-e"), "Couldn't parse trailing -e flag. No enclave path provided.");
}

TEST(names, ros_args_bad_remap_rule_names_the_rule) {
  EXPECT_EQ(error_of<rclx::InvalidRosArgsError>([] { rclx::parse_ros_args(Args{"--ros-args", "-r", "foo"}); }),
            "Couldn't parse remap rule: '-r foo'. Error: expected '/' or ':=' at index 3, found the end");
  // A flag takes the next argument whatever it is, as in rcl.
  EXPECT_EQ(error_of<rclx::InvalidRosArgsError>([] { rclx::parse_ros_args(Args{"--ros-args", "-r", "--"}); }),
            "Couldn't parse remap rule: '-r --'. Error: expected a name token at index 0, found '-'");
}

TEST(names, ros_args_files_and_enclave_are_recorded) {
  const rclx::RosArgs parsed = rclx::parse_ros_args(
      Args{"--ros-args", "--params-file", "a.yaml", "--params-file", "b.yaml", "--enclave", "/e1", "-e", "/e2",
           "--log-config-file", "log.cfg", "--log-file-name", "prefix"});
  EXPECT_EQ(parsed.param_files, (Args{"a.yaml", "b.yaml"}));
  EXPECT_EQ(parsed.enclave, "/e2");
  EXPECT_EQ(parsed.log_config_file, "log.cfg");
  EXPECT_EQ(parsed.log_file_name, "prefix");
}

TEST(names, ros_args_log_levels) {
  const rclx::RosArgs parsed = rclx::parse_ros_args(Args{"--ros-args", "--log-level", "debug", "--log-level",
                                                         "rclpy.node:=Warn", "--log-level", "a/b:=error",
                                                         "--log-level", "rclpy.node:=FATAL", "--log-level", "INFO"});
  EXPECT_EQ(parsed.default_log_level, 20);
  const std::vector<rclx::LoggerLevel> expected = {{"rclpy.node", 50}, {"a/b", 40}};
  EXPECT_EQ(parsed.logger_levels, expected);
  EXPECT_EQ(rclx::parse_ros_args(Args{"--ros-args", "--log-level", "unset"}).default_log_level, 0);
  EXPECT_EQ(rclx::parse_ros_args(Args{"x"}).default_log_level, std::nullopt);
}

TEST(names, ros_args_bad_log_levels_are_errors) {
  EXPECT_EQ(error_of<rclx::InvalidRosArgsError>([] { rclx::parse_ros_args(Args{"--ros-args", "--log-level", "loud"}); }),
            "Couldn't parse log level: '--log-level loud'. Error: Argument does not use a valid severity level");
  EXPECT_EQ(
      error_of<rclx::InvalidRosArgsError>([] { rclx::parse_ros_args(Args{"--ros-args", "--log-level", ":=debug"}); }),
      "Couldn't parse log level: '--log-level :=debug'. Error: Argument has an invalid logger item that name is empty");
  EXPECT_THROW(rclx::parse_ros_args(Args{"--ros-args", "--log-level", "a:=verbose"}), rclx::InvalidRosArgsError);
  EXPECT_THROW(rclx::parse_ros_args(Args{"--ros-args", "--log-level", "a:=debug/x"}), rclx::InvalidRosArgsError);
  EXPECT_THROW(rclx::parse_ros_args(Args{"--ros-args", "--log-level", "a:="}), rclx::InvalidRosArgsError);
}

TEST(names, ros_args_logging_switches) {
  const rclx::RosArgs parsed = rclx::parse_ros_args(
      Args{"--ros-args", "--disable-rosout-logs", "--disable-stdout-logs", "--disable-external-lib-logs",
           "--enable-stdout-logs"});
  EXPECT_TRUE(parsed.rosout_logs_disabled);
  EXPECT_FALSE(parsed.stdout_logs_disabled);
  EXPECT_TRUE(parsed.external_lib_logs_disabled);
  const rclx::RosArgs defaults = rclx::parse_ros_args(Args{"prog"});
  EXPECT_FALSE(defaults.rosout_logs_disabled || defaults.stdout_logs_disabled || defaults.external_lib_logs_disabled);
}

TEST(names, ros_args_unknown_flags_are_errors_listed_like_rclpy) {
  rclx::UnknownRosArgsError caught({});
  try {
    rclx::parse_ros_args(Args{"prog", "--ros-args", "--foo", "-r", "a:=b", "bar", "--disable-everything", "--", "--x"});
    FAIL() << "expected UnknownRosArgsError";
  } catch (const rclx::UnknownRosArgsError& error) {
    caught = error;
  }
  EXPECT_EQ(std::string(caught.what()), "['--foo', 'bar', '--disable-everything']");
  EXPECT_EQ(caught.args(), (Args{"--foo", "bar", "--disable-everything"}));
}

TEST(names, ros_args_unknown_flag_repr_quotes_like_python) {
  EXPECT_EQ(error_of<rclx::UnknownRosArgsError>([] { rclx::parse_ros_args(Args{"--ros-args", "it's"}); }),
            "[\"it's\"]");
  EXPECT_EQ(error_of<rclx::UnknownRosArgsError>([] { rclx::parse_ros_args(Args{"--ros-args", "a'\"b\\\n"}); }),
            "['a\\'\"b\\\\\\n']");
}

TEST(names, ros_args_malformed_argument_wins_over_unknown_ones) {
  EXPECT_THROW(rclx::parse_ros_args(Args{"--ros-args", "--foo", "-r", "bad"}), rclx::InvalidRosArgsError);
}

TEST(names, ros_args_unknown_flags_outside_sections_are_user_args) {
  EXPECT_EQ(rclx::parse_ros_args(Args{"prog", "--foo", "--ros-args", "--", "--bar"}).non_ros_args,
            (Args{"prog", "--foo", "--bar"}));
}

TEST(names, ros_args_bare_remap_rule_is_taken_with_a_warning) {
  const rclx::RosArgs parsed = rclx::parse_ros_args(Args{"prog", "foo:=bar", "not_a_rule", "x:=1:=2"});
  EXPECT_EQ(parsed.remap_rules, rules({"foo:=bar"}));
  EXPECT_EQ(parsed.non_ros_args, (Args{"prog", "not_a_rule", "x:=1:=2"}));
  EXPECT_EQ(parsed.warnings,
            Args{"Found remap rule 'foo:=bar'. This syntax is deprecated. Use '--ros-args --remap foo:=bar' instead."});
}

TEST(names, remove_ros_args_returns_what_rclpy_returns) {
  EXPECT_EQ(rclx::remove_ros_args(Args{"prog", "a", "--ros-args", "-r", "x:=y", "-p", "p:=1", "--", "b"}),
            (Args{"prog", "a", "b"}));
  EXPECT_EQ(rclx::remove_ros_args(Args{"prog", "--ros-args"}), Args{"prog"});
  EXPECT_THROW(rclx::remove_ros_args(Args{"prog", "--ros-args", "--nope"}), rclx::UnknownRosArgsError);
}

TEST(names, ros_args_drive_a_node_end_to_end) {
  const rclx::RosArgs parsed = rclx::parse_ros_args(
      Args{"talker.py", "--ros-args", "-r", "__ns:=/robot", "-r", "talker:__node:=speaker", "-r",
           "speaker:chatter:=news", "-r", "rosservice://~/reset:=/reset_all"});
  const std::string name = rclx::remap_node_name(parsed.remap_rules, "talker");
  const std::string ns = rclx::remap_namespace(parsed.remap_rules, name).value_or("/");
  EXPECT_EQ(name, "speaker");
  EXPECT_EQ(ns, "/robot");
  EXPECT_EQ(rclx::resolve_topic_name("chatter", name, ns, parsed.remap_rules), "/robot/news");
  EXPECT_EQ(rclx::resolve_topic_name("~/reset", name, ns, parsed.remap_rules, true), "/reset_all");
  EXPECT_EQ(rclx::resolve_topic_name("~/reset", name, ns, parsed.remap_rules), "/robot/speaker/reset");
  EXPECT_EQ(rclx::remap_node_name(parsed.remap_rules, "listener"), "listener");
}

}  // namespace
