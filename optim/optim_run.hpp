#pragma once
// The optim program as a library call: read `odata` (and `finish`) in a directory, run the job
// its keywords ask for, write path.info / EofS / path.xyz / min.data.info. main() only forwards.

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace landscape::optim {

/// Runs optim with the command-line arguments args (without the program name) in directory dir.
/// A first argument N is a job suffix: odata.N and finish.N are read, path.info.N (and every
/// other output with the suffix .N) written. The log goes to out, errors to err. Returns the
/// exit status (doc/architecture.md).
int run_optim(const std::vector<std::string>& args, const std::filesystem::path& dir,
              std::FILE* out, std::FILE* err);

}  // namespace landscape::optim
