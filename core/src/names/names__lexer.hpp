// Lexer for rcl's command-line rule grammar: remap rules, parameter overrides and logger levels.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace rclx::detail {

/// Lexemes of the rule grammar (rcl's rcl_lexeme_t).
enum class Lexeme {
  none,           ///< no valid lexeme starts here
  eof,            ///< end of the text
  tilde_slash,    ///< ~/
  url_service,    ///< rosservice://
  url_topic,      ///< rostopic://
  colon,          ///< :
  node,           ///< __node or __name
  ns,             ///< __ns
  separator,      ///< :=
  backref,        ///< \1 .. \9
  token,          ///< a name between slashes: (([a-zA-Z]_?)|_)([0-9a-zA-Z]_?)*
  forward_slash,  ///< /
  wild_one,       ///< *
  wild_multi,     ///< **
  dot,            ///< .
};

/// One lexeme of a text: its kind and the characters it covers.
struct Token {
  Lexeme kind;
  std::size_t begin;
  std::size_t length;
};

/// The lexeme that starts at `pos` in `text`.
Token lex(std::string_view text, std::size_t pos);

/// A rule that does not follow the grammar; what() says where and why (no rule text included).
class RuleError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Walks one argument lexeme by lexeme with two lexemes of lookahead (rcl's lexer_lookahead2).
class LexCursor {
 public:
  explicit LexCursor(std::string_view text) : text_(text) {}

  Lexeme peek() const { return lex(text_, pos_).kind; }
  /// The lexeme after the next one.
  Lexeme peek2() const;
  /// Consumes the next lexeme and returns its text.
  std::string_view accept();
  /// Consumes the next lexeme if it is `kind`.
  bool accept_if(Lexeme kind);
  /// Consumes a `kind` lexeme or throws RuleError("expected <what> ...").
  std::string_view expect(Lexeme kind, std::string_view what);
  /// Throws RuleError saying `what` was expected where the cursor stands.
  [[noreturn]] void fail_expecting(std::string_view what) const;

  std::size_t position() const { return pos_; }
  /// The text from `from` up to the cursor.
  std::string_view since(std::size_t from) const { return text_.substr(from, pos_ - from); }
  /// The text from the cursor to the end.
  std::string_view rest() const { return text_.substr(pos_); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace rclx::detail
