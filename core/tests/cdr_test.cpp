// CDR writer/reader: alignment after the header, strings, bounds checks, byte order.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "rclx/cdr.hpp"

namespace {

std::vector<std::uint8_t> bytes(const rclx::ByteBuffer& b) { return {b.data(), b.data() + b.size()}; }

}  // namespace

TEST(cdr, header_then_aligned_values) {
  rclx::ByteBuffer buf;
  rclx::CdrWriter w(buf);
  w.write<std::uint8_t>(1);
  w.write<double>(0.0);
  w.write<std::uint16_t>(0x0203);
  w.write<std::uint32_t>(0x04050607);
  const std::vector<std::uint8_t> expected = {0, 1, 0, 0,  1, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,
                                              3, 2, 0, 0,  7, 6, 5, 4};
  EXPECT_EQ(bytes(buf), expected);
}

TEST(cdr, string_has_length_with_nul_and_no_trailing_padding) {
  rclx::ByteBuffer buf;
  rclx::CdrWriter w(buf);
  w.write_string("hello", 5);
  EXPECT_EQ(buf.size(), 14u);
  rclx::CdrReader r(buf.data(), buf.size());
  auto [s, n] = r.read_string("data");
  EXPECT_EQ(std::string(s, n), "hello");
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(cdr, reader_rejects_truncation_with_position) {
  const std::vector<std::uint8_t> data = {0, 1, 0, 0, 1, 2};
  rclx::CdrReader r(data.data(), data.size());
  try {
    (void)r.read<std::uint32_t>();
    FAIL() << "expected CdrError";
  } catch (const rclx::CdrError& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos);
  }
}

TEST(cdr, reader_rejects_lengths_beyond_the_message) {
  const std::uint8_t data[] = {0, 1, 0, 0, 0xff, 0xff, 0xff, 0x7f};
  rclx::CdrReader r(data, sizeof data);
  EXPECT_THROW((void)r.read_length(1, "x"), rclx::CdrError);
}

TEST(cdr, reader_rejects_unknown_encapsulation_and_short_input) {
  const std::uint8_t xcdr2[] = {0, 7, 0, 0};
  EXPECT_THROW(rclx::CdrReader(xcdr2, sizeof xcdr2), rclx::CdrError);
  EXPECT_THROW(rclx::CdrReader(xcdr2, 2), rclx::CdrError);
}

TEST(cdr, big_endian_values_are_swapped) {
  const std::uint8_t data[] = {0, 0, 0, 0, 0x01, 0x02, 0x03, 0x04};
  rclx::CdrReader r(data, sizeof data);
  EXPECT_TRUE(r.swapped());
  EXPECT_EQ(r.read<std::uint32_t>(), 0x01020304u);
}

TEST(cdr, buffer_grows_without_losing_data) {
  rclx::ByteBuffer buf(8);
  rclx::CdrWriter w(buf);
  for (std::uint32_t i = 0; i < 10000; ++i) w.write<std::uint32_t>(i);
  rclx::CdrReader r(buf.data(), buf.size());
  for (std::uint32_t i = 0; i < 10000; ++i) ASSERT_EQ(r.read<std::uint32_t>(), i);
}
