#pragma once
// GMIN.dump: the full basin-hopping state every DUMPINT steps, read back by RESTORE.
// Text with hexadecimal floating point, so a restored run continues bit for bit.

#include <filesystem>

#include "gmin/basin_hopping.hpp"

namespace landscape::gmin {

/// Writes state to path atomically (a temporary file renamed over the old dump).
void write_restart_dump(const std::filesystem::path& path, const BasinHoppingState& state);

/// Reads a dump; throws InputError naming the file and line when it is malformed.
BasinHoppingState read_restart_dump(const std::filesystem::path& path, std::size_t n_dof);

}  // namespace landscape::gmin
