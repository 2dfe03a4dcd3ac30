#include "store/record.h"

#include <cstring>
#include <memory>
#include <new>
#include <optional>

#include <zstd.h>

namespace herdex::detail {
namespace {

constexpr unsigned char kOldestRecordVersion = 3;
// Level 3 (zstd's default) compresses review text about as well as zlib's
// default and decompresses several times faster; search decompresses the
// record of every hit.
constexpr int kCompressionLevel = 3;
// No record inflates past this (text is capped at 1 GiB, see index_writer).
constexpr unsigned long long kMaxRecordBytes = 4ULL << 30U;

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80U) {
    out.push_back(static_cast<char>((v & 0x7FU) | 0x80U));
    v >>= 7U;
  }
  out.push_back(static_cast<char>(v));
}

void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

void put_optional_double(std::string& out, const std::optional<double>& d) {
  out.push_back(d ? '\1' : '\0');
  if (d) {
    char bytes[sizeof(double)];
    std::memcpy(bytes, &*d, sizeof bytes);
    out.append(bytes, sizeof bytes);
  }
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool varint(std::uint64_t& v) {
    v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return false;
      const auto byte = static_cast<unsigned char>(data_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7FU) << shift;
      if ((byte & 0x80U) == 0) return true;
    }
    return false;
  }
  bool u32(std::uint32_t& v) {
    std::uint64_t wide = 0;
    if (!varint(wide) || wide > 0xFFFFFFFFU) return false;
    v = static_cast<std::uint32_t>(wide);
    return true;
  }
  bool string(std::string& s) {
    std::uint64_t len = 0;
    if (!varint(len) || len > data_.size() - pos_) return false;
    s.assign(data_.substr(pos_, len));
    pos_ += len;
    return true;
  }
  bool byte(unsigned char& b) {
    if (pos_ >= data_.size()) return false;
    b = static_cast<unsigned char>(data_[pos_++]);
    return true;
  }
  bool f64(double& d) {
    if (data_.size() - pos_ < sizeof d) return false;
    std::memcpy(&d, data_.data() + pos_, sizeof d);
    pos_ += sizeof d;
    return true;
  }
  bool optional_double(std::optional<double>& d) {
    unsigned char present = 0;
    if (!byte(present) || present > 1) return false;
    if (present == 0) return true;
    double value = 0;
    if (!f64(value)) return false;
    d = value;
    return true;
  }
  bool at_end() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

bool known_version(unsigned char version) {
  return version == kOldestRecordVersion || version == kRecordVersion;
}

Error corrupt(std::string_view what) {
  return Error{ErrorCode::corrupt, "damaged document record: " + std::string(what)};
}

struct CCtxFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DCtxFree {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

// Contexts are reused: creating one per record would cost more than
// compressing a review.
ZSTD_CCtx* compressor() {
  thread_local std::unique_ptr<ZSTD_CCtx, CCtxFree> ctx(ZSTD_createCCtx());
  return ctx.get();
}
ZSTD_DCtx* decompressor() {
  thread_local std::unique_ptr<ZSTD_DCtx, DCtxFree> ctx(ZSTD_createDCtx());
  return ctx.get();
}

}  // namespace

std::string encode_record_fields(const StoredDocument& doc, unsigned char version) {
  std::string out;
  out.reserve(doc.text.size() + doc.passages.size() * 8 + doc.positions.size() * 2 + 256);
  put_string(out, doc.id);
  put_string(out, doc.title);
  put_string(out, doc.source);
  put_varint(out, doc.source_offset);
  put_string(out, doc.author);
  put_string(out, doc.date);
  put_string(out, doc.lang);
  put_optional_double(out, doc.rating);
  if (version > kOldestRecordVersion) {
    put_varint(out, doc.source_line);
    put_optional_double(out, doc.lang_confidence);
  }
  put_varint(out, doc.fields.size());
  for (const auto& [name, value] : doc.fields) {
    put_string(out, name);
    put_string(out, value);
  }
  put_string(out, doc.text);
  put_varint(out, doc.passages.size());
  // Passages are stored as deltas: each begins near where the previous one
  // ended, so the varints stay short.
  std::uint32_t prev_byte = 0;
  std::uint32_t prev_pos = 0;
  for (const StoredPassage& p : doc.passages) {
    put_varint(out, p.byte_begin >= prev_byte ? p.byte_begin - prev_byte : 0);
    put_varint(out, p.byte_end - p.byte_begin);
    put_varint(out, p.position_begin >= prev_pos ? p.position_begin - prev_pos : 0);
    put_varint(out, p.position_end - p.position_begin);
    prev_byte = p.byte_begin;
    prev_pos = p.position_begin;
  }
  // Position extents: one or two bytes each, as a gap from the previous
  // extent's start and a length with the adjacency flag in its low bit.
  put_varint(out, doc.positions.size());
  prev_byte = 0;
  for (const PositionExtent& e : doc.positions) {
    put_varint(out, e.byte_begin >= prev_byte ? e.byte_begin - prev_byte : 0);
    put_varint(out, (std::uint64_t{e.byte_end - e.byte_begin} << 1U) | (e.next_adjacent ? 1U : 0U));
    prev_byte = e.byte_begin;
  }
  return out;
}

