// database_space(): where a database's bytes go. It lives in lib/index, as
// check_database() does, because telling term classes apart needs the
// writer's vocabulary (store/schema.h) and the analyzer settings
// (lib/analysis); the table files come from lib/store.
//
// Exact: table file sizes, and per class the distinct terms, postings and
// occurrences (every term is visited once, and every record's size read).
// Estimated, from sampled documents: how the position, termlist and
// postlist tables divide among the classes, and what part of a record is
// text, passages and position extents. Xapian 1.4 offers no way to ask how
// many bytes an entry takes, so entries are sized the way glass encodes
// them (sizes below) and the sums scaled to the real table sizes.
#include <xapian.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "analysis/settings.h"
#include "herdex/database.h"
#include "index/term_class.h"
#include "store/database.h"
#include "store/record.h"
#include "store/schema.h"
#include "store/shards.h"

namespace herdex {
namespace {

namespace fs = std::filesystem;

// Bytes of Xapian's pack_uint() (7 bits per byte).
std::uint64_t varint_bytes(std::uint64_t v) {
  std::uint64_t n = 1;
  while (v >= 0x80U) {
    v >>= 7U;
    ++n;
  }
  return n;
}

// Bits needed for `v` (0 for 0).
std::uint64_t bit_width(std::uint64_t v) {
  std::uint64_t n = 0;
  for (; v != 0; v >>= 1U) ++n;
  return n;
}

// Bits BitWriter::encode(value, outof) writes (common/bitstream.cc):
// ceil(log2(outof)) bits, one fewer for the values in the middle of the
// range when outof is not a power of two.
std::uint64_t encode_bits(std::uint64_t value, std::uint64_t outof) {
  if (outof <= 1) return 0;
  std::uint64_t bits = bit_width(outof - 1);
  const std::uint64_t spare = (std::uint64_t{1} << bits) - outof;
  if (spare != 0) {
    const std::uint64_t mid_start = (outof - spare) / 2;
    if (value >= mid_start && value < mid_start + spare) --bits;
  }
  return bits;
}

// BitWriter::encode_interpolative(): the middle position, coded within the
// range its neighbours leave, then each half.
std::uint64_t interpolative_bits(const std::vector<Xapian::termpos>& pos, std::size_t j,
                                 std::size_t k) {
  std::uint64_t bits = 0;
  while (j + 1 < k) {
    const std::size_t mid = (j + k) / 2;
    const std::uint64_t outof = pos[k] - pos[j] + j - k + 1;
    const std::uint64_t lowest = pos[j] + mid - j;
    bits += encode_bits(pos[mid] - lowest, outof);
    bits += interpolative_bits(pos, j, mid);
    j = mid;
  }
  return bits;
}

// A B-tree item's overhead in glass: its length (2 bytes), key length (1),
// component count (2) and its slot in the block's directory (2).
constexpr std::uint64_t kItemOverhead = 7;

// An entry of the position table: key pack_uint_preserving_sort(docid) +
// term, value pack_uint(last) and, for more than one position, the first,
// the count and the rest interpolative coded (GlassPositionListTable::pack).
std::uint64_t position_entry_bytes(Xapian::docid did, std::size_t term_bytes,
                                   const std::vector<Xapian::termpos>& pos) {
  std::uint64_t bytes = kItemOverhead + 1 + (bit_width(did) + 2) / 8 + term_bytes;
  bytes += varint_bytes(pos.back());
  if (pos.size() > 1) {
    std::uint64_t bits = encode_bits(pos.front(), pos.back());
    bits += encode_bits(pos.size() - 2, pos.back() - pos.front());
    bits += interpolative_bits(pos, 0, pos.size() - 1);
    bytes += (bits + 7) / 8;
  }
  return bytes;
}

// A term's postings in the postlist table, modelled: its key and chunk
// header, then per posting the docid gap and the wdf as varints, with the
// average gap and wdf standing in for each; a new chunk (key + header)
// every ~2000 bytes.
std::uint64_t postlist_bytes_model(std::size_t term_bytes, std::uint64_t postings,
                                   std::uint64_t wdf, Xapian::docid last_docid) {
  if (postings == 0) return 0;
  const std::uint64_t gap = std::max<std::uint64_t>(1, last_docid / postings);
  const std::uint64_t per_posting = varint_bytes(gap - 1) + varint_bytes(wdf / postings);
  const std::uint64_t entries = postings * per_posting;
  const std::uint64_t chunk_head = kItemOverhead + term_bytes + 2 + 12;
  return entries + chunk_head * (1 + entries / 2000);
}

// A termlist entry as glass writes it: prefix-compressed against the
// previous term (a byte for the shared length, one for the rest's), the
// rest, and the wdf.
void append_termlist_entry(std::string& out, const std::string& term, const std::string& previous,
                           Xapian::termcount wdf) {
  const auto common = static_cast<std::size_t>(
      std::mismatch(term.begin(), term.end(), previous.begin(), previous.end()).first -
      term.begin());
  out.push_back(static_cast<char>(std::min<std::size_t>(common, 255)));
  out.push_back(static_cast<char>(std::min<std::size_t>(term.size() - common, 255)));
  out.append(term, common, std::string::npos);
  for (std::uint64_t v = wdf;; v >>= 7U) {
    out.push_back(static_cast<char>((v & 0x7FU) | (v >= 0x80U ? 0x80U : 0U)));
    if (v < 0x80U) break;
  }
}

// Bytes of `data` deflated at zlib's default level, as glass compresses
// termlist and docdata entries.
std::uint64_t deflated_bytes(const std::string& data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  thread_local std::vector<Bytef> buffer;
  buffer.resize(size);
  if (compress2(buffer.data(), &size, reinterpret_cast<const Bytef*>(data.data()),
                static_cast<uLong>(data.size()), Z_DEFAULT_COMPRESSION) != Z_OK) {
    return data.size();
  }
  return size;
}

struct ClassSample {
  std::uint64_t postings = 0;
  std::uint64_t wdf = 0;
  std::uint64_t positions = 0;
  std::uint64_t position_bytes = 0;
  std::uint64_t termlist_bytes = 0;
};

struct RecordSample {
  std::uint64_t bytes = 0;  // re-encoded whole
  std::uint64_t extents = 0;
  std::uint64_t passages = 0;
  std::uint64_t text = 0;
};

constexpr std::array<const char*, 6> kTables = {"postlist", "position", "termlist",
                                                "docdata",  "spelling", "synonym"};

// `total` split in proportion to `parts` (the last part takes what rounding
// leaves, so the split adds up).
template <std::size_t N>
std::array<std::uint64_t, N> share(std::uint64_t total, const std::array<double, N>& parts) {
  std::array<std::uint64_t, N> out{};
  double sum = 0;
  for (const double p : parts) sum += p;
  if (sum <= 0) return out;
  std::uint64_t given = 0;
  std::size_t last = 0;
  for (std::size_t i = 0; i < N; ++i) {
    if (parts[i] <= 0) continue;
    out[i] = static_cast<std::uint64_t>(static_cast<double>(total) * parts[i] / sum);
    given += out[i];
    last = i;
  }
  out[last] += total - std::min(total, given);
  return out;
}

void add_tables(const std::string& dir, std::map<std::string, std::uint64_t>& tables) {
  std::uint64_t glass = 0;
  for (const auto& [file, size] : detail::table_sizes(dir).files) {
    tables[file.stem().string()] += size;
    glass += size;
  }
  std::uint64_t all = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::error_code size_ec;
    if (entry.is_regular_file(size_ec)) all += entry.file_size(size_ec);
  }
  tables["other"] += all - std::min(all, glass);
}

class SpaceReader {
 public:
  SpaceReader(const detail::ShardSet& shards, const AnalyzerOptions& analyzer,
              const SpaceOptions& options)
      : shards_(shards), db_(shards.db()), analyzer_(analyzer), options_(options) {}

