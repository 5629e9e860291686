#pragma once
// Shared by the benchmarks: quoting for the shell, and running a Python peer in the same run.

#include <cstdio>
#include <map>
#include <sstream>
#include <string>

#include <fmt/format.h>

namespace landscape::bench {

/// s quoted for a POSIX shell.
inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
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
      if (const auto eq = w.find('='); eq != std::string::npos) result[w.substr(0, eq)] = w.substr(eq + 1);
  }
  return result;
}

}  // namespace landscape::bench
