// The Cyclone sertype/serdata pair that carries opaque CDR, so rclx writes and takes serialized bytes.
#pragma once

#include <dds/dds.h>
#include <dds/ddsi/ddsi_serdata.h>
#include <dds/ddsi/ddsi_sertype.h>

#include <string>

#include "rclx/cdr.hpp"

namespace rclx::detail {

/// A sample: the standard serdata header and its CDR bytes (encapsulation header included).
/// Received samples keep their bytes in the same allocation, right after this struct (one malloc on
/// the receive thread); published ones own the ByteBuffer the converter wrote.
struct RawSerdata {
  ddsi_serdata c;  // must stay first: Cyclone sees only this part
  std::uint8_t* data = nullptr;
  std::size_t size = 0;
  ByteBuffer owned;  // the bytes of a published sample; empty for received ones
};

/// Creates a sertype for a DDS type name. The caller passes it to dds_create_topic_sertype,
/// which takes over the reference (Cyclone frees it through the sertype's free op).
ddsi_sertype* create_sertype(const std::string& type_name);

/// Makes a DATA serdata of `type` that owns `cdr` (moved in).
ddsi_serdata* make_serdata(const ddsi_sertype* type, ByteBuffer&& cdr);

}  // namespace rclx::detail
