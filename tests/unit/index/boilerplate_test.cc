// Tests for finding a blog's trailing comment form (lib/index/boilerplate.h):
// where it is cut, in each language of the corpus, and the reviews it must
// leave whole.
#include "index/boilerplate.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace herdex::detail {
namespace {

// A review long enough that what follows it is in the second half.
const std::string kReview =
    "I walked out of Her and sat on a bench for a long time.\n"
    "\n"
    "The film is about loneliness, and about the voice in the ear that answers it.\n"
    "Joaquin Phoenix plays a man who writes other people's letters for a living.\n"
    "\n"
    "It is the kindest film about technology I have seen.\n";

struct Case {
  const char* name;
  std::string text;
  std::size_t expected;
};

void check(const Case& c) {
  SCOPED_TRACE(c.name);
  EXPECT_EQ(boilerplate_start(c.text), c.expected)
      << "cut at: "
      << ::testing::PrintToString(std::string(c.text.substr(std::min(c.expected, c.text.size()))));
}

TEST(Boilerplate, CommentFormInSecondHalfIsCutAtItsLine) {
  const std::size_t cut = kReview.size() + 1;  // after the blank line below
  const Case cases[] = {
      {"Leave a Reply",
       kReview + "\nLeave a Reply\n\nYou are commenting using your WordPress.com account.\n", cut},
      {"Leave a reply", kReview + "\nLeave a reply\nCancel reply\n", cut},
      {"Leave a Comment", kReview + "\nLeave a Comment\n", cut},
      {"Fill in your details",
       kReview + "\nFill in your details below or click an icon to log in:\nEmail (required)\n",
       cut},
      {"You are commenting",
       kReview + "\nYou are commenting using your Twitter account. ( Log Out / Change )\n", cut},
      {"Notify me", kReview + "\nNotify me of new comments via email.\n", cut},
      {"Post a Comment", kReview + "\nPost a Comment\n", cut},
      {"Simplified", kReview + "\n发表评论\n取消回复\n", cut},
      {"Traditional 評論", kReview + "\n發表評論\n", cut},
      {"Traditional 留言", kReview + "\n發表留言\n取消回覆\n", cut},
      {"Japanese", kReview + "\nコメントを残す\nメールアドレスが公開されることはありません。\n",
       cut},
      {"Japanese 書く", kReview + "\nコメントを書く\n", cut},
      {"Korean 쓰기", kReview + "\n댓글 쓰기\n", cut},
      {"Korean 달기", kReview + "\n댓글 달기\n", cut},
      {"no final newline", kReview + "\nLeave a Reply", cut},
      // The cut is at the start of the line, indentation included.
      {"indented", kReview + "\n   \tLeave a Reply\n", cut},
      {"CRLF lines", kReview + "\r\nLeave a Reply\r\nYou are commenting using your account.\r\n",
       cut + 1},
  };
  for (const Case& c : cases) check(c);
}

TEST(Boilerplate, FirstMarkerOfTheFormIsTheCut) {
  const std::string form =
      "Leave a Reply\n"
      "\n"
      "Fill in your details below or click an icon to log in:\n"
      "You are commenting using your WordPress.com account.\n"
      "Notify me of new posts via email.\n";
  check({"english form", kReview + form, kReview.size()});
  check({"chinese form", kReview + "发表评论\n发表留言\n", kReview.size()});
}

TEST(Boilerplate, ReviewsWithoutAFormAreWhole) {
  const Case cases[] = {
      {"empty", "", 0},
      {"one line", "A fine film.", 12},
      {"plain review", kReview, kReview.size()},
      {"cjk review", "她的声音让人难忘。\n发表一下我的看法：这部电影很好。\n",
       std::string("她的声音让人难忘。\n发表一下我的看法：这部电影很好。\n").size()},
  };
  for (const Case& c : cases) check(c);
}

TEST(Boilerplate, MarkerInFirstHalfIsNotCut) {
  const std::string tail = std::string(kReview) + kReview;
  const Case cases[] = {
      {"english", "Leave a Reply\n" + tail, ("Leave a Reply\n" + tail).size()},
      {"chinese", "发表评论\n" + tail, ("发表评论\n" + tail).size()},
      {"korean", "댓글 쓰기\n" + tail, ("댓글 쓰기\n" + tail).size()},
      {"japanese", "コメントを残す\n" + tail, ("コメントを残す\n" + tail).size()},
      {"early second line", "Intro.\nYou are commenting using your\n" + tail,
       ("Intro.\nYou are commenting using your\n" + tail).size()},
  };
  for (const Case& c : cases) check(c);
}

TEST(Boilerplate, MarkerInsideASentenceIsNotCut) {
  const auto whole = [](const char* name, const std::string& text) {
    return Case{name, text, text.size()};
  };
  const Case cases[] = {
      whole("english mid-line", kReview + "So I will Leave a Reply here and say: go see it.\n"),
      whole("lower case start", kReview + "leave a reply if you disagree.\n"),
      whole("after a word", kReview + "Please Leave a Comment below.\n"),
      whole("quoted", kReview + "\"You are commenting using your heart,\" she says.\n"),
      whole("chinese mid-line", kReview + "看完以后我想发表评论：很好。\n"),
      whole("traditional mid-line", kReview + "我在部落格發表留言。\n"),
      whole("japanese mid-line", kReview + "この映画にコメントを残すなら、傑作だ。\n"),
      whole("korean mid-line", kReview + "이 영화에 댓글 쓰기가 망설여졌다.\n"),
  };
  for (const Case& c : cases) check(c);
}

TEST(Boilerplate, LineHoldingTheMidpointCounts) {
  // The marker line begins before the midpoint but runs past it.
  const std::string text = "Short.\nYou are commenting using your " + std::string(40, 'x') + "\n";
  ASSERT_LT(std::string_view("Short.\n").size(), text.size() / 2);
  check({"midpoint line", text, 7});
  // A text that is nothing but a form: cut from the marker line holding the
  // midpoint (the second one here), not before.
  check({"only a form", "Leave a Reply\nYou are commenting using your account.\n", 14});
  check({"only a marker", "Leave a Reply", 0});
}

TEST(Boilerplate, HeadingMustBeTheWholeLine) {
  // A review sentence that starts like a heading is review text.
  const std::string text =
      std::string(200, 'r') +
      "\nLeave a comment if you disagree, but this is the film of the decade.\n";
  check({"sentence", text, text.size()});
  const std::string bilingual = std::string(60, 'r') + "\nコメントを残す / Leave a Reply\nName\n";
  check({"bilingual heading", bilingual, 61});
}

TEST(Boilerplate, TheLineBeforeTheMidpointLineDoesNotCount) {
  // The marker line ends just before the midpoint.
  const std::string first = "Leave a Reply\n";
  const std::string text = first + std::string(first.size() + 5, 'y');
  ASSERT_GT(text.size() / 2, first.size());
  check({"before midpoint", text, text.size()});
}

}  // namespace
}  // namespace herdex::detail
