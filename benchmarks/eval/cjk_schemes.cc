// eval_cjk_schemes: relevance of herdex's CJK analysis schemes against stock
// Xapian, on passage-retrieval sets made from Chinese and Japanese
// reading-comprehension data (BEIR layout; see /work/shared/data/*/SOURCE.md).
//
// Usage:
//   eval_cjk_schemes [--data DIR] [--sets SET:SPLIT,...] [--schemes all|NAME,...]
//                    [--work DIR] [--limit-queries N] [--markdown] [--dump FILE]
//                    [--literal]
//
//   --data DIR          folder holding one folder per set (corpus.jsonl.gz,
//                       queries.jsonl.gz, qrels/<split>.tsv). Default:
//                       <source tree>/../shared/data.
//   --sets LIST         Default: cmrc2018:dev,drcd:dev,jsquad:valid.
//   --schemes LIST      systems to run, by the names below. Default: all.
//   --work DIR          where temporary databases go (a fresh folder inside
//                       it is created and removed). Default: /tmp/herdex-eval.
//   --limit-queries N   evaluate only the first N queries of each split.
//   --markdown          print GitHub markdown instead of aligned text.
//   --literal           search herdex with SearchOptions::literal (no query
//                       syntax); by default queries go through herdex's
//                       grammar, as Searcher::search does with default options.
//   --dump FILE         also write one TSV line per (set, system, query): rank
//                       of the first relevant paragraph (0: not in the top
//                       100), results, error, answer found, query text.
//
// Example (from the build tree):
//   benchmarks/eval/eval_cjk_schemes --markdown > cjk.md
//   benchmarks/eval/eval_cjk_schemes --sets drcd:dev --schemes words+uni+bigram,xapian-qp
//
// Systems (named workloads). Every system indexes the same corpus (all of a
// set's paragraphs, every split) and answers the same queries.
//   bigram             herdex; cjk_ngrams=1 ngram_size=2 cjk_unigrams=0 cjk_words=0
//   uni+bigram         herdex; cjk_ngrams=1 ngram_size=2 cjk_unigrams=1 cjk_words=0
//   words              herdex; cjk_ngrams=0 cjk_unigrams=0 cjk_words=1
//   words+bigram       herdex; cjk_ngrams=1 ngram_size=2 cjk_unigrams=0 cjk_words=1
//   words+uni+bigram   herdex; all on
//   xapian-qp          stock Xapian: TermGenerator (FLAG_CJK_NGRAM, english
//                      stemmer) over title + text; QueryParser with
//                      FLAG_CJK_NGRAM | FLAG_DEFAULT; BM25 k1=0.9 b=0.4
//   xapian-or-ngrams   the same stock index; the query is the OP_OR of every
//                      term TermGenerator produces for the query text
//                      (within-query frequency kept); BM25 k1=0.9 b=0.4
// The table marks with "(default)" the scheme equal to herdex::AnalyzerOptions{}.
// herdex documents are id=_id, title, text, added with herdex::IndexWriter
// and committed once; queries run through herdex::Searcher::search with
// limit 100 and snippet_bytes 150.
//
// Metrics, per set and system (qrels scores > 0 are relevant):
//   MRR@10      mean reciprocal rank of the first relevant paragraph in the top 10
//   R@10, R@100 mean fraction of the relevant paragraphs in the top 10 / 100
//   answer@150  share of queries whose top hit's snippet (herdex: first
//               passage's snippet at snippet_bytes=150; stock Xapian:
//               MSet::snippet(text, 150) with its <b></b> markup stripped)
//               contains one of the query's answer strings (exact substring)
//   errors      queries the system refused (herdex: an error result;
//               xapian-qp: QueryParserError); each also counts as a miss
//   empty       queries with no result at all (errors included)
//   index bytes size of the database folder on disk; index s: wall time to
//               add every paragraph and commit
//   median µs   median wall time of one query: herdex: Searcher::search
//               (which builds snippets for all 100 hits); stock Xapian:
//               parse + get_mset(0, 100) + the top hit's snippet
//   µs @10      the same for a second run of every query with limit 10
//               (timed only), the cost of a first results page
//   ×qp         ratios against xapian-qp measured in the same run
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unicode/uversion.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "bench_args.h"
#include "herdex/herdex.h"
#include "herdex/tools/beir.h"
#include "herdex/tools/metrics.h"

