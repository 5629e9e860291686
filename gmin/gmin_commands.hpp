#pragma once
// gmin's small commands for network landscapes:
//   gmin --dataset NAME [SEED [NTRAIN [NTEST]]] [--mlp3]   write MLPdata and MLPdata.test
//   gmin --isomers WEIGHTS [data-file]                      list the isomers of a network minimum

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace landscape::gmin {

/// Writes the data set NAME (spiral, checkerboard, iris) for SEED to MLPdata (training) and
/// MLPdata.test in dir, in the MLPVB3 layout (label first) or with --mlp3 the MLP3 layout, and
/// prints the keyword lines that read them. Returns the exit status.
int write_dataset_command(const std::vector<std::string>& args, const std::filesystem::path& dir,
                          std::FILE* out, std::FILE* err);

/// Reads the network keyword of the keyword file (default `data`), MLPdata and the weights of a
/// minimum (one a line), and prints every isomer (hidden-node permutations and sign flips) with its
/// loss, then the matrix of their pairwise Euclidean distances (the MLSUP paper's figure 5).
int isomers_command(const std::vector<std::string>& args, const std::filesystem::path& dir,
                    std::FILE* out, std::FILE* err);

}  // namespace landscape::gmin
