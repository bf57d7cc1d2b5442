// Tests for the .msg/.srv/.action parser and the rosidl spellings of field types.
#include "rclx/msg_parser.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace rclx {
namespace {

constexpr const char* kTestInterfaceDir = RCLX_TEST_INTERFACE_DIR;  // the shipped test_msgs (Jazzy's)

MessageSpec msg(std::string_view text) { return parse_message(text, "pkg", "Msg", "Msg.msg"); }

FieldType type_of(std::string_view line) { return msg(line).fields.at(0).type; }

Scalar default_of(std::string_view line) { return std::get<Scalar>(msg(line).fields.at(0).default_value); }

std::vector<Scalar> array_default_of(std::string_view line) {
  return std::get<std::vector<Scalar>>(msg(line).fields.at(0).default_value);
}

Scalar constant_of(std::string_view line) { return msg(line).constants.at(0).value; }

enum class Kind { Msg, Srv, Action };

// Succeeds when parsing `text` throws a ParseError at line:column whose message contains `fragment`.
testing::AssertionResult fails_with(std::string_view text, int line, int column, std::string_view fragment,
                                    Kind kind = Kind::Msg) {
  try {
    switch (kind) {
      case Kind::Msg: parse_message(text, "pkg", "Msg", "Msg.msg"); break;
      case Kind::Srv: parse_service(text, "pkg", "Srv", "Srv.srv"); break;
      case Kind::Action: parse_action(text, "pkg", "Act", "Act.action"); break;
    }
  } catch (const ParseError& e) {
    if (e.line() == line && e.column() == column && e.message().find(fragment) != std::string::npos) {
      return testing::AssertionSuccess();
    }
    return testing::AssertionFailure() << "got " << e.what() << "\nwanted line " << line << ", column " << column
                                       << ", message containing '" << fragment << "'";
  }
  return testing::AssertionFailure() << "no ParseError for: " << text;
}

FieldType primitive(TypeKind kind) {
  FieldType t;
  t.kind = kind;
  return t;
}

FieldType nested(std::string package, std::string name, ArrayKind array = ArrayKind::None, std::uint32_t size = 0) {
  FieldType t;
  t.kind = TypeKind::Message;
  t.package = std::move(package);
  t.name = std::move(name);
  t.array = array;
  t.array_size = size;
  return t;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// ---- constructs that parse ----

TEST(msg_parser, empty_input_is_a_message_without_fields) {
  for (std::string_view text : {"", "\n\n\n", "# only a comment\n   # an indented one\n\t\n", "\r\n"}) {
    const MessageSpec spec = msg(text);
    EXPECT_TRUE(spec.fields.empty());
    EXPECT_TRUE(spec.constants.empty());
  }
}

TEST(msg_parser, spec_names_package_subfolder_and_type) {
  const MessageSpec spec = parse_message("int32 data", "std_msgs", "Int32");
  EXPECT_EQ(spec.package, "std_msgs");
  EXPECT_EQ(spec.subfolder, "msg");
  EXPECT_EQ(spec.name, "Int32");
  ASSERT_EQ(spec.fields.size(), 1u);
  EXPECT_EQ(spec.fields[0].name, "data");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(spec.fields[0].default_value));
}

TEST(msg_parser, parses_every_primitive_type) {
  const std::pair<const char*, TypeKind> cases[] = {
      {"bool", TypeKind::Bool},       {"byte", TypeKind::Byte},       {"char", TypeKind::Char},
      {"float32", TypeKind::Float32}, {"float64", TypeKind::Float64}, {"int8", TypeKind::Int8},
      {"uint8", TypeKind::Uint8},     {"int16", TypeKind::Int16},     {"uint16", TypeKind::Uint16},
      {"int32", TypeKind::Int32},     {"uint32", TypeKind::Uint32},   {"int64", TypeKind::Int64},
      {"uint64", TypeKind::Uint64},   {"string", TypeKind::String},   {"wstring", TypeKind::WString},
  };
  for (const auto& [name, kind] : cases) {
    EXPECT_EQ(type_of(std::string(name) + " value"), primitive(kind)) << name;
  }
}

TEST(msg_parser, parses_bounded_strings) {
  FieldType expected = primitive(TypeKind::String);
  expected.string_bound = 5;
  EXPECT_EQ(type_of("string<=5 s"), expected);
  expected.kind = TypeKind::WString;
  expected.string_bound = 23;
  EXPECT_EQ(type_of("wstring<=23 w"), expected);
}

TEST(msg_parser, parses_fixed_bounded_and_unbounded_arrays) {
  FieldType expected = primitive(TypeKind::Float64);
  expected.array = ArrayKind::Fixed;
  expected.array_size = 3;
  EXPECT_EQ(type_of("float64[3] a"), expected);
  expected.array = ArrayKind::Bounded;
  expected.array_size = 4294967295u;
  EXPECT_EQ(type_of("float64[<=4294967295] a"), expected);
  expected.array = ArrayKind::Unbounded;
  expected.array_size = 0;
  EXPECT_EQ(type_of("float64[] a"), expected);
}

TEST(msg_parser, parses_arrays_of_bounded_strings) {
  FieldType expected = primitive(TypeKind::String);
  expected.string_bound = 5;
  expected.array = ArrayKind::Fixed;
  expected.array_size = 3;
  EXPECT_EQ(type_of("string<=5[3] a"), expected);
  expected.array = ArrayKind::Bounded;
  EXPECT_EQ(type_of("string<=5[<=3] a"), expected);
  expected.kind = TypeKind::WString;
  expected.array = ArrayKind::Unbounded;
  expected.array_size = 0;
  EXPECT_EQ(type_of("wstring<=5[] a"), expected);
}

TEST(msg_parser, resolves_nested_types) {
  EXPECT_EQ(type_of("geometry_msgs/Pose pose"), nested("geometry_msgs", "Pose"));
  EXPECT_EQ(type_of("Point p"), nested("pkg", "Point"));
  EXPECT_EQ(type_of("Point[] p"), nested("pkg", "Point", ArrayKind::Unbounded));
  EXPECT_EQ(type_of("std_msgs/Header[<=2] h"), nested("std_msgs", "Header", ArrayKind::Bounded, 2));
  // Generated service and action parts are valid type names.
  EXPECT_EQ(type_of("Fibonacci_Goal goal"), nested("pkg", "Fibonacci_Goal"));
  EXPECT_EQ(type_of("other_pkg/Add_Request[<=1] request"), nested("other_pkg", "Add_Request", ArrayKind::Bounded, 1));
  EXPECT_EQ(type_of("Fibonacci_FeedbackMessage m"), nested("pkg", "Fibonacci_FeedbackMessage"));
  EXPECT_EQ(parse_message("", "pkg", "Fibonacci_SendGoal_Request").name, "Fibonacci_SendGoal_Request");
}

TEST(msg_parser, bare_header_resolves_to_own_package_as_in_ros2) {
  EXPECT_EQ(type_of("Header header"), nested("pkg", "Header"));
  EXPECT_EQ(type_of("std_msgs/Header header"), nested("std_msgs", "Header"));
}

TEST(msg_parser, ignores_comments_blank_lines_and_whitespace) {
  const MessageSpec spec = msg(
      "# file comment\n"
      "\n"
      "int32 a   # trailing comment\n"
      "   int32 b\t\t\n"
      "\tfloat64\tc\t1.5\t# tabs everywhere\r\n"
      "  # indented comment\n"
      "uint8 D = 7 # constant\r"
      "string e #no default\n");
  ASSERT_EQ(spec.fields.size(), 4u);
  EXPECT_EQ(spec.fields[0].name, "a");
  EXPECT_EQ(spec.fields[1].name, "b");
  EXPECT_EQ(spec.fields[2].name, "c");
  EXPECT_EQ(std::get<double>(std::get<Scalar>(spec.fields[2].default_value)), 1.5);
  EXPECT_EQ(spec.fields[3].name, "e");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(spec.fields[3].default_value));
  ASSERT_EQ(spec.constants.size(), 1u);
  EXPECT_EQ(std::get<std::uint64_t>(spec.constants[0].value), 7u);
}

