// MLPdata reading and writing (doc/file_formats.md): both column layouts, Fortran
// exponents, skipped columns, every error with its file:line, exact round trips.

#include "common/ml/mlp_data.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/io/errors.hpp"
#include "common/random/rng.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape {
namespace {

class MlpDataFile : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::scratch_dir("mlp_data"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  /// Writes text to dir/MLPdata and returns the path.
  std::filesystem::path write(const std::string& text) const {
    const auto path = dir_ / "MLPdata";
    testing::write_file(path, text);
    return path;
  }
  /// The InputError message of reading text, or "" if it reads.
  std::string error_of(const std::string& text, MlpLayout layout, std::size_t n_in,
                       std::size_t n_in_start, std::size_t n_out, std::size_t n_data) const {
    try {
      read_mlp_data(write(text), layout, n_in, n_in_start, n_out, n_data);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }

  std::filesystem::path dir_;
};

TEST_F(MlpDataFile, Vb3LayoutHasTheLabelFirst) {
  const LabelledData d =
      read_mlp_data(write("1 0.5 -1.0\n0 1.5 2\n1 -0.25 0.75\n"), MlpLayout::kMlpVb3, 2, 1, 2, 3);
  EXPECT_EQ(d.n_features, 2u);
  EXPECT_EQ(d.n_classes, 2u);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d.labels, (std::vector<int>{1, 0, 1}));
  EXPECT_EQ(d.x, (std::vector<double>{0.5, -1.0, 1.5, 2.0, -0.25, 0.75}));
}

TEST_F(MlpDataFile, Mlp3LayoutHasTheLabelLast) {
  const LabelledData d =
      read_mlp_data(write("0.5 -1.0 1\n1.5 2 0\n-0.25 0.75 2\n"), MlpLayout::kMlp3, 2, 1, 3, 3);
  EXPECT_EQ(d.n_classes, 3u);
  EXPECT_EQ(d.labels, (std::vector<int>{1, 0, 2}));
  EXPECT_EQ(d.x, (std::vector<double>{0.5, -1.0, 1.5, 2.0, -0.25, 0.75}));
}

TEST_F(MlpDataFile, FortranExponentsSignsTabsAndWholeRealLabels) {
  const LabelledData d = read_mlp_data(write("1.0D0\t1.5D0  -2.5d-1\n+0 +3E+00 1.25e1\r\n"),
                                       MlpLayout::kMlpVb3, 2, 1, 2, 2);
  EXPECT_EQ(d.labels, (std::vector<int>{1, 0}));
  EXPECT_EQ(d.x, (std::vector<double>{1.5, -0.25, 3.0, 12.5}));
}

TEST_F(MlpDataFile, NinStartSkipsColumnsAfterTheLabel) {
  // Ninstart = 3: label, two skipped columns (not parsed: any word), then the features.
  const LabelledData d =
      read_mlp_data(write("1 id7 99 0.5 -1\n0 id8 98 2 3\n"), MlpLayout::kMlpVb3, 2, 3, 2, 2);
  EXPECT_EQ(d.labels, (std::vector<int>{1, 0}));
  EXPECT_EQ(d.x, (std::vector<double>{0.5, -1.0, 2.0, 3.0}));
}

TEST_F(MlpDataFile, BlankLinesAreSkippedAndOnlyTheFirstItemsRead) {
  // The fourth line is never read, so its garbage does not matter.
  const LabelledData d = read_mlp_data(write("\n1 0.5\n   \n0 1.5\nnot data at all\n"),
                                       MlpLayout::kMlpVb3, 1, 1, 2, 2);
  EXPECT_EQ(d.labels, (std::vector<int>{1, 0}));
  EXPECT_EQ(d.x, (std::vector<double>{0.5, 1.5}));
}

/// A text that must not read, the read's arguments and the InputError message it must give,
/// under the name of what it checks.
struct BadText {
  std::string what;
  std::string text;
  MlpLayout layout;
  std::size_t n_in, n_in_start, n_out, n_data;
  std::string message;
};
const BadText kBadTexts[] = {
    {"TooFewItems", "0.5 -1 1\n1.5 2 0\n\n-0.25 0.75 1\n", MlpLayout::kMlp3, 2, 1, 2, 10,
     "MLPdata: holds 3 items but MLP3 asks for 10"},
    {"TooFewItems", "", MlpLayout::kMlpVb3, 2, 1, 2, 1,
     "MLPdata: holds 0 items but MLPVB3 asks for 1"},
    {"LabelThatIsNotAWholeNumber", "1 0.5 -1\n\n0.5 1.5 2\n", MlpLayout::kMlpVb3, 2, 1, 2, 2,
     "MLPdata:3: field 1 (class label): expected a whole number, got '0.5'"},
    {"LabelThatIsNotAWholeNumber", "0.5 -1 yes\n", MlpLayout::kMlp3, 2, 1, 2, 1,
     "MLPdata:1: field 3 (class label): expected a whole number, got 'yes'"},
    {"LabelOutsideTheClasses", "1 0.5 -1\n2 1.5 2\n", MlpLayout::kMlpVb3, 2, 1, 2, 2,
     "MLPdata:2: field 1 (class label): 2 is outside 0..1 (labels start at 0, Nout = 2)"},
    {"LabelOutsideTheClasses", "0.5 -1 -1\n", MlpLayout::kMlp3, 2, 1, 3, 1,
     "MLPdata:1: field 3 (class label): -1 is outside 0..2 (labels start at 0, Nout = 3)"},
    {"WrongFieldCount", "1 0.5 -1\n0 1.5\n", MlpLayout::kMlpVb3, 2, 1, 2, 2,
     "MLPdata:2: expected 3 fields (MLPVB3: label, 0 skipped, 2 features), got 2"},
    {"WrongFieldCount", "1 x 0.5 -1 7\n", MlpLayout::kMlpVb3, 2, 2, 2, 1,
     "MLPdata:1: expected 4 fields (MLPVB3: label, 1 skipped, 2 features), got 5"},
    {"WrongFieldCount", "0.5 -1 1 0\n", MlpLayout::kMlp3, 2, 1, 2, 1,
     "MLPdata:1: expected 3 fields (MLP3: 2 features, label), got 4"},
    {"FeatureThatIsNotANumber", "1 0.5 -1\n0 1.5 abc\n", MlpLayout::kMlpVb3, 2, 1, 2, 2,
     "MLPdata:2: field 3 (feature 2): expected a number, got 'abc'"},
    {"FeatureThatIsNotANumber", "nan 1 0\n", MlpLayout::kMlp3, 2, 1, 2, 1,
     "MLPdata:1: field 1 (feature 1): expected a number, got 'nan'"},
    {"FeatureThatIsNotANumber", "0 x 1e999 2\n", MlpLayout::kMlpVb3, 2, 2, 2, 1,
     "MLPdata:1: field 3 (feature 1): expected a number, got '1e999'"},
    {"FeatureThatIsNotANumber", "0 1.5.2 2\n", MlpLayout::kMlpVb3, 2, 1, 2, 1,
     "MLPdata:1: field 2 (feature 1): expected a number, got '1.5.2'"},
};

TEST_F(MlpDataFile, BadTextsGiveTheirMessages) {
  for (const BadText& c : kBadTexts)
    EXPECT_EQ(error_of(c.text, c.layout, c.n_in, c.n_in_start, c.n_out, c.n_data), c.message)
        << c.what << ": " << c.text;
}

TEST_F(MlpDataFile, ErrorsNameTheFile) {
  const auto path = dir_ / "train.dat";
  testing::write_file(path, "0 1\n");
  try {
    read_mlp_data(path, MlpLayout::kMlpVb3, 1, 1, 2, 2);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "train.dat: holds 1 items but MLPVB3 asks for 2");
  }
  EXPECT_THROW(read_mlp_data(dir_ / "missing", MlpLayout::kMlp3, 1, 1, 2, 1), InputError);
}

