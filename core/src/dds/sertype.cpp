// The Cyclone sertype/serdata pair that carries opaque CDR: every op works on raw bytes, never on samples.
#include "dds/sertype.hpp"

#include <dds/ddsi/q_radmin.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <new>

#include "rclx/serialized_message.hpp"

namespace rclx::detail {
namespace {

// Topics in ROS 2 are keyless, so every sample belongs to the one instance and key ops are trivial.

RawSerdata* raw(ddsi_serdata* d) { return reinterpret_cast<RawSerdata*>(d); }
const RawSerdata* raw(const ddsi_serdata* d) { return reinterpret_cast<const RawSerdata*>(d); }

// Received samples: struct and bytes in one block, the bytes 8-byte aligned after the struct.
constexpr std::size_t kInlineOffset = (sizeof(RawSerdata) + 7) & ~std::size_t{7};

RawSerdata* new_serdata(const ddsi_sertype* type, ddsi_serdata_kind kind, std::size_t size) {
  void* block = ::operator new(kInlineOffset + size);
  auto* d = new (block) RawSerdata();
  ddsi_serdata_init(&d->c, type, kind);
  d->data = static_cast<std::uint8_t*>(block) + kInlineOffset;
  d->size = size;
  return d;
}

void delete_serdata(RawSerdata* d) {
  d->~RawSerdata();
  ::operator delete(static_cast<void*>(d));
}

bool serdata_eqkey(const ddsi_serdata*, const ddsi_serdata*) { return true; }

uint32_t serdata_get_size(const ddsi_serdata* d) { return static_cast<uint32_t>(raw(d)->size); }

ddsi_serdata* serdata_from_ser(const ddsi_sertype* type, ddsi_serdata_kind kind, const nn_rdata* fragchain,
                               size_t size) {
  RawSerdata* d = new_serdata(type, kind, size);
  // Fragments arrive in order and may overlap; copy each byte range once.
  uint32_t off = 0;
  for (const nn_rdata* frag = fragchain; frag != nullptr; frag = frag->nextfrag) {
    if (frag->maxp1 > off) {
      const unsigned char* payload = NN_RMSG_PAYLOADOFF(frag->rmsg, NN_RDATA_PAYLOAD_OFF(frag));
      const uint32_t end = frag->maxp1 > size ? static_cast<uint32_t>(size) : frag->maxp1;
      if (end > off) std::memcpy(d->data + off, payload + (off - frag->min), end - off);
      off = end;
    }
  }
  return &d->c;
}

ddsi_serdata* serdata_from_ser_iov(const ddsi_sertype* type, ddsi_serdata_kind kind, ddsrt_msg_iovlen_t niov,
                                   const ddsrt_iovec_t* iov, size_t size) {
  RawSerdata* d = new_serdata(type, kind, size);
  size_t off = 0;
  for (ddsrt_msg_iovlen_t i = 0; i < niov && off < size; ++i) {
    const size_t n = iov[i].iov_len < size - off ? iov[i].iov_len : size - off;
    std::memcpy(d->data + off, iov[i].iov_base, n);
    off += n;
  }
  return &d->c;
}

ddsi_serdata* serdata_from_keyhash(const ddsi_sertype* type, const ddsi_keyhash*) {
  return &new_serdata(type, SDK_KEY, 0)->c;
}

// A "sample" handed to dds_write for this type is a ByteBuffer holding complete CDR.
ddsi_serdata* serdata_from_sample(const ddsi_sertype* type, ddsi_serdata_kind kind, const void* sample) {
  const auto* src = static_cast<const ByteBuffer*>(sample);
  RawSerdata* d = new_serdata(type, kind, kind == SDK_DATA ? src->size() : 0);
  if (kind == SDK_DATA && src->size() != 0) std::memcpy(d->data, src->data(), src->size());
  return &d->c;
}

void serdata_to_ser(const ddsi_serdata* d, size_t off, size_t sz, void* buf) {
  std::memcpy(buf, raw(d)->data + off, sz);
}

ddsi_serdata* serdata_to_ser_ref(const ddsi_serdata* d, size_t off, size_t sz, ddsrt_iovec_t* ref) {
  ref->iov_base = raw(d)->data + off;
  ref->iov_len = static_cast<ddsrt_iov_len_t>(sz);
  return ddsi_serdata_ref(d);
}

void serdata_to_ser_unref(ddsi_serdata* d, const ddsrt_iovec_t*) { ddsi_serdata_unref(d); }

bool serdata_to_sample(const ddsi_serdata* d, void* sample, void**, void*) {
  auto* dst = static_cast<ByteBuffer*>(sample);
  const RawSerdata* src = raw(d);
  dst->resize(src->size);
  if (src->size != 0) std::memcpy(dst->data(), src->data, src->size);
  return true;
}

ddsi_serdata* serdata_to_untyped(const ddsi_serdata* d) {
  RawSerdata* u = new_serdata(d->type, SDK_KEY, 0);
  u->c.type = nullptr;  // untyped serdatas may not keep a type reference
  return &u->c;
}

bool serdata_untyped_to_sample(const ddsi_sertype*, const ddsi_serdata*, void*, void**, void*) { return true; }

void serdata_free(ddsi_serdata* d) { delete_serdata(raw(d)); }

size_t serdata_print(const ddsi_sertype*, const ddsi_serdata* d, char* buf, size_t size) {
  const int n = std::snprintf(buf, size, "rclx CDR sample of %zu bytes", raw(d)->size);
  return n < 0 ? 0 : static_cast<size_t>(n);
}

void serdata_get_keyhash(const ddsi_serdata*, ddsi_keyhash* buf, bool) { std::memset(buf->value, 0, sizeof(buf->value)); }

const ddsi_serdata_ops kSerdataOps = [] {
  ddsi_serdata_ops ops{};
  ops.eqkey = serdata_eqkey;
  ops.get_size = serdata_get_size;
  ops.from_ser = serdata_from_ser;
  ops.from_ser_iov = serdata_from_ser_iov;
  ops.from_keyhash = serdata_from_keyhash;
  ops.from_sample = serdata_from_sample;
  ops.to_ser = serdata_to_ser;
  ops.to_ser_ref = serdata_to_ser_ref;
  ops.to_ser_unref = serdata_to_ser_unref;
  ops.to_sample = serdata_to_sample;
  ops.to_untyped = serdata_to_untyped;
  ops.untyped_to_sample = serdata_untyped_to_sample;
  ops.free = serdata_free;
  ops.print = serdata_print;
  ops.get_keyhash = serdata_get_keyhash;
  return ops;
}();

// The sertype is only a name: two sertypes with the same name (and these ops) are the same type.
struct RawSertype {
  ddsi_sertype c;  // must stay first
};

void sertype_free(ddsi_sertype* tp) {
  ddsi_sertype_fini(tp);
  delete reinterpret_cast<RawSertype*>(tp);
}
void sertype_zero_samples(const ddsi_sertype*, void*, size_t) {}
void sertype_realloc_samples(void** ptrs, const ddsi_sertype*, void*, size_t, size_t count) {
  for (size_t i = 0; i < count; ++i) ptrs[i] = nullptr;
}
void sertype_free_samples(const ddsi_sertype*, void**, size_t, dds_free_op_t) {}
bool sertype_equal(const ddsi_sertype*, const ddsi_sertype*) { return true; }
uint32_t sertype_hash(const ddsi_sertype*) { return 0; }
size_t sertype_get_serialized_size(const ddsi_sertype*, const void* sample) {
  return static_cast<const ByteBuffer*>(sample)->size();
}
bool sertype_serialize_into(const ddsi_sertype*, const void* sample, void* dst, size_t dst_size) {
  const auto* src = static_cast<const ByteBuffer*>(sample);
  if (src->size() > dst_size) return false;
  std::memcpy(dst, src->data(), src->size());
  return true;
}

const ddsi_sertype_ops kSertypeOps = [] {
  ddsi_sertype_ops ops{};
  ops.version = ddsi_sertype_v0;
  ops.free = sertype_free;
  ops.zero_samples = sertype_zero_samples;
  ops.realloc_samples = sertype_realloc_samples;
  ops.free_samples = sertype_free_samples;
  ops.equal = sertype_equal;
  ops.hash = sertype_hash;
  ops.get_serialized_size = sertype_get_serialized_size;
  ops.serialize_into = sertype_serialize_into;
  return ops;
}();

}  // namespace

ddsi_sertype* create_sertype(const std::string& type_name) {
  auto st = std::make_unique<RawSertype>();
  ddsi_sertype_init_flags(&st->c, type_name.c_str(), &kSertypeOps, &kSerdataOps, DDSI_SERTYPE_FLAG_TOPICKIND_NO_KEY);
  st->c.allowed_data_representation = DDS_DATA_REPRESENTATION_FLAG_XCDR1;
  return &st.release()->c;
}

ddsi_serdata* make_serdata(const ddsi_sertype* type, ByteBuffer&& cdr) {
  RawSerdata* d = new_serdata(type, SDK_DATA, 0);
  d->owned = std::move(cdr);
  d->data = d->owned.data();
  d->size = d->owned.size();
  return &d->c;
}

}  // namespace rclx::detail

namespace rclx {

SerializedMessage& SerializedMessage::operator=(SerializedMessage&& other) noexcept {
  if (this != &other) {
    if (sd_ != nullptr) ddsi_serdata_unref(sd_);
    sd_ = other.sd_;
    info_ = other.info_;
    other.sd_ = nullptr;
  }
  return *this;
}

SerializedMessage::~SerializedMessage() {
  if (sd_ != nullptr) ddsi_serdata_unref(sd_);
}

const std::uint8_t* SerializedMessage::data() const {
  return sd_ != nullptr ? detail::raw(sd_)->data : nullptr;
}

std::size_t SerializedMessage::size() const { return sd_ != nullptr ? detail::raw(sd_)->size : 0; }

}  // namespace rclx
