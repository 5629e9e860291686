// pathsample: the stationary-point database and its thermodynamics (see
// doc/keywords/pathsample.md).
#include <cstdio>
#include <filesystem>

#include "pathsample/pathsample_run.hpp"

int main(int argc, char** argv) {
  return landscape::pathsample::run_pathsample({argv + 1, argv + argc},
                                               std::filesystem::current_path(), stdout, stderr);
}
