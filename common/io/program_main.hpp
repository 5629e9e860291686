#pragma once
// The command-line front end shared by every program: --help, --version, --keywords, the
// program's own commands, then the run itself with its exceptions mapped to the exit codes of
// doc/architecture.md (1 bad input, 2 I/O or runtime failure, 3 internal error).

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "common/io/cli.hpp"
#include "common/io/logger.hpp"

namespace landscape {

/// What a program tells the front end about itself.
struct ProgramFrontEnd {
  std::string name;                        ///< e.g. "gmin"
  std::string default_argument;            ///< keyword file (or job suffix) when none is given
  std::string usage;                       ///< the --help text
  std::function<std::string()> reference;  ///< the Markdown keyword reference (--keywords)
  std::vector<std::string> commands;       ///< program-specific first arguments, e.g. "--dataset"
  std::function<int(const CliRequest&)> command;  ///< runs one of them; returns the exit status
  /// Empty when the argument is acceptable, otherwise the message (e.g. optim's job suffix).
  std::function<std::string(const CliRequest&)> check_argument;
};

/// The run of a program: its log goes to the Logger; it returns the exit status and may throw
/// InputError (exit 1), RuntimeError (exit 2) or anything else (exit 3).
using ProgramRun = std::function<int(const CliRequest&, Logger&)>;

/// Parses args (without the program name), answers --help/--version/--keywords and commands, and
/// otherwise calls run with a Logger on out; errors go to err.
int run_program_main(const ProgramFrontEnd& program, const std::vector<std::string>& args,
                     std::FILE* out, std::FILE* err, const ProgramRun& run);

}  // namespace landscape
