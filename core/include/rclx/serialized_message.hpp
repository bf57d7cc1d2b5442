// A received sample: the CDR bytes of one message, borrowed from DDS without a copy.
#pragma once

#include <cstddef>
#include <cstdint>

struct ddsi_serdata;

namespace rclx {

/// Metadata DDS delivers with a sample (rmw_message_info_t's useful part).
struct SampleInfo {
  std::int64_t source_timestamp = 0;    ///< ns since the epoch, stamped by the writer
  std::int64_t received_timestamp = 0;  ///< ns since the epoch, stamped on arrival
  std::uint64_t publication_handle = 0; ///< the DDS instance handle of the writer
};

/// Owns one reference to a DDS sample; the bytes stay valid while this object lives. Move-only.
class SerializedMessage {
 public:
  SerializedMessage() = default;
  explicit SerializedMessage(ddsi_serdata* adopted) : sd_(adopted) {}
  SerializedMessage(SerializedMessage&& other) noexcept : sd_(other.sd_), info_(other.info_) { other.sd_ = nullptr; }
  SerializedMessage& operator=(SerializedMessage&& other) noexcept;
  SerializedMessage(const SerializedMessage&) = delete;
  SerializedMessage& operator=(const SerializedMessage&) = delete;
  ~SerializedMessage();

  /// The full serialized message, encapsulation header included.
  const std::uint8_t* data() const;
  std::size_t size() const;
  bool empty() const { return sd_ == nullptr; }
  SampleInfo& info() { return info_; }
  const SampleInfo& info() const { return info_; }

 private:
  ddsi_serdata* sd_ = nullptr;
  SampleInfo info_;
};

}  // namespace rclx
