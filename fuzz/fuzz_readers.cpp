// The data-file readers on arbitrary bytes: coords, min.data, ts.data, the points files with
// their data files (the crash-safety check), path.info, MLPdata, MLMINweights, pairs.data and
// min.A/min.B. FUZZ_READER selects one. The first input byte chooses the sizes a reader is asked
// for (coordinates a record, columns), the rest is the file.
#include "common/io/coords_file.hpp"
#include "common/io/min_database.hpp"
#include "common/io/record_files.hpp"
#include "common/io/ts_database.hpp"
#include "common/landscape/path_info.hpp"
#include "common/ml/mlmin_files.hpp"
#include "common/ml/mlp_data.hpp"
#include "fuzz/fuzz_support.hpp"
#include "pathsample/connection_campaign.hpp"
#include "pathsample/stationary_point_database.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace landscape;
  if (size == 0) return 0;
  const unsigned choice = data[0];
  const std::string_view bytes = fuzz::as_text(data + 1, size - 1);
  const std::size_t small = 1 + choice % 7;  // 1..7
  fuzz::refusals_allowed([&] {
#if FUZZ_READER == 1
    read_coords_file(fuzz::as_file("coords", bytes), choice % 2 ? 3 : 1);
#elif FUZZ_READER == 2
    read_min_data(fuzz::as_file("min.data", bytes), "min.data",
                  choice % 2 ? MinDataColumns::kFull : MinDataColumns::kEnergyOnly);
#elif FUZZ_READER == 3
    read_ts_data(fuzz::as_file("ts.data", bytes), "ts.data", small,
                 choice % 2 ? TsDataColumns::kFull : TsDataColumns::kConnection);
#elif FUZZ_READER == 4
    // min.data and points.min from one input: the text up to the first NUL, then the records.
    const std::size_t cut = std::min(bytes.find('\0'), bytes.size());
    fuzz::as_file("min.data", bytes.substr(0, cut));
    fuzz::as_file("points.min", cut < bytes.size() ? bytes.substr(cut + 1) : std::string_view());
    check_min_database(fuzz::scratch(), small);
#elif FUZZ_READER == 5
    read_path_info(fuzz::as_file("path.info", bytes), small, choice % 2 == 0);
#elif FUZZ_READER == 6
    read_mlp_data(fuzz::as_file("MLPdata", bytes),
                  choice % 2 ? MlpLayout::kMlpVb3 : MlpLayout::kMlp3, 1 + choice % 3,
                  1 + (choice / 3) % 2, 2 + (choice / 6) % 2, 1 + (choice / 12) % 5);
#elif FUZZ_READER == 7
    read_mlmin_weights(fuzz::as_file("MLMINweights", bytes), small, 1 + (choice / 7) % 3);
#elif FUZZ_READER == 8
    pathsample::TriedPairs::open(fuzz::as_file("pairs.data", bytes), small);
#else
    pathsample::read_minimum_set(fuzz::as_file("min.A", bytes), small);
#endif
  });
  return 0;
}