#ifndef HERDEX_EVAL_SOURCE_DIR
#define HERDEX_EVAL_SOURCE_DIR "."
#endif

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kDepth = herdex::kRankingDepth;  // results fetched per query (for R@100)
constexpr std::size_t kMrrDepth = 10;
constexpr std::size_t kSnippetBytes = 150;
constexpr double kBm25K1 = 0.9;
constexpr double kBm25B = 0.4;
constexpr std::string_view kQpBaseline = "xapian-qp";

using Dataset = herdex::BeirCollection;
using Paragraph = herdex::BeirDocument;
using Query = herdex::BeirQuery;

// ---------------------------------------------------------------------------
// Systems

// What a system returned for one query.
struct Outcome {
  std::vector<std::string> ranked;  // paragraph ids, best first
  std::string top_snippet;          // plain text
  bool error = false;
};

class System {
 public:
  explicit System(std::string name) : name_(std::move(name)) {}
  virtual ~System() = default;
  System(const System&) = delete;
  System& operator=(const System&) = delete;

  const std::string& name() const { return name_; }
  /// Indexes `data` under `dir`. Returns an error message, empty on success.
  virtual std::string build(const Dataset& data, const fs::path& dir) = 0;
  virtual Outcome run(const Query& query, std::size_t depth) = 0;
  virtual double index_seconds() const = 0;
  virtual std::uint64_t index_bytes() const = 0;
  /// Releases databases so that their folder can be removed.
  virtual void close() = 0;

 private:
  std::string name_;
};

std::uint64_t folder_bytes(const fs::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const auto size = it->file_size(size_ec);
      if (!size_ec) total += size;
    }
  }
  return total;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

class HerdexSystem final : public System {
 public:
  HerdexSystem(std::string name, herdex::AnalyzerOptions options, bool literal)
      : System(std::move(name)), options_(std::move(options)), literal_(literal) {}

  std::string build(const Dataset& data, const fs::path& dir) override {
    const std::string path = (dir / "db").string();
    herdex::IndexOptions index_options;
    index_options.analyzer = options_;
    const auto start = Clock::now();
    {
      auto writer = herdex::IndexWriter::open(path, index_options);
      if (!writer) return writer.error().describe();
      for (const Paragraph& p : data.corpus) {
        herdex::Document doc;
        doc.id = p.id;
        doc.title = p.title;
        doc.text = p.text;
        doc.source = fmt::format("{}:{}", data.name, p.id);
        auto added = writer->add(doc);
        if (!added) return fmt::format("{}: {}", p.id, added.error().describe());
      }
      if (auto ok = writer->commit(); !ok) return ok.error().describe();
    }
    seconds_ = seconds_since(start);
    bytes_ = folder_bytes(path);
    auto searcher = herdex::Searcher::open(path);
    if (!searcher) return searcher.error().describe();
    searcher_.emplace(std::move(*searcher));
    return {};
  }

  Outcome run(const Query& query, std::size_t depth) override {
    herdex::SearchOptions options;
    options.limit = depth;
    options.snippet_bytes = kSnippetBytes;
    options.literal = literal_;
    Outcome out;
    auto results = searcher_->search(query.text, options);
    if (!results) {
      out.error = true;
      return out;
    }
    for (const herdex::Hit& hit : results->hits) out.ranked.push_back(hit.id);
    if (!results->hits.empty() && !results->hits.front().passages.empty()) {
      out.top_snippet = results->hits.front().passages.front().snippet;
    }
    return out;
  }

  double index_seconds() const override { return seconds_; }
  std::uint64_t index_bytes() const override { return bytes_; }
  void close() override { searcher_.reset(); }

 private:
  herdex::AnalyzerOptions options_;
  bool literal_ = false;
  std::optional<herdex::Searcher> searcher_;
  double seconds_ = 0.0;
  std::uint64_t bytes_ = 0;
};

