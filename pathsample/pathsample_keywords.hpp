#pragma once
// The keyword table of pathsample: every keyword of `pathdata` declared once.

#include "common/keywords/keyword_table.hpp"
#include "pathsample/pathsample_options.hpp"

namespace landscape::pathsample {

/// The table of pathsample's keywords (implemented, accepted with no effect yet, and PATHSAMPLE's
/// unsupported ones).
const keywords::KeywordTable<PathsampleOptions>& pathsample_keyword_table();

/// Introductory paragraph of the generated reference.
inline constexpr const char* kPathsampleReferenceIntro =
    "pathsample reads `pathdata` in the working directory (or the file named as its first argument) "
    "and the stationary-point database there: `min.data` and `ts.data` (PATHSAMPLE's formats; a "
    "transition state naming a minimum that min.data does not have is an error), and `points.min`, "
    "whose size is checked against min.data unless NOPOINTS is given. With CV it computes the heat "
    "capacity in the harmonic superposition approximation from min.data alone, writes `Cv.out`, "
    "`Cv.svg` and `Cv.png`, finds the peaks of C_V and, for each peak and each CVDECODE "
    "temperature, writes the minima whose occupation probability rises (`min.plus.N`) and falls "
    "(`min.minus.N`) the most, ready for TRMIN in dinfo. The connection campaigns (EXEC, CYCLES, "
    "CONNECTIONS, STARTFROMPATH, ...) are accepted and have no effect yet.";

}  // namespace landscape::pathsample
