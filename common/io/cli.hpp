#pragma once
// The command line shared by the programs: [keyword-file] | --help | --version | --keywords.

#include <optional>
#include <string>
#include <vector>

namespace landscape {

/// What the user asked for on the command line.
struct CliRequest {
  enum class Action { kRun, kHelp, kVersion, kKeywords } action = Action::kRun;
  std::string argument;  ///< keyword file (gmin, pathsample, disconnect) or job suffix (optim)
  std::string error;     ///< non-empty for a bad command line
};

/// Parses argv[1..]; default_argument is used when no argument is given.
CliRequest parse_cli(const std::vector<std::string>& args, const std::string& default_argument);

/// Version string of the suite.
const char* suite_version();

}  // namespace landscape