// One stock Xapian index, shared by both baselines of a set.
struct StockIndex {
  Xapian::Database db;
  std::vector<std::string> ids;  // by docid - 1
  double seconds = 0.0;
  std::uint64_t bytes = 0;
};

Xapian::TermGenerator stock_term_generator() {
  Xapian::TermGenerator tg;
  tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  tg.set_stemmer(Xapian::Stem("english"));
  return tg;
}

std::string build_stock_index(const Dataset& data, const fs::path& dir, StockIndex& out) {
  const std::string path = (dir / "db").string();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fmt::format("{}: {}", dir.string(), ec.message());
  try {
    const auto start = Clock::now();
    {
      Xapian::WritableDatabase w(path, Xapian::DB_CREATE_OR_OVERWRITE);
      Xapian::TermGenerator tg = stock_term_generator();
      for (const Paragraph& p : data.corpus) {
        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(p.title);
        tg.increase_termpos();
        tg.index_text(p.text);
        doc.set_data(p.text);  // for snippets, as herdex stores its text
        doc.add_boolean_term("Q" + p.id);
        w.add_document(doc);
        out.ids.push_back(p.id);
      }
      w.commit();
      w.close();
    }
    out.seconds = seconds_since(start);
    out.bytes = folder_bytes(path);
    out.db = Xapian::Database(path);
  } catch (const Xapian::Error& e) {
    return fmt::format("{}: {}", path, e.get_description());
  }
  return {};
}

