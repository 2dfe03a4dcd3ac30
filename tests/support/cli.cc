#include "support/cli.h"

#include <sys/wait.h>

#include <cstdlib>

#include "support/paths.h"

namespace herdex::testing {

CliRun shell(const TempDir& dir, const std::string& command) {
  const std::string out = dir.sub("stdout");
  const std::string err = dir.sub("stderr");
  const std::string cmd = command + " </dev/null >'" + out + "' 2>'" + err + "'";
  const int status = std::system(cmd.c_str());
  CliRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = read_file(out);
  run.err = read_file(err);
  return run;
}

CliRun herdex(const TempDir& dir, const std::string& args) {
  return shell(dir, "'" + herdex_bin() + "' " + args);
}

}  // namespace herdex::testing
