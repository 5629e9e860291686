// optim: transition states and pathways (see doc/keywords/optim.md).
#include <cstdio>
#include <filesystem>

#include "optim/optim_run.hpp"

int main(int argc, char** argv) {
  return landscape::optim::run_optim({argv + 1, argv + argc}, std::filesystem::current_path(),
                                     stdout, stderr);
}