// Undoes MSet::snippet()'s markup: the highlight tags and HTML escaping.
std::string strip_snippet_markup(std::string_view s) {
  static constexpr std::pair<std::string_view, std::string_view> kReplace[] = {
      {"<b>", ""},   {"</b>", ""},     {"&amp;", "&"}, {"&lt;", "<"},
      {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"}};
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    bool replaced = false;
    if (s[i] == '<' || s[i] == '&') {
      for (const auto& [from, to] : kReplace) {
        if (s.compare(i, from.size(), from) == 0) {
          out.append(to);
          i += from.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(s[i++]);
  }
  return out;
}

class StockSystem final : public System {
 public:
  enum class Mode { query_parser, or_ngrams };

  StockSystem(std::string name, Mode mode, std::shared_ptr<StockIndex> index)
      : System(std::move(name)), mode_(mode), index_(std::move(index)) {}

  // The index is built once by the driver and shared.
  std::string build(const Dataset&, const fs::path&) override { return {}; }

  Outcome run(const Query& query, std::size_t depth) override {
    Outcome out;
    try {
      Xapian::Query q;
      if (mode_ == Mode::query_parser) {
        Xapian::QueryParser qp;
        qp.set_stemmer(Xapian::Stem("english"));
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp.set_database(index_->db);
        try {
          q = qp.parse_query(
              query.text, Xapian::QueryParser::FLAG_CJK_NGRAM | Xapian::QueryParser::FLAG_DEFAULT);
        } catch (const Xapian::QueryParserError&) {
          out.error = true;
          return out;
        }
      } else {
        Xapian::Document doc;
        Xapian::TermGenerator tg = stock_term_generator();
        tg.set_document(doc);
        tg.index_text(query.text);
        std::vector<Xapian::Query> terms;
        for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
          terms.emplace_back(*it, it.get_wdf());
        }
        q = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
      }
      Xapian::Enquire enquire(index_->db);
      enquire.set_query(q);
      enquire.set_weighting_scheme(Xapian::BM25Weight(kBm25K1, 0, 1, kBm25B, 0.5));
      const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(depth));
      for (auto it = mset.begin(); it != mset.end(); ++it)
        out.ranked.push_back(index_->ids[*it - 1]);
      if (!mset.empty()) {
        const std::string text = mset.begin().get_document().get_data();
        out.top_snippet = strip_snippet_markup(
            mset.snippet(text, kSnippetBytes, Xapian::Stem("english"),
                         Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE |
                             Xapian::MSet::SNIPPET_CJK_NGRAM,
                         "<b>", "</b>", "..."));
      }
    } catch (const Xapian::Error& e) {
      fmt::print(stderr, "{}: query {}: {}\n", name(), query.id, e.get_description());
      out.error = true;
    }
    return out;
  }

  double index_seconds() const override { return index_->seconds; }
  std::uint64_t index_bytes() const override { return index_->bytes; }
  void close() override { index_.reset(); }

 private:
  Mode mode_;
  std::shared_ptr<StockIndex> index_;
};

struct SchemeSpec {
  std::string_view name;
  bool herdex;
  bool ngrams;
  bool unigrams;
  bool words;

  herdex::AnalyzerOptions options() const {
    herdex::AnalyzerOptions o;
    o.ngram_size = 2;
    o.cjk_ngrams = ngrams;
    o.cjk_unigrams = unigrams;
    o.cjk_words = words;
    return o;
  }
  bool is_default() const {
    const herdex::AnalyzerOptions d;
    const herdex::AnalyzerOptions o = options();
    return herdex && d.stemmer == o.stemmer && d.ngram_size == o.ngram_size &&
           d.cjk_ngrams == o.cjk_ngrams && d.cjk_unigrams == o.cjk_unigrams &&
           d.cjk_words == o.cjk_words;
  }
};

constexpr SchemeSpec kSchemes[] = {
    {"bigram", true, true, false, false},
    {"uni+bigram", true, true, true, false},
    {"words", true, false, false, true},
    {"words+bigram", true, true, false, true},
    {"words+uni+bigram", true, true, true, true},
    {"xapian-qp", false, false, false, false},
    {"xapian-or-ngrams", false, false, false, false},
};

// ---------------------------------------------------------------------------
// Metrics

struct Metrics {
  std::string system;
  bool is_default = false;
  herdex::ScoreTotals scores;
  std::size_t answered = 0;
  std::size_t errors = 0;
  std::size_t empty = 0;
  double index_seconds = 0.0;
  std::uint64_t index_bytes = 0;
  std::vector<double> latencies_us;
  std::vector<double> latencies10_us;

  double mrr10() const { return scores.mean_mrr_at_10(); }
  double r10() const { return scores.mean_recall_at_10(); }
  double r100() const { return scores.mean_recall_at_100(); }
  double answer150() const {
    return scores.queries == 0
               ? 0.0
               : static_cast<double>(answered) / static_cast<double>(scores.queries);
  }
  double median_us() const { return median(latencies_us); }
  double median10_us() const { return median(latencies10_us); }
  static double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    const std::size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    if (v.size() % 2 == 1) return v[mid];
    const double upper = v[mid];
    const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
    return (lower + upper) / 2.0;
  }
};

// Adds one query's outcome to `m`; returns the 1-based rank of the first
// relevant paragraph (0: none) and whether the snippet holds an answer.
std::pair<std::size_t, bool> score(const Query& q, const Outcome& o, Metrics& m) {
  if (o.error) ++m.errors;
  if (o.ranked.empty()) ++m.empty;
  const herdex::QueryScores s = herdex::score_ranking(o.ranked, q.relevant);
  m.scores.add(s);
  const bool answered = herdex::holds_answer(o.top_snippet, q.answers);
  if (answered) ++m.answered;
  return {s.first_relevant_rank, answered};
}

// ---------------------------------------------------------------------------
// Output

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

  std::string render(bool markdown) const {
    std::vector<std::size_t> width(header_.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
      for (std::size_t c = 0; c < row.size() && c < width.size(); ++c) {
        width[c] = std::max(width[c], display_width(row[c]));
      }
    };
    measure(header_);
    for (const auto& r : rows_) measure(r);
    std::string out;
    auto line = [&](const std::vector<std::string>& row) {
      if (markdown) out += "|";
      for (std::size_t c = 0; c < width.size(); ++c) {
        const std::string& cell = c < row.size() ? row[c] : std::string();
        const std::string pad(width[c] - display_width(cell), ' ');
        const bool left = c == 0;
        if (markdown) out += " ";
        out += left ? cell + pad : pad + cell;
        out += markdown ? " |" : (c + 1 < width.size() ? "  " : "");
      }
      out += "\n";
    };
    line(header_);
    if (markdown) {
      out += "|";
      for (std::size_t c = 0; c < width.size(); ++c) {
        out += c == 0 ? std::string(":") + std::string(width[c] + 1, '-') + "|"
                      : std::string(width[c] + 1, '-') + ":|";
      }
      out += "\n";
    } else {
      std::size_t total = 0;
      for (std::size_t w : width) total += w + 2;
      out += std::string(total - 2, '-') + "\n";
    }
    for (const auto& r : rows_) line(r);
    return out;
  }

 private:
  // Code points (the table's text is ASCII apart from 'µ' and '×').
  static std::size_t display_width(std::string_view s) {
    std::size_t n = 0;
    for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0U) != 0x80U ? 1 : 0;
    return n;
  }

  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