TEST(msg_parser, keeps_hash_inside_quoted_strings) {
  EXPECT_EQ(std::get<std::string>(default_of("string s \"a # b\" # comment")), "a # b");
  EXPECT_EQ(std::get<std::string>(default_of("string s 'x#y'")), "x#y");
  EXPECT_EQ(std::get<std::string>(constant_of("string S=\"#1\"  # comment")), "#1");
  const auto values = array_default_of("string[] s [\"#a\", 'b#'] # c");
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(std::get<std::string>(values[1]), "b#");
  // An apostrophe inside a word does not open a string, so the comment still starts at '#'.
  EXPECT_EQ(std::get<std::string>(default_of("string s don't # comment")), "don't");
}

TEST(msg_parser, parses_bool_defaults_as_rosidl) {
  for (std::string_view text : {"true", "TrUe", "TRUE", "1"}) {
    EXPECT_EQ(default_of("bool b " + std::string(text)), Scalar(true)) << text;
  }
  for (std::string_view text : {"false", "FaLsE", "0"}) {
    EXPECT_EQ(default_of("bool b " + std::string(text)), Scalar(false)) << text;
  }
}

TEST(msg_parser, parses_integer_defaults_up_to_their_limits) {
  EXPECT_EQ(default_of("int8 a -128"), Scalar(std::int64_t{-128}));
  EXPECT_EQ(default_of("int8 a 127"), Scalar(std::int64_t{127}));
  EXPECT_EQ(default_of("int16 a -32768"), Scalar(std::int64_t{-32768}));
  EXPECT_EQ(default_of("int32 a 2147483647"), Scalar(std::int64_t{2147483647}));
  EXPECT_EQ(default_of("int64 a -9223372036854775808"), Scalar(std::numeric_limits<std::int64_t>::min()));
  EXPECT_EQ(default_of("int64 a 9223372036854775807"), Scalar(std::numeric_limits<std::int64_t>::max()));
  EXPECT_EQ(default_of("uint8 a 255"), Scalar(std::uint64_t{255}));
  EXPECT_EQ(default_of("uint16 a 65535"), Scalar(std::uint64_t{65535}));
  EXPECT_EQ(default_of("uint32 a 4294967295"), Scalar(std::uint64_t{4294967295u}));
  EXPECT_EQ(default_of("uint64 a 18446744073709551615"), Scalar(std::numeric_limits<std::uint64_t>::max()));
  EXPECT_EQ(default_of("byte a 255"), Scalar(std::uint64_t{255}));
  EXPECT_EQ(default_of("char a 0"), Scalar(std::uint64_t{0}));
  EXPECT_EQ(default_of("uint8 a -0"), Scalar(std::uint64_t{0}));
  // Python's int(): a sign and leading zeros; int(text, 0): 0x, 0o and 0b prefixes.
  EXPECT_EQ(default_of("int32 a +42"), Scalar(std::int64_t{42}));
  EXPECT_EQ(default_of("int32 a 010"), Scalar(std::int64_t{10}));
  EXPECT_EQ(default_of("int32 a 0x1F"), Scalar(std::int64_t{31}));
  EXPECT_EQ(default_of("int32 a -0X10"), Scalar(std::int64_t{-16}));
  EXPECT_EQ(default_of("uint8 a 0o17"), Scalar(std::uint64_t{15}));
  EXPECT_EQ(default_of("uint8 a 0b101"), Scalar(std::uint64_t{5}));
  // Python's digit separators, which rosidl accepts through int() and float().
  EXPECT_EQ(default_of("int32 a 10_000"), Scalar(std::int64_t{10000}));
  EXPECT_EQ(default_of("uint32 a 0x_ff_ff"), Scalar(std::uint64_t{65535}));
  EXPECT_EQ(default_of("float64 a 1_000.5"), Scalar(1000.5));
}

