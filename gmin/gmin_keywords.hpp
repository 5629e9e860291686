#pragma once
// The keyword table of gmin: every keyword of `data` declared once.

#include "common/keywords/keyword_table.hpp"
#include "gmin/gmin_options.hpp"

namespace landscape::gmin {

/// The table of gmin's keywords (implemented, accepted with no effect, and GMIN's unsupported
/// ones).
const keywords::KeywordTable<GminOptions>& gmin_keyword_table();

/// Introductory paragraph of the generated reference.
inline constexpr const char* kGminReferenceIntro =
    "gmin reads `data` in the working directory (or the file named as its first argument), the "
    "start point from `coords` (one atom a line, `x y z`), and writes `lowest`. Lennard-Jones "
    "(epsilon = sigma = 1) is the potential when no other is named.";

}  // namespace landscape::gmin