std::string group_digits(std::uint64_t v) {
  std::string s = std::to_string(v);
  for (std::size_t i = s.size(); i > 3; i -= 3) s.insert(i - 3, ",");
  return s;
}

std::string ratio(double value, double base) {
  if (base <= 0.0) return "–";
  return fmt::format("{:.2f}", value / base);
}

std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789-_./:=,+@%") == std::string::npos) {
    return s;
  }
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const std::size_t colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown CPU";
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// ---------------------------------------------------------------------------
// Driver

struct Args {
  fs::path data = fs::path(HERDEX_EVAL_SOURCE_DIR) / ".." / "shared" / "data";
  std::vector<std::pair<std::string, std::string>> sets = {
      {"cmrc2018", "dev"}, {"drcd", "dev"}, {"jsquad", "valid"}};
  std::vector<std::string> schemes;
  fs::path work = "/tmp/herdex-eval";
  std::size_t limit_queries = 0;  // 0: all
  bool markdown = false;
  bool literal = false;
  fs::path dump;
};

// Parses the command line into `args`; an exit status when the program
// should stop (after --help, or for a usage error).
std::optional<int> parse_args(int argc, char** argv, Args& args) {
  CLI::App app{"Relevance of herdex's CJK analysis schemes against stock Xapian",
               "eval_cjk_schemes"};
  app.footer(
      "systems: bigram uni+bigram words words+bigram words+uni+bigram xapian-qp "
      "xapian-or-ngrams");
  std::string sets;
  std::string schemes;
  app.add_option("--data", args.data, "Folder holding one folder per set");
  app.add_option("--sets", sets, "SET:SPLIT,... (default: cmrc2018:dev,drcd:dev,jsquad:valid)");
  app.add_option("--schemes", schemes, "all, or NAME,... of the systems below");
  app.add_option("--work", args.work, "Where temporary databases go");
  app.add_option("--limit-queries", args.limit_queries, "Evaluate only the first N of each split");
  app.add_flag("--markdown", args.markdown, "GitHub markdown instead of aligned text");
  app.add_option("--dump", args.dump, "Also write one TSV line per (set, system, query)");
  app.add_flag("--literal", args.literal, "Search herdex with SearchOptions::literal");
  app.callback([&] {
    if (app.count("--sets") > 0) args.sets = herdex::bench::parse_sets(sets);
    if (app.count("--schemes") > 0) {
      args.schemes =
          schemes == "all" ? std::vector<std::string>{} : herdex::bench::split_list(schemes);
    }
    for (const std::string& name : args.schemes) {
      if (std::none_of(std::begin(kSchemes), std::end(kSchemes),
                       [&](const SchemeSpec& spec) { return spec.name == name; })) {
        throw CLI::ValidationError("--schemes", "unknown system '" + name + "'");
      }
    }
  });
  return herdex::bench::parse_command_line(app, argc, argv);
}

bool wanted(const Args& args, std::string_view name) {
  return args.schemes.empty() ||
         std::find(args.schemes.begin(), args.schemes.end(), name) != args.schemes.end();
}