TEST(msg_parser, parses_float_defaults) {
  EXPECT_EQ(default_of("float32 f 1.125"), Scalar(1.125));
  EXPECT_EQ(default_of("float64 f -3.1415"), Scalar(-3.1415));
  EXPECT_EQ(default_of("float64 f 1e3"), Scalar(1000.0));
  EXPECT_EQ(default_of("float64 f +2.5E-1"), Scalar(0.25));
  EXPECT_EQ(default_of("float64 f .5"), Scalar(0.5));
  EXPECT_EQ(default_of("float64 f 7."), Scalar(7.0));
  EXPECT_EQ(default_of("float64 f 3"), Scalar(3.0));
  EXPECT_EQ(default_of("float64 f 1e-400"), Scalar(0.0));  // underflow rounds to zero, as Python
  EXPECT_EQ(default_of("float32 f -inf"), Scalar(-std::numeric_limits<double>::infinity()));
  EXPECT_TRUE(std::isnan(std::get<double>(default_of("float64 f nan"))));
  EXPECT_EQ(default_of("float32 f 3.4028234e38"), Scalar(3.4028234e38));
}

TEST(msg_parser, parses_string_defaults) {
  const auto str = [](std::string_view line) { return std::get<std::string>(default_of(line)); };
  EXPECT_EQ(str("string s \"Hello world!\""), "Hello world!");
  EXPECT_EQ(str("string s 'Hello\"world!'"), "Hello\"world!");
  EXPECT_EQ(str("string s \"Hello'world!\""), "Hello'world!");
  EXPECT_EQ(str("string s 'Hello\\'world!'"), "Hello'world!");
  EXPECT_EQ(str("string s \"Hello\\\"world!\""), "Hello\"world!");
  EXPECT_EQ(str("string s \"  padded  \""), "  padded  ");
  EXPECT_EQ(str("string s \"\""), "");
  EXPECT_EQ(str("string s unquoted words"), "unquoted words");
  EXPECT_EQ(str("string s \"tab\\there\\nnew \\\\ line\""), "tab\there\nnew \\ line");
  EXPECT_EQ(str("string s \"\\x41\\u00e9\\U0001F600\\101\""), "A\xC3\xA9\xF0\x9F\x98\x80" "A");
  EXPECT_EQ(str("string s \"keep \\q\""), "keep \\q");  // unknown escapes stay, as in Python
  EXPECT_EQ(str("string s a\\tb"), "a\tb");              // rosidl unescapes unquoted values too
  EXPECT_EQ(str("wstring w \"ハローワールド\""), "ハローワールド");
  EXPECT_EQ(str("string<=3 s \"ééé\""), "ééé");  // the bound counts characters, not bytes
  EXPECT_EQ(str("string s \"a=b\""), "a=b");     // '=' after the name's default is not a constant
}

TEST(msg_parser, parses_array_defaults) {
  EXPECT_EQ(array_default_of("int32[3] a [0, 2147483647, -2147483648]"),
            (std::vector<Scalar>{std::int64_t{0}, std::int64_t{2147483647}, std::int64_t{-2147483648}}));
  EXPECT_EQ(array_default_of("bool[<=3] a [false,TRUE]"), (std::vector<Scalar>{false, true}));
  EXPECT_EQ(array_default_of("float64[] a [ 1.5 ,-2 ]"), (std::vector<Scalar>{1.5, -2.0}));
  EXPECT_EQ(array_default_of("uint64[] a []"), std::vector<Scalar>{});
  EXPECT_EQ(array_default_of("uint64[<=2] a [  ]"), std::vector<Scalar>{});
  EXPECT_EQ(array_default_of("byte[2] a [0, 255,]"), (std::vector<Scalar>{std::uint64_t{0}, std::uint64_t{255}}));
}

TEST(msg_parser, parses_string_array_defaults) {
  EXPECT_EQ(array_default_of("string[3] a [\"\", \"max value\", \"min value\"]"),
            (std::vector<Scalar>{std::string(), std::string("max value"), std::string("min value")}));
  EXPECT_EQ(array_default_of("string[] a ['a, b', \"c]\", plain , 'it\\'s']"),
            (std::vector<Scalar>{std::string("a, b"), std::string("c]"), std::string("plain"), std::string("it's")}));
  EXPECT_EQ(array_default_of("string<=2[<=2] a [ab, \"c\"]"),
            (std::vector<Scalar>{std::string("ab"), std::string("c")}));
  EXPECT_EQ(array_default_of("wstring[] a ['wörld']"), (std::vector<Scalar>{std::string("wörld")}));
}

TEST(msg_parser, parses_constants_of_every_primitive_type) {
  const MessageSpec spec = msg(
      "bool B=true\nbyte BY=50\nchar C=100\nfloat32 F=1.125\nfloat64 D = -2.5\nint8 I8 =-50\n"
      "uint8 U8= 200\nint64 I64=-40000000\nuint64 U64=18446744073709551615\n"
      "string S=\"Hello world!\"\nstring T=unquoted text\nwstring W='wide'\nint32 X_1_Y=0x10\n");
  ASSERT_EQ(spec.constants.size(), 13u);
  EXPECT_EQ(spec.constants[0].value, Scalar(true));
  EXPECT_EQ(spec.constants[1].value, Scalar(std::uint64_t{50}));
  EXPECT_EQ(spec.constants[2].value, Scalar(std::uint64_t{100}));
  EXPECT_EQ(spec.constants[3].value, Scalar(1.125));
  EXPECT_EQ(spec.constants[4].value, Scalar(-2.5));
  EXPECT_EQ(spec.constants[5].value, Scalar(std::int64_t{-50}));
  EXPECT_EQ(spec.constants[6].value, Scalar(std::uint64_t{200}));
  EXPECT_EQ(spec.constants[7].value, Scalar(std::int64_t{-40000000}));
  EXPECT_EQ(spec.constants[8].value, Scalar(std::numeric_limits<std::uint64_t>::max()));
  EXPECT_EQ(spec.constants[9].value, Scalar(std::string("Hello world!")));
  EXPECT_EQ(spec.constants[10].value, Scalar(std::string("unquoted text")));
  EXPECT_EQ(spec.constants[11].value, Scalar(std::string("wide")));
  EXPECT_EQ(spec.constants[12].value, Scalar(std::int64_t{16}));
  EXPECT_EQ(spec.constants[4].name, "D");
  EXPECT_EQ(spec.constants[4].type, primitive(TypeKind::Float64));
  EXPECT_TRUE(spec.fields.empty());
}

