// Runs each bad-input file under tests/input_errors/<program>/ and checks the exit status and the
// messages it states. Header lines of a case file:
//   ! expect: <text that must appear on stderr>     (one or more)
//   ! exit: <status>                                (default 1)
//   ! coords: none | <file under tests/input_errors/<program>/>   (gmin; default: an LJ13 cluster)
//   ! finish: <file under tests/input_errors/<program>/>          (optim; default: no finish)
//   ! file: NAME <file under tests/input_errors/<program>/>       (any further input, e.g. MLPdata)
// The file is copied into a scratch directory as the program's keyword file (gmin: `data` from
// *.data, optim: `odata` from *.odata, disconnect: `dinfo` from *.dinfo, pathsample: `pathdata`
// from *.pathdata) and the program runs there.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

struct Case {
  std::filesystem::path file;
  std::vector<std::string> expect;
  int exit = 1;
  std::string coords = "default";
  std::string finish;
  std::vector<std::pair<std::string, std::string>> files;  ///< name in the run directory, source
};

Case read_case(const std::filesystem::path& file) {
  Case c;
  c.file = file;
  std::istringstream in(read_file(file));
  std::string line;
  const std::regex header(R"(^!\s*(expect|exit|coords|finish|file):\s*(.*?)\s*$)");
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, header)) continue;
    if (m[1] == "expect")
      c.expect.push_back(m[2]);
    else if (m[1] == "exit")
      c.exit = std::stoi(m[2]);
    else if (m[1] == "finish")
      c.finish = m[2];
    else if (m[1] == "file") {
      std::istringstream f(m[2]);
      std::string name, source;
      f >> name >> source;
      c.files.emplace_back(name, source);
    } else
      c.coords = m[2];
  }
  return c;
}

std::string lj13_coords() {
  // A compressed icosahedron: fine as a start point, the runs never get that far anyway.
  std::string s = "0 0 0\n";
  const double p = 0.85065, q = 0.52573;
  const double v[12][3] = {{0, q, p}, {0, -q, p}, {0, q, -p}, {0, -q, -p},
                           {q, p, 0}, {-q, p, 0}, {q, -p, 0}, {-q, -p, 0},
                           {p, 0, q}, {-p, 0, q}, {p, 0, -q}, {-p, 0, -q}};
  for (const auto& a : v)
    s += std::to_string(a[0] * 1.1) + " " + std::to_string(a[1] * 1.1) + " " +
         std::to_string(a[2] * 1.1) + "\n";
  return s;
}

std::vector<std::filesystem::path> case_files(const std::string& program,
                                              const std::string& extension = ".data") {
  std::vector<std::filesystem::path> files;
  for (const auto& e :
       std::filesystem::directory_iterator(source_dir() / "tests" / "input_errors" / program))
    if (e.path().extension() == extension) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(InputErrors, GminHasAtLeastTwentyCases) { EXPECT_GE(case_files("gmin").size(), 20u); }

/// Runs every case of a program: its file as keyword_file, then prepare(c, dir) for the inputs
/// only this program takes, then the `! file:` inputs; none may leave any of outputs.
template <typename Prepare>
void run_cases(const std::string& program, const std::string& extension,
               const std::string& keyword_file, const std::vector<std::string>& outputs,
               Prepare prepare) {
  for (const auto& file : case_files(program, extension)) {
    SCOPED_TRACE(file.filename().string());
    const Case c = read_case(file);
    ASSERT_FALSE(c.expect.empty()) << "a case must state the error it expects";
    const auto dir = scratch_dir("input-" + program + "-" + file.stem().string());
    std::filesystem::copy_file(file, dir / keyword_file);
    prepare(c, dir);
    for (const auto& [name, source] : c.files)
      std::filesystem::copy_file(file.parent_path() / source, dir / name);
    const RunResult r = run_program(program, "", dir);
    EXPECT_EQ(r.status, c.exit) << r.err;
    for (const auto& e : c.expect)
      EXPECT_NE(r.err.find(e), std::string::npos) << "expected: " << e << "\ngot:\n" << r.err;
    for (const auto& output : outputs)
      EXPECT_FALSE(std::filesystem::exists(dir / output))
          << "a bad input must not produce " << output;
    std::filesystem::remove_all(dir);
  }
}

/// Runs every case of a program whose inputs are all given by `! file:` lines; none may leave
/// outputs.
void run_file_cases(const std::string& program, const std::string& extension,
                    const std::string& keyword_file, const std::vector<std::string>& outputs) {
  run_cases(program, extension, keyword_file, outputs,
            [](const Case&, const std::filesystem::path&) {});
}

TEST(InputErrors, GminCasesGiveTheirStatedErrors) {
  // The output that a bad input must not produce: GMIN's results.
  run_cases("gmin", ".data", "data", {"lowest"},
            [](const Case& c, const std::filesystem::path& dir) {
              if (c.coords == "default")
                write_file(dir / "coords", lj13_coords());
              else if (c.coords != "none")
                std::filesystem::copy_file(c.file.parent_path() / c.coords, dir / "coords");
            });
}

TEST(InputErrors, OptimHasAtLeastFifteenCases) {
  EXPECT_GE(case_files("optim", ".odata").size(), 15u);
}

TEST(InputErrors, OptimCasesGiveTheirStatedErrors) {
  run_cases("optim", ".odata", "odata", {"path.info", "min.data.info", "EofS", "path.xyz"},
            [](const Case& c, const std::filesystem::path& dir) {
              if (!c.finish.empty())
                std::filesystem::copy_file(c.file.parent_path() / c.finish, dir / "finish");
            });
}

TEST(InputErrors, DisconnectHasAtLeastFifteenCases) {
  EXPECT_GE(case_files("disconnect", ".dinfo").size(), 15u);
}

TEST(InputErrors, DisconnectCasesGiveTheirStatedErrors) {
  run_file_cases("disconnect", ".dinfo", "dinfo",
                 {"tree.ps", "tree.svg", "tree.png", "node_sizes", "node_numbers"});
}

TEST(InputErrors, PathsampleHasAtLeastFifteenCases) {
  EXPECT_GE(case_files("pathsample", ".pathdata").size(), 15u);
}

TEST(InputErrors, PathsampleCasesGiveTheirStatedErrors) {
  run_file_cases("pathsample", ".pathdata", "pathdata",
                 {"Cv.out", "Cv.svg", "Cv.png", "min.plus.1", "min.minus.1"});
}

}  // namespace
}  // namespace landscape::testing
