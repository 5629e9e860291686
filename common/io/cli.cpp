#include "common/io/cli.hpp"

#include <algorithm>

namespace landscape {

CliRequest parse_cli(const std::vector<std::string>& args, const std::string& default_argument,
                     const std::vector<std::string>& commands) {
  CliRequest r;
  r.argument = default_argument;
  if (!args.empty() && std::find(commands.begin(), commands.end(), args[0]) != commands.end()) {
    r.action = CliRequest::Action::kCommand;
    r.command = args[0];
    r.command_args.assign(args.begin() + 1, args.end());
    return r;
  }
  bool have_argument = false;
  for (const auto& a : args) {
    if (a == "--help" || a == "-h")
      r.action = CliRequest::Action::kHelp;
    else if (a == "--version")
      r.action = CliRequest::Action::kVersion;
    else if (a == "--keywords")
      r.action = CliRequest::Action::kKeywords;
    else if (!a.empty() && a[0] == '-')
      r.error = "unknown option '" + a + "'";
    else if (have_argument)
      r.error = "too many arguments";
    else {
      r.argument = a;
      have_argument = true;
    }
  }
  return r;
}

const char* suite_version() { return "landscape 0.1.0"; }

}  // namespace landscape
