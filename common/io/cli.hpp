#pragma once
// The command line shared by the programs: [keyword-file] | --help | --version | --keywords.

#include <optional>
#include <string>
#include <vector>

namespace landscape {

/// What the user asked for on the command line.
struct CliRequest {
  enum class Action { kRun, kHelp, kVersion, kKeywords, kCommand } action = Action::kRun;
  std::string argument;  ///< keyword file (gmin, pathsample, disconnect) or job suffix (optim)
  std::string command;   ///< kCommand: the program-specific option, e.g. "--dataset"
  std::vector<std::string> command_args;  ///< kCommand: everything after it
  std::string error;                      ///< non-empty for a bad command line
};

/// Parses argv[1..]; default_argument is used when no argument is given. A first argument that is
/// one of commands (program-specific options such as gmin's --dataset) takes the rest as its own.
CliRequest parse_cli(const std::vector<std::string>& args, const std::string& default_argument,
                     const std::vector<std::string>& commands = {});

/// Version string of the suite.
const char* suite_version();

}  // namespace landscape
