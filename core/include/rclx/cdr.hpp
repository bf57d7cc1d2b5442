// CDR (XCDR1, little-endian) building blocks: an owning byte buffer, a writer and a bounds-checked reader.
//
// Alignment is counted from the first byte after the 4-byte encapsulation header, as in ROS 2.
// Both classes are header-only because they sit on the publish and receive hot paths.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace rclx {

/// Encapsulation header for CDR little-endian (XCDR1), the only representation rclx writes.
inline constexpr std::uint8_t kCdrLeHeader[4] = {0x00, 0x01, 0x00, 0x00};
/// Encapsulation header for CDR big-endian (XCDR1); accepted on receive.
inline constexpr std::uint8_t kCdrBeHeader[4] = {0x00, 0x00, 0x00, 0x00};

/// A growable, uninitialised byte buffer (malloc/realloc so big payloads grow without zero-filling).
class ByteBuffer {
 public:
  ByteBuffer() = default;
  explicit ByteBuffer(std::size_t capacity) { reserve(capacity); }
  ByteBuffer(ByteBuffer&&) noexcept = default;
  ByteBuffer& operator=(ByteBuffer&&) noexcept = default;

  std::uint8_t* data() { return data_.get(); }
  const std::uint8_t* data() const { return data_.get(); }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }

  void reserve(std::size_t n) {
    if (n <= capacity_) return;
    void* p = std::realloc(data_.get(), n);
    if (p == nullptr) throw std::bad_alloc();
    (void)data_.release();
    data_.reset(static_cast<std::uint8_t*>(p));
    capacity_ = n;
  }
  /// Grows to n bytes; new bytes are uninitialised.
  void resize(std::size_t n) {
    if (n > capacity_) reserve(n < 2 * capacity_ ? 2 * capacity_ : n);
    size_ = n;
  }
  void clear() { size_ = 0; }

 private:
  struct Free {
    void operator()(std::uint8_t* p) const { std::free(p); }
  };
  std::unique_ptr<std::uint8_t, Free> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// Appends CDR-encoded values to a ByteBuffer. Starts with the little-endian encapsulation header.
class CdrWriter {
 public:
  explicit CdrWriter(ByteBuffer& out) : out_(out) {
    out_.clear();
    out_.resize(4);
    std::memcpy(out_.data(), kCdrLeHeader, 4);
  }

  /// Pads with zeros so the next value starts at a multiple of n (counted after the header).
  void align(std::size_t n) {
    const std::size_t pos = out_.size() - 4;
    const std::size_t pad = (n - (pos & (n - 1))) & (n - 1);
    if (pad != 0) {
      const std::size_t at = out_.size();
      out_.resize(at + pad);
      std::memset(out_.data() + at, 0, pad);
    }
  }

  template <typename T>
  void write(T value) {
    static_assert(std::is_arithmetic_v<T>);
    align(sizeof(T));
    const std::size_t at = out_.size();
    out_.resize(at + sizeof(T));
    std::memcpy(out_.data() + at, &value, sizeof(T));
  }

  /// Writes count elements of T aligned to sizeof(T) (no length prefix).
  template <typename T>
  void write_array(const T* values, std::size_t count) {
    if (count == 0) return;
    align(sizeof(T));
    write_bytes(values, count * sizeof(T));
  }

  void write_bytes(const void* bytes, std::size_t n) {
    const std::size_t at = out_.size();
    out_.resize(at + n);
    std::memcpy(out_.data() + at, bytes, n);
  }

  /// A CDR string: uint32 length including the terminating NUL, the bytes, then NUL.
  void write_string(const char* s, std::size_t n) {
    write<std::uint32_t>(static_cast<std::uint32_t>(n + 1));
    const std::size_t at = out_.size();
    out_.resize(at + n + 1);
    std::memcpy(out_.data() + at, s, n);
    out_.data()[at + n] = 0;
  }

