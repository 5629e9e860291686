#pragma once
// Shared by the benchmarks: the command line (CLI11), quoting for the shell, and running a Python
// peer in the same run.

#include <fmt/format.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>

namespace landscape::bench {

/// CLI11's help with each option's default at the end of its description, "(default X)", rather
/// than glued to its type and checks ("--points INT:>=1=500"); a list's default is written as it
/// is given ("3,10", or "none").
class HelpWithDefaults : public CLI::Formatter {
 public:
  std::string make_option_opts(const CLI::Option* opt) const override {
    if (opt->get_type_size() == 0) return {};  // a flag
    return " " + opt->get_type_name() + (is_list(opt) ? " ..." : "");
  }
  std::string make_option_desc(const CLI::Option* opt) const override {
    std::string value = opt->get_default_str();
    if (is_list(opt) && value.size() >= 2 && value.front() == '[' && value.back() == ']')
      value = value.size() == 2 ? "none" : value.substr(1, value.size() - 2);
    if (opt->get_type_size() == 0 || value.empty()) return opt->get_description();
    return fmt::format("{} (default {})", opt->get_description(), value);
  }

 private:
  static bool is_list(const CLI::Option* opt) {
    return opt->get_expected_max() == CLI::detail::expected_max_vector_size;
  }
};

/// The command line of a benchmark: a CLI11 app whose --help (or -h) shows the description and
/// every option with its default.
class CommandLine : public CLI::App {
 public:
  CommandLine(std::string name, std::string description)
      : CLI::App(std::move(description), std::move(name)) {
    option_defaults()->always_capture_default();
    formatter(std::make_shared<HelpWithDefaults>());
  }

  /// Parses argv into the options' variables. --help prints the help and exits with status 0; a
  /// bad argument (unknown option, missing value, non-number, out of range) prints what is wrong
  /// to stderr and exits with status 1.
  void parse_or_exit(int argc, char** argv) {
    try {
      parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      std::exit(exit(e) == 0 ? 0 : 1);
    }
  }
};

/// A check that an option's number is at least `lowest` (counts: at_least(1)); for a list, each
/// item. Used instead of CLI::Range and CLI::PositiveNumber, which in CLI11 2.1 write their bound
/// out in 309 digits when a value fails and let "nan" through. Text that is not a number is left
/// to CLI11's conversion ("Could not convert: --option = text"); "-1" fails here, before CLI11
/// would wrap it into an unsigned type.
inline CLI::Validator at_least(double lowest) {
  return {[lowest](std::string& text) {
            double v = 0.0;
            if (!CLI::detail::lexical_cast(text, v) || v >= lowest) return std::string();
            return fmt::format("must be at least {:g}, got {}", lowest, text);
          },
          fmt::format(">={:g}", lowest)};
}

/// A check that an option's number is greater than zero (see at_least).
inline CLI::Validator positive() {
  return {[](std::string& text) {
            double v = 0.0;
            if (!CLI::detail::lexical_cast(text, v) || v > 0.0) return std::string();
            return fmt::format("must be positive, got {}", text);
          },
          "POSITIVE"};
}

/// The options of a Python peer timed in the same run: --python EXE (its interpreter), --peer
/// SCRIPT (an existing file) and --no-peer (time ours only).
inline void add_peer_options(CLI::App& app, std::string& python, std::filesystem::path& peer,
                             bool& run_peer) {
  app.add_option("--python", python, "interpreter of the peer");
  app.add_option("--peer", peer, "the peer script")->check(CLI::ExistingFile);
  app.add_flag_callback(
      "--no-peer", [&run_peer] { run_peer = false; }, "time ours only");
}

/// The whole of a file (empty when it cannot be read).
inline std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A keyword file (pathdata) with the line of keyword replaced by "keyword value", appended when
/// absent.
inline std::string with_keyword(const std::string& text, const std::string& keyword,
                                const std::string& value) {
  std::istringstream in(text);
  std::string out;
  bool found = false;
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (!found && first == keyword) {
      line = fmt::format("{:<15}{}", keyword, value);
      found = true;
    }
    out += line + '\n';
  }
  if (!found) out += fmt::format("{:<15}{}\n", keyword, value);
  return out;
}

/// s quoted for a POSIX shell.
inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// A built program run in a directory by run_program_in.
struct ProgramRun {
  int status = -1;              ///< std::system's status
  double seconds = 0.0;         ///< wall-clock time
  double cpu_seconds = 0.0;     ///< user + system time of all children so far
  double peak_megabytes = 0.0;  ///< largest resident set of the children so far
};

/// Runs `cd dir && program > log 2>&1` (log in dir) and measures it.
inline ProgramRun run_program_in(const std::filesystem::path& dir, const std::string& program,
                                 const std::string& log) {
  const std::string cmd = fmt::format("cd {} && {} > {} 2>&1", shell_quote(dir.string()),
                                      shell_quote(program), shell_quote(log));
  ProgramRun r;
  const auto t0 = std::chrono::steady_clock::now();
  r.status = std::system(cmd.c_str());
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  r.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                  1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  r.peak_megabytes = static_cast<double>(usage.ru_maxrss) / 1024.0;
  return r;
}

/// Runs a Python peer command (its arguments already quoted) under Debian's own numpy: the
/// OpenBLAS tuning variables meant for another build are dropped, and one BLAS thread is used
/// unless threads_of_blas says otherwise. Returns the key=value pairs of its lines that start with
/// "peer "; empty (and a message on stderr) when it fails.
inline std::map<std::string, std::string> run_python_peer(const std::string& arguments,
                                                          bool single_thread = true) {
  const std::string cmd =
      fmt::format("env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE {}{}",
                  single_thread ? "OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 " : "", arguments);
  std::map<std::string, std::string> result;
  std::FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return result;
  std::string text;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, pipe)) text += buf;
  if (const int status = pclose(pipe); status != 0) {
    fmt::print(stderr, "peer failed (status {}): {}\n{}", status, cmd, text);
    return result;
  }
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("peer ", 0) != 0) continue;
    std::istringstream words(line.substr(5));
    std::string w;
    while (words >> w)
      if (const auto eq = w.find('='); eq != std::string::npos)
        result[w.substr(0, eq)] = w.substr(eq + 1);
  }
  return result;
}

}  // namespace landscape::bench