Result<StoredDocument> decode_record_fields(std::string_view data, unsigned char version) {
  Reader r(data);
  StoredDocument doc;
  std::uint64_t source_offset = 0;
  if (!r.string(doc.id) || !r.string(doc.title) || !r.string(doc.source) ||
      !r.varint(source_offset) || !r.string(doc.author) || !r.string(doc.date) ||
      !r.string(doc.lang)) {
    return corrupt("truncated header");
  }
  doc.source_offset = static_cast<std::size_t>(source_offset);
  if (!r.optional_double(doc.rating)) return corrupt("truncated rating");
  doc.from_version_3 = version == kOldestRecordVersion;
  if (!doc.from_version_3) {
    std::uint64_t line = 0;
    if (!r.varint(line)) return corrupt("truncated line");
    doc.source_line = static_cast<std::size_t>(line);
    if (!r.optional_double(doc.lang_confidence)) return corrupt("truncated language confidence");
  }
  std::uint64_t nfields = 0;
  if (!r.varint(nfields) || nfields > data.size()) return corrupt("bad field count");
  doc.fields.resize(nfields);
  for (auto& [name, value] : doc.fields) {
    if (!r.string(name) || !r.string(value)) return corrupt("truncated field");
  }
  if (!r.string(doc.text)) return corrupt("truncated text");
  std::uint64_t npassages = 0;
  if (!r.varint(npassages) || npassages > data.size()) return corrupt("bad passage count");
  doc.passages.resize(npassages);
  std::uint32_t prev_byte = 0;
  std::uint32_t prev_pos = 0;
  for (StoredPassage& p : doc.passages) {
    std::uint32_t db = 0, len = 0, dp = 0, plen = 0;
    if (!r.u32(db) || !r.u32(len) || !r.u32(dp) || !r.u32(plen))
      return corrupt("truncated passage");
    const std::uint64_t begin = std::uint64_t{prev_byte} + db;
    const std::uint64_t end = begin + len;
    const std::uint64_t pos_begin = std::uint64_t{prev_pos} + dp;
    const std::uint64_t pos_end = pos_begin + plen;
    if (end > doc.text.size() || pos_end > 0xFFFFFFFFU) return corrupt("passage out of range");
    p.byte_begin = static_cast<std::uint32_t>(begin);
    p.byte_end = static_cast<std::uint32_t>(end);
    p.position_begin = static_cast<std::uint32_t>(pos_begin);
    p.position_end = static_cast<std::uint32_t>(pos_end);
    prev_byte = p.byte_begin;
    prev_pos = p.position_begin;
  }
  std::uint64_t npositions = 0;
  if (!r.varint(npositions) || npositions > data.size()) return corrupt("bad position count");
  doc.positions.resize(npositions);
  prev_byte = 0;
  for (PositionExtent& e : doc.positions) {
    std::uint64_t gap = 0, len = 0;
    if (!r.varint(gap) || !r.varint(len)) return corrupt("truncated position extent");
    const std::uint64_t begin = std::uint64_t{prev_byte} + gap;
    const std::uint64_t end = begin + (len >> 1U);
    if (end > doc.text.size()) return corrupt("position extent out of range");
    e.byte_begin = static_cast<std::uint32_t>(begin);
    e.byte_end = static_cast<std::uint32_t>(end);
    e.next_adjacent = (len & 1U) != 0;
    prev_byte = e.byte_begin;
  }
  if (!r.at_end()) return corrupt("trailing bytes");
  return doc;
}

std::string encode_record(const StoredDocument& doc, unsigned char version) {
  const std::string fields = encode_record_fields(doc, version);
  std::string out(1 + ZSTD_compressBound(fields.size()), '\0');
  out[0] = static_cast<char>(version);
  const std::size_t n = ZSTD_compressCCtx(compressor(), out.data() + 1, out.size() - 1,
                                          fields.data(), fields.size(), kCompressionLevel);
  if (ZSTD_isError(n) != 0U) {
    // Only allocation failure can get here; the bound above always suffices.
    throw std::bad_alloc();
  }
  out.resize(1 + n);
  return out;
}

std::uint64_t record_fields_bytes(std::string_view data) {
  if (data.empty() || !known_version(static_cast<unsigned char>(data[0]))) return 0;
  data.remove_prefix(1);
  const unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) return 0;
  return size;
}

Result<StoredDocument> decode_record(std::string_view data) {
  if (data.empty()) return corrupt("empty");
  const auto version = static_cast<unsigned char>(data[0]);
  if (!known_version(version)) return corrupt("unknown record version");
  data.remove_prefix(1);
  const unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
      size > kMaxRecordBytes) {
    return corrupt("bad compressed frame");
  }
  thread_local std::string fields;
  fields.resize(static_cast<std::size_t>(size));
  const std::size_t n =
      ZSTD_decompressDCtx(decompressor(), fields.data(), fields.size(), data.data(), data.size());
  if (ZSTD_isError(n) != 0U || n != size) return corrupt("bad compressed frame");
  auto doc = decode_record_fields(fields, version);
  if (fields.capacity() > (std::size_t{1} << 20U))
    std::string().swap(fields);  // don't keep a huge buffer
  return doc;
}

}  // namespace herdex::detail