TEST(msg_parser, empty_string_constant_is_the_empty_string) {
  EXPECT_EQ(constant_of("string S="), Scalar(std::string()));
  EXPECT_EQ(constant_of("wstring W = # comment"), Scalar(std::string()));
}

TEST(msg_parser, keeps_declaration_order_of_fields_and_constants) {
  const MessageSpec spec = msg("int32 z\nint32 A=1\nint32 y\nint32 B=2\nint32 x\n");
  ASSERT_EQ(spec.fields.size(), 3u);
  EXPECT_EQ(spec.fields[0].name, "z");
  EXPECT_EQ(spec.fields[2].name, "x");
  ASSERT_EQ(spec.constants.size(), 2u);
  EXPECT_EQ(spec.constants[1].name, "B");
}

TEST(msg_parser, splits_a_service_into_request_and_response) {
  const ServiceSpec srv = parse_service("int64 a\nint64 b\nPoint p\n---\nint64 sum\nint8 OK=1\n", "example", "AddTwo");
  EXPECT_EQ(srv.package, "example");
  EXPECT_EQ(srv.name, "AddTwo");
  EXPECT_EQ(srv.request.name, "AddTwo_Request");
  EXPECT_EQ(srv.request.subfolder, "srv");
  EXPECT_EQ(srv.request.package, "example");
  ASSERT_EQ(srv.request.fields.size(), 3u);
  EXPECT_EQ(srv.request.fields[2].type, nested("example", "Point"));  // a bare type is a msg of the package
  EXPECT_EQ(srv.response.name, "AddTwo_Response");
  EXPECT_EQ(srv.response.subfolder, "srv");
  ASSERT_EQ(srv.response.fields.size(), 1u);
  EXPECT_EQ(srv.response.fields[0].name, "sum");
  ASSERT_EQ(srv.response.constants.size(), 1u);
}

TEST(msg_parser, service_parts_may_be_empty_and_separator_may_be_padded) {
  const ServiceSpec empty = parse_service("---", "pkg", "Empty");
  EXPECT_TRUE(empty.request.fields.empty());
  EXPECT_TRUE(empty.response.fields.empty());
  const ServiceSpec padded = parse_service("int32 a\n  ---  # split\nint32 b", "pkg", "Padded");
  EXPECT_EQ(padded.request.fields.at(0).name, "a");
  EXPECT_EQ(padded.response.fields.at(0).name, "b");
}

TEST(msg_parser, splits_an_action_into_goal_result_and_feedback) {
  const ActionSpec action =
      parse_action("#goal\nint32 order\n---\n#result\nint32[] sequence\n---\n#feedback\nint32[] partial\n",
                   "example", "Fibonacci");
  EXPECT_EQ(action.package, "example");
  EXPECT_EQ(action.name, "Fibonacci");
  EXPECT_EQ(action.goal.name, "Fibonacci_Goal");
  EXPECT_EQ(action.result.name, "Fibonacci_Result");
  EXPECT_EQ(action.feedback.name, "Fibonacci_Feedback");
  EXPECT_EQ(action.goal.subfolder, "action");
  EXPECT_EQ(action.feedback.subfolder, "action");
  EXPECT_EQ(action.goal.fields.at(0).name, "order");
  EXPECT_EQ(action.result.fields.at(0).name, "sequence");
  EXPECT_EQ(action.feedback.fields.at(0).name, "partial");
  const ActionSpec empty = parse_action("---\n---\n", "pkg", "Empty");
  EXPECT_TRUE(empty.goal.fields.empty() && empty.result.fields.empty() && empty.feedback.fields.empty());
}

TEST(msg_parser, parses_all_ros2_test_interface_files) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(kTestInterfaceDir)) GTEST_SKIP() << kTestInterfaceDir << " missing";
  int parsed = 0;
  for (const char* sub : {"msg", "srv", "action"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(kTestInterfaceDir) / sub)) {
      const std::string text = read_file(entry.path());
      const std::string name = entry.path().stem().string();
      const std::string file = entry.path().string();
      SCOPED_TRACE(file);
      if (entry.path().extension() == ".msg") {
        EXPECT_NO_THROW(parse_message(text, "test_msgs", name, file));
      } else if (entry.path().extension() == ".srv") {
        EXPECT_NO_THROW(parse_service(text, "test_msgs", name, file));
      } else if (entry.path().extension() == ".action") {
        EXPECT_NO_THROW(parse_action(text, "test_msgs", name, file));
      } else {
        continue;
      }
      ++parsed;
    }
  }
  EXPECT_GE(parsed, 16);  // 12 messages, 3 services, 1 action in ROS 2 Humble/Jazzy
}

