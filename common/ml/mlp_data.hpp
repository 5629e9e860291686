#pragma once
// Training and test data of the network-loss potentials (MLP3, MLPVB3): GMIN's `MLPdata` file
// (doc/file_formats.md).

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <vector>

#include "common/ml/labelled_data.hpp"

namespace landscape {

/// Column order of an MLPdata line.
enum class MlpLayout {
  kMlp3,    ///< MLP3 (and GMIN's MLPB3): the n_in features, then the class label
  kMlpVb3,  ///< MLPVB3: the class label, then n_in_start - 1 skipped columns, then n_in features
};

/// GMIN's keyword for a layout: "MLP3" or "MLPVB3".
const char* to_string(MlpLayout layout);

/// Reads the first n_data items of an MLPdata file: one item a line, whitespace separated, blank
/// lines skipped, Fortran D exponents (1.5D-01) accepted, lines after the n_data-th not read.
/// Class labels start at 0 in the file; a label written as a real (1.0, 1D0) is accepted when its
/// value is a whole number. The skipped columns of MLPVB3 (n_in_start > 1) are not parsed;
/// n_in_start is not used by kMlp3. Each line must hold exactly its layout's field count
/// (MLP3: n_in + 1; MLPVB3: n_in_start + n_in).
/// Throws InputError "NAME:LINE: message" (NAME is the file name) for a bad line, a label that is
/// not a whole number or lies outside [0, n_out), a feature that is not a finite number, and
/// "NAME: holds 3 items but MLP3 asks for 10" when the file is short; std::invalid_argument when
/// n_in, n_out, n_data or (MLPVB3) n_in_start is 0.
LabelledData read_mlp_data(const std::filesystem::path& file, MlpLayout layout, std::size_t n_in,
                           std::size_t n_in_start, std::size_t n_out, std::size_t n_data);

/// Writes data in the given layout, one item a line: features with full precision ("{:.17g}"),
/// the label as an integer (MLPVB3: label then features, no skipped columns; MLP3: features then
/// label). Reading it back with n_in_start = 1 gives the same data bit for bit.
void write_mlp_data(std::ostream& out, const LabelledData& data, MlpLayout layout);
/// The same into a file, replacing it; throws RuntimeError if it cannot be written.
void write_mlp_data(const std::filesystem::path& path, const LabelledData& data, MlpLayout layout);

}  // namespace landscape