TEST_F(MlpDataFile, BadArgumentsAreProgrammingErrors) {
  const auto path = write("1 0.5\n");
  EXPECT_THROW(read_mlp_data(path, MlpLayout::kMlpVb3, 0, 1, 2, 1), std::invalid_argument);
  EXPECT_THROW(read_mlp_data(path, MlpLayout::kMlpVb3, 1, 0, 2, 1), std::invalid_argument);
  EXPECT_THROW(read_mlp_data(path, MlpLayout::kMlpVb3, 1, 1, 0, 1), std::invalid_argument);
  EXPECT_THROW(read_mlp_data(path, MlpLayout::kMlpVb3, 1, 1, 2, 0), std::invalid_argument);
}

TEST_F(MlpDataFile, WriteThenReadIsExactInBothLayouts) {
  Rng rng(7);
  LabelledData data;
  data.n_features = 3;
  data.n_classes = 4;
  for (std::size_t d = 0; d < 50; ++d) {
    for (std::size_t k = 0; k < data.n_features; ++k)
      data.x.push_back(rng.symmetric() * std::pow(10.0, rng.uniform(-300.0, 300.0)));
    data.labels.push_back(static_cast<int>(rng.below(data.n_classes)));
  }
  data.x[0] = std::numeric_limits<double>::denorm_min();
  data.x[1] = -std::numeric_limits<double>::max();
  data.x[2] = 0.1;
  for (const MlpLayout layout : {MlpLayout::kMlp3, MlpLayout::kMlpVb3}) {
    std::ostringstream text;
    write_mlp_data(text, data, layout);
    const LabelledData back = read_mlp_data(write(text.str()), layout, 3, 1, 4, 50);
    EXPECT_EQ(back.labels, data.labels) << to_string(layout);
    EXPECT_EQ(back.x, data.x) << to_string(layout);  // bit for bit
  }
  std::ostringstream text;
  write_mlp_data(text, data, MlpLayout::kMlpVb3);
  EXPECT_EQ(text.str().substr(0, text.str().find('\n')),
            fmt::format("{} 4.9406564584124654e-324 -1.7976931348623157e+308 0.10000000000000001",
                        data.labels[0]));
}

}  // namespace
}  // namespace landscape