TEST(msg_parser, test_interface_files_give_rosidls_values) {
  namespace fs = std::filesystem;
  const fs::path dir(kTestInterfaceDir);
  if (!fs::is_directory(dir)) GTEST_SKIP() << kTestInterfaceDir << " missing";

  const MessageSpec strings = parse_message(read_file(dir / "msg/Strings.msg"), "test_msgs", "Strings");
  ASSERT_EQ(strings.fields.size(), 12u);
  const char* expected[] = {"Hello world!", "Hello'world!", "Hello\"world!", "Hello'world!", "Hello\"world!"};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(std::get<std::string>(std::get<Scalar>(strings.fields[1 + i].default_value)), expected[i]);
    EXPECT_EQ(std::get<std::string>(std::get<Scalar>(strings.fields[7 + i].default_value)), expected[i]);
  }
  EXPECT_EQ(strings.fields[6].type.string_bound, 22u);
  EXPECT_EQ(strings.constants.at(0).name, "STRING_CONST");

  const MessageSpec defaults = parse_message(read_file(dir / "msg/Defaults.msg"), "test_msgs", "Defaults");
  EXPECT_EQ(std::get<Scalar>(defaults.fields.at(0).default_value), Scalar(true));
  EXPECT_EQ(std::get<Scalar>(defaults.fields.at(5).default_value), Scalar(std::int64_t{-50}));
  EXPECT_EQ(std::get<Scalar>(defaults.fields.at(12).default_value), Scalar(std::uint64_t{50000000}));

  const MessageSpec arrays = parse_message(read_file(dir / "msg/Arrays.msg"), "test_msgs", "Arrays");
  EXPECT_EQ(arrays.fields.at(14).type, nested("test_msgs", "BasicTypes", ArrayKind::Fixed, 3));
  const auto& int64s = std::get<std::vector<Scalar>>(arrays.fields.at(28).default_value);
  EXPECT_EQ(int64s.at(2), Scalar(std::numeric_limits<std::int64_t>::min()));

  const ActionSpec fib = parse_action(read_file(dir / "action/Fibonacci.action"), "test_msgs", "Fibonacci");
  EXPECT_EQ(fib.result.fields.at(0).type.array, ArrayKind::Unbounded);
}

// ---- field_type_string and type_kind_name ----

TEST(msg_parser, field_type_string_uses_rosidl_python_spellings) {
  const std::pair<const char*, const char*> cases[] = {
      {"bool", "boolean"},
      {"byte", "octet"},
      {"char", "uint8"},
      {"float32", "float"},
      {"float64", "double"},
      {"int8", "int8"},
      {"uint8", "uint8"},
      {"int16", "int16"},
      {"uint16", "uint16"},
      {"int32", "int32"},
      {"uint32", "uint32"},
      {"int64", "int64"},
      {"uint64", "uint64"},
      {"string", "string"},
      {"wstring", "wstring"},
      {"string<=5", "string<5>"},
      {"wstring<=23", "wstring<23>"},
      {"float64[]", "sequence<double>"},
      {"float64[<=3]", "sequence<double, 3>"},
      {"float64[3]", "double[3]"},
      {"bool[3]", "boolean[3]"},
      {"byte[<=3]", "sequence<octet, 3>"},
      {"char[]", "sequence<uint8>"},
      {"string[3]", "string[3]"},
      {"string<=3[]", "sequence<string<3>>"},
      {"string<=3[<=4]", "sequence<string<3>, 4>"},
      {"wstring[<=3]", "sequence<wstring, 3>"},
      {"std_msgs/Header", "std_msgs/Header"},
      {"geometry_msgs/Pose[]", "sequence<geometry_msgs/Pose>"},
      {"BasicTypes[3]", "pkg/BasicTypes[3]"},
      {"BasicTypes[<=3]", "sequence<pkg/BasicTypes, 3>"},
  };
  for (const auto& [msg_type, python] : cases) {
    EXPECT_EQ(field_type_string(type_of(std::string(msg_type) + " f")), python) << msg_type;
  }
}

TEST(msg_parser, type_kind_name_gives_msg_spellings) {
  EXPECT_STREQ(type_kind_name(TypeKind::Bool), "bool");
  EXPECT_STREQ(type_kind_name(TypeKind::Byte), "byte");
  EXPECT_STREQ(type_kind_name(TypeKind::Float32), "float32");
  EXPECT_STREQ(type_kind_name(TypeKind::Uint64), "uint64");
  EXPECT_STREQ(type_kind_name(TypeKind::WString), "wstring");
  EXPECT_STREQ(type_kind_name(TypeKind::Message), "");
}

// ---- errors: message and position ----

TEST(msg_parser, error_what_reads_file_line_column_message) {
  try {
    parse_message("int32 a\nfoo b\n", "pkg", "Msg", "dir/Msg.msg");
    FAIL() << "no error";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.file(), "dir/Msg.msg");
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.column(), 1);
    EXPECT_EQ(std::string(e.what()), "dir/Msg.msg:2:1: " + e.message());
    EXPECT_NE(e.message().find("unknown type 'foo'"), std::string::npos);
  }
}

TEST(msg_parser, rejects_unknown_types) {
  EXPECT_TRUE(fails_with("int32 a\n  foo bar", 2, 3, "unknown type 'foo'"));
  EXPECT_TRUE(fails_with("float x", 1, 1, "unknown type 'float'"));
  EXPECT_TRUE(fails_with("time stamp", 1, 1, "use builtin_interfaces/Time"));
  EXPECT_TRUE(fails_with("duration d", 1, 1, "no time or duration primitive"));
  EXPECT_TRUE(fails_with("@optional int32 x", 1, 1, "annotation '@optional' is not supported"));
}

TEST(msg_parser, rejects_bad_nested_type_names) {
  EXPECT_TRUE(fails_with("Geometry_msgs/Pose p", 1, 1, "invalid package name 'Geometry_msgs'"));
  EXPECT_TRUE(fails_with("geometry__msgs/Pose p", 1, 1, "package names start with a lower-case letter"));
  EXPECT_TRUE(fails_with("geometry_msgs/pose p", 1, 15, "invalid type name 'pose'"));
  EXPECT_TRUE(fails_with("geometry_msgs/Po_se p", 1, 15, "type names start with an upper-case letter"));
  EXPECT_TRUE(fails_with("a/msg/Pose p", 1, 1, "expected 'package/Type'"));
}

