// Tests for lib/store/shards: reading Xapian stub files the way Xapian 1.4
// does, classifying database paths, and routing ids to shards.
#include "store/shards.h"

#include <xapian.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "util/hash.h"

namespace herdex::detail {
namespace {

namespace fs = std::filesystem;
using Kind = ShardLocation::Kind;

struct StubCase {
  const char* line;
  Kind kind;
  const char* name;  // ShardLocation::name(); for local paths, relative to the stub's folder
};

class StubLine : public ::testing::TestWithParam<StubCase> {};

TEST_P(StubLine, ParsesLikeXapian) {
  testing::TempDir dir;
  const std::string stub = dir.write("db.stub", std::string(GetParam().line) + "\n");
  auto shards = read_stub(stub);
  ASSERT_TRUE(shards) << shards.error().describe();
  ASSERT_EQ(shards->size(), 1U);
  const ShardLocation& s = shards->front();
  EXPECT_EQ(s.kind, GetParam().kind);
  const std::string name = GetParam().name;
  EXPECT_EQ(s.name(), s.kind == Kind::local && name[0] != '/' ? dir.sub(name) : name);
}

INSTANTIATE_TEST_SUITE_P(
    Stub, StubLine,
    ::testing::Values(
        StubCase{"auto shard_000", Kind::local, "shard_000"},
        StubCase{"auto /srv/reviews/shard_001", Kind::local, "/srv/reviews/shard_001"},
        StubCase{"glass sub/dir", Kind::local, "sub/dir"},
        StubCase{"auto name with spaces", Kind::local, "name with spaces"},
        StubCase{"remote 127.0.0.1:33333", Kind::remote_tcp, "127.0.0.1:33333"},
        StubCase{"remote search.example.com:1", Kind::remote_tcp, "search.example.com:1"},
        StubCase{"remote [::1]:65535", Kind::remote_tcp, "[::1]:65535"},
        // Xapian's prog method: `remote :PORT` is a program, not a port.
        StubCase{"remote :33333", Kind::remote_program, "33333"},
        StubCase{"remote :ssh host xapian-progsrv /db", Kind::remote_program,
                 "ssh host xapian-progsrv /db"}));

TEST(Stub, RemoteTcpKeepsHostAndPort) {
  testing::TempDir dir;
  auto shards = read_stub(dir.write("s", "remote [fe80::1]:8080\nremote :xapian-progsrv a b\n"));
  ASSERT_TRUE(shards) << shards.error().describe();
  ASSERT_EQ(shards->size(), 2U);
  EXPECT_EQ((*shards)[0].host, "fe80::1");
  EXPECT_EQ((*shards)[0].port, 8080U);
  EXPECT_EQ((*shards)[1].program, "xapian-progsrv");
  EXPECT_EQ((*shards)[1].args, "a b");
}

TEST(Stub, SkipsCommentsAndEmptyLinesAndKeepsOrder) {
  testing::TempDir dir;
  auto shards = read_stub(dir.write("s", "# shards\n\nauto b\n#auto x\nauto a\nremote h:1\n"));
  ASSERT_TRUE(shards) << shards.error().describe();
  ASSERT_EQ(shards->size(), 3U);
  EXPECT_EQ((*shards)[0].path, dir.sub("b"));
  EXPECT_EQ((*shards)[1].path, dir.sub("a"));
  EXPECT_EQ((*shards)[2].name(), "h:1");
}

struct BadStub {
  const char* content;
  std::size_t line;
};

class BadStubLine : public ::testing::TestWithParam<BadStub> {};

TEST_P(BadStubLine, IsRefusedWithItsLineNumber) {
  testing::TempDir dir;
  const std::string stub = dir.write("db.stub", GetParam().content);
  auto shards = read_stub(stub);
  ASSERT_FALSE(shards);
  EXPECT_EQ(shards.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(shards.error().path, stub);
  EXPECT_EQ(shards.error().line, GetParam().line);
  // Xapian's own reader refuses it too.
  EXPECT_THROW(Xapian::Database{stub}, Xapian::Error) << GetParam().content;
}

INSTANTIATE_TEST_SUITE_P(Stub, BadStubLine,
                         ::testing::Values(BadStub{"auto a\nbogus line\n", 2},
                                           BadStub{"remote host\n", 1},
                                           BadStub{"remote host:port\n", 1}, BadStub{"remote\n", 1},
                                           BadStub{" auto a\n", 1},
                                           BadStub{"# c\nremote [::1]\n", 2},
                                           BadStub{"flint old\n", 1}));

TEST(Stub, EmptyStubAndMissingStubAreErrors) {
  testing::TempDir dir;
  auto empty = read_stub(dir.write("empty", "# nothing\n"));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::invalid_argument);
  auto missing = read_stub(dir.sub("missing"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST(Stub, NestedStubsAreExpandedAndLoopsStop) {
  testing::TempDir dir;
  dir.write("set/XAPIANDB", "auto s0\nauto s1\n");
  fs::create_directories(dir.sub("set/s0"));
  fs::create_directories(dir.sub("set/s1"));
  auto shards = read_stub(dir.write("top.stub", "auto set\nremote h:2\n"));
  ASSERT_TRUE(shards) << shards.error().describe();
  ASSERT_EQ(shards->size(), 3U);
  EXPECT_EQ((*shards)[0].path, dir.sub("set/s0"));
  EXPECT_EQ((*shards)[1].path, dir.sub("set/s1"));
  EXPECT_EQ((*shards)[2].name(), "h:2");

  auto loop = read_stub(dir.write("loop.stub", "auto loop.stub\n"));
  ASSERT_FALSE(loop);
  EXPECT_EQ(loop.error().code, ErrorCode::invalid_argument);
}

TEST(Layout, ClassifiesWhatAPathHolds) {
  testing::TempDir dir;
  auto missing = resolve_layout(dir.sub("none"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->kind, DatabaseLayout::Kind::missing);

  fs::create_directories(dir.sub("empty"));
  auto empty = resolve_layout(dir.sub("empty"));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->kind, DatabaseLayout::Kind::directory);

  {
    Xapian::WritableDatabase db(dir.sub("glass"),
                                Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
  }
  auto single = resolve_layout(dir.sub("glass"));
  ASSERT_TRUE(single);
  EXPECT_EQ(single->kind, DatabaseLayout::Kind::single);
  ASSERT_EQ(single->shards.size(), 1U);
  EXPECT_EQ(single->shards.front().path, dir.sub("glass"));

  dir.write("sharded/XAPIANDB", "auto shard_000\n");
  auto sharded = resolve_layout(dir.sub("sharded"));
  ASSERT_TRUE(sharded);
  EXPECT_EQ(sharded->kind, DatabaseLayout::Kind::stub);
  EXPECT_EQ(sharded->stub, dir.sub("sharded/XAPIANDB"));
  ASSERT_EQ(sharded->shards.size(), 1U);
  EXPECT_EQ(sharded->shards.front().path, dir.sub("sharded/shard_000"));

  auto file = resolve_layout(dir.write("x.stub", "remote h:9\n"));
  ASSERT_TRUE(file);
  EXPECT_EQ(file->kind, DatabaseLayout::Kind::stub);
}

TEST(Routing, UsesTheXxh3SpecificationSoIdsNeverMove) {
  // XXH3-64 of the empty input with seed 0, from the xxHash specification's
  // test vectors: if this changes, existing sharded databases break.
  EXPECT_EQ(stable_hash64(""), 0x2D06800538D394C2ULL);
  EXPECT_EQ(shard_for_id("", 7), static_cast<std::size_t>(0x2D06800538D394C2ULL % 7));
}

TEST(Routing, SpreadsIdsEvenlyAndDeterministically) {
  constexpr std::size_t kShards = 4;
  constexpr int kIds = 4000;
  std::vector<std::size_t> counts(kShards);
  for (int i = 0; i < kIds; ++i) {
    const std::string id = "reviews/" + std::to_string(i) + ".txt";
    const std::size_t shard = shard_for_id(id, kShards);
    ASSERT_LT(shard, kShards);
    EXPECT_EQ(shard, shard_for_id(id, kShards));
    ++counts[shard];
  }
  for (const std::size_t c : counts) {
    EXPECT_GT(c, kIds / kShards * 9 / 10);
    EXPECT_LT(c, kIds / kShards * 11 / 10);
  }
  EXPECT_EQ(shard_for_id("anything", 1), 0U);
}

TEST(ShardNames, NameLocalRemoteAndProgramShards) {
  ShardLocation local;
  local.path = "db/shard_001";
  EXPECT_EQ(local.name(), "db/shard_001");
  ShardLocation tcp;
  tcp.kind = Kind::remote_tcp;
  tcp.host = "10.0.0.2";
  tcp.port = 5000;
  EXPECT_EQ(tcp.name(), "10.0.0.2:5000");
  EXPECT_EQ(shard_directory_name(0), "shard_000");
  EXPECT_EQ(shard_directory_name(12), "shard_012");
}

}  // namespace
}  // namespace herdex::detail
