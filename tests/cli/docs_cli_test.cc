// `herdex --version`, and the completion scripts and man page generated from
// the command definitions: every option of every command, as `--help` lists
// it, is in each of them.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "herdex/database.h"
#include "herdex/index.h"
#include "herdex/ingest.h"
#include "herdex/search.h"
#include "herdex/version.h"
#include "support/cli.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

using testing::CliRun;
using testing::herdex;

// The default `--help` shows for FLAG: what follows "=" on its line.
std::string shown_default(const std::string& help, const std::string& flag) {
  std::istringstream lines(help);
  for (std::string line; std::getline(lines, line);) {
    const std::size_t at = line.find(flag + " ");
    if (at == std::string::npos || line.find_first_not_of(' ') != at) continue;
    const std::size_t eq = line.find('=', at);
    if (eq == std::string::npos) return "";
    return line.substr(eq + 1, line.find(' ', eq) - eq - 1);
  }
  return "(no " + flag + ")";
}

// The CLI's defaults are the library's option structs' (issue 17): a default
// retyped in cli/ would drift from the library's without anyone noticing.
TEST(CliDocs, OptionDefaultsAreTheLibrarysDefaults) {
  testing::TempDir dir;
  const SearchOptions search;
  const IndexOptions index;
  const IngestOptions ingest;
  const CliRun search_help = herdex(dir, "search --help");
  ASSERT_EQ(search_help.exit_code, 0) << search_help.err;
  EXPECT_EQ(shown_default(search_help.out, "-n,--limit"), std::to_string(search.limit));
  EXPECT_EQ(shown_default(search_help.out, "--snippet-bytes"),
            std::to_string(search.snippet_bytes));
  EXPECT_EQ(shown_default(search_help.out, "--passages"),
            std::to_string(search.passages_per_document));
  EXPECT_EQ(std::stod(shown_default(search_help.out, "--k1")), search.bm25_k1);
  EXPECT_EQ(std::stod(shown_default(search_help.out, "--b")), search.bm25_b);
  EXPECT_EQ(shown_default(search_help.out, "--timeout"), std::to_string(OpenOptions{}.timeout_ms));
  for (const char* command : {"index --help", "bench index --help"}) {
    const CliRun help = herdex(dir, command);
    ASSERT_EQ(help.exit_code, 0) << help.err;
    EXPECT_EQ(shown_default(help.out, "--id-field"), ingest.id_field) << command;
    EXPECT_EQ(shown_default(help.out, "--text-field"), ingest.text_field) << command;
    EXPECT_EQ(shown_default(help.out, "--max-bytes"), std::to_string(ingest.max_bytes)) << command;
    EXPECT_EQ(shown_default(help.out, "--passage-words"), std::to_string(index.passage_words))
        << command;
    EXPECT_EQ(shown_default(help.out, "--memory"), std::to_string(index.memory_bytes >> 20))
        << command;
    EXPECT_EQ(shown_default(help.out, "--threads"), std::to_string(index.threads)) << command;
  }
}

TEST(CliVersion, NamesHerdexXapianIcuAndTheDatabaseFormat) {
  testing::TempDir dir;
  const CliRun run = herdex(dir, "--version");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(std::string("herdex ") + HERDEX_VERSION_STRING + "\n"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("Xapian 1.4."), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("ICU "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(std::string("database format ") + versions().database_format),
            std::string::npos)
      << run.out;
}

TEST(CliVersion, JsonHasOneKeyPerComponent) {
  testing::TempDir dir;
  for (const char* args : {"--version --json", "--json --version"}) {
    const CliRun run = herdex(dir, args);
    ASSERT_EQ(run.exit_code, 0) << args << ": " << run.err;
    const auto doc = nlohmann::json::parse(run.out);
    EXPECT_EQ(doc.at("herdex"), HERDEX_VERSION_STRING);
    EXPECT_EQ(doc.at("xapian").get<std::string>().rfind("1.4.", 0), 0U) << run.out;
    EXPECT_EQ(doc.at("icu"), versions().icu);
    EXPECT_FALSE(doc.at("unicode").get<std::string>().empty());
    EXPECT_EQ(doc.at("database_format"), versions().database_format);
  }
}

struct HelpPage {
  std::vector<std::string> options;      // "--limit", "-n", ...
  std::vector<std::string> subcommands;  // "index", ...
};

// The options and subcommands CLI11's --help lists: lines of its "Options:"
// and "Subcommands:" sections that start with exactly two spaces.
HelpPage parse_help(const std::string& help) {
  HelpPage page;
  std::istringstream in(help);
  std::string line;
  std::string section;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] != ' ') {
      section = line;
      continue;
    }
    if (line.size() < 3 || line[1] != ' ' || line[2] == ' ') continue;
    const std::string first = line.substr(2, line.find(' ', 2) - 2);
    if (section == "Options:" && first[0] == '-') {
      std::istringstream names(first);
      std::string name;
      while (std::getline(names, name, ',')) page.options.push_back(name);
    } else if (section == "Subcommands:") {
      page.subcommands.push_back(first);
    }
  }
  return page;
}

