#include "common/ml/misclassification.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>

#include "common/io/errors.hpp"

namespace landscape {

namespace {

constexpr char kMagic[8] = {'L', 'S', 'M', 'I', 'S', 'C', 'L', '1'};
constexpr std::size_t kHeaderBytes = 24;

/// ceil(log2 n_classes), at least 1.
std::size_t planes_for(std::size_t n_classes) {
  std::size_t planes = 1;
  while (planes < 64 && (std::size_t{1} << planes) < n_classes) ++planes;
  return planes;
}

/// Position of (i, j), i < j, in the strict upper triangle of an n x n matrix stored row by row.
std::size_t upper_index(std::size_t n, std::size_t i, std::size_t j) {
  return i * (2 * n - i - 1) / 2 + (j - i - 1);
}

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
// Baseline x86-64 has no popcnt instruction (std::popcount becomes a libgcc call or a bit trick);
// x86-64-v2 adds POPCNT and v3 AVX2/BMI. The loader picks the widest clone the CPU runs.
#define LANDSCAPE_POPCNT_CLONES \
  __attribute__((target_clones("default", "arch=x86-64-v2", "arch=x86-64-v3")))
#define LANDSCAPE_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define LANDSCAPE_POPCNT_CLONES
#define LANDSCAPE_ALWAYS_INLINE inline
#endif

/// The packed words of one data set's predictions, as the kernels see them.
struct PackedView {
  const std::uint64_t* words;  ///< n x planes x words_per_plane
  std::size_t n, planes, words_per_plane;
  std::size_t stride() const { return planes * words_per_plane; }
  const std::uint64_t* row(std::size_t a) const { return words + a * stride(); }
};

/// Differing items between the packed minima a and b (kPlanes > 0: that many planes, known at
/// compile time; 0: `planes` planes).
template <std::size_t kPlanes>
LANDSCAPE_ALWAYS_INLINE std::uint32_t pair_count(const std::uint64_t* a, const std::uint64_t* b,
                                                 std::size_t planes, std::size_t wpp) {
  const std::size_t n_planes = kPlanes ? kPlanes : planes;
  std::uint32_t count = 0;
  for (std::size_t w = 0; w < wpp; ++w) {
    std::uint64_t x = 0;
    for (std::size_t p = 0; p < n_planes; ++p) x |= a[p * wpp + w] ^ b[p * wpp + w];
    count += static_cast<std::uint32_t>(std::popcount(x));
  }
  return count;
}

/// Rows [r0, r1) of the upper triangle. Four rows are compared with each later minimum at once, so
/// each later minimum's words are read from cache once per four rows and the four counts stay in
/// registers.
template <std::size_t kPlanes>
LANDSCAPE_ALWAYS_INLINE void count_rows_impl(const PackedView& v, std::size_t r0, std::size_t r1,
                                             std::uint32_t* upper) {
  constexpr std::size_t kTile = 4;
  const std::size_t n = v.n, planes = kPlanes ? kPlanes : v.planes, wpp = v.words_per_plane;
  std::size_t i0 = r0;
  for (; i0 + kTile <= r1; i0 += kTile) {
    // The corner of the tile, where some of its rows are not before j.
    for (std::size_t i = i0; i < i0 + kTile; ++i)
      for (std::size_t j = i + 1; j < std::min(i0 + kTile, n); ++j)
        upper[upper_index(n, i, j)] = pair_count<kPlanes>(v.row(i), v.row(j), planes, wpp);
    std::array<std::uint32_t*, kTile> out;
    std::array<const std::uint64_t*, kTile> a;
    for (std::size_t t = 0; t < kTile; ++t) {
      out[t] = upper + upper_index(n, i0 + t, i0 + kTile);
      a[t] = v.row(i0 + t);
    }
    for (std::size_t j = i0 + kTile; j < n; ++j) {
      const std::uint64_t* b = v.row(j);
      std::uint32_t c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      for (std::size_t w = 0; w < wpp; ++w) {
        std::uint64_t x0 = 0, x1 = 0, x2 = 0, x3 = 0;
        for (std::size_t p = 0; p < planes; ++p) {
          const std::size_t k = p * wpp + w;
          const std::uint64_t bw = b[k];
          x0 |= a[0][k] ^ bw;
          x1 |= a[1][k] ^ bw;
          x2 |= a[2][k] ^ bw;
          x3 |= a[3][k] ^ bw;
        }
        c0 += static_cast<std::uint32_t>(std::popcount(x0));
        c1 += static_cast<std::uint32_t>(std::popcount(x1));
        c2 += static_cast<std::uint32_t>(std::popcount(x2));
        c3 += static_cast<std::uint32_t>(std::popcount(x3));
      }
      const std::size_t k = j - (i0 + kTile);
      out[0][k] = c0;
      out[1][k] = c1;
      out[2][k] = c2;
      out[3][k] = c3;
    }
  }
  for (std::size_t i = i0; i < r1; ++i)
    for (std::size_t j = i + 1; j < n; ++j)
      upper[upper_index(n, i, j)] = pair_count<kPlanes>(v.row(i), v.row(j), planes, wpp);
}

/// One clone per target; the common plane counts get their own loops (fixed trip counts unroll).
LANDSCAPE_POPCNT_CLONES void count_rows(const PackedView& v, std::size_t r0, std::size_t r1,
                                        std::uint32_t* upper) {
  switch (v.planes) {
    case 1:
      count_rows_impl<1>(v, r0, r1, upper);
      break;
    case 2:
      count_rows_impl<2>(v, r0, r1, upper);
      break;
    case 3:
      count_rows_impl<3>(v, r0, r1, upper);
      break;
    default:
      count_rows_impl<0>(v, r0, r1, upper);
  }
}

LANDSCAPE_POPCNT_CLONES std::uint32_t count_pair(const PackedView& v, std::size_t a,
                                                 std::size_t b) {
  return pair_count<0>(v.row(a), v.row(b), v.planes, v.words_per_plane);
}

std::uint32_t read_le32(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

std::uint64_t read_le64(const unsigned char* p) {
  return static_cast<std::uint64_t>(read_le32(p)) | static_cast<std::uint64_t>(read_le32(p + 4))
                                                        << 32;
}

void append_le64(std::string& out, std::uint64_t v) {
  for (int b = 0; b < 8; ++b) out.push_back(static_cast<char>(v >> (8 * b) & 0xff));
}

/// The triangle's size in bytes for n minima; UINT64_MAX when that overflows.
std::uint64_t triangle_bytes(std::uint64_t n) {
  if (n < 2) return 0;
  // 4 n (n - 1) / 2 = 2 n (n - 1) must fit a uint64.
  if (n - 1 > std::numeric_limits<std::uint64_t>::max() / 2 / n)
    return std::numeric_limits<std::uint64_t>::max();
  return 2 * n * (n - 1);
}

}  // namespace

/// The kernels' view of a PackedPredictions (its friend).
class MisclassificationKernel {
 public:
  static PackedView view(const PackedPredictions& p) {
    return {p.words_.data(), p.size_, p.n_planes_, p.words_per_plane_};
  }
};

PackedPredictions::PackedPredictions(std::size_t n_items, std::size_t n_classes)
    : n_items_(n_items),
      n_classes_(n_classes),
      n_planes_(planes_for(n_classes)),
      words_per_plane_((n_items + 63) / 64) {
  if (n_classes < 1) throw std::invalid_argument("PackedPredictions: n_classes = 0: must be >= 1");
}

std::size_t PackedPredictions::add(std::span<const int> predicted) {
  if (predicted.size() != n_items_)
    throw std::invalid_argument(
        fmt::format("PackedPredictions::add: {} predictions, expected one for each of {} items",
                    predicted.size(), n_items_));
  for (std::size_t d = 0; d < n_items_; ++d)
    if (predicted[d] < 0 || static_cast<std::size_t>(predicted[d]) >= n_classes_)
      throw std::invalid_argument(
          fmt::format("PackedPredictions::add: item {}: class {} is not in [0, {})", d,
                      predicted[d], n_classes_));
  const std::size_t stride = n_planes_ * words_per_plane_;
  words_.resize(words_.size() + stride, 0);
  std::uint64_t* row = words_.data() + size_ * stride;
  for (std::size_t d = 0; d < n_items_; ++d) {
    const auto c = static_cast<std::uint64_t>(predicted[d]);
    for (std::size_t p = 0; p < n_planes_; ++p)
      row[p * words_per_plane_ + d / 64] |= (c >> p & 1) << (d % 64);
  }
  return size_++;
}

std::size_t PackedPredictions::size() const { return size_; }
std::size_t PackedPredictions::n_items() const { return n_items_; }
std::size_t PackedPredictions::n_classes() const { return n_classes_; }

const std::uint64_t* PackedPredictions::words(std::size_t a) const {
  return words_.data() + a * n_planes_ * words_per_plane_;
}

void PackedPredictions::check_index(std::size_t a) const {
  if (a >= size_)
    throw std::out_of_range(
        fmt::format("PackedPredictions: minimum {} out of range (size {})", a, size_));
}

std::size_t PackedPredictions::differences(std::size_t a, std::size_t b) const {
  check_index(a);
  check_index(b);
  return count_pair(MisclassificationKernel::view(*this), a, b);
}

double PackedPredictions::distance(std::size_t a, std::size_t b) const {
  return static_cast<double>(differences(a, b)) / static_cast<double>(n_items_);
}

MisclassificationMatrix::MisclassificationMatrix(std::size_t n_minima, std::size_t n_items,
                                                 std::vector<std::uint32_t> upper)
    : n_minima_(n_minima), n_items_(n_items), upper_(std::move(upper)) {
  const std::size_t expected = n_minima < 2 ? 0 : n_minima * (n_minima - 1) / 2;
  if (upper_.size() != expected)
    throw std::invalid_argument(
        fmt::format("MisclassificationMatrix: {} upper-triangle counts for {} minima, expected {}",
                    upper_.size(), n_minima, expected));
}

std::size_t MisclassificationMatrix::size() const { return n_minima_; }
std::size_t MisclassificationMatrix::n_items() const { return n_items_; }

std::uint32_t MisclassificationMatrix::count(std::size_t i, std::size_t j) const {
  if (i >= n_minima_ || j >= n_minima_)
    throw std::out_of_range(
        fmt::format("MisclassificationMatrix: ({}, {}) out of range (size {})", i, j, n_minima_));
  if (i == j) return 0;
  if (i > j) std::swap(i, j);
  return upper_[upper_index(n_minima_, i, j)];
}

double MisclassificationMatrix::distance(std::size_t i, std::size_t j) const {
  const std::uint32_t c = count(i, j);
  return i == j ? 0.0 : static_cast<double>(c) / static_cast<double>(n_items_);
}

std::vector<double> MisclassificationMatrix::dense() const {
  const std::size_t n = n_minima_;
  std::vector<double> d(n * n, 0.0);
  const auto items = static_cast<double>(n_items_);  // divided, not scaled: equal to distance()
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j, ++k)
      d[i * n + j] = d[j * n + i] = static_cast<double>(upper_[k]) / items;
  return d;
}

const std::vector<std::uint32_t>& MisclassificationMatrix::upper() const { return upper_; }

MisclassificationMatrix misclassification_matrix(const PackedPredictions& predictions,
                                                 unsigned n_threads) {
  if (predictions.n_items() > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument(fmt::format(
        "misclassification_matrix: {} items do not fit 32-bit counts", predictions.n_items()));
  const PackedView v = MisclassificationKernel::view(predictions);
  const std::size_t n = v.n;
  std::vector<std::uint32_t> upper(n < 2 ? 0 : n * (n - 1) / 2);
  // Blocks of rows taken in order from a shared counter: the long rows go first and the short ones
  // at the end even out the finish, whatever the machine's other load.
  constexpr std::size_t kBlock = 16;
  const std::size_t n_blocks = (n + kBlock - 1) / kBlock;
  unsigned threads = n_threads ? n_threads : std::max(1u, std::thread::hardware_concurrency());
  threads =
      static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, n_blocks)));
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t b; (b = next.fetch_add(1, std::memory_order_relaxed)) < n_blocks;)
      count_rows(v, b * kBlock, std::min(n, (b + 1) * kBlock), upper.data());
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return MisclassificationMatrix(n, predictions.n_items(), std::move(upper));
}

