// Lexer for rcl's command-line rule grammar (the lexemes of rcl_lexer_analyze, written as plain scans).
#include "names/names__lexer.hpp"

#include <algorithm>

namespace rclx::detail {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

char char_at(std::string_view text, std::size_t i) { return i < text.size() ? text[i] : '\0'; }

// A token never holds two underscores in a row and never starts with a digit, so "a__b" lexes as
// the two tokens "a_" and "_b" and "__x" is no lexeme at all.
Token lex_token(std::string_view text, std::size_t pos) {
  std::size_t i = pos + 1;
  if (is_alpha(text[pos]) && char_at(text, i) == '_') ++i;
  while (is_alnum(char_at(text, i))) {
    ++i;
    if (char_at(text, i) == '_') ++i;
  }
  return {Lexeme::token, pos, i - pos};
}

// "__" only starts the keywords: __ns, __node, __name. Whatever follows them is the next lexeme.
// Like rcl, a failed keyword covers the characters read up to and including the first wrong one.
Token lex_keyword(std::string_view text, std::size_t pos) {
  const std::string_view rest = text.substr(pos);
  if (rest.starts_with("__ns")) return {Lexeme::ns, pos, 4};
  if (rest.starts_with("__node") || rest.starts_with("__name")) return {Lexeme::node, pos, 6};
  std::size_t read = 0;
  for (std::string_view keyword : {"__ns", "__node", "__name"}) {
    std::size_t same = 0;
    while (same < rest.size() && rest[same] == keyword[same]) ++same;
    read = std::max(read, same);
  }
  return {Lexeme::none, pos, read + 1};
}

Token lex_pair(std::string_view text, std::size_t pos, char second, Lexeme both, Lexeme first_only) {
  if (char_at(text, pos + 1) == second) return {both, pos, 2};
  return {first_only, pos, 1};
}

Token lex_unclamped(std::string_view text, std::size_t pos) {
  const char c = text[pos];
  const std::string_view rest = text.substr(pos);
  switch (c) {
    case '/': return {Lexeme::forward_slash, pos, 1};
    case '.': return {Lexeme::dot, pos, 1};
    case '*': return lex_pair(text, pos, '*', Lexeme::wild_multi, Lexeme::wild_one);
    case ':': return lex_pair(text, pos, '=', Lexeme::separator, Lexeme::colon);
    case '~': return {char_at(text, pos + 1) == '/' ? Lexeme::tilde_slash : Lexeme::none, pos, 2};
    case '\\': {
      const char digit = char_at(text, pos + 1);
      return {digit >= '1' && digit <= '9' ? Lexeme::backref : Lexeme::none, pos, 2};
    }
    case '_': return char_at(text, pos + 1) == '_' ? lex_keyword(text, pos) : lex_token(text, pos);
    default: break;
  }
  if (rest.starts_with("rostopic://")) return {Lexeme::url_topic, pos, 11};
  if (rest.starts_with("rosservice://")) return {Lexeme::url_service, pos, 13};
  if (is_alpha(c)) return lex_token(text, pos);
  return {Lexeme::none, pos, 1};
}

}  // namespace

// A lexeme that fails at the end of the text would otherwise reach past it ("~", "\\").
Token lex(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return {Lexeme::eof, text.size(), 0};
  Token token = lex_unclamped(text, pos);
  token.length = std::min(token.length, text.size() - pos);
  return token;
}

Lexeme LexCursor::peek2() const {
  const Token first = lex(text_, pos_);
  if (first.kind == Lexeme::eof || first.kind == Lexeme::none) return first.kind;
  return lex(text_, first.begin + first.length).kind;
}

std::string_view LexCursor::accept() {
  const Token next = lex(text_, pos_);
  pos_ = next.begin + next.length;
  return text_.substr(next.begin, next.length);
}

bool LexCursor::accept_if(Lexeme kind) {
  if (peek() != kind) return false;
  accept();
  return true;
}

std::string_view LexCursor::expect(Lexeme kind, std::string_view what) {
  if (peek() != kind) fail_expecting(what);
  return accept();
}

void LexCursor::fail_expecting(std::string_view what) const {
  const Token next = lex(text_, pos_);
  std::string found = next.kind == Lexeme::eof
                          ? "the end"
                          : "'" + std::string(text_.substr(next.begin, next.length)) + "'";
  throw RuleError("expected " + std::string(what) + " at index " + std::to_string(pos_) +
                  ", found " + found);
}

}  // namespace rclx::detail