  DatabaseSpace read() {
    space_.path = shards_.path();
    space_.documents = db_.get_doccount();
    space_.ngram_size = analyzer_.cjk_ngrams ? analyzer_.ngram_size : 0;
    read_tables();
    read_terms();
    read_sample();
    read_records();
    read_values();
    estimate();
    space_.failed_shards = shards_.failed();
    return std::move(space_);
  }

 private:
  void read_tables() {
    std::map<std::string, std::uint64_t> tables;
    for (const detail::ShardSet::Open& shard : shards_.shards()) {
      if (shard.location.remote()) {
        space_.unknown_shards.push_back(shard.location.name());
      } else {
        add_tables(shard.location.path, tables);
      }
    }
    for (const char* name : kTables) {
      if (const auto it = tables.find(name); it != tables.end()) {
        space_.tables.push_back({name, it->second});
      }
    }
    if (tables.count("other") != 0) space_.tables.push_back({"other", tables["other"]});
    for (const TableSpace& t : space_.tables) space_.table_bytes += t.bytes;
  }

  std::uint64_t table(const char* name) const {
    for (const TableSpace& t : space_.tables) {
      if (t.name == name) return t.bytes;
    }
    return 0;
  }

  void read_terms() {
    space_.classes.resize(detail::kTermClassCount);
    for (std::size_t c = 0; c < detail::kTermClassCount; ++c) {
      space_.classes[c].name = std::string(detail::kTermClassNames[c]);
    }
    const Xapian::docid last = db_.get_lastdocid();
    for (auto it = db_.allterms_begin(); it != db_.allterms_end(); ++it) {
      const std::string term = *it;
      const auto c = static_cast<std::size_t>(detail::classify_term(term, analyzer_));
      TermClassSpace& s = space_.classes[c];
      const std::uint64_t postings = it.get_termfreq();
      const std::uint64_t wdf = db_.get_collection_freq(term);
      ++s.terms;
      s.term_bytes += term.size();
      s.postings += postings;
      s.wdf += wdf;
      postlist_model_[c] +=
          static_cast<double>(postlist_bytes_model(term.size(), postings, wdf, last));
      if (c == static_cast<std::size_t>(detail::TermClass::field)) note_field_prefix(term);
      ++space_.terms;
    }
  }

