// gmin: basin-hopping global optimisation (see doc/keywords/gmin.md).
#include <cstdio>
#include <filesystem>

#include "gmin/gmin_run.hpp"

int main(int argc, char** argv) {
  return landscape::gmin::run_gmin({argv + 1, argv + argc}, std::filesystem::current_path(), stdout,
                                   stderr);
}