void print_preamble(const Args& args, int argc, char** argv) {
  std::string command;
  for (int i = 0; i < argc; ++i) command += (i ? " " : "") + shell_quote(argv[i]);
  utsname u{};
  const std::string kernel = uname(&u) == 0
                                 ? fmt::format("{} {} {}", u.sysname, u.release, u.machine)
                                 : std::string("unknown");
  char cwd[4096];
  const std::string dir = getcwd(cwd, sizeof cwd) != nullptr ? std::string(cwd) : std::string("?");
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
#ifdef NDEBUG
  constexpr std::string_view build = "optimized, NDEBUG";
#else
  constexpr std::string_view build = "assertions on";
#endif
  const std::string md = args.markdown ? "- " : "";
  fmt::print("{}# herdex CJK scheme evaluation\n\n", args.markdown ? "" : "");
  fmt::print("{}date: {}\n", md, utc_now());
  fmt::print("{}command: `{}` (in {})\n", md, command, dir);
  fmt::print("{}data: {}\n", md, fs::weakly_canonical(args.data).string());
  fmt::print("{}machine: {}; {} ({} online CPUs)\n", md, kernel, cpu_model(), cpus);
  // The program's own link time tells which state of lib/ it holds (lib/
  // changes relink it without recompiling this file).
  struct stat exe {};
  std::string linked = "unknown";
  if (stat("/proc/self/exe", &exe) == 0) {
    std::tm tm{};
    gmtime_r(&exe.st_mtime, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    linked = buf;
  }
  fmt::print("{}versions: herdex {}, Xapian {}, ICU {}, compiler {} ({}), program linked {}\n", md,
             herdex::version(), Xapian::version_string(), U_ICU_VERSION, __VERSION__, build,
             linked);
  auto analyzer = herdex::Analyzer::create();
  fmt::print("{}herdex default analyzer: {}\n", md,
             analyzer ? analyzer->fingerprint() : analyzer.error().describe());
  fmt::print("{}every system: top {} per query, BM25 k1={} b={}, snippets of {} bytes{}{}\n\n", md,
             kDepth, kBm25K1, kBm25B, kSnippetBytes,
             args.literal ? ", herdex queries literal" : ", herdex queries through its grammar",
             args.limit_queries ? fmt::format(", first {} queries per split", args.limit_queries)
                                : std::string());
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (auto status = parse_args(argc, argv, args)) return *status;

  std::error_code ec;
  fs::create_directories(args.work, ec);
  const fs::path run_dir = args.work / fmt::format("run-{}", static_cast<long>(getpid()));
  fs::remove_all(run_dir, ec);
  if (!fs::create_directories(run_dir, ec) || ec) {
    fmt::print(stderr, "eval_cjk_schemes: cannot create {}: {}\n", run_dir.string(), ec.message());
    return 3;
  }

  std::unique_ptr<std::FILE, int (*)(std::FILE*)> dump(nullptr, &std::fclose);
  if (!args.dump.empty()) {
    dump.reset(std::fopen(args.dump.c_str(), "w"));
    if (!dump) {
      fmt::print(stderr, "eval_cjk_schemes: cannot write {}\n", args.dump.string());
      return 3;
    }
    fmt::print(dump.get(), "set\tsystem\tquery\trank\tresults\terror\tanswer\ttext\n");
  }

  print_preamble(args, argc, argv);
  std::fflush(stdout);
  int status = 0;

  for (const auto& [set, split] : args.sets) {
    const auto load_start = Clock::now();
    auto loaded = herdex::read_beir((args.data / set).string(), split, /*read_corpus=*/true);
    if (!loaded) {
      fmt::print(stderr, "eval_cjk_schemes: {}\n", loaded.error().describe());
      status = 1;
      continue;
    }
    Dataset& data = *loaded;
    if (args.limit_queries != 0 && data.queries.size() > args.limit_queries) {
      data.queries.resize(args.limit_queries);
    }
    fmt::print(stderr, "[{}:{}] {} paragraphs, {} queries (loaded in {:.1f} s)\n", set, split,
               data.corpus.size(), data.queries.size(), seconds_since(load_start));

    std::vector<Metrics> results;
    std::shared_ptr<StockIndex> stock;
    const fs::path stock_dir = run_dir / fmt::format("{}-stock", set);
    for (const SchemeSpec& spec : kSchemes) {
      if (!wanted(args, spec.name)) continue;
      std::unique_ptr<System> system;
      fs::path dir;
      if (spec.herdex) {
        system =
            std::make_unique<HerdexSystem>(std::string(spec.name), spec.options(), args.literal);
        dir = run_dir / fmt::format("{}-{}", set, spec.name);
      } else {
        if (!stock) {
          stock = std::make_shared<StockIndex>();
          fmt::print(stderr, "[{}:{}] stock Xapian: indexing\n", set, split);
          if (std::string err = build_stock_index(data, stock_dir, *stock); !err.empty()) {
            fmt::print(stderr, "eval_cjk_schemes: {}\n", err);
            status = 1;
            break;
          }
        }
        system =
            std::make_unique<StockSystem>(std::string(spec.name),
                                          spec.name == kQpBaseline ? StockSystem::Mode::query_parser
                                                                   : StockSystem::Mode::or_ngrams,
                                          stock);
        dir = stock_dir;
      }
      fmt::print(stderr, "[{}:{}] {}: indexing\n", set, split, system->name());
      if (std::string err = system->build(data, dir); !err.empty()) {
        fmt::print(stderr, "eval_cjk_schemes: {}: {}\n", system->name(), err);
        status = 1;
        continue;
      }
      Metrics m;
      m.system = system->name();
      m.is_default = spec.is_default();
      m.index_seconds = system->index_seconds();
      m.index_bytes = system->index_bytes();
      m.latencies_us.reserve(data.queries.size());
      m.latencies10_us.reserve(data.queries.size());
      const auto eval_start = Clock::now();
      for (const Query& q : data.queries) {
        const auto t0 = Clock::now();
        const Outcome o = system->run(q, kDepth);
        m.latencies_us.push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        const auto [rank, answered] = score(q, o, m);
        if (dump) {
          std::string text = q.text;
          std::replace(text.begin(), text.end(), '\t', ' ');
          std::replace(text.begin(), text.end(), '\n', ' ');
          fmt::print(dump.get(), "{}:{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", set, split, m.system, q.id,
                     rank, o.ranked.size(), o.error ? 1 : 0, answered ? 1 : 0, text);
        }
      }
      for (const Query& q : data.queries) {
        const auto t0 = Clock::now();
        (void)system->run(q, kMrrDepth);
        m.latencies10_us.push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      }
      fmt::print(stderr, "[{}:{}] {}: MRR@10 {:.4f}, {} queries in {:.1f} s\n", set, split,
                 system->name(), m.mrr10(), m.scores.queries, seconds_since(eval_start));
      system->close();
      if (spec.herdex) fs::remove_all(dir, ec);
      results.push_back(std::move(m));
    }
    stock.reset();
    fs::remove_all(stock_dir, ec);

    const Metrics* base = nullptr;
    for (const Metrics& m : results) {
      if (m.system == kQpBaseline) base = &m;
    }
    const double base_mrr = base != nullptr ? base->mrr10() : 0.0;
    const double base_us = base != nullptr ? base->median_us() : 0.0;
    const double base_us10 = base != nullptr ? base->median10_us() : 0.0;
    Table table({"system", "MRR@10", "R@10", "R@100", "answer@150", "MRR ×qp", "errors", "empty",
                 "index bytes", "index s", "median µs", "µs ×qp", "µs @10", "@10 ×qp"});
    for (const Metrics& m : results) {
      table.add({m.is_default ? m.system + " (default)" : m.system,
                 fmt::format("{:.4f}", m.mrr10()), fmt::format("{:.4f}", m.r10()),
                 fmt::format("{:.4f}", m.r100()), fmt::format("{:.4f}", m.answer150()),
                 ratio(m.mrr10(), base_mrr), std::to_string(m.errors), std::to_string(m.empty),
                 group_digits(m.index_bytes), fmt::format("{:.2f}", m.index_seconds),
                 fmt::format("{:.0f}", m.median_us()), ratio(m.median_us(), base_us),
                 fmt::format("{:.0f}", m.median10_us()), ratio(m.median10_us(), base_us10)});
    }
    fmt::print("{}{}:{} — {} queries, {} paragraphs\n\n", args.markdown ? "## " : "", set, split,
               data.queries.size(), data.corpus.size());
    fmt::print("{}\n", table.render(args.markdown));
    std::fflush(stdout);
  }
  fs::remove_all(run_dir, ec);
  return status;
}
