#pragma once
// The disconnect program as a library call: read `dinfo` and the database it names in a
// directory, write tree.ps, tree.svg and tree.png (and the dump files). main() only forwards to it.

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace landscape::disconnect {

/// Runs disconnect with the command-line arguments args (without the program name) in directory
/// dir. The log goes to out, errors to err. Returns the exit status.
int run_disconnect(const std::vector<std::string>& args, const std::filesystem::path& dir,
                   std::FILE* out, std::FILE* err);

/// dinfo text with disconnectionDPS's `#` comment lines turned into `!` comments (line numbers
/// kept).
std::string hash_comments_to_bang(std::string text);

}  // namespace landscape::disconnect