  /// Reserves n bytes aligned to `alignment` and returns where to write them.
  std::uint8_t* grow(std::size_t n, std::size_t alignment) {
    align(alignment);
    const std::size_t at = out_.size();
    out_.resize(at + n);
    return out_.data() + at;
  }

  std::size_t size() const { return out_.size(); }

 private:
  ByteBuffer& out_;
};

/// Malformed or truncated CDR: what() names the position and what was expected.
class CdrError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads CDR values from a complete serialized message (header included), with bounds checks.
class CdrReader {
 public:
  /// Validates the encapsulation header; throws CdrError on anything but CDR_LE / CDR_BE.
  CdrReader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size), pos_(4) {
    if (size < 4) throw CdrError("serialized message of " + std::to_string(size) + " bytes is shorter than the 4-byte CDR header");
    if (data[0] != 0 || (data[1] != 0 && data[1] != 1)) {
      throw CdrError("unsupported CDR encapsulation 0x" + hex2(data[0]) + hex2(data[1]) +
                     " (expected 0x0001, CDR little-endian, or 0x0000, CDR big-endian)");
    }
    swap_ = data[1] == 0;
  }

  void align(std::size_t n) {
    const std::size_t rel = pos_ - 4;
    pos_ += (n - (rel & (n - 1))) & (n - 1);
  }

  template <typename T>
  T read() {
    static_assert(std::is_arithmetic_v<T>);
    align(sizeof(T));
    need(sizeof(T));
    T value;
    std::memcpy(&value, data_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    if constexpr (sizeof(T) > 1) {
      if (swap_) value = byteswap(value);
    }
    return value;
  }

  /// A sequence length, checked against what could still fit (elements of elem_size bytes).
  std::uint32_t read_length(std::size_t elem_size, const char* what) {
    const auto n = read<std::uint32_t>();
    if (elem_size != 0 && static_cast<std::uint64_t>(n) * elem_size > remaining()) {
      throw CdrError(std::string("sequence length ") + std::to_string(n) + " of " + what + " at offset " +
                     std::to_string(pos_ - 4) + " exceeds the " + std::to_string(remaining()) +
                     " bytes left in the message");
    }
    return n;
  }

  /// Returns a pointer to n contiguous bytes aligned to `alignment` and advances past them.
  const std::uint8_t* take(std::size_t n, std::size_t alignment) {
    align(alignment);
    need(n);
    const std::uint8_t* p = data_ + pos_;
    pos_ += n;
    return p;
  }

  /// A CDR string; returns its bytes without the NUL.
  std::pair<const char*, std::size_t> read_string(const char* what) {
    const std::uint32_t n = read_length(1, what);
    if (n == 0) return {"", 0};  // tolerated: some writers send 0 for an empty string
    const std::uint8_t* p = take(n, 1);
    return {reinterpret_cast<const char*>(p), n - 1};
  }

  bool swapped() const { return swap_; }
  std::size_t remaining() const { return pos_ <= size_ ? size_ - pos_ : 0; }
  std::size_t offset() const { return pos_ - 4; }

  template <typename T>
  static T byteswap(T value) {
    std::uint8_t b[sizeof(T)];
    std::memcpy(b, &value, sizeof(T));
    for (std::size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(b[i], b[sizeof(T) - 1 - i]);
    std::memcpy(&value, b, sizeof(T));
    return value;
  }

 private:
  void need(std::size_t n) const {
    if (pos_ > size_ || n > size_ - pos_) {
      throw CdrError("message truncated: needed " + std::to_string(n) + " bytes at offset " +
                     std::to_string(pos_ - 4) + " but only " + std::to_string(remaining()) + " remain");
    }
  }
  static std::string hex2(std::uint8_t b) {
    const char* digits = "0123456789abcdef";
    return {digits[b >> 4], digits[b & 15]};
  }

  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_;
  bool swap_ = false;
};

}  // namespace rclx