TEST(msg_parser, rejects_bad_array_sizes) {
  EXPECT_TRUE(fails_with("int32[abc] x", 1, 7, "invalid array size 'abc': expected a positive integer"));
  EXPECT_TRUE(fails_with("int32[<=] x", 1, 9, "invalid array bound ''"));
  EXPECT_TRUE(fails_with("int32[-1] x", 1, 7, "invalid array size '-1'"));
  EXPECT_TRUE(fails_with("int32[0] x", 1, 7, "array size must be greater than 0"));
  EXPECT_TRUE(fails_with("int32[<=0] x", 1, 9, "array bound must be greater than 0"));
}

TEST(msg_parser, rejects_array_sizes_beyond_uint32) {
  EXPECT_TRUE(fails_with("int32[4294967296] x", 1, 7, "array size '4294967296' is too large"));
  EXPECT_TRUE(fails_with("int32[<=99999999999999999999999] x", 1, 9, "too large: the maximum is 4294967295"));
  EXPECT_TRUE(fails_with("string<=18446744073709551616 s", 1, 9, "string bound '18446744073709551616' is too large"));
}

TEST(msg_parser, rejects_malformed_array_suffixes) {
  EXPECT_TRUE(fails_with("int32[3 x", 1, 8, "expected ']' to close the array suffix"));
  EXPECT_TRUE(fails_with("int32] x", 1, 6, "found ']' without '['"));
  EXPECT_TRUE(fails_with("int32[3][2] x", 1, 6, "multi-dimensional arrays are not supported"));
  EXPECT_TRUE(fails_with("int32[3]x y", 1, 9, "unexpected text 'x' after the array suffix"));
  EXPECT_TRUE(fails_with("[3] x", 1, 1, "expected an element type before '['"));
}

TEST(msg_parser, rejects_bad_string_bounds) {
  EXPECT_TRUE(fails_with("string<=0 s", 1, 9, "string bound must be greater than 0"));
  EXPECT_TRUE(fails_with("string<=x s", 1, 9, "invalid string bound 'x'"));
  EXPECT_TRUE(fails_with("wstring<5 s", 1, 9, "a bounded wstring is written 'wstring<=N'"));
}

TEST(msg_parser, rejects_a_type_without_a_name) {
  EXPECT_TRUE(fails_with("int32 a\nint32", 2, 6, "expected a field or constant name after the type 'int32'"));
  EXPECT_TRUE(fails_with("int32   # comment", 1, 6, "expected a field or constant name"));
  EXPECT_TRUE(fails_with("int32 =5", 1, 7, "expected a constant name before '='"));
}

TEST(msg_parser, rejects_bad_field_names) {
  EXPECT_TRUE(fails_with("int32 Foo", 1, 7, "invalid field name 'Foo': field names start with a lower-case letter"));
  EXPECT_TRUE(fails_with("int32 foo__bar", 1, 7, "invalid field name 'foo__bar'"));
  EXPECT_TRUE(fails_with("int32 foo_", 1, 7, "not at the end"));
  EXPECT_TRUE(fails_with("int32 _foo", 1, 7, "invalid field name '_foo'"));
  EXPECT_TRUE(fails_with("int32 9lives", 1, 7, "invalid field name '9lives'"));
  EXPECT_TRUE(fails_with("int32 foo-bar", 1, 7, "invalid field name 'foo-bar'"));
}

TEST(msg_parser, rejects_duplicate_field_names) {
  EXPECT_TRUE(fails_with("int32 x\nfloat64 y\n\nstring  x", 4, 9, "duplicate field name 'x' (first declared on line 1)"));
}

TEST(msg_parser, rejects_bad_constant_names) {
  EXPECT_TRUE(fails_with("int32 Foo=1", 1, 7, "invalid constant name 'Foo': constant names start with an upper-case"));
  EXPECT_TRUE(fails_with("int32 FOO__BAR=1", 1, 7, "invalid constant name 'FOO__BAR'"));
  EXPECT_TRUE(fails_with("int32 FOO_ = 1", 1, 7, "invalid constant name 'FOO_'"));
  EXPECT_TRUE(fails_with("int32 x=1", 1, 7, "invalid constant name 'x'"));
}

TEST(msg_parser, rejects_duplicate_constant_names) {
  EXPECT_TRUE(fails_with("int32 A=1\nint64 A=2", 2, 7, "duplicate constant name 'A' (first declared on line 1)"));
}

TEST(msg_parser, rejects_constants_of_non_primitive_types) {
  EXPECT_TRUE(fails_with("int32[3] X=[1,2,3]", 1, 1, "constants must have a primitive, non-array type"));
  EXPECT_TRUE(fails_with("geometry_msgs/Pose P=1", 1, 1, "constant 'P' has type 'geometry_msgs/Pose'"));
  EXPECT_TRUE(fails_with("string<=5 S=\"a\"", 1, 1, "constants must have a primitive, non-array type"));
}

TEST(msg_parser, rejects_a_constant_without_a_value) {
  EXPECT_TRUE(fails_with("int32 X=", 1, 9, "expected a value after '=' for constant 'X'"));
  EXPECT_TRUE(fails_with("int32 X =   # comment", 1, 10, "expected a value after '='"));
}

