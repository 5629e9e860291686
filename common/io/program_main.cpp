#include "common/io/program_main.hpp"

#include <fmt/format.h>

#include "common/io/errors.hpp"

namespace landscape {

int run_program_main(const ProgramFrontEnd& program, const std::vector<std::string>& args,
                     std::FILE* out, std::FILE* err, const ProgramRun& run) {
  const CliRequest cli = parse_cli(args, program.default_argument, program.commands);
  if (!cli.error.empty()) {
    fmt::print(err, "{}: {}\n{}", program.name, cli.error, program.usage);
    return kExitBadInput;
  }
  switch (cli.action) {
    case CliRequest::Action::kHelp:
      fmt::print(out, "{}", program.usage);
      return kExitOk;
    case CliRequest::Action::kVersion:
      fmt::print(out, "{} ({})\n", program.name, suite_version());
      return kExitOk;
    case CliRequest::Action::kKeywords:
      fmt::print(out, "{}", program.reference());
      return kExitOk;
    case CliRequest::Action::kCommand:
      return program.command(cli);
    case CliRequest::Action::kRun:
      break;
  }
  if (program.check_argument) {
    if (const std::string problem = program.check_argument(cli); !problem.empty()) {
      fmt::print(err, "{}: {}\n{}", program.name, problem, program.usage);
      return kExitBadInput;
    }
  }
  Logger log(out);
  try {
    const int status = run(cli, log);
    log.flush();
    return status;
  } catch (const InputError& e) {
    log.flush();
    fmt::print(err, "{}\n", e.what());
    return kExitBadInput;
  } catch (const RuntimeError& e) {
    log.flush();
    fmt::print(err, "{}: {}\n", program.name, e.what());
    return kExitRuntime;
  } catch (const std::exception& e) {
    log.flush();
    fmt::print(err, "{}: internal error: {}\n", program.name, e.what());
    return kExitInternal;
  }
}

}  // namespace landscape
