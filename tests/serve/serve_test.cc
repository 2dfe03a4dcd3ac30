// `herdex serve` over HTTP on 127.0.0.1: the JSON API gives the document
// `herdex search --json` prints; parameters, limits and hosts are checked;
// the page is served with its security headers; the CLI starts and stops.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "herdex/index.h"
#include "serve_fixture.h"
#include "support/paths.h"
#include "support/process.h"

namespace herdex::testing {
namespace {

using nlohmann::json;

// `herdex search --json` for the same database, without its timings.
json cli_search(const std::vector<std::string>& args) {
  TempDir capture;
  std::vector<std::string> argv = {herdex_bin(), "search", "--db", ServeTest::db(), "--json"};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessResult run = run_process(argv, capture.path().string());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  json doc = json::parse(run.out);
  doc.erase("timings_us");
  return doc;
}

class Serve : public ServeTest {
 protected:
  httplib::Result get(const std::string& target, const httplib::Headers& headers = {}) {
    httplib::Client client("127.0.0.1", port());
    client.set_connection_timeout(10, 0);
    client.set_read_timeout(30, 0);
    return client.Get(target.c_str(), headers);
  }

  // GET /api/search?PARAMS: the JSON document, without its timings.
  json api(const std::string& params, int expected_status = 200) {
    auto res = get("/api/search?" + params);
    EXPECT_TRUE(res) << "no response for " << params;
    if (!res) return json();
    EXPECT_EQ(res->status, expected_status) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
    json doc = json::parse(res->body);
    doc.erase("timings_us");
    return doc;
  }
};

TEST_F(Serve, ApiGivesTheSameDocumentAsSearchJson) {
  struct Case {
    std::string query;
    std::vector<std::string> flags;  // for the CLI
    std::string params;              // for the API, after q=
  };
  const Case cases[] = {
      {"loneliness", {}, ""},
      {"loneliness", {"--limit", "3", "--offset", "2"}, "&limit=3&offset=2"},
      {"孤独", {"--limit", "4"}, "&limit=4"},
      {"\"operating system\" OR 편지",
       {"--passages", "2", "--snippet-bytes", "80"},
       "&passages=2&snippet_bytes=80"},
      {"samantha", {"--facets", "lang,year", "--sort", "date"}, "&facets=lang%2Cyear&sort=date"},
      {"lonelyness", {}, ""},  // with a suggestion
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.query + c.params);
    std::vector<std::string> args = {c.query};
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    const json expected = cli_search(args);
    const json actual = api("q=" + url_encode(c.query) + c.params);
    EXPECT_EQ(actual, expected);
    EXPECT_TRUE(!actual.at("hits").empty() || actual.contains("suggestion")) << actual.dump();
  }
  EXPECT_EQ(api("q=lonelyness").at("suggestion"), "loneliness");
}

TEST_F(Serve, PagingWalksTheResultList) {
  const json all = api("q=loneliness&limit=6");
  ASSERT_EQ(all.at("hits").size(), 6U);
  const json second = api("q=loneliness&limit=3&offset=3");
  ASSERT_EQ(second.at("hits").size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(second["hits"][i]["id"], all["hits"][i + 3]["id"]);
    EXPECT_EQ(second["hits"][i]["rank"], i + 4);
  }
}

TEST_F(Serve, BadParametersAreClear400s) {
  struct Case {
    std::string params;
    std::string code;
    std::string message_part;
  };
  const Case cases[] = {
      {"", "invalid_argument", "missing parameter q"},
      {"q=x&limit=abc", "invalid_argument", "limit must be a whole number from 1 to 100"},
      {"q=x&limit=0", "invalid_argument", "limit"},
      {"q=x&limit=101", "invalid_argument", "limit"},
      {"q=x&limit=-5", "invalid_argument", "limit"},
      {"q=x&offset=99999999", "invalid_argument", "offset"},
      {"q=x&sort=random", "invalid_argument", "sort must be"},
      {"q=x&facets=colour", "invalid_argument", "unknown facet 'colour'"},
      {"q=" + url_encode("rating:x..y"), "query_syntax", "rating bound 'x' is not a number"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.params);
    const json doc = api(c.params, 400);
    ASSERT_TRUE(doc.contains("error")) << doc.dump();
    EXPECT_EQ(doc["error"]["code"], c.code);
    EXPECT_NE(doc["error"]["message"].get<std::string>().find(c.message_part), std::string::npos)
        << doc.dump();
    // No server paths in errors; a location that does not apply is null,
    // as in the CLI's --json errors.
    EXPECT_TRUE(doc["error"]["path"].is_null()) << doc.dump();
    EXPECT_TRUE(doc["error"]["line"].is_null()) << doc.dump();
    if (c.code != "query_syntax") {
      EXPECT_TRUE(doc["error"]["column"].is_null()) << doc.dump();
    }
  }
  EXPECT_EQ(api("q=" + url_encode("rating:x..y"), 400)["error"]["column"], 8);
}

TEST_F(Serve, OversizedRequestsGet413Or414) {
  const json doc = api("q=" + std::string(2000, 'a'), 413);
  EXPECT_NE(doc["error"]["message"].get<std::string>().find("at most 1024"), std::string::npos);
  std::string longest;  // exactly at the limit: accepted
  while (longest.size() + 11 <= 1024) longest += "loneliness ";
  longest.resize(1024, ' ');
  EXPECT_FALSE(api("q=" + url_encode(longest), 200).at("hits").empty());

  httplib::Client client("127.0.0.1", port());
  auto long_uri = client.Get(("/api/search?q=" + std::string(20000, 'a')).c_str());
  ASSERT_TRUE(long_uri);
  EXPECT_EQ(long_uri->status, 414);
}

TEST_F(Serve, AnswersOnlyRequestsAddressedToLocalhost) {
  for (const char* host : {"evil.example", "evil.example:80", "192.168.1.10"}) {
    auto res = get("/api/search?q=loneliness", {{"Host", host}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << host;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
    EXPECT_NE(json::parse(res->body)["error"]["message"].get<std::string>().find("localhost"),
              std::string::npos)
        << res->body;
  }
  const std::string port_suffix = ":" + std::to_string(port());
  for (const std::string& host :
       {"localhost" + port_suffix, "127.0.0.1" + port_suffix, "[::1]" + port_suffix}) {
    auto res = get("/api/search?q=loneliness", {{"Host", host}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << host;
  }
}

// Other methods get 405 naming the allowed ones, as JSON (a POST used to
// get 400, or 413 for a large body).
TEST_F(Serve, OtherMethodsGet405) {
  httplib::Client client("127.0.0.1", port());
  auto post = client.Post("/api/search", std::string(100000, 'x'), "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  EXPECT_NE(json::parse(post->body)["error"]["message"].get<std::string>().find("POST"),
            std::string::npos)
      << post->body;
  auto del = client.Delete("/api/search?q=x");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
  auto head = client.Head("/");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
}

TEST_F(Serve, ServesThePageWithSecurityHeaders) {
  auto page = get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("<script src=\"/app.js\""), std::string::npos);
  const std::string csp = page->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");

  auto script = get("/app.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  // The page never parses data as HTML.
  EXPECT_EQ(script->body.find("innerHTML"), std::string::npos);
  EXPECT_EQ(script->body.find("outerHTML"), std::string::npos);
  EXPECT_EQ(script->body.find("insertAdjacentHTML"), std::string::npos);
  EXPECT_EQ(script->body.find("document.write"), std::string::npos);

  auto style = get("/style.css");
  ASSERT_TRUE(style);
  EXPECT_EQ(style->get_header_value("Content-Type"), "text/css; charset=utf-8");

  for (const char* missing : {"/nothing", "/../CMakeLists.txt", "/api", "/app.js.map"}) {
    auto res = get(missing);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404) << missing;
  }
}

TEST_F(Serve, HostileTextComesBackAsJsonText) {
  const json doc = api("q=" + url_encode("loneliness markup"));
  bool found = false;
  for (const json& hit : doc.at("hits")) {
    if (hit.at("id") != kHostileId) continue;
    found = true;
    EXPECT_EQ(hit.at("title"), kHostileTitle);  // as written, to be shown as text
  }
  EXPECT_TRUE(found);
}

TEST(ServeHost, OnlyLoopbackWithoutOptIn) {
  for (const char* host : {"127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost"}) {
    EXPECT_TRUE(cli::check_host(host, false)) << host;
  }
  for (const char* host : {"0.0.0.0", "::", "192.168.1.2", "10.0.0.1", "example.com", ""}) {
    auto checked = cli::check_host(host, false);
    ASSERT_FALSE(checked) << host;
    EXPECT_EQ(checked.error().code, ErrorCode::invalid_argument);
    if (*host != '\0') {
      EXPECT_NE(checked.error().message.find("--allow-remote"), std::string::npos);
    }
  }
  EXPECT_TRUE(cli::check_host("0.0.0.0", true));
  EXPECT_FALSE(cli::check_host("", true));
}

TEST(ServeCli, StartsPrintsItsAddressAndStopsOnSigterm) {
  TempDir dir;
  const std::string db = dir.sub("db");
  {
    auto writer = herdex::IndexWriter::open(db);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->add_paths({corpus_dir() + "/ja"}));
  }
  const std::string out = dir.sub("serve.out");
  Child serve({herdex_bin(), "serve", "--db", db, "--port", "0"}, out, dir.sub("serve.err"));
  ASSERT_TRUE(serve.started());
  std::smatch m;
  std::string printed;
  const std::regex address("http://127\\.0\\.0\\.1:(\\d+)/");
  for (int i = 0; i < 500 && !std::regex_search(printed, m, address); ++i) {
    ASSERT_FALSE(serve.exited()) << read_file(dir.sub("serve.err"));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    printed = read_file(out);
  }
  ASSERT_TRUE(std::regex_search(printed, m, address)) << printed;
  httplib::Client client("127.0.0.1", std::stoi(m[1].str()));
  auto res = client.Get(("/api/search?q=" + url_encode("孤独")).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_FALSE(json::parse(res->body).at("hits").empty());
  EXPECT_EQ(serve.stop(SIGTERM), 0) << read_file(dir.sub("serve.err"));
}

TEST(ServeCli, RefusesARemoteHostWithoutOptInAndAMissingDatabase) {
  TempDir dir;
  ProcessResult run = run_process(
      {herdex_bin(), "serve", "--db", dir.sub("nothing"), "--host", "0.0.0.0", "--port", "0"},
      dir.path().string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--allow-remote"), std::string::npos) << run.err;

  run = run_process({herdex_bin(), "serve", "--db", dir.sub("nothing"), "--port", "0"},
                    dir.path().string());
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_NE(run.err.find("nothing"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace herdex::testing
