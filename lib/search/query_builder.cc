#include "search/query_builder.h"

#include <algorithm>

#include "analysis/token_stream.h"
#include "index/terms.h"

namespace herdex::detail {
namespace {

// Collects the query's tokens, grouping CJK tokens by run.
class QuerySink final : public TokenSink {
 public:
  explicit QuerySink(std::uint32_t ngram_size) : ngram_size_(ngram_size) {}

  void on_token(const TokenView& t) override {
    if (t.run != current_run_) finish_run();
    current_run_ = t.run;
    if (t.run == 0) {
      if (!t.stem.empty()) {
        add_part(Xapian::Query(std::string(kStemPrefix).append(t.stem)));
      } else {
        add_part(Xapian::Query(std::string(t.term)));
      }
      return;
    }
    Xapian::Query q{std::string(t.term)};
    if (t.kind == TokenKind::cjk_gram && (t.chars == ngram_size_ || t.chars == 1)) {
      run_grams_.push_back(q);
    } else {
      run_words_.push_back(q);
    }
    remember(std::string(t.term));
  }

  Xapian::Query finish() {
    finish_run();
    if (parts_.empty()) return Xapian::Query();
    if (parts_.size() == 1) return parts_.front();
    return Xapian::Query(Xapian::Query::OP_OR, parts_.begin(), parts_.end());
  }

  std::vector<std::string> terms;

 private:
  void add_part(Xapian::Query q) {
    for (auto it = q.get_unique_terms_begin(); it != q.get_unique_terms_end(); ++it) {
      remember(*it);
    }
    parts_.push_back(std::move(q));
  }

  void remember(std::string term) {
    if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(std::move(term));
  }

  void finish_run() {
    if (run_grams_.empty() && run_words_.empty()) return;
    std::vector<Xapian::Query> alternatives;
    if (run_grams_.size() > 1) {
      // The phrase of all n-grams is the run itself, wherever the index's
      // segmenter put word boundaries.
      alternatives.emplace_back(Xapian::Query::OP_PHRASE, run_grams_.begin(), run_grams_.end(),
                                static_cast<Xapian::termcount>(run_grams_.size()));
    }
    alternatives.insert(alternatives.end(), run_grams_.begin(), run_grams_.end());
    alternatives.insert(alternatives.end(), run_words_.begin(), run_words_.end());
    parts_.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    run_grams_.clear();
    run_words_.clear();
  }

  std::uint32_t ngram_size_;
  std::uint32_t current_run_ = 0;
  std::vector<Xapian::Query> run_grams_;
  std::vector<Xapian::Query> run_words_;
  std::vector<Xapian::Query> parts_;
};

}  // namespace

Result<BuiltQuery> build_query(const Analyzer& analyzer, std::string_view text) {
  QuerySink sink(analyzer.options().ngram_size);
  (void)AnalyzerAccess::analyze(analyzer, text, AnalyzeMode::query, sink);  // repairs are harmless here
  BuiltQuery built{sink.finish(), std::move(sink.terms)};
  if (built.query.empty()) {
    Error e{ErrorCode::query_syntax, "the query has no words to search for"};
    e.column = 1;
    return e;
  }
  return built;
}

}  // namespace herdex::detail