void write_misclassification_matrix(const std::filesystem::path& path,
                                    const MisclassificationMatrix& m) {
  std::string header(kMagic, sizeof kMagic);
  append_le64(header, m.size());
  append_le64(header, m.n_items());
  const std::filesystem::path tmp = std::filesystem::path(path) += ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(header.data(), static_cast<std::streamsize>(header.size()));
    const std::vector<std::uint32_t>& upper = m.upper();
    if constexpr (std::endian::native == std::endian::little) {
      f.write(reinterpret_cast<const char*>(upper.data()),
              static_cast<std::streamsize>(upper.size() * sizeof(std::uint32_t)));
    } else {
      std::string chunk;
      for (const std::uint32_t c : upper) {
        for (int b = 0; b < 4; ++b) chunk.push_back(static_cast<char>(c >> (8 * b) & 0xff));
        if (chunk.size() >= (1 << 20)) {
          f.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
          chunk.clear();
        }
      }
      f.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    }
    f.flush();
    if (!f) {
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      throw RuntimeError(fmt::format("{}: cannot write", path.string()));
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw RuntimeError(fmt::format("{}: cannot replace: {}", path.string(), ec.message()));
}

MisclassificationMatrix read_misclassification_matrix(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::ifstream f(path, std::ios::binary);
  if (!f) throw DatabaseError(fmt::format("{}: cannot open: {}", name, std::strerror(errno)));
  f.seekg(0, std::ios::end);
  const auto file_bytes = static_cast<std::uint64_t>(f.tellg());
  f.seekg(0);
  unsigned char header[kHeaderBytes];
  const std::uint64_t got = std::min<std::uint64_t>(file_bytes, kHeaderBytes);
  f.read(reinterpret_cast<char*>(header), static_cast<std::streamsize>(got));
  if (!f) throw DatabaseError(fmt::format("{}: read failed", name));
  if (got < sizeof kMagic || std::memcmp(header, kMagic, sizeof kMagic) != 0)
    throw DatabaseError(fmt::format(
        "{}: not a misclassification matrix: the file does not start with \"LSMISCL1\"", name));
  if (got < kHeaderBytes)
    throw DatabaseError(fmt::format("{}: truncated: {} bytes, shorter than the {}-byte header",
                                    name, file_bytes, kHeaderBytes));
  const std::uint64_t n = read_le64(header + 8), n_items = read_le64(header + 16);
  const std::uint64_t body = triangle_bytes(n);
  const std::uint64_t expected = body > std::numeric_limits<std::uint64_t>::max() - kHeaderBytes
                                     ? std::numeric_limits<std::uint64_t>::max()
                                     : kHeaderBytes + body;
  if (file_bytes != expected)
    throw DatabaseError(
        fmt::format("{}: {} bytes, but the header ({} minima, {} items) needs {} bytes{}", name,
                    file_bytes, n, n_items, expected, file_bytes < expected ? " (truncated)" : ""));
  std::vector<std::uint32_t> upper(body / 4);
  f.read(reinterpret_cast<char*>(upper.data()), static_cast<std::streamsize>(body));
  if (!f) throw DatabaseError(fmt::format("{}: read failed", name));
  if constexpr (std::endian::native != std::endian::little)
    for (std::uint32_t& c : upper) c = read_le32(reinterpret_cast<const unsigned char*>(&c));
  for (std::size_t k = 0; k < upper.size(); ++k)
    if (upper[k] > n_items)
      throw DatabaseError(fmt::format("{}: count {} of the triangle is {}, more than the {} items",
                                      name, k, upper[k], n_items));
  return MisclassificationMatrix(n, n_items, std::move(upper));
}

}  // namespace landscape
