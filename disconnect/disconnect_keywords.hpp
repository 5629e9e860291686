#pragma once
// The keyword table of disconnect: every keyword of `dinfo` declared once.

#include <string>
#include <string_view>

#include "common/keywords/keyword_table.hpp"
#include "disconnect/disconnect_options.hpp"

namespace landscape::disconnect {

/// The table of disconnect's keywords (disconnectionDPS's dinfo keywords).
const keywords::KeywordTable<DisconnectOptions>& disconnect_keyword_table();

/// Parses a Fortran F edit descriptor such as "F8.2" (or "(F8.2)"); false if it is not one.
bool parse_f_format(std::string_view text, int& width, int& decimals);

/// A value as Fortran's Fw.d writes it: right-justified in w characters, w asterisks if it does
/// not fit.
std::string format_fortran_f(double value, int width, int decimals);

/// Introductory paragraph of the generated reference.
inline constexpr const char* kDisconnectReferenceIntro =
    "disconnect draws the disconnectivity graph of a stationary-point database as disconnectionDPS "
    "does. It reads `dinfo` in the working directory (or the file named as its first argument), "
    "the minima and transition states from the files named by MINIMA and TS (min.data and ts.data "
    "in PATHSAMPLE's format), and writes `tree.ps`, `tree.svg` and `tree.png` (an A4 page by "
    "default). The levels run down from FIRST in steps of DELTA; at each level the minima joined "
    "by transition states below it form a basin, and every minimum gets its own branch ending at "
    "its energy unless NOSPLIT is given. Branches are ordered as disconnectionDPS orders them: the "
    "children of a basin sorted by size and the big ones placed towards the middle. In tree.svg "
    "each branch end carries its minimum's index and energy as a tooltip. A line whose first word "
    "starts with `#` is a comment, as in disconnectionDPS.";

}  // namespace landscape::disconnect
