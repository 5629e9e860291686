// disconnect: disconnectivity graphs as disconnectionDPS draws them (see
// doc/keywords/disconnect.md).
#include <cstdio>
#include <filesystem>

#include "disconnect/disconnect_run.hpp"

int main(int argc, char** argv) {
  return landscape::disconnect::run_disconnect({argv + 1, argv + argc},
                                               std::filesystem::current_path(), stdout, stderr);
}
