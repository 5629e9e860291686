#pragma once
// The keyword table of optim: every keyword of `odata` declared once.

#include "common/keywords/keyword_table.hpp"
#include "optim/optim_options.hpp"

namespace landscape::optim {

/// The table of optim's keywords (implemented, accepted with no effect, and OPTIM's unsupported
/// ones).
const keywords::KeywordTable<OptimOptions>& optim_keyword_table();

/// Introductory paragraph of the generated reference.
inline constexpr const char* kOptimReferenceIntro =
    "optim reads `odata` in the working directory (`odata.N` with a first argument N, when all "
    "file names get the suffix .N), the second end point of a double-ended search from `finish`, "
    "and writes `path.info` (DUMPALLPATHS, DUMPPATH), `EofS` and `path.xyz` (PATH) and "
    "`min.data.info` (DUMPDATA). The coordinates follow the last keyword: after POINTS one atom a "
    "line (`SYM x y z`, a Lennard-Jones cluster, epsilon = sigma = 1), or after VARIABLES one "
    "value a line for systems that are not atoms (MUELLERBROWN, and the weights of MLP3 and "
    "MLPVB3, whose data come from `MLPdata`); `finish` holds `x y z` lines or one value a line "
    "likewise. The job follows from the keywords: NEWCONNECT (with `finish`) connects the two "
    "minima through a chain of transition states over cycles of bands; NEWNEB alone runs one "
    "doubly-nudged elastic band and refines its candidates by BFGSTS; otherwise BFGSTS (or PATH) "
    "searches for a transition state from the odata geometry, and BFGSMIN (the default job) "
    "minimises it. PATH and DUMPALLPATHS follow each transition state down to its two minima. "
    "Every stationary point reported is characterised by its Hessian (analytic, or by central "
    "differences of the gradient with ENDNUMHESS) and, for clusters, its point group: a transition "
    "state is accepted only with exactly one negative eigenvalue, overall translation and rotation "
    "excluded for clusters.";

}  // namespace landscape::optim