// The part of `text` from the first `begin` to the following `end` (or the
// end of the text).
std::string between(const std::string& text, const std::string& begin, const std::string& end) {
  const std::size_t from = text.find(begin);
  if (from == std::string::npos) return {};
  const std::size_t to = text.find(end, from + begin.size());
  return text.substr(from, to == std::string::npos ? std::string::npos : to - from);
}

std::string roff_name(const std::string& option) {
  std::string out;
  for (char c : option) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

TEST(CliDocs, EveryOptionOfEveryCommandIsInEachCompletionAndTheManPage) {
  testing::TempDir dir;
  const CliRun bash = herdex(dir, "completion bash");
  const CliRun zsh = herdex(dir, "completion zsh");
  const CliRun fish = herdex(dir, "completion fish");
  const CliRun man = herdex(dir, "man");
  for (const CliRun* run : {&bash, &zsh, &fish, &man}) ASSERT_EQ(run->exit_code, 0) << run->err;

  std::vector<std::vector<std::string>> queue = {{}};
  std::size_t options_seen = 0;
  std::size_t commands_seen = 0;
  while (!queue.empty()) {
    const std::vector<std::string> path = queue.back();
    queue.pop_back();
    std::string words;
    std::string slashed;
    for (const std::string& part : path) {
      words += " " + part;
      slashed += "/" + part;
    }
    const CliRun help = herdex(dir, words + " --help");
    ASSERT_EQ(help.exit_code, 0) << words << ": " << help.err;
    const HelpPage page = parse_help(help.out);
    ASSERT_FALSE(page.options.empty()) << words << ":\n" << help.out;
    for (const std::string& sub : page.subcommands) {
      std::vector<std::string> sub_path = path;
      sub_path.push_back(sub);
      queue.push_back(sub_path);
    }
    ++commands_seen;

    std::string zsh_function = "_herdex";
    for (const std::string& part : path) zsh_function += "_" + part;
    std::string bash_case = between(bash.out, "    \"" + slashed + "\") opts=", "\n");
    for (char& c : bash_case) c = c == '"' ? ' ' : c;
    std::string fish_lines;  // the lines that apply to this command
    {
      std::istringstream in(fish.out);
      std::string line;
      while (std::getline(in, line)) {
        if (line.find("= herdex" + slashed + "'") != std::string::npos) fish_lines += line + "\n";
      }
    }
    const std::string zsh_body = between(zsh.out, "\n" + zsh_function + "() {", "\n}");
    const std::string man_section = path.empty() ? between(man.out, ".SH OPTIONS", ".SH COMMANDS")
                                                 : between(man.out, ".SS \"herdex" + words, ".SS");
    ASSERT_FALSE(bash_case.empty()) << "bash: no case for '" << slashed << "'";
    ASSERT_FALSE(zsh_body.empty()) << "zsh: no function " << zsh_function;
    ASSERT_FALSE(man_section.empty()) << "man: no section for herdex" << words;
    for (const std::string& sub : page.subcommands) {
      EXPECT_NE(bash_case.find(" " + sub), std::string::npos) << "bash: " << words << " " << sub;
      EXPECT_NE(zsh_body.find("'" + sub + ":"), std::string::npos)
          << "zsh: " << words << " " << sub;
      EXPECT_NE(fish_lines.find(" -f -a " + sub + " "), std::string::npos)
          << "fish: " << words << " " << sub;
    }
    for (const std::string& option : page.options) {
      ++options_seen;
      EXPECT_NE((bash_case + " ").find(" " + option + " "), std::string::npos)
          << "bash: herdex" << words << " " << option;
      EXPECT_NE(zsh_body.find("'" + option + "["), std::string::npos)
          << "zsh: herdex" << words << " " << option;
      const std::string fish_flag =
          option.rfind("--", 0) == 0 ? " -l " + option.substr(2) : " -s " + option.substr(1);
      EXPECT_NE(fish_lines.find(fish_flag + " "), std::string::npos)
          << "fish: herdex" << words << " " << option;
      EXPECT_NE(man_section.find("\\fB" + roff_name(option) + "\\fR"), std::string::npos)
          << "man: herdex" << words << " " << option;
    }
  }
  // The walk saw the commands and their options (search alone has over 20).
  EXPECT_GE(commands_seen, 10U);
  EXPECT_GE(options_seen, 100U);
}

TEST(CliDocs, UnknownShellIsAUsageError) {
  testing::TempDir dir;
  const CliRun run = herdex(dir, "completion tcsh");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("tcsh"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace herdex
