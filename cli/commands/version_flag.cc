#include "commands/version_flag.h"

#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "herdex/version.h"

namespace herdex::cli {

void add_version_flag(CLI::App& app) {
  // CLI11 runs option callbacks in the order the options were added, and
  // before it checks that a subcommand was given: --json must be added first
  // so that it is set when --version's callback prints.
  auto json = std::make_shared<bool>(false);
  app.add_flag("--json", *json, "With --version: print the versions as JSON");
  app.add_flag_callback(
      "--version",
      [json] {
        const Versions v = versions();
        if (*json) {
          nlohmann::ordered_json out;
          out["herdex"] = v.herdex;
          out["xapian"] = v.xapian;
          out["icu"] = v.icu;
          out["unicode"] = v.unicode;
          out["database_format"] = v.database_format;
          fmt::print("{}\n", out.dump());
        } else {
          fmt::print("herdex {}\nXapian {}\nICU {} (Unicode {})\ndatabase format {}\n", v.herdex,
                     v.xapian, v.icu, v.unicode, v.database_format);
        }
        throw CLI::Success();
      },
      "Print the versions of herdex, Xapian, ICU and the database format, and exit");
}

}  // namespace herdex::cli
