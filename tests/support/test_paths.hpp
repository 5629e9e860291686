#pragma once
// Paths and helpers shared by the tests: the source tree, the built programs, scratch directories,
// and running a program in a directory.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace landscape::testing {

/// Top of the source tree (set by CTest; falls back to the compile-time path).
inline std::filesystem::path source_dir() {
  if (const char* s = std::getenv("LANDSCAPE_SOURCE_DIR")) return s;
  return LANDSCAPE_SOURCE_DIR_FALLBACK;
}

/// Directory of the built programs (build/bin).
inline std::filesystem::path bin_dir() {
  if (const char* s = std::getenv("LANDSCAPE_BIN_DIR")) return s;
  return LANDSCAPE_BIN_DIR_FALLBACK;
}

/// The official LJ38 tutorial (examples/lj38_tutorial, GPL-2): its five steps' inputs exactly as
/// published, with the real GMIN, OPTIM and PATHSAMPLE outputs (`*.expected`).
inline std::filesystem::path lj38_tutorial_dir() {
  return source_dir() / "examples" / "lj38_tutorial";
}

/// A fresh, empty scratch directory unique to this call: the name, the process id and a suffix
/// mkdtemp makes unique, so cases running side by side (ctest -j runs each case in its own process;
/// other checkouts may run the same tests) never share one. Left behind for inspection.
inline std::filesystem::path scratch_dir(const std::string& name) {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("landscape-test-" + name + "-" + std::to_string(::getpid()) + "-XXXXXX"))
                         .string();
  if (::mkdtemp(path.data()) == nullptr) throw std::runtime_error("mkdtemp failed: " + path);
  return path;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

/// Result of running a program.
struct RunResult {
  int status = -1;
  std::string out, err;
};

/// Runs `program args` with dir as working directory; captures stdout and stderr. environment is
/// prefixed to the command (`NAME=value ...`, e.g. an LD_PRELOAD for the fault tests).
inline RunResult run_program(const std::string& program, const std::string& args,
                             const std::filesystem::path& dir,
                             const std::string& environment = "") {
  const auto out = dir / ".stdout";
  const auto err = dir / ".stderr";
  const std::string cmd = "cd '" + dir.string() + "' && " + environment + " '" +
                          (bin_dir() / program).string() + "' " + args + " > '" + out.string() +
                          "' 2> '" + err.string() + "' < /dev/null";
  const int raw = std::system(cmd.c_str());
  RunResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

}  // namespace landscape::testing
