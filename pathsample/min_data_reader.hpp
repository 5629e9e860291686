#pragma once
// min.data read on its own, without points.min: for runs that need no coordinates (NOPOINTS, the
// heat capacity, disconnect).

#include <filesystem>
#include <string>
#include <vector>

#include "common/io/min_database.hpp"

namespace landscape::pathsample {

/// How much of each min.data line a reader needs.
enum class MinDataColumns {
  kFull,       ///< E lnprodfreq pgorder Ix Iy Iz, all checked
  kEnergyOnly  ///< only the energy (what disconnectionDPS reads); further fields are ignored
};

/// Reads min.data at path (display_name in messages). Every line is a minimum (line number = index);
/// trailing blank lines are ignored, any other blank line or malformed field throws DatabaseError
/// as `min.data:40: expected 6 fields, got 5`. The records have no coordinates; with kEnergyOnly
/// only their energies are set.
std::vector<MinimumRecord> read_min_data(const std::filesystem::path& path, const std::string& display_name,
                                         MinDataColumns columns = MinDataColumns::kFull);

}  // namespace landscape::pathsample