  // The field name in a field term's prefix ("XGENREdrama" -> "genre"):
  // names are lower-case ASCII letters, digits and '_', and the term after
  // the prefix is lower case, so the capitals and '_' are the name (a name
  // with digits is found from the sampled records instead).
  void note_field_prefix(const std::string& term) {
    std::size_t end = 1;
    while (end < term.size() && ((term[end] >= 'A' && term[end] <= 'Z') || term[end] == '_')) ++end;
    std::string name = term.substr(1, end - 1);
    for (char& ch : name) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    if (!name.empty()) field_names_.insert(name);
  }

  void read_sample() {
    if (options_.sample_documents == 0 || space_.documents == 0) return;
    const std::size_t want = std::min<std::size_t>(options_.sample_documents, space_.documents);
    const Xapian::docid last = db_.get_lastdocid();
    const std::size_t shard_count = std::max<std::size_t>(1, shards_.shards().size());
    Xapian::PostingIterator docs = db_.postlist_begin("");
    Xapian::docid previous = 0;
    for (std::size_t i = 0; i < want; ++i) {
      const auto target = static_cast<Xapian::docid>(1 + static_cast<std::uint64_t>(i) * last /
                                                             static_cast<std::uint64_t>(want));
      docs.skip_to(std::max(target, previous + 1));
      if (docs == db_.postlist_end("")) break;
      previous = *docs;
      ++space_.sampled_documents;
      // Keys hold the shard's own docid (Xapian interleaves the shards' ids).
      sample_terms(previous, static_cast<Xapian::docid>((previous - 1) / shard_count + 1));
      sample_record(db_.get_document(previous, Xapian::DOC_ASSUME_VALID).get_data());
    }
  }

