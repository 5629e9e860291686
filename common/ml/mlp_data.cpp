#include "common/ml/mlp_data.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/io/errors.hpp"
#include "common/io/fields.hpp"

namespace landscape {

const char* to_string(MlpLayout layout) { return layout == MlpLayout::kMlp3 ? "MLP3" : "MLPVB3"; }

LabelledData read_mlp_data(const std::filesystem::path& file, MlpLayout layout, std::size_t n_in,
                           std::size_t n_in_start, std::size_t n_out, std::size_t n_data) {
  const bool vb3 = layout == MlpLayout::kMlpVb3;
  if (n_in == 0 || n_out == 0 || n_data == 0 || (vb3 && n_in_start == 0))
    throw std::invalid_argument(fmt::format(
        "read_mlp_data: n_in = {}, n_in_start = {}, n_out = {}, n_data = {}: all must be >= 1",
        n_in, n_in_start, n_out, n_data));
  const std::string name = file.filename().string();
  std::ifstream in(file);
  if (!in) throw InputError(fmt::format("{}: cannot open the file", file.string()));

  // Field positions: the label and the first feature.
  const std::size_t n_fields = vb3 ? n_in_start + n_in : n_in + 1;
  const std::size_t label_field = vb3 ? 0 : n_in;
  const std::size_t first_feature = vb3 ? n_in_start : 0;
  const std::string shape =
      vb3 ? fmt::format("label, {} skipped, {} features", n_in_start - 1, n_in)
          : fmt::format("{} features, label", n_in);

  LabelledData data;
  data.n_features = n_in;
  data.n_classes = n_out;
  data.x.reserve(n_data * n_in);
  data.labels.reserve(n_data);
  std::string line;
  std::vector<std::string_view> fields;
  std::size_t line_no = 0;
  while (data.size() < n_data && std::getline(in, line)) {
    ++line_no;
    split_fields(line, fields, std::numeric_limits<std::size_t>::max());
    if (fields.empty()) continue;
    if (fields.size() != n_fields)
      throw InputError(fmt::format("{}:{}: expected {} fields ({}: {}), got {}", name, line_no,
                                   n_fields, to_string(layout), shape, fields.size()));
    for (std::size_t k = 0; k < n_in; ++k) {
      const std::string_view field = fields[first_feature + k];
      const std::optional<double> v = parse_fortran_real(field);
      if (!v)
        throw InputError(fmt::format("{}:{}: field {} (feature {}): expected a number, got '{}'",
                                     name, line_no, first_feature + k + 1, k + 1, field));
      data.x.push_back(*v);
    }
    const std::string_view label_text = fields[label_field];
    const std::optional<double> label = parse_fortran_real(label_text);
    if (!label || *label != std::floor(*label))
      throw InputError(
          fmt::format("{}:{}: field {} (class label): expected a whole number, got '{}'", name,
                      line_no, label_field + 1, label_text));
    if (*label < 0.0 || *label >= static_cast<double>(n_out))
      throw InputError(fmt::format(
          "{}:{}: field {} (class label): {} is outside 0..{} (labels start at 0, Nout = {})", name,
          line_no, label_field + 1, label_text, n_out - 1, n_out));
    data.labels.push_back(static_cast<int>(*label));
  }
  if (in.bad()) throw RuntimeError(fmt::format("{}: read error", file.string()));
  if (data.size() < n_data)
    throw InputError(fmt::format("{}: holds {} items but {} asks for {}", name, data.size(),
                                 to_string(layout), n_data));
  return data;
}

void write_mlp_data(std::ostream& out, const LabelledData& data, MlpLayout layout) {
  if (data.x.size() != data.size() * data.n_features)
    throw std::invalid_argument(fmt::format("write_mlp_data: {} features for {} items of {}",
                                            data.x.size(), data.size(), data.n_features));
  std::string line;
  for (std::size_t d = 0; d < data.size(); ++d) {
    line.clear();
    if (layout == MlpLayout::kMlpVb3) line += fmt::format("{}", data.labels[d]);
    for (std::size_t k = 0; k < data.n_features; ++k) {
      if (!line.empty()) line += ' ';
      line += fmt::format("{:.17g}", data.x[d * data.n_features + k]);
    }
    if (layout == MlpLayout::kMlp3) line += fmt::format(" {}", data.labels[d]);
    line += '\n';
    out << line;
  }
}

void write_mlp_data(const std::filesystem::path& path, const LabelledData& data, MlpLayout layout) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw RuntimeError(fmt::format("{}: cannot open the file for writing", path.string()));
  write_mlp_data(out, data, layout);
  out.close();
  if (!out) throw RuntimeError(fmt::format("{}: write failed", path.string()));
}

}  // namespace landscape