TEST(msg_parser, rejects_integer_constants_out_of_range) {
  EXPECT_TRUE(fails_with("int8 X=128", 1, 8, "value '128' is out of range for int8 (-128 to 127)"));
  EXPECT_TRUE(fails_with("int8 X=-129", 1, 8, "out of range for int8"));
  EXPECT_TRUE(fails_with("uint8 X = -1", 1, 11, "value '-1' is out of range for uint8 (0 to 255)"));
  EXPECT_TRUE(fails_with("byte X=256", 1, 8, "out of range for byte (0 to 255)"));
  EXPECT_TRUE(fails_with("int64 X=9223372036854775808", 1, 9, "out of range for int64"));
  EXPECT_TRUE(fails_with("uint64 X=18446744073709551616", 1, 10, "out of range for uint64"));
  EXPECT_TRUE(fails_with("uint32 X=99999999999999999999999999999999", 1, 10, "out of range for uint32"));
}

TEST(msg_parser, rejects_non_integer_values_for_integer_types) {
  EXPECT_TRUE(fails_with("int32 x 1.5", 1, 9, "expected an integer value for int32, found '1.5'"));
  EXPECT_TRUE(fails_with("int32 x 12 13", 1, 9, "found '12 13'"));
  EXPECT_TRUE(fails_with("int32 x 0x", 1, 9, "expected an integer value"));
  EXPECT_TRUE(fails_with("char X=a", 1, 8, "expected an integer value for char"));
  EXPECT_TRUE(fails_with("int32 x 1__0", 1, 9, "expected an integer value for int32, found '1__0'"));
  EXPECT_TRUE(fails_with("int32 x 10_", 1, 9, "found '10_'"));
  EXPECT_TRUE(fails_with("int32 x _1", 1, 9, "found '_1'"));
}

TEST(msg_parser, rejects_bad_bool_values) {
  EXPECT_TRUE(fails_with("bool b 2", 1, 8, "expected true, false, 1 or 0 for bool, found '2'"));
  EXPECT_TRUE(fails_with("bool B=yes", 1, 8, "found 'yes'"));
}

TEST(msg_parser, rejects_bad_float_values) {
  EXPECT_TRUE(fails_with("float64 f 1,5", 1, 11, "expected a floating-point value for float64"));
  EXPECT_TRUE(fails_with("float64 f 0x10", 1, 11, "with '.' as the decimal point"));
  EXPECT_TRUE(fails_with("float64 f 1_.5", 1, 11, "found '1_.5'"));
  EXPECT_TRUE(fails_with("float64 F=1e999", 1, 11, "out of range for float64"));
  EXPECT_TRUE(fails_with("float32 f 1e39", 1, 11, "value '1e39' is out of range for float32"));
}

TEST(msg_parser, rejects_defaults_on_nested_types) {
  EXPECT_TRUE(fails_with("geometry_msgs/Point p 1", 1, 23, "cannot have a default value"));
  EXPECT_TRUE(fails_with("Point[] p []", 1, 11, "field 'p' of nested type 'Point[]' cannot have a default"));
}

TEST(msg_parser, rejects_array_defaults_of_the_wrong_size) {
  EXPECT_TRUE(fails_with("int32[2] a [1, 2, 3]", 1, 19, "too many elements in the value of type 'int32[2]': it holds exactly 2"));
  EXPECT_TRUE(fails_with("int32[<=2] a [1,2,3,4]", 1, 19, "it holds at most 2"));
  EXPECT_TRUE(fails_with("string[<=1] a ['x', 'y']", 1, 21, "too many elements"));
  EXPECT_TRUE(fails_with("int32[3] a [1, 2]", 1, 12, "needs exactly 3 elements, found 2"));
  EXPECT_TRUE(fails_with("int32[1] a []", 1, 12, "needs exactly 1 elements, found 0"));
}

TEST(msg_parser, rejects_malformed_array_defaults) {
  EXPECT_TRUE(fails_with("int32[] a 1, 2", 1, 11, "expected an array value such as [1, 2, 3]"));
  EXPECT_TRUE(fails_with("int32[] a [1, 2", 1, 11, "expected an array value"));
  EXPECT_TRUE(fails_with("int32[] a [1,,2]", 1, 14, "empty array element"));
  EXPECT_TRUE(fails_with("int32[] a [,]", 1, 12, "empty array element"));
  EXPECT_TRUE(fails_with("uint8[] a [1, 256]", 1, 15, "value '256' is out of range for uint8"));
  EXPECT_TRUE(fails_with("string[] a [\"x\" y, 'z']", 1, 17, "expected ',' or ']' after an array element, found 'y, 'z''"));
  EXPECT_TRUE(fails_with("string[] a ['x', 'y]", 1, 18, "unterminated string"));
}

TEST(msg_parser, rejects_unterminated_and_malformed_strings) {
  EXPECT_TRUE(fails_with("string s \"abc", 1, 10, "unterminated string: expected a closing \" to match this one"));
  EXPECT_TRUE(fails_with("string s 'abc # not a comment", 1, 10, "unterminated string"));
  EXPECT_TRUE(fails_with("string S=\"abc\\\"", 1, 10, "unterminated string"));
  EXPECT_TRUE(fails_with("string s 'fo'o", 1, 14, "unexpected text 'o' after the closing quote"));
  EXPECT_TRUE(fails_with("string s \"bad \\x4\"", 1, 15, "invalid escape '\\x4': expected 2 hex digits"));
  EXPECT_TRUE(fails_with("string s \"\\UFFFFFFFF\"", 1, 11, "is not a valid Unicode code point"));
}

TEST(msg_parser, rejects_strings_longer_than_their_bound) {
  EXPECT_TRUE(fails_with("string<=3 s \"abcd\"", 1, 13, "string value has 4 characters, more than the bound 3"));
  EXPECT_TRUE(fails_with("string<=2[] s ['ab', abc]", 1, 22, "more than the bound 2"));
}

TEST(msg_parser, rejects_strings_that_are_not_utf8) {
  EXPECT_TRUE(fails_with("string s \"ab\xff\"", 1, 13, "not valid UTF-8"));
}

TEST(msg_parser, counts_columns_in_characters) {
  // "é" is two bytes but one column.
  EXPECT_TRUE(fails_with("string a \"é\" junk", 1, 13, "unexpected text ' junk'"));
}

