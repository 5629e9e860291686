#pragma once
// The pathsample program as a library call: read `pathdata` and the database in a directory, and
// run what the keywords ask for (for now: checking the database, and the heat capacity with the
// decoding of its peaks). main() only forwards to it.

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace landscape::pathsample {

/// Runs pathsample with the command-line arguments args (without the program name) in directory
/// dir. The log goes to out, errors to err. Returns the exit status.
int run_pathsample(const std::vector<std::string>& args, const std::filesystem::path& dir,
                   std::FILE* out, std::FILE* err);

}  // namespace landscape::pathsample
