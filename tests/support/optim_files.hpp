#pragma once
// Writing optim inputs (POINTS lines, finish files) for the tests that run the program, and
// reading the index of a path.info point back.

#include <fmt/format.h>

#include <string>
#include <vector>

#include "common/landscape/path_info.hpp"

namespace landscape::testing {

/// The POINTS lines of odata: one "symbol x y z" line an atom.
inline std::string points_lines(const std::vector<double>& x, const char* symbol = "AX") {
  std::string s;
  for (std::size_t i = 0; i < x.size(); i += 3)
    s += fmt::format("{} {:.15f} {:.15f} {:.15f}\n", symbol, x[i], x[i + 1], x[i + 2]);
  return s;
}

/// The lines of a finish file: one "x y z" line an atom.
inline std::string xyz_lines(const std::vector<double>& x) {
  std::string s;
  for (std::size_t i = 0; i < x.size(); i += 3)
    s += fmt::format("{:.15f} {:.15f} {:.15f}\n", x[i], x[i + 1], x[i + 2]);
  return s;
}

/// How many of a path.info point's Hessian eigenvalues are below -1e-6.
inline int negative_count(const PathInfoPoint& p) {
  int n = 0;
  for (double v : p.eigenvalues) n += v < -1e-6;
  return n;
}

}  // namespace landscape::testing