TEST(msg_parser, rejects_a_separator_in_a_message) {
  EXPECT_TRUE(fails_with("int32 a\n---\nint32 b", 2, 1, "unexpected '---'"));
}

TEST(msg_parser, rejects_a_service_without_a_separator) {
  EXPECT_TRUE(fails_with("int32 a\nint32 b", 2, 8, "missing '---' at the end of the file: a .srv file has exactly one",
                         Kind::Srv));
  EXPECT_TRUE(fails_with("", 1, 1, "found 0", Kind::Srv));
  EXPECT_TRUE(fails_with("int32 a\n-- -\n", 2, 5, "missing '---'", Kind::Srv));
}

TEST(msg_parser, rejects_a_service_with_two_separators) {
  EXPECT_TRUE(fails_with("int32 a\n---\nint32 b\n  ---\nint32 c", 4, 3, "unexpected '---': a .srv file has exactly one",
                         Kind::Srv));
}

TEST(msg_parser, rejects_actions_with_the_wrong_number_of_separators) {
  EXPECT_TRUE(fails_with("int32 a\n---\nint32 b\n", 3, 8, "an .action file has exactly two '---' lines", Kind::Action));
  EXPECT_TRUE(fails_with("---\n---\n---\n", 3, 1, "unexpected '---': an .action file has exactly two", Kind::Action));
}

TEST(msg_parser, reports_lines_of_the_whole_file_in_later_parts) {
  EXPECT_TRUE(fails_with("int32 a\n---\n# result\nint32 b\nbad__name c", 5, 1, "unknown type 'bad__name'", Kind::Srv));
  EXPECT_TRUE(fails_with("int32 a\n---\n---\nint32 b\nint32 b", 5, 7, "duplicate field name 'b' (first declared on line 4)",
                         Kind::Action));
}

TEST(msg_parser, field_names_may_repeat_across_service_parts) {
  const ServiceSpec srv = parse_service("int32 x\n---\nint32 x\n", "pkg", "Same");
  EXPECT_EQ(srv.request.fields.at(0).name, srv.response.fields.at(0).name);
}

TEST(msg_parser, rejects_invalid_interface_names) {
  try {
    parse_message("int32 a", "Bad-Pkg", "Msg");
    FAIL() << "no error";
  } catch (const ParseError& e) {
    EXPECT_NE(e.message().find("invalid package name 'Bad-Pkg'"), std::string::npos);
    EXPECT_EQ(e.line(), 1);
  }
  EXPECT_THROW(parse_service("---", "pkg", "lower"), ParseError);
  EXPECT_THROW(parse_action("---\n---", "pkg", "Under_Score"), ParseError);
}

// ---- robustness ----

// Every outcome is a spec or a ParseError: no other exception, crash or hang.
void parse_all_ways(std::string_view text) {
  for (Kind kind : {Kind::Msg, Kind::Srv, Kind::Action}) {
    try {
      switch (kind) {
        case Kind::Msg: parse_message(text, "pkg", "Msg"); break;
        case Kind::Srv: parse_service(text, "pkg", "Srv"); break;
        case Kind::Action: parse_action(text, "pkg", "Act"); break;
      }
    } catch (const ParseError& e) {
      ASSERT_GE(e.line(), 1);
      ASSERT_GE(e.column(), 1);
    }
  }
}

TEST(msg_parser, survives_random_bytes) {
  std::mt19937 rng(20240601);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 120);
  for (int i = 0; i < 3000; ++i) {
    std::string text(static_cast<std::size_t>(length(rng)), '\0');
    for (char& c : text) c = static_cast<char>(byte(rng));
    parse_all_ways(text);
  }
}

TEST(msg_parser, survives_random_token_soup) {
  // Plausible pieces recombined, so the fuzzing reaches deep into the grammar.
  const char* pieces[] = {"int32", "string", "string<=", "wstring", "uint8", "float32", "bool", "byte", "Pose",
                          "pkg/Type", "[", "]", "[<=", "<=", "3", "0", "-", "x", "X", "=", " ", " ", "\t", "\n",
                          "---", "#", "\"", "'", "\\", ",", "1e999", "0x", "true", "é", "\xff", "99999999999999999999"};
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(pieces) - 1);
  std::uniform_int_distribution<int> count(0, 40);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (int n = count(rng); n > 0; --n) text += pieces[pick(rng)];
    parse_all_ways(text);
  }
}

TEST(msg_parser, survives_every_truncation_of_the_test_interface_files) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(kTestInterfaceDir)) GTEST_SKIP() << kTestInterfaceDir << " missing";
  for (const char* file : {"msg/Arrays.msg", "msg/Strings.msg", "msg/WStrings.msg", "srv/BasicTypes.srv"}) {
    const std::string text = read_file(fs::path(kTestInterfaceDir) / file);
    for (std::size_t n = 0; n <= text.size(); ++n) parse_all_ways(std::string_view(text).substr(0, n));
  }
}

TEST(msg_parser, survives_huge_inputs) {
  parse_all_ways("int32[" + std::string(100000, '9') + "] x");
  parse_all_ways("string s \"" + std::string(1 << 20, 'a') + "\"");
  parse_all_ways("int64 x " + std::string(5000, '-'));
  parse_all_ways(std::string(100000, '\n'));
  parse_all_ways(std::string(100000, '['));
}

TEST(msg_parser, parses_many_fields_quickly) {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "int32 f" + std::to_string(i) + " " + std::to_string(i) + "\n";
  const auto start = std::chrono::steady_clock::now();
  const MessageSpec spec = msg(text);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(spec.fields.size(), 100000u);
  EXPECT_LT(elapsed, std::chrono::seconds(5));  // generous for sanitizer builds; ~50 ms in release
}

}  // namespace
}  // namespace rclx