  void sample_terms(Xapian::docid did, Xapian::docid local) {
    std::array<std::uint64_t, detail::kTermClassCount> termlist{};
    termlist_.clear();
    prev_term_.clear();
    for (auto t = db_.termlist_begin(did); t != db_.termlist_end(did); ++t) {
      const std::string term = *t;
      const auto c = static_cast<std::size_t>(detail::classify_term(term, analyzer_));
      ClassSample& s = sample_[c];
      const Xapian::termcount wdf = t.get_wdf();
      ++s.postings;
      s.wdf += wdf;
      const std::size_t before = termlist_.size();
      append_termlist_entry(termlist_, term, prev_term_, wdf);
      termlist[c] += termlist_.size() - before;
      prev_term_ = term;
      positions_.clear();
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
        positions_.push_back(*p);
      if (!positions_.empty()) {
        s.positions += positions_.size();
        s.position_bytes += position_entry_bytes(local, term.size(), positions_);
      }
    }
    // Glass compresses a document's term list with zlib when that is
    // smaller: each class gets its share of the compressed entry.
    const std::uint64_t raw = termlist_.size();
    if (raw == 0) return;
    const std::uint64_t stored = std::min(raw, deflated_bytes(termlist_)) + kItemOverhead + 4;
    for (std::size_t c = 0; c < detail::kTermClassCount; ++c) {
      sample_[c].termlist_bytes += termlist[c] * stored / raw;
    }
  }

  void sample_record(const std::string& data) {
    auto rec = detail::decode_record(data);
    if (!rec) return;
    for (const auto& field : rec->fields) field_names_.insert(field.first);
    const std::uint64_t whole = detail::encode_record(*rec).size();
    rec->positions.clear();
    const std::uint64_t no_extents = detail::encode_record(*rec).size();
    rec->passages.clear();
    const std::uint64_t no_passages = detail::encode_record(*rec).size();
    rec->text.clear();
    const std::uint64_t no_text = detail::encode_record(*rec).size();
    records_.bytes += whole;
    records_.extents += whole - std::min(whole, no_extents);
    records_.passages += no_extents - std::min(no_extents, no_passages);
    records_.text += no_passages - std::min(no_passages, no_text);
  }

  void read_records() {
    RecordSpace& r = space_.records;
    for (auto it = db_.postlist_begin(""); it != db_.postlist_end(""); ++it) {
      const std::string data = db_.get_document(*it, Xapian::DOC_ASSUME_VALID).get_data();
      ++r.records;
      r.bytes += data.size();
      r.raw_bytes += detail::record_fields_bytes(data);
    }
    if (records_.bytes == 0) return;
    const auto parts = share<4>(
        r.bytes, {static_cast<double>(records_.text), static_cast<double>(records_.passages),
                  static_cast<double>(records_.extents),
                  static_cast<double>(records_.bytes - records_.text - records_.passages -
                                      records_.extents)});
    r.text_bytes = parts[0];
    r.passage_bytes = parts[1];
    r.extent_bytes = parts[2];
    r.other_bytes = parts[3];
  }

  void read_values() {
    std::vector<std::pair<Xapian::valueno, std::string>> slots;
    slots.reserve(detail::kSlotNames.size() + field_names_.size());
    for (const auto& [slot, name] : detail::kSlotNames) slots.emplace_back(slot, name);
    for (const std::string& name : field_names_) {
      slots.emplace_back(detail::field_slot(name), "field:" + name);
    }
    for (const auto& [slot, name] : slots) {
      ValueSpace v;
      v.name = name;
      for (auto it = db_.valuestream_begin(slot); it != db_.valuestream_end(slot); ++it) {
        ++v.documents;
        v.bytes += (*it).size();
      }
      if (v.documents != 0) space_.values.push_back(std::move(v));
    }
  }

