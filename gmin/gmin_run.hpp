#pragma once
// The gmin program as a library call: read `data` and `coords` in a directory, run basin-hopping,
// write `lowest` (and TRACKDATA files, the DATABASE, GMIN.dump). main() only forwards to it.

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace landscape::gmin {

class WalkerTeam;

/// Runs gmin with the command-line arguments args (without the program name) in directory dir.
/// The log goes to out, errors and the live progress display to err. Returns the exit status.
int run_gmin(const std::vector<std::string>& args, const std::filesystem::path& dir, std::FILE* out,
             std::FILE* err);

/// The same as one walker of a parallel run (doc/mpi.md): team connects the walkers (a team of
/// one, or nullptr, is the serial run). Rank 0 writes the database and `lowest`; the others log
/// to out only.
int run_gmin(const std::vector<std::string>& args, const std::filesystem::path& dir, std::FILE* out,
             std::FILE* err, WalkerTeam* team);

}  // namespace landscape::gmin
