// Tests for spelling suggestions (lib/search/spelling.h): the pruned walk
// over the vocabulary must find exactly what comparing the word with every
// indexed term finds.
#include "search/spelling.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace herdex::detail {
namespace {

// The reference: every term with the same first byte, compared in full.
std::string brute_force(const Xapian::Database& db, const std::string& word, std::size_t limit) {
  std::string best;
  Xapian::doccount best_freq = 0;
  std::size_t best_distance = limit + 1;
  const std::string first(1, word.front());
  for (auto it = db.allterms_begin(first); it != db.allterms_end(first); ++it) {
    const std::string term = *it;
    const std::size_t d = edit_distance(word, term, limit);
    if (d > limit || term == word) continue;
    if (d < best_distance || (d == best_distance && it.get_termfreq() > best_freq)) {
      best = term;
      best_freq = it.get_termfreq();
      best_distance = d;
    }
  }
  return best;
}

TEST(Spelling, EditDistance) {
  EXPECT_EQ(edit_distance("lonelyness", "loneliness", 2), 1U);
  EXPECT_EQ(edit_distance("kitten", "sitting", 3), 3U);
  EXPECT_EQ(edit_distance("kitten", "sitting", 1), 2U);  // limit + 1 once over
  EXPECT_EQ(edit_distance("", "abc", 5), 3U);
  EXPECT_EQ(edit_distance("same", "same", 0), 0U);
}

TEST(Spelling, ClosestTermFindsWhatComparingEveryTermFinds) {
  std::mt19937 rng(11U);
  const std::string letters = "aeilnorst\xC3\xA9";  // a few letters, and the bytes of é
  std::uniform_int_distribution<std::size_t> letter(0, letters.size() - 1);
  std::uniform_int_distribution<std::size_t> length(1, 10);
  std::uniform_int_distribution<int> docs(1, 4);
  auto random_word = [&] {
    std::string w(length(rng), 'a');
    for (char& c : w) c = letters[letter(rng)];
    return w;
  };
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::vector<std::string> vocabulary;
  for (int i = 0; i < 3000; ++i) {
    const std::string w = random_word();
    vocabulary.push_back(w);
    for (int d = docs(rng); d > 0; --d) {
      Xapian::Document doc;
      doc.add_term(w);
      db.add_document(doc);
    }
  }
  std::uniform_int_distribution<std::size_t> pick(0, vocabulary.size() - 1);
  std::size_t suggested = 0;
  for (int n = 0; n < 600; ++n) {
    // Known words with an edit or two, and words made up.
    std::string word = n % 3 == 0 ? random_word() : vocabulary[pick(rng)];
    for (int e = n % 3; e > 0 && word.size() > 1; --e) {
      std::uniform_int_distribution<std::size_t> at(1, word.size() - 1);
      const std::size_t i = at(rng);
      if (e % 2 == 0) {
        word.erase(i, 1);
      } else {
        word.insert(i, 1, letters[letter(rng)]);
      }
    }
    for (const std::size_t limit : {std::size_t{1}, std::size_t{2}}) {
      SCOPED_TRACE(word + " / " + std::to_string(limit));
      const std::string expected = brute_force(db, word, limit);
      EXPECT_EQ(closest_term(db, word, limit), expected);
      if (!expected.empty()) ++suggested;
    }
  }
  EXPECT_GT(suggested, 300U);  // the comparison saw real suggestions
}

}  // namespace
}  // namespace herdex::detail