  void estimate() {
    const bool local = space_.unknown_shards.empty();
    std::array<double, detail::kTermClassCount> positions{};
    std::array<double, detail::kTermClassCount> position_bytes{};
    std::array<double, detail::kTermClassCount> termlist_bytes{};
    for (std::size_t c = 0; c < detail::kTermClassCount; ++c) {
      const TermClassSpace& s = space_.classes[c];
      const ClassSample& sample = sample_[c];
      // Ratio estimates: the sample's bytes per occurrence (per posting for
      // the termlist) times the class's exact totals.
      if (sample.wdf != 0) {
        const double scale = static_cast<double>(s.wdf) / static_cast<double>(sample.wdf);
        positions[c] = static_cast<double>(sample.positions) * scale;
        position_bytes[c] = static_cast<double>(sample.position_bytes) * scale;
      }
      if (sample.postings != 0) {
        termlist_bytes[c] = static_cast<double>(sample.termlist_bytes) *
                            static_cast<double>(s.postings) / static_cast<double>(sample.postings);
      }
      space_.classes[c].positions = static_cast<std::uint64_t>(positions[c]);
    }
    // The postlist table also holds the values and the document lengths
    // (a docid gap and a length per document).
    double others =
        static_cast<double>(space_.documents) *
        static_cast<double>(1 + varint_bytes(static_cast<std::uint64_t>(db_.get_avlength())));
    for (const ValueSpace& v : space_.values) {
      others += static_cast<double>(v.bytes + 2 * v.documents);
    }
    std::array<double, detail::kTermClassCount + 1> postlist{};
    std::copy(postlist_model_.begin(), postlist_model_.end(), postlist.begin());
    postlist.back() = others;
    // What the entries take (a compacted copy's size, near enough), and each
    // class's share of the table on disk (entries plus the free space in
    // blocks, which a table written in random key order has plenty of).
    const auto fit = [&](const char* name, const auto& model, auto member) {
      double sum = 0;
      for (const double m : model) sum += m;
      TableSpace* table = nullptr;
      for (TableSpace& t : space_.tables) {
        if (t.name == name) table = &t;
      }
      if (table != nullptr && sum > 0) table->entry_bytes = static_cast<std::uint64_t>(sum);
      const bool scale = local && table != nullptr && sum > 0;
      const auto parts = share(scale ? table->bytes : 0, model);
      for (std::size_t c = 0; c < detail::kTermClassCount; ++c) {
        space_.classes[c].*member = scale ? parts[c] : static_cast<std::uint64_t>(model[c]);
      }
    };
    fit("position", position_bytes, &TermClassSpace::position_bytes);
    fit("termlist", termlist_bytes, &TermClassSpace::termlist_bytes);
    fit("postlist", postlist, &TermClassSpace::postlist_bytes);
    const RecordSpace& r = space_.records;
    const std::array<double, 1> docdata = {
        static_cast<double>(r.bytes + r.records * (kItemOverhead + 4))};
    for (TableSpace& t : space_.tables) {
      if (t.name == "docdata" && r.records != 0)
        t.entry_bytes = static_cast<std::uint64_t>(docdata[0]);
    }
  }

  const detail::ShardSet& shards_;
  const Xapian::Database& db_;
  const AnalyzerOptions& analyzer_;
  const SpaceOptions& options_;
  DatabaseSpace space_;
  std::array<ClassSample, detail::kTermClassCount> sample_{};
  std::array<double, detail::kTermClassCount> postlist_model_{};
  RecordSample records_;
  std::set<std::string> field_names_;
  // Scratch space of the sample.
  std::string termlist_;
  std::string prev_term_;
  std::vector<Xapian::termpos> positions_;
};

}  // namespace

Result<DatabaseSpace> database_space(const std::string& path, const OpenOptions& options,
                                     const SpaceOptions& space) {
  auto shards = detail::ShardSet::open(path, options);
  if (!shards) return std::move(shards).error();
  AnalyzerOptions analyzer;
  if (!shards->analyzer_options().empty()) {
    auto decoded = detail::decode_analyzer_options(shards->analyzer_options());
    if (!decoded) return std::move(decoded).error();
    analyzer = *decoded;
  }
  return shards->read([&]() -> Result<DatabaseSpace> {
    DatabaseSpace out = SpaceReader(*shards, analyzer, space).read();
    out.path = path;
    return out;
  });
}

}  // namespace herdex
