// A synthetic corpus and query sets for benchmarks/compare.sh when the real
// data (../shared/data) is absent: English-like and CJK documents whose
// words follow Zipf's law, and queries of every class drawn from them, so
// that every query class finds something. Deterministic for a given seed.
//
//   bench_corpus --docs N --out DIR [--queries-per-class K] [--seed S]
//
// Writes DIR/en.jsonl (N documents), DIR/cjk.jsonl (N/4 documents),
// DIR/en.tsv (classes term-rare, term-mid, term-common, words, and,
// phrase, prefix) and DIR/cjk.tsv (class cjk).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench_args.h"

namespace {

// xorshift64*: tiny, and the same sequence on every platform (the
// standard distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed * 2654435761U + 1) {}
  std::uint64_t next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 2685821657736338717ULL;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  std::size_t between(std::size_t lo, std::size_t hi) { return lo + below(hi - lo + 1); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

// Samples ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s.
class Zipf {
 public:
  Zipf(std::size_t n, double s) : cdf_(n) {
    double total = 0;
    for (std::size_t i = 0; i < n; ++i)
      cdf_[i] = total += 1.0 / std::pow(static_cast<double>(i + 1), s);
    for (double& c : cdf_) c /= total;
  }
  std::size_t operator()(Rng& rng) const {
    const auto it = std::lower_bound(cdf_.begin(), cdf_.end(), rng.unit());
    return std::min(static_cast<std::size_t>(it - cdf_.begin()), cdf_.size() - 1);
  }

 private:
  std::vector<double> cdf_;
};

std::vector<std::string> english_vocabulary(Rng& rng, std::size_t n) {
  static const char* const kOnsets[] = {"b",  "c",  "d",  "f",  "g",  "h",  "k",  "l",
                                        "m",  "n",  "p",  "r",  "s",  "t",  "v",  "w",
                                        "br", "cl", "dr", "gr", "pl", "st", "tr", "sh"};
  static const char* const kVowels[] = {"a", "e", "i", "o", "u", "ai", "ea", "ou"};
  static const char* const kCodas[] = {"", "", "", "n", "r", "s", "t", "l", "m", "nd", "st"};
  std::set<std::string> seen;
  std::vector<std::string> words;
  while (words.size() < n) {
    std::string w;
    const std::size_t syllables = rng.between(1, 3);
    for (std::size_t s = 0; s < syllables; ++s) {
      w += kOnsets[rng.below(std::size(kOnsets))];
      w += kVowels[rng.below(std::size(kVowels))];
      w += kCodas[rng.below(std::size(kCodas))];
    }
    if (w.size() >= 3 && seen.insert(w).second) words.push_back(w);
  }
  return words;
}

// Common Han characters and hiragana, one UTF-8 string each.
std::vector<std::string> cjk_characters() {
  const std::string han =
      "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对"
      "可"
      "她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同"
      "三"
      "已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定"
      "女"
      "电影故事演员剧情导演画面音乐感觉喜欢孤独城市夜晚雨声音";
  const std::string kana =
      "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわを"
      "ん";
  std::vector<std::string> out;
  for (const std::string* s : {&han, &kana}) {
    for (std::size_t i = 0; i + 3 <= s->size(); i += 3)
      out.push_back(s->substr(i, 3));  // all are 3 bytes
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t docs = 2000;
  std::size_t per_class = 20;
  std::uint64_t seed = 20261121;
  std::string out_dir;
  CLI::App app{"Writes a synthetic English and CJK corpus and query sets", "bench_corpus"};
  app.add_option("--docs", docs, "English documents (>= 20); CJK: a quarter as many")
      ->check(CLI::Range(std::size_t{20}, std::numeric_limits<std::size_t>::max()));
  app.add_option("--out", out_dir, "Folder to write en.jsonl, cjk.jsonl, en.tsv and cjk.tsv")
      ->required();
  app.add_option("--queries-per-class", per_class, "Queries per query class")
      ->check(herdex::bench::above_zero());
  app.add_option("--seed", seed, "Random seed");
  if (auto status = herdex::bench::parse_command_line(app, argc, argv)) return *status;
  Rng rng(seed);

  // English-like documents: sentences of Zipf-distributed words.
  const std::vector<std::string> vocab = english_vocabulary(rng, 8000);
  const Zipf zipf_words(vocab.size(), 1.05);
  std::vector<std::vector<std::size_t>> doc_words(docs);
  std::vector<std::size_t> df(vocab.size());
  {
    std::ofstream out(out_dir + "/en.jsonl");
    for (std::size_t d = 0; d < docs; ++d) {
      std::string text;
      const std::size_t n = rng.between(60, 300);
      std::set<std::size_t> distinct;
      for (std::size_t w = 0, in_sentence = 0, sentence = rng.between(6, 18); w < n; ++w) {
        const std::size_t id = zipf_words(rng);
        doc_words[d].push_back(id);
        distinct.insert(id);
        std::string word = vocab[id];
        if (in_sentence == 0) word[0] = static_cast<char>(word[0] - 'a' + 'A');
        text += word;
        if (++in_sentence == sentence || w + 1 == n) {
          text += w + 1 == n ? "." : ". ";
          in_sentence = 0;
          sentence = rng.between(6, 18);
        } else {
          text += ' ';
        }
      }
      for (const std::size_t id : distinct) ++df[id];
      out << nlohmann::json{{"id", fmt::format("syn-en-{}", d)}, {"text", text}}.dump() << '\n';
    }
    if (!out) {
      fmt::print(stderr, "bench_corpus: cannot write {}/en.jsonl\n", out_dir);
      return 1;
    }
  }
  {
    std::ofstream out(out_dir + "/en.tsv");
    out << "# synthetic query set (bench_corpus --docs " << docs << " --seed " << seed << ")\n";
    auto pool = [&](std::size_t lo, std::size_t hi) {
      std::vector<std::size_t> ids;
      for (std::size_t i = 0; i < vocab.size(); ++i) {
        if (df[i] >= lo && df[i] <= hi && vocab[i].size() >= 4) ids.push_back(i);
      }
      return ids;
    };
    auto pick = [&](const std::string& cls, std::vector<std::size_t> ids, auto make) {
      for (std::size_t k = 0; k < per_class && !ids.empty(); ++k) {
        const std::size_t at = rng.below(ids.size());
        out << cls << '\t' << make(vocab[ids[at]]) << '\n';
        ids.erase(ids.begin() + static_cast<std::ptrdiff_t>(at));
      }
    };
    auto same = [](const std::string& w) { return w; };
    pick("term-rare", pool(2, std::max<std::size_t>(3, docs / 500)), same);
    pick("term-mid", pool(docs / 100 + 1, docs / 10), same);
    pick("term-common", pool(docs / 4, docs), same);
    auto words_of = [&](std::size_t count, const char* glue) {
      const auto& ws = doc_words[rng.below(docs)];
      std::string q;
      for (std::size_t k = 0; k < count; ++k)
        q += (k ? glue : "") + vocab[ws[rng.below(ws.size())]];
      return q;
    };
    for (std::size_t k = 0; k < per_class; ++k)
      out << "words\t" << words_of(rng.between(2, 3), " ") << '\n';
    for (std::size_t k = 0; k < per_class; ++k) out << "and\t" << words_of(2, " AND ") << '\n';
    for (std::size_t k = 0; k < per_class; ++k) {
      const auto& ws = doc_words[rng.below(docs)];
      const std::size_t len = rng.between(2, 3);
      const std::size_t at = rng.below(ws.size() - len);
      std::string q;
      for (std::size_t j = 0; j < len; ++j) q += (j ? " " : "") + vocab[ws[at + j]];
      out << "phrase\t\"" << q << "\"\n";
    }
    pick("prefix", pool(docs / 100 + 1, docs), [](const std::string& w) {
      return w.substr(0, std::max<std::size_t>(3, w.size() - 2)) + "*";
    });
  }

  // CJK documents: runs of Zipf-distributed characters, 。 between sentences.
  const std::vector<std::string> chars = cjk_characters();
  const Zipf zipf_chars(chars.size(), 0.9);
  const std::size_t cjk_docs = std::max<std::size_t>(docs / 4, 10);
  std::vector<std::vector<std::string>> cjk_sentences;
  {
    std::ofstream out(out_dir + "/cjk.jsonl");
    for (std::size_t d = 0; d < cjk_docs; ++d) {
      std::string text;
      const std::size_t n = rng.between(40, 200);
      for (std::size_t c = 0; c < n;) {
        const std::size_t len = std::min(n - c, rng.between(8, 30));
        std::string sentence;
        for (std::size_t j = 0; j < len; ++j) sentence += chars[zipf_chars(rng)];
        if (d % 8 == 0) cjk_sentences.emplace_back().push_back(sentence);
        text += sentence + "。";
        c += len;
      }
      out << nlohmann::json{{"id", fmt::format("syn-cjk-{}", d)}, {"text", text}}.dump() << '\n';
    }
    if (!out) {
      fmt::print(stderr, "bench_corpus: cannot write {}/cjk.jsonl\n", out_dir);
      return 1;
    }
  }
  {
    std::ofstream out(out_dir + "/cjk.tsv");
    out << "# synthetic CJK query set (bench_corpus --docs " << docs << " --seed " << seed << ")\n";
    for (std::size_t k = 0; k < per_class * 2; ++k) {
      const std::string& s = cjk_sentences[rng.below(cjk_sentences.size())].front();
      const std::size_t chars_in = s.size() / 3;
      const std::size_t len = std::min<std::size_t>(chars_in, rng.between(3, 4));
      const std::size_t at = rng.below(chars_in - len + 1);
      out << "cjk\t" << s.substr(at * 3, len * 3) << '\n';
    }
  }
  fmt::print(
      "{}/en.jsonl: {} documents; {}/cjk.jsonl: {} documents; queries in en.tsv and cjk.tsv\n",
      out_dir, docs, out_dir, cjk_docs);
  return 0;
}
