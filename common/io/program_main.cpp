#include "common/io/program_main.hpp"

#include <fmt/format.h>

#include <csignal>

#include "common/io/console.hpp"
#include "common/io/errors.hpp"
#include "common/io/interrupt.hpp"

namespace landscape {

int run_program_main(const ProgramFrontEnd& program, const std::vector<std::string>& args,
                     std::FILE* out, std::FILE* err, const ProgramRun& run) {
  const CliRequest cli = parse_cli(args, program.default_argument, program.commands);
  if (!cli.error.empty()) {
    print_to(err, "{}: {}\n{}", program.name, cli.error, program.usage);
    return kExitBadInput;
  }
  switch (cli.action) {
    case CliRequest::Action::kHelp:
      return print_to(out, "{}", program.usage) && std::fflush(out) == 0 ? kExitOk : kExitRuntime;
    case CliRequest::Action::kVersion:
      return print_to(out, "{} ({})\n", program.name, suite_version()) && std::fflush(out) == 0
                 ? kExitOk
                 : kExitRuntime;
    case CliRequest::Action::kKeywords:
      return print_to(out, "{}", program.reference()) && std::fflush(out) == 0 ? kExitOk
                                                                               : kExitRuntime;
    case CliRequest::Action::kCommand:
      return program.command(cli);
    case CliRequest::Action::kRun:
      break;
  }
  if (program.check_argument) {
    if (const std::string problem = program.check_argument(cli); !problem.empty()) {
      print_to(err, "{}: {}\n{}", program.name, problem, program.usage);
      return kExitBadInput;
    }
  }
  Logger log(out);
  install_interrupt_handlers();
  try {
    int status = run(cli, log);
    if (const int sig = interrupt_signal(); sig != 0) {
      log.info("interrupted by {}: stopped at a safe point (exit status {})",
               sig == SIGINT ? "SIGINT" : "SIGTERM", 128 + sig);
      status = 128 + sig;
    }
    log.flush();
    if (out != nullptr && std::ferror(out) && status == kExitOk) {
      print_to(err, "{}: the log could not be written to standard output\n", program.name);
      return kExitRuntime;
    }
    return status;
  } catch (const InputError& e) {
    log.flush();
    print_to(err, "{}\n", e.what());
    return kExitBadInput;
  } catch (const RuntimeError& e) {
    log.flush();
    print_to(err, "{}: {}\n", program.name, e.what());
    return kExitRuntime;
  } catch (const std::exception& e) {
    log.flush();
    print_to(err, "{}: internal error: {}\n", program.name, e.what());
    return kExitInternal;
  }
}

}  // namespace landscape
