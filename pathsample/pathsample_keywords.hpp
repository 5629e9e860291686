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
    "pathsample reads `pathdata` in the working directory (or the file named as its first "
    "argument) and the stationary-point database there: `min.data`, `ts.data`, `points.min`, "
    "`points.ts`, `min.A` and `min.B` in PATHSAMPLE's formats. STARTFROMPATH, ADDPATH and MERGEDB "
    "build or extend the database from optim path files and other databases; a campaign (CYCLES, "
    "CPUS, EXEC with UNTRAP, DIJINITSTART or CONNECTREGION) sends pairs of minima to optim as "
    "connection jobs built from `odata.connect` and merges each job's `path.info.N` as it ends, "
    "keeping the pairs tried in `pairs.data`. New minima and transition states are appended in "
    "discovery order, crash-safely: a run killed at any moment leaves a database that the next run "
    "opens (cutting a torn tail, which the log reports) and extends; anything else that does not "
    "match (a transition state naming a missing minimum, a points file of the wrong size) is an "
    "error that changes nothing. With CV it computes the heat capacity in the harmonic "
    "superposition approximation from min.data alone, writes `Cv.out`, `Cv.svg` and `Cv.png`, "
    "finds the peaks of C_V and, for each peak and each CVDECODE temperature, writes the minima "
    "whose occupation probability rises (`min.plus.N`) and falls (`min.minus.N`) the most, ready "
    "for TRMIN in dinfo.";

}  // namespace landscape::pathsample
