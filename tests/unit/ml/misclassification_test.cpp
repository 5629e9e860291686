// The misclassification distance between network minima (Niroomand et al. 2022): packed bit planes
// against hand-built cases and a plain loop over the classes, the threaded matrix, the binary file.

#include "common/ml/misclassification.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/io/errors.hpp"
#include "common/random/rng.hpp"

namespace landscape {
namespace {

namespace fs = std::filesystem;

/// Items on which two class vectors differ, the definition.
std::size_t plain_differences(const std::vector<int>& a, const std::vector<int>& b) {
  std::size_t d = 0;
  for (std::size_t k = 0; k < a.size(); ++k) d += a[k] != b[k];
  return d;
}

std::vector<int> random_classes(Rng& rng, std::size_t n_items, std::size_t n_classes) {
  std::vector<int> c(n_items);
  for (int& x : c) x = static_cast<int>(rng.below(n_classes));
  return c;
}

/// A scratch directory removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir()
      : path_(fs::temp_directory_path() /
              ("misclassification_test-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(PackedPredictions, TwoClassesOnePlane) {
  PackedPredictions p(5, 2);
  EXPECT_EQ(p.add(std::vector<int>{0, 1, 1, 0, 1}), 0u);
  EXPECT_EQ(p.add(std::vector<int>{1, 1, 0, 0, 1}), 1u);
  EXPECT_EQ(p.size(), 2u);
  EXPECT_EQ(p.n_items(), 5u);
  EXPECT_EQ(p.n_classes(), 2u);
  EXPECT_EQ(p.differences(0, 1), 2u);
  EXPECT_EQ(p.differences(1, 0), 2u);
  EXPECT_EQ(p.differences(0, 0), 0u);
  EXPECT_DOUBLE_EQ(p.distance(0, 1), 0.4);
}

TEST(PackedPredictions, ThreeClassesTwoPlanes) {
  // Classes 1 (01) and 2 (10) differ in both planes, 0 and 1 in the first only, 0 and 2 in the
  // second only: each such item counts once.
  PackedPredictions p(6, 3);
  p.add(std::vector<int>{0, 1, 2, 0, 1, 2});
  p.add(std::vector<int>{1, 2, 0, 0, 1, 2});
  p.add(std::vector<int>{2, 2, 2, 2, 2, 2});
  EXPECT_EQ(p.differences(0, 1), 3u);
  EXPECT_EQ(p.differences(0, 2), 4u);
  EXPECT_EQ(p.differences(1, 2), 4u);
  EXPECT_DOUBLE_EQ(p.distance(0, 1), 0.5);
}

TEST(PackedPredictions, SevenClassesThreePlanes) {
  // Every pair of the seven classes, including those differing in one, two or all three planes
  // (3 = 011 and 4 = 100).
  std::vector<int> a, b;
  for (int x = 0; x < 7; ++x)
    for (int y = 0; y < 7; ++y) {
      a.push_back(x);
      b.push_back(y);
    }
  PackedPredictions p(a.size(), 7);
  p.add(a);
  p.add(b);
  EXPECT_EQ(p.differences(0, 1), 42u);  // 49 items, 7 of them equal
  PackedPredictions q(2, 7);
  q.add(std::vector<int>{3, 6});
  q.add(std::vector<int>{4, 6});
  EXPECT_EQ(q.differences(0, 1), 1u);
}

TEST(PackedPredictions, ItemCountsAroundWordBoundaries) {
  // One differing item at each position, at the start, the end and the word boundaries, for
  // 1, 63, 64, 65 and 130 items and 2, 3 and 7 classes.
  for (const std::size_t n_items : {1, 63, 64, 65, 130}) {
    for (const std::size_t n_classes : {2, 3, 7}) {
      const std::vector<int> base(n_items, static_cast<int>(n_classes) - 1);
      for (std::size_t d = 0; d < n_items; ++d) {
        PackedPredictions p(n_items, n_classes);
        std::vector<int> other = base;
        other[d] = 0;
        p.add(base);
        p.add(other);
        EXPECT_EQ(p.differences(0, 1), 1u) << n_items << " items, " << n_classes << " classes, "
                                           << "item " << d;
      }
      PackedPredictions all(n_items, n_classes);
      all.add(base);
      all.add(std::vector<int>(n_items, 0));
      EXPECT_EQ(all.differences(0, 1), n_items);
      EXPECT_DOUBLE_EQ(all.distance(0, 1), 1.0);
    }
  }
}

TEST(PackedPredictions, OneClassNeverDiffers) {
  PackedPredictions p(3, 1);
  p.add(std::vector<int>{0, 0, 0});
  p.add(std::vector<int>{0, 0, 0});
  EXPECT_EQ(p.differences(0, 1), 0u);
}

TEST(PackedPredictions, InvalidInputThrows) {
  EXPECT_THROW(PackedPredictions(4, 0), std::invalid_argument);
  PackedPredictions p(3, 3);
  EXPECT_THROW(p.add(std::vector<int>{0, 3, 1}), std::invalid_argument);
  EXPECT_THROW(p.add(std::vector<int>{0, -1, 1}), std::invalid_argument);
  EXPECT_THROW(p.add(std::vector<int>{0, 1}), std::invalid_argument);
  EXPECT_EQ(p.size(), 0u);  // nothing added by a failed add
  p.add(std::vector<int>{0, 1, 2});
  EXPECT_THROW(p.differences(0, 1), std::out_of_range);
}

TEST(MisclassificationMatrix, AgreesWithPlainLoop) {
  Rng rng(7);
  for (const std::size_t n_classes : {2, 3, 4, 7, 10}) {
    const std::size_t n_minima = 23, n_items = 130;
    std::vector<std::vector<int>> classes;
    PackedPredictions p(n_items, n_classes);
    for (std::size_t m = 0; m < n_minima; ++m) {
      // Mostly like the first minimum, as network minima are, so counts span a range.
      classes.push_back(m == 0 ? random_classes(rng, n_items, n_classes) : classes[0]);
      for (int& c : classes.back())
        if (rng.uniform() < 0.3) c = static_cast<int>(rng.below(n_classes));
      p.add(classes.back());
    }
    const MisclassificationMatrix mat = misclassification_matrix(p, 2);
    ASSERT_EQ(mat.size(), n_minima);
    EXPECT_EQ(mat.n_items(), n_items);
    EXPECT_EQ(mat.upper().size(), n_minima * (n_minima - 1) / 2);
    const std::vector<double> dense = mat.dense();
    for (std::size_t i = 0; i < n_minima; ++i)
      for (std::size_t j = 0; j < n_minima; ++j) {
        const std::size_t expected = plain_differences(classes[i], classes[j]);
        EXPECT_EQ(mat.count(i, j), expected) << i << " " << j << ", " << n_classes << " classes";
        EXPECT_EQ(p.differences(i, j), expected);
        const double lambda = static_cast<double>(expected) / static_cast<double>(n_items);
        EXPECT_DOUBLE_EQ(mat.distance(i, j), lambda);
        EXPECT_DOUBLE_EQ(dense[i * n_minima + j], lambda);
      }
  }
}

TEST(MisclassificationMatrix, ThreadCountsGiveIdenticalResults) {
  Rng rng(11);
  for (const std::size_t n_minima : {0, 1, 2, 5, 37, 70}) {
    PackedPredictions p(200, 3);
    for (std::size_t m = 0; m < n_minima; ++m) p.add(random_classes(rng, 200, 3));
    const MisclassificationMatrix one = misclassification_matrix(p, 1);
    for (const unsigned threads : {2u, 3u, 0u})
      EXPECT_EQ(misclassification_matrix(p, threads).upper(), one.upper())
          << n_minima << " minima, " << threads << " threads";
    for (std::size_t i = 0; i < n_minima; ++i)
      for (std::size_t j = 0; j < n_minima; ++j) EXPECT_EQ(one.count(i, j), p.differences(i, j));
  }
}

TEST(MisclassificationMatrix, IndexingAndValidation) {
  // 3 minima: (0,1) (0,2) (1,2).
  const MisclassificationMatrix m(3, 10, {1, 2, 3});
  EXPECT_EQ(m.count(0, 1), 1u);
  EXPECT_EQ(m.count(2, 0), 2u);
  EXPECT_EQ(m.count(2, 1), 3u);
  EXPECT_EQ(m.count(1, 1), 0u);
  EXPECT_DOUBLE_EQ(m.distance(1, 2), 0.3);
  EXPECT_EQ(m.dense(), (std::vector<double>{0, 0.1, 0.2, 0.1, 0, 0.3, 0.2, 0.3, 0}));
  EXPECT_THROW(m.count(0, 3), std::out_of_range);
  EXPECT_THROW(MisclassificationMatrix(3, 10, {1, 2}), std::invalid_argument);
  EXPECT_EQ(MisclassificationMatrix().size(), 0u);
}

TEST(MisclassificationFile, RoundTrip) {
  const ScratchDir dir;
  Rng rng(3);
  PackedPredictions p(65, 2);
  for (int m = 0; m < 9; ++m) p.add(random_classes(rng, 65, 2));
  const MisclassificationMatrix m = misclassification_matrix(p);
  const fs::path file = dir.path() / "lambda.bin";
  write_misclassification_matrix(file, m);
  EXPECT_FALSE(fs::exists(dir.path() / "lambda.bin.tmp"));
  EXPECT_EQ(fs::file_size(file), 24u + 4u * 36u);
  {
    // The layout: magic, n_minima, n_items, then the counts, all little-endian.
    std::ifstream f(file, std::ios::binary);
    std::string head(24, '\0');
    f.read(head.data(), 24);
    EXPECT_EQ(head.substr(0, 8), "LSMISCL1");
    EXPECT_EQ(static_cast<unsigned char>(head[8]), 9);
    EXPECT_EQ(static_cast<unsigned char>(head[16]), 65);
    unsigned char first[4];
    f.read(reinterpret_cast<char*>(first), 4);
    EXPECT_EQ(first[0] | first[1] << 8 | first[2] << 16 | first[3] << 24, m.count(0, 1));
  }
  const MisclassificationMatrix back = read_misclassification_matrix(file);
  EXPECT_EQ(back.size(), 9u);
  EXPECT_EQ(back.n_items(), 65u);
  EXPECT_EQ(back.upper(), m.upper());

  // Replacing it, and the edge cases of no pairs.
  write_misclassification_matrix(file, MisclassificationMatrix(1, 5, {}));
  EXPECT_EQ(read_misclassification_matrix(file).size(), 1u);
  write_misclassification_matrix(file, MisclassificationMatrix());
  EXPECT_EQ(read_misclassification_matrix(file).size(), 0u);
}

/// The message of the DatabaseError that reading path throws ("" if none).
std::string read_error(const fs::path& path) {
  try {
    read_misclassification_matrix(path);
  } catch (const DatabaseError& e) {
    return e.what();
  }
  return "";
}

TEST(MisclassificationFile, TruncatedFileIsAnError) {
  const ScratchDir dir;
  const fs::path file = dir.path() / "lambda.bin";
  write_misclassification_matrix(file, MisclassificationMatrix(4, 10, {1, 2, 3, 4, 5, 6}));
  fs::resize_file(file, 24 + 4 * 6 - 3);
  const std::string message = read_error(file);
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("45 bytes"), std::string::npos) << message;
  EXPECT_NE(message.find("needs 48 bytes"), std::string::npos) << message;
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;

  fs::resize_file(file, 12);  // not even the header
  EXPECT_NE(read_error(file).find("truncated"), std::string::npos) << read_error(file);

  // Too long is an error too.
  write_misclassification_matrix(file, MisclassificationMatrix(4, 10, {1, 2, 3, 4, 5, 6}));
  std::ofstream(file, std::ios::binary | std::ios::app) << "x";
  EXPECT_NE(read_error(file).find("49 bytes"), std::string::npos) << read_error(file);
}

TEST(MisclassificationFile, WrongMagicIsAnError) {
  const ScratchDir dir;
  const fs::path file = dir.path() / "lambda.bin";
  write_misclassification_matrix(file, MisclassificationMatrix(2, 10, {4}));
  {
    std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
    f.write("LSMISCL2", 8);
  }
  const std::string message = read_error(file);
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("LSMISCL1"), std::string::npos) << message;

  std::ofstream(file, std::ios::binary | std::ios::trunc) << "LSM";
  EXPECT_NE(read_error(file).find("LSMISCL1"), std::string::npos);
  EXPECT_NE(read_error(dir.path() / "missing.bin").find("cannot open"), std::string::npos);
}

TEST(MisclassificationFile, CountAboveItemsIsAnError) {
  const ScratchDir dir;
  const fs::path file = dir.path() / "lambda.bin";
  write_misclassification_matrix(file, MisclassificationMatrix(2, 10, {11}));
  EXPECT_NE(read_error(file).find("more than the 10 items"), std::string::npos) << read_error(file);
}

}  // namespace
}  // namespace landscape
