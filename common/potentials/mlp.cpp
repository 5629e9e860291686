#include "common/potentials/mlp.hpp"

#include <cblas.h>
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>
#include <stdexcept>

namespace landscape {

namespace {

// --- Elementwise kernels --------------------------------------------------------------------
// libm's exp and tanh are scalar calls; these loops are written so that the compiler vectorises
// them (no calls, no branches), which is where most of the time of an evaluation goes.
//
// exp(x) for x <= 0: x = n ln2 + r with |r| <= ln2/2 (Cody-Waite: ln2 split in two so n ln2 is
// exact), exp(r) from its (6,6) Pade approximant R(r) = (E + O)/(E - O), E and O the even and odd
// parts of sum_k c_k r^k, c_k = (12-k)! 6! / (12! k! (6-k)!). The approximant's error on
// |r| <= 0.347 is below 1e-18 relative; with rounding the result is within 2 ulp of exp(x).
// 2^n is built in the exponent bits. Arguments are first clamped at -709 (in a loop of their own:
// GCC duplicates a loop body around a clamp and then cannot vectorise it); from there down to
// about -708.7, n = -1023 and the biased exponent is 0, so 2^n comes out as +0: results below
// DBL_MIN are flushed to 0 instead of becoming denormals.

constexpr double kLog2e = 1.4426950408889634;
constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln 2 to 32 bits: n * kLn2Hi is exact
constexpr double kLn2Lo = 1.90821492927058770002e-10;  // ln 2 - kLn2Hi
constexpr double kRoundShift = 0x1.8p52;  // x + kRoundShift rounds x to an integer in the low bits
constexpr double kExpMin = -709.0;
constexpr double kC2 = 5.0 / 44.0, kC4 = 1.0 / 792.0, kC6 = 1.0 / 665280.0;  // even part
constexpr double kC1 = 0.5, kC3 = 1.0 / 66.0, kC5 = 1.0 / 15840.0;           // odd part / r

/// For kExpMin <= x <= 0: exp(x) = scale (e + o)/(e - o), scale = 2^n.
inline void exp_parts(double x, double& scale, double& e, double& o) {
  const double shifted = x * kLog2e + kRoundShift;
  const double n = shifted - kRoundShift;
  const double r = (x - n * kLn2Hi) - n * kLn2Lo;
  const double r2 = r * r;
  e = 1.0 + r2 * (kC2 + r2 * (kC4 + r2 * kC6));
  o = r * (kC1 + r2 * (kC3 + r2 * kC5));
  // n + 1023 as an integer (two's complement arithmetic on the bit patterns), into the exponent.
  const std::uint64_t biased =
      std::bit_cast<std::uint64_t>(shifted) - std::bit_cast<std::uint64_t>(kRoundShift) + 1023;
  scale = std::bit_cast<double>(biased << 52);
}

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
// The kernels are compiled for baseline x86-64 (SSE2), AVX2+FMA and AVX-512, and the loader picks
// the widest the CPU has (GCC function multiversioning): about twice as fast on AVX2 machines.
#define LANDSCAPE_SIMD_CLONES \
  __attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4")))
#else
#define LANDSCAPE_SIMD_CLONES
#endif

/// v[i] <- exp(v[i]) for v[i] <= 0 (0 below about -708.7, where exp is below DBL_MIN).
LANDSCAPE_SIMD_CLONES void exp_nonpositive(double* __restrict v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) v[i] = std::max(v[i], kExpMin);
  for (std::size_t i = 0; i < n; ++i) {
    double scale, e, o;
    exp_parts(v[i], scale, e, o);
    v[i] = scale * (1.0 + 2.0 * o / (e - o));
  }
}

/// v[i] <- tanh(v[i]). With t = exp(-2|a|) = s (e + o)/(e - o):
///   tanh|a| = (1 - t)/(1 + t) = (e (1 - s) - o (1 + s)) / (e (1 + s) - o (1 - s)),
/// whose numerator is -2o exactly when s = 1 (small |a|), so the result is accurate in relative
/// terms there too (within 3 ulp everywhere). |a| > 354.4 gives exactly +-1 (s = 0).
LANDSCAPE_SIMD_CLONES void tanh_inplace(double* __restrict v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    v[i] = std::copysign(std::min(2.0 * std::abs(v[i]), -kExpMin), v[i]);  // 2a, clamped
  for (std::size_t i = 0; i < n; ++i) {
    const double two_a = v[i];
    double s, e, o;
    exp_parts(-std::abs(two_a), s, e, o);
    const double num = e * (1.0 - s) - o * (1.0 + s);
    const double den = e * (1.0 + s) - o * (1.0 - s);
    v[i] = std::copysign(num / den, two_a);
  }
}

/// da[i] *= 1 - t[i]^2 (the derivative of tanh, from its value).
LANDSCAPE_SIMD_CLONES void times_tanh_derivative(double* __restrict da, const double* __restrict t,
                                                 std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) da[i] *= 1.0 - t[i] * t[i];
}

// --- Blocked kernels -----------------------------------------------------------------------
// The data are taken in blocks of kBlock items. Within a block every array over items is a row
// of a node-by-item matrix (row stride ld), and each kernel loops over items innermost in chunks
// of kLanes, which the compiler turns into SIMD operations. The networks are narrow (a handful of
// inputs, hidden nodes and outputs), so the matrix products are short loops over nodes around
// these chunks; BLAS gains nothing on such shapes and its speed varies several-fold between
// OpenBLAS kernels. Sums over items are kept in kLanes partial sums (a vector of them): no
// reassociation is needed, and the order of the additions is the same whatever SIMD width the
// CPU offers (the AVX2 and AVX-512 clones contract products and sums to FMAs, so their results
// differ from the baseline clone's in the last bits).

constexpr std::size_t kBlock = 128;  // items per block: a block's arrays stay in L1
constexpr std::size_t kLanes = 8;    // items per chunk, and partial sums per reduction

/// kLanes doubles as one value (GCC's vector extension): one AVX-512 register, two AVX2 ones or
/// four SSE2 ones, whichever clone runs. Written out because GCC, left to vectorise the loops
/// below itself, vectorises along the short node loops with strided loads instead of along the
/// items, which is several times slower.
using Lanes = double __attribute__((vector_size(kLanes * sizeof(double))));

// GCC notes that a 64-byte vector returned by a function compiled without AVX-512 is passed
// differently than with it (-Wpsabi, at each use in the baseline clones); load and store are
// always inlined, so no call passes one. (Popped after the last kernel that uses Lanes.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
[[gnu::always_inline]] inline Lanes load(const double* p) {
  Lanes v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

[[gnu::always_inline]] inline void store(double* p, Lanes v) { std::memcpy(p, &v, sizeof v); }
/// out(r, d) = sum_c m(r, c) in(c, d) for r < rows, d < n, with m(r, c) = m[r m_row + c m_col]
/// (m_row = 1, m_col = stride reads m transposed), in(c, d) = in[c ld_in + d] and
/// out(r, d) = out[r ld_out + d]. Four chunks of items at a time: each m(r, c) is loaded once
/// for four vector products, and the four sums are independent.
LANDSCAPE_SIMD_CLONES void multiply(const double* __restrict m, std::size_t m_row,
                                    std::size_t m_col, std::size_t rows, std::size_t cols,
                                    const double* __restrict in, std::size_t ld_in, std::size_t n,
                                    double* __restrict out, std::size_t ld_out) {
  for (std::size_t r = 0; r < rows; ++r) {
    const double* mr = m + r * m_row;
    double* o = out + r * ld_out;
    std::size_t d = 0;
    for (; d + 4 * kLanes <= n; d += 4 * kLanes) {
      const double* i0 = in + d;
      Lanes a0 = mr[0] * load(i0), a1 = mr[0] * load(i0 + kLanes),
            a2 = mr[0] * load(i0 + 2 * kLanes), a3 = mr[0] * load(i0 + 3 * kLanes);
      for (std::size_t c = 1; c < cols; ++c) {
        const double mc = mr[c * m_col];
        const double* ic = in + c * ld_in + d;
        a0 += mc * load(ic);
        a1 += mc * load(ic + kLanes);
        a2 += mc * load(ic + 2 * kLanes);
        a3 += mc * load(ic + 3 * kLanes);
      }
      store(o + d, a0);
      store(o + d + kLanes, a1);
      store(o + d + 2 * kLanes, a2);
      store(o + d + 3 * kLanes, a3);
    }
    for (; d + kLanes <= n; d += kLanes) {
      Lanes acc = mr[0] * load(in + d);
      for (std::size_t c = 1; c < cols; ++c) acc += mr[c * m_col] * load(in + c * ld_in + d);
      store(o + d, acc);
    }
    for (; d < n; ++d) {
      double acc = mr[0] * in[d];
      for (std::size_t c = 1; c < cols; ++c) acc += mr[c * m_col] * in[c * ld_in + d];
      o[d] = acc;
    }
  }
}

/// sums[g kLanes + d mod kLanes] += a(d) b(g, d) for g < G, d < n (b(g, d) = b[g ldb + d]):
/// G independent sums, each chunk of a loaded once for G products.
template <std::size_t G>
[[gnu::always_inline]] inline void add_products_rows(const double* __restrict a,
                                                     const double* __restrict b, std::size_t ldb,
                                                     std::size_t n, double* __restrict sums) {
  const std::size_t n_full = n - n % kLanes;
  Lanes acc[G];
  for (std::size_t g = 0; g < G; ++g) acc[g] = load(sums + g * kLanes);
  for (std::size_t d = 0; d < n_full; d += kLanes) {
    const Lanes av = load(a + d);
    for (std::size_t g = 0; g < G; ++g) acc[g] += av * load(b + g * ldb + d);
  }
  for (std::size_t l = 0; n_full + l < n; ++l)
    for (std::size_t g = 0; g < G; ++g) acc[g][l] += a[n_full + l] * b[g * ldb + n_full + l];
  for (std::size_t g = 0; g < G; ++g) store(sums + g * kLanes, acc[g]);
}

/// lanes[(r rows_b + c) kLanes + d mod kLanes] += a(r, d) b(c, d) for d < n, r < rows_a,
/// c < rows_b (a(r, d) = a[r lda + d], b likewise): the partial sums of a b^T, four rows of b
/// at a time (the sums of one row alone would wait on each other's additions).
LANDSCAPE_SIMD_CLONES void add_products(const double* __restrict a, std::size_t lda,
                                        std::size_t rows_a, const double* __restrict b,
                                        std::size_t ldb, std::size_t rows_b, std::size_t n,
                                        double* __restrict lanes) {
  for (std::size_t r = 0; r < rows_a; ++r) {
    const double* ar = a + r * lda;
    double* sums = lanes + r * rows_b * kLanes;
    std::size_t c = 0;
    for (; c + 4 <= rows_b; c += 4)
      add_products_rows<4>(ar, b + c * ldb, ldb, n, sums + c * kLanes);
    switch (rows_b - c) {
      case 3:
        add_products_rows<3>(ar, b + c * ldb, ldb, n, sums + c * kLanes);
        break;
      case 2:
        add_products_rows<2>(ar, b + c * ldb, ldb, n, sums + c * kLanes);
        break;
      case 1:
        add_products_rows<1>(ar, b + c * ldb, ldb, n, sums + c * kLanes);
        break;
      default:
        break;
    }
  }
}

/// g[k] = sum of the partial sums lanes[k kLanes ..], for k < n.
void reduce_lanes(const double* lanes, std::size_t n, double* g) {
  for (std::size_t k = 0; k < n; ++k) {
    const double* v = lanes + k * kLanes;
    double s[4] = {0.0, 0.0, 0.0, 0.0};
    for (std::size_t l = 0; l < kLanes; ++l) s[l % 4] += v[l];
    g[k] = (s[0] + s[1]) + (s[2] + s[3]);
  }
}

/// The running sum over items of -ln p_c = margin + ln(sum) (margin = max y - y_c, sum = the
/// softmax denominator, 1 <= sum <= n_out): kLanes partial sums of the margins and kLanes partial
/// products of the sums, whose binary exponents are moved to an integer after each block, so
/// that nothing overflows and an evaluation takes kLanes logarithms instead of one per item.
struct CrossEntropySum {
  double margins[kLanes] = {};
  double products[kLanes] = {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0};
  long long exponent = 0;

  double value() const {
    double total = 0.0;
    for (std::size_t l = 0; l < kLanes; ++l) total += margins[l] + std::log(products[l]);
    return total + static_cast<double>(exponent) * std::numbers::ln2;
  }
};
static_assert(kLanes == 8, "CrossEntropySum::products lists kLanes ones");

/// Adds n <= kBlock items (per lane at most kBlock / kLanes factors of at most n_out each, far
/// from overflow for any n_out), then renormalises the products.
LANDSCAPE_SIMD_CLONES void add_cross_entropy(const double* __restrict margins,
                                             const double* __restrict sums, std::size_t n,
                                             CrossEntropySum& total) {
  Lanes m = load(total.margins), p = load(total.products);
  std::size_t d = 0;
  for (; d + kLanes <= n; d += kLanes) {
    m += load(margins + d);
    p *= load(sums + d);
  }
  for (std::size_t l = 0; d + l < n; ++l) {
    m[l] += margins[d + l];
    p[l] *= sums[d + l];
  }
  store(total.margins, m);
  for (std::size_t l = 0; l < kLanes; ++l) {
    int e = 0;
    total.products[l] = std::frexp(p[l], &e);
    total.exponent += e;
  }
}

#pragma GCC diagnostic pop

/// The features transposed (n_in x N), with a row of ones appended when there are biases.
std::vector<double> transposed_features(const LabelledData& data, bool biases) {
  const std::size_t n = data.size(), n_in = data.n_features;
  std::vector<double> xt((n_in + (biases ? 1 : 0)) * n, 1.0);
  for (std::size_t d = 0; d < n; ++d)
    for (std::size_t k = 0; k < n_in; ++k) xt[k * n + d] = data.x[d * n_in + k];
  return xt;
}

/// w1 as an n_hidden x n_cols matrix (hidden biases in the last column when there are biases)
/// and w2 as n_out x n_rows (output biases last).
void gather_weights(const MlpShape& s, const double* w, double* w1, double* w2) {
  const std::size_t n_cols = s.n_in + (s.biases ? 1 : 0);
  const std::size_t n_rows = s.n_hidden + (s.biases ? 1 : 0);
  for (std::size_t j = 0; j < s.n_hidden; ++j) {
    std::copy_n(w + s.w1_index(j, 0), s.n_in, w1 + j * n_cols);
    if (s.biases) w1[j * n_cols + s.n_in] = w[s.b1_index(j)];
  }
  for (std::size_t i = 0; i < s.n_out; ++i) {
    std::copy_n(w + s.w2_index(i, 0), s.n_hidden, w2 + i * n_rows);
    if (s.biases) w2[i * n_rows + s.n_hidden] = w[s.b2_index(i)];
  }
}

/// The network on n items (a block): t <- tanh(w1 xt) in the first n_hidden rows of t (a last
/// row of ones must already be there with biases), y <- w2 t (n_out x n). xt is n_cols x n.
/// Row strides ld_x, ld_t, ld_y.
void hidden_and_outputs(const MlpShape& s, const double* w1, const double* w2, const double* xt,
                        std::size_t ld_x, std::size_t n, double* t, std::size_t ld_t, double* y,
                        std::size_t ld_y) {
  const std::size_t n_cols = s.n_in + (s.biases ? 1 : 0);
  const std::size_t n_rows = s.n_hidden + (s.biases ? 1 : 0);
  multiply(w1, n_cols, 1, s.n_hidden, n_cols, xt, ld_x, n, t, ld_t);
  if (ld_t == n) {
    tanh_inplace(t, s.n_hidden * n);
  } else {
    for (std::size_t j = 0; j < s.n_hidden; ++j) tanh_inplace(t + j * ld_t, n);
  }
  multiply(w2, n_rows, 1, s.n_out, n_rows, t, ld_t, n, y, ld_y);
}

/// Softmax cross-entropy of n items from the outputs y (n_out x n, row stride ld, overwritten):
/// adds sum_d -ln p_{c_d} to total. With want_error, y becomes dL/dy = (p - onehot) * inv_n.
/// Log-sum-exp form: z = y - max(y) <= 0 per item, so nothing overflows; -ln p_c = (max y - y_c) +
/// ln sum exp(z). u, sums and margins are work arrays of n.
LANDSCAPE_SIMD_CLONES void softmax_cross_entropy(double* __restrict y, std::size_t ld,
                                                 const int* __restrict labels, std::size_t n,
                                                 std::size_t n_out, bool want_error, double inv_n,
                                                 double* __restrict u, double* __restrict sums,
                                                 double* __restrict margins,
                                                 CrossEntropySum& total) {
  if (n_out == 2) {
    // One exponential per item: with g = y1 - y0, the larger output has p = 1/(1 + e^-|g|).
    double* y0 = y;
    double* y1 = y + ld;
    for (std::size_t d = 0; d < n; ++d) u[d] = -std::abs(y1[d] - y0[d]);
    exp_nonpositive(u, n);
    for (std::size_t d = 0; d < n; ++d) {
      const double g = y1[d] - y0[d];
      const bool right = (labels[d] == 1) == (g > 0.0);  // the label's output is the larger
      sums[d] = 1.0 + u[d];
      margins[d] = right ? 0.0 : std::abs(g);
      if (want_error) {
        const double e_label = -(right ? u[d] : 1.0) * inv_n / sums[d];  // (p_c - 1) / N
        y0[d] = labels[d] == 0 ? e_label : -e_label;
        y1[d] = -y0[d];
      }
    }
    add_cross_entropy(margins, sums, n, total);
    return;
  }
  // General case, items along the rows: u holds the maxima, then the sums over wrong classes.
  std::copy_n(y, n, u);
  for (std::size_t i = 1; i < n_out; ++i)
    for (std::size_t d = 0; d < n; ++d) u[d] = std::max(u[d], y[i * ld + d]);
  std::fill_n(margins, n, 0.0);
  for (std::size_t i = 0; i < n_out; ++i)
    for (std::size_t d = 0; d < n; ++d) {
      y[i * ld + d] -= u[d];
      if (labels[d] == static_cast<int>(i)) margins[d] = -y[i * ld + d];
    }
  if (ld == n) {
    exp_nonpositive(y, n_out * n);
  } else {
    for (std::size_t i = 0; i < n_out; ++i) exp_nonpositive(y + i * ld, n);
  }
  std::fill_n(sums, n, 0.0);
  std::fill_n(u, n, 0.0);
  for (std::size_t i = 0; i < n_out; ++i)
    for (std::size_t d = 0; d < n; ++d) {
      sums[d] += y[i * ld + d];
      if (labels[d] != static_cast<int>(i)) u[d] += y[i * ld + d];
    }
  if (want_error) {
    for (std::size_t i = 0; i < n_out; ++i)
      for (std::size_t d = 0; d < n; ++d) {
        const double f = inv_n / sums[d];
        // 1 - p_c from the wrong classes' sum, accurate when p_c is close to 1.
        y[i * ld + d] = labels[d] == static_cast<int>(i) ? -u[d] * f : y[i * ld + d] * f;
      }
  }
  add_cross_entropy(margins, sums, n, total);
}

}  // namespace

MlpLoss::MlpLoss(MlpShape shape, LabelledData data, double lambda)
    : MlpLoss(shape, std::make_shared<const LabelledData>(std::move(data)), lambda) {}

MlpLoss::MlpLoss(MlpShape shape, std::shared_ptr<const LabelledData> data, double lambda)
    : shape_(shape), data_(std::move(data)), lambda_(lambda) {
  if (!data_) throw std::invalid_argument("MlpLoss: no data");
  if (shape_.n_in == 0 || shape_.n_hidden == 0 || shape_.n_out == 0)
    throw std::invalid_argument(
        fmt::format("MlpLoss: n_in = {}, n_hidden = {}, n_out = {}: all "
                    "must be >= 1",
                    shape_.n_in, shape_.n_hidden, shape_.n_out));
  if (!(lambda_ >= 0.0) || !std::isfinite(lambda_))
    throw std::invalid_argument(
        fmt::format("MlpLoss: lambda = {}: must be finite and >= 0", lambda_));
  const LabelledData& d = *data_;
  if (d.size() == 0) throw std::invalid_argument("MlpLoss: the data set is empty");
  if (d.n_features != shape_.n_in || d.n_classes != shape_.n_out ||
      d.x.size() != d.size() * d.n_features)
    throw std::invalid_argument(fmt::format(
        "MlpLoss: data of {} items with n_in = {}, n_out = {} ({} features) for a network with "
        "n_in = {}, n_out = {}",
        d.size(), d.n_features, d.n_classes, d.x.size(), shape_.n_in, shape_.n_out));
  for (std::size_t i = 0; i < d.size(); ++i)
    if (d.labels[i] < 0 || static_cast<std::size_t>(d.labels[i]) >= shape_.n_out)
      throw std::invalid_argument(fmt::format("MlpLoss: item {} has class {}, outside 0..{}", i,
                                              d.labels[i], shape_.n_out - 1));
  n_cols_ = shape_.n_in + (shape_.biases ? 1 : 0);
  n_rows_ = shape_.n_hidden + (shape_.biases ? 1 : 0);
  xt_ = transposed_features(d, shape_.biases);
  const std::size_t block = kBlock;
  Scratch& s = scratch_;
  s.w1.resize(shape_.n_hidden * n_cols_);
  s.w2.resize(shape_.n_out * n_rows_);
  s.t.assign(n_rows_ * block, 1.0);  // the last row (biases) stays at 1
  s.y.resize(shape_.n_out * block);
  s.da.resize(shape_.n_hidden * block);
  s.u.resize(block);
  s.sums.resize(block);
  s.margins.resize(block);
  s.lanes1.resize(shape_.n_hidden * n_cols_ * kLanes);
  s.lanes2.resize(shape_.n_out * n_rows_ * kLanes);
  s.gw1.resize(shape_.n_hidden * n_cols_);
  s.gw2.resize(shape_.n_out * n_rows_);
}

void MlpLoss::check_weights(const char* what, std::size_t size) const {
  if (size != n_dof())
    throw std::invalid_argument(
        fmt::format("{}::{}: array of size {}, expected {}", name(), what, size, n_dof()));
}

// Per block of items: the forward pass, the softmax cross-entropy and dL/dy; then
//   dL/dw2 (and b2, against the row of ones) += err t^T,
//   dL/da = (w2^T err) * (1 - t^2),  dL/dw1 (and b1) += da xt^T,
// the sums over items kept as partial sums until the end. Only a block's arrays are stored,
// except for the Hessian, which needs t, err and da of every item: those are then written in
// place in the whole-data arrays (the same kernels with row stride N).
double MlpLoss::evaluate(std::span<const double> w, Pass pass) const {
  const MlpShape& sh = shape_;
  const std::size_t n = data_->size(), nh = sh.n_hidden, n_out = sh.n_out;
  const bool want_gradient = pass != Pass::kLoss, keep = pass == Pass::kHessianTerms;
  Scratch& s = scratch_;
  gather_weights(sh, w.data(), s.w1.data(), s.w2.data());
  if (keep && s.t_all.size() != n_rows_ * n) {
    s.t_all.assign(n_rows_ * n, 1.0);  // the last row (biases) stays at 1
    s.y_all.resize(n_out * n);
    s.da_all.resize(nh * n);
  }
  if (want_gradient) {
    std::fill(s.lanes1.begin(), s.lanes1.end(), 0.0);
    std::fill(s.lanes2.begin(), s.lanes2.end(), 0.0);
  }
  const double inv_n = 1.0 / static_cast<double>(n);
  const int* labels = data_->labels.data();
  CrossEntropySum total;
  for (std::size_t d0 = 0; d0 < n; d0 += kBlock) {
    const std::size_t nb = std::min(kBlock, n - d0);
    const std::size_t ld = keep ? n : kBlock;  // row stride of t, y and da
    const double* x = xt_.data() + d0;         // row stride n
    double* t = keep ? s.t_all.data() + d0 : s.t.data();
    double* y = keep ? s.y_all.data() + d0 : s.y.data();
    double* da = keep ? s.da_all.data() + d0 : s.da.data();
    hidden_and_outputs(sh, s.w1.data(), s.w2.data(), x, n, nb, t, ld, y, ld);
    softmax_cross_entropy(y, ld, labels + d0, nb, n_out, want_gradient, inv_n, s.u.data(),
                          s.sums.data(), s.margins.data(), total);
    if (!want_gradient) continue;
    add_products(y, ld, n_out, t, ld, n_rows_, nb, s.lanes2.data());
    multiply(s.w2.data(), 1, n_rows_, nh, n_out, y, ld, nb, da, ld);  // w2^T err
    for (std::size_t j = 0; j < nh; ++j) times_tanh_derivative(da + j * ld, t + j * ld, nb);
    add_products(da, ld, nh, x, n, n_cols_, nb, s.lanes1.data());
  }
  if (want_gradient) {
    reduce_lanes(s.lanes1.data(), nh * n_cols_, s.gw1.data());
    reduce_lanes(s.lanes2.data(), n_out * n_rows_, s.gw2.data());
  }
  return inv_n * total.value();
}

double MlpLoss::loss_gradient(std::span<const double> w, std::span<double> grad, Pass pass) const {
  const MlpShape& sh = shape_;
  const std::size_t nh = sh.n_hidden, n_out = sh.n_out;
  const Scratch& s = scratch_;
  const double loss = evaluate(w, pass);
  double* g = grad.data();
  for (std::size_t j = 0; j < nh; ++j) {
    std::copy_n(s.gw1.data() + j * n_cols_, sh.n_in, g + sh.w1_index(j, 0));
    if (sh.biases) g[sh.b1_index(j)] = s.gw1[j * n_cols_ + sh.n_in];
  }
  for (std::size_t i = 0; i < n_out; ++i) {
    std::copy_n(s.gw2.data() + i * n_rows_, nh, g + sh.w2_index(i, 0));
    if (sh.biases) g[sh.b2_index(i)] = s.gw2[i * n_rows_ + nh];
  }
  double w2sum = 0.0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    w2sum += w[i] * w[i];
    g[i] += 2.0 * lambda_ * w[i];
  }
  return loss + lambda_ * w2sum;
}

double MlpLoss::energy(std::span<const double> w) const {
  check_weights("energy (w)", w.size());
  double w2sum = 0.0;
  for (double v : w) w2sum += v * v;
  return evaluate(w, Pass::kLoss) + lambda_ * w2sum;
}

double MlpLoss::energy_gradient(std::span<const double> w, std::span<double> grad) const {
  check_weights("energy_gradient (w)", w.size());
  check_weights("energy_gradient (grad)", grad.size());
  return loss_gradient(w, grad, Pass::kGradient);
}

namespace {

/// What the Hessian needs besides the weights: the shape, the data, and the arrays left by the
/// gradient pass (see the comment on MlpLoss::energy_gradient_hessian).
struct HessianTerms {
  const MlpShape& sh;
  std::size_t n, nh, n_out, nc, nw;  ///< items, hidden nodes, outputs, columns of w1, weights
  const double* err;                 ///< n_out x N: (p - onehot)/N
  const double* t;                   ///< n_rows x N: hidden values
  const double* da;                  ///< nh x N: dL/da
  const double* xt;                  ///< nc x N: features (and ones)
  const double* w2;                  ///< n_out x nh
  const int* labels;
  /// The weight of w1(j, k), the hidden bias for k = n_in.
  std::size_t w1_param(std::size_t j, std::size_t k) const {
    return k < sh.n_in ? sh.w1_index(j, k) : sh.b1_index(j);
  }
};

/// Work arrays of the Gauss-Newton rows of one item.
struct ItemWork {
  std::vector<double> p, one_minus_p, w2bar, dh;
  explicit ItemWork(const HessianTerms& a)
      : p(a.n_out), one_minus_p(a.n_out), w2bar(a.nh), dh(a.nh) {}
};

/// The n_out rows sqrt(p_i/N) (J_i - Jbar) of item d into r (zero on entry; a row of p_i = 0
/// stays zero).
void gauss_newton_rows(const HessianTerms& a, std::size_t d, ItemWork& work, double* r) {
  const std::size_t n = a.n, nh = a.nh, n_out = a.n_out, nw = a.nw;
  const double dn = static_cast<double>(n);
  std::vector<double>& p = work.p;
  std::vector<double>& one_minus_p = work.one_minus_p;
  // p from the error signal: p_i = N e_i for the wrong classes, 1 - p_c = -N e_c.
  const std::size_t c = static_cast<std::size_t>(a.labels[d]);
  double p_wrong = 0.0;
  for (std::size_t i = 0; i < n_out; ++i) {
    p[i] = i == c ? 0.0 : a.err[i * n + d] * dn;
    p_wrong += p[i];
  }
  p[c] = std::max(0.0, 1.0 - p_wrong);
  for (std::size_t i = 0; i < n_out; ++i)
    one_minus_p[i] = i == c ? -a.err[c * n + d] * dn : std::max(0.0, p_wrong - p[i] + p[c]);
  std::fill(work.w2bar.begin(), work.w2bar.end(), 0.0);
  for (std::size_t i = 0; i < n_out; ++i)
    for (std::size_t j = 0; j < nh; ++j) work.w2bar[j] += p[i] * a.w2[i * nh + j];
  for (std::size_t j = 0; j < nh; ++j) work.dh[j] = 1.0 - a.t[j * n + d] * a.t[j * n + d];
  for (std::size_t i = 0; i < n_out; ++i) {
    double* row = r + i * nw;
    const double scale = std::sqrt(p[i] / dn);
    if (scale == 0.0) continue;
    for (std::size_t j = 0; j < nh; ++j) {
      const double coef = scale * (a.w2[i * nh + j] - work.w2bar[j]) * work.dh[j];
      for (std::size_t k = 0; k < a.nc; ++k) row[a.w1_param(j, k)] = coef * a.xt[k * n + d];
    }
    for (std::size_t m = 0; m < n_out; ++m) {
      const double coef = scale * (m == i ? one_minus_p[i] : -p[m]);
      for (std::size_t j = 0; j < nh; ++j) row[a.sh.w2_index(m, j)] = coef * a.t[j * n + d];
      if (a.sh.biases) row[a.sh.b2_index(m)] = coef;
    }
  }
}

/// h += J^T S J = R^T R, items in chunks so that R stays small; h is then made symmetric.
void add_gauss_newton(const HessianTerms& a, double* h) {
  const std::size_t n = a.n, n_out = a.n_out, nw = a.nw;
  const std::size_t chunk = std::max<std::size_t>(1, (std::size_t{1} << 18) / (n_out * nw));
  std::vector<double> r(std::min(chunk, n) * n_out * nw);
  ItemWork work(a);
  for (std::size_t d0 = 0; d0 < n; d0 += chunk) {
    const std::size_t d1 = std::min(n, d0 + chunk);
    std::fill(r.begin(), r.end(), 0.0);
    for (std::size_t d = d0; d < d1; ++d)
      gauss_newton_rows(a, d, work, r.data() + (d - d0) * n_out * nw);
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, static_cast<int>(nw),
                static_cast<int>((d1 - d0) * n_out), 1.0, r.data(), static_cast<int>(nw), 1.0, h,
                static_cast<int>(nw));
  }
  for (std::size_t i = 0; i < nw; ++i)
    for (std::size_t j = i + 1; j < nw; ++j) h[j * nw + i] = h[i * nw + j];
}

/// h += sum_i e_i d2y_i: per hidden node j an nc x nc block over w1(j,.) (b1(j) included), and
/// the coupling of w2(i,j) with w1(j,.).
void add_second_derivatives(const HessianTerms& a, double* h) {
  const std::size_t n = a.n, nc = a.nc, nw = a.nw;
  std::vector<double> q(n), f(n);
  for (std::size_t j = 0; j < a.nh; ++j) {
    for (std::size_t d = 0; d < n; ++d)
      q[d] = -2.0 * a.t[j * n + d] * a.da[j * n + d];  // dL/dh h''
    for (std::size_t k = 0; k < nc; ++k)
      for (std::size_t l = k; l < nc; ++l) {
        double v = 0.0;
        for (std::size_t d = 0; d < n; ++d) v += q[d] * a.xt[k * n + d] * a.xt[l * n + d];
        h[a.w1_param(j, k) * nw + a.w1_param(j, l)] += v;
        if (l != k) h[a.w1_param(j, l) * nw + a.w1_param(j, k)] += v;
      }
    for (std::size_t i = 0; i < a.n_out; ++i) {
      for (std::size_t d = 0; d < n; ++d)
        f[d] = a.err[i * n + d] * (1.0 - a.t[j * n + d] * a.t[j * n + d]);
      for (std::size_t k = 0; k < nc; ++k) {
        double v = 0.0;
        for (std::size_t d = 0; d < n; ++d) v += f[d] * a.xt[k * n + d];
        const std::size_t row = a.sh.w2_index(i, j), col = a.w1_param(j, k);
        h[row * nw + col] += v;
        h[col * nw + row] += v;
      }
    }
  }
}

}  // namespace

// Hessian of the per-item loss l = lse(y) - y_c with e = p - onehot and S = diag(p) - p p^T:
//   d2l = J^T S J + sum_i e_i d2y_i,   J_i = dy_i/dW.
// J^T S J = sum_i p_i (J_i - Jbar)(J_i - Jbar)^T with Jbar = sum_i p_i J_i (S is the covariance
// of the one-hot vector under p), so it is R^T R for rows sqrt(p_i/N) (J_i - Jbar), accumulated
// with dsyrk; this form is positive semidefinite by construction and has no cancellation when
// one p_i is close to 1. Components of J_i - Jbar:
//   w1(j,k): (w2(i,j) - sum_m p_m w2(m,j)) h'_j x_k     (x_k = 1 for b1(j))
//   w2(m,j): ([i == m] - p_m) h_j                      (h_j = 1 for b2(m))
// The second derivatives of y are nonzero only in two blocks:
//   d2y_i / dw1(j,k) dw1(j,q) = w2(i,j) h''_j x_k x_q,  h'' = -2 h h'
//   d2y_i / dw2(i,j) dw1(j,k) = h'_j x_k
// so sum_i e_i d2y_i needs dL/dh_j h'_j = dL/da_j (from the gradient pass) and e itself.
double MlpLoss::energy_gradient_hessian(std::span<const double> w, std::span<double> grad,
                                        std::span<double> hess) const {
  // Phase: check the arrays
  check_weights("energy_gradient_hessian (w)", w.size());
  check_weights("energy_gradient_hessian (grad)", grad.size());
  const std::size_t nw = n_dof();
  if (hess.size() != nw * nw)
    throw std::invalid_argument(
        fmt::format("{}::energy_gradient_hessian (hess): array of size {}, expected {}", name(),
                    hess.size(), nw * nw));

  // Phase: the loss and its gradient, whose pass leaves the error signal and the hidden values
  const double loss = loss_gradient(w, grad, Pass::kHessianTerms);
  const HessianTerms terms{shape_,
                           data_->size(),
                           shape_.n_hidden,
                           shape_.n_out,
                           n_cols_,
                           nw,
                           scratch_.y_all.data(),
                           scratch_.t_all.data(),
                           scratch_.da_all.data(),
                           xt_.data(),
                           w.data() + shape_.w2_index(0, 0),
                           data_->labels.data()};
  std::fill(hess.begin(), hess.end(), 0.0);

  // Phase: the Gauss-Newton part, then the second derivatives of the outputs
  add_gauss_newton(terms, hess.data());
  add_second_derivatives(terms, hess.data());

  // Phase: the weight decay
  for (std::size_t a = 0; a < nw; ++a) hess[a * nw + a] += 2.0 * lambda_;
  return loss;
}

void MlpLoss::probabilities(std::span<const double> w, const LabelledData& data,
                            std::vector<double>& p) const {
  check_weights("probabilities (w)", w.size());
  if (data.n_features != shape_.n_in || data.x.size() != data.size() * data.n_features)
    throw std::invalid_argument(fmt::format(
        "{}::probabilities: data with n_in = {} ({} features for {} items), network n_in = {}",
        name(), data.n_features, data.x.size(), data.size(), shape_.n_in));
  const std::size_t n = data.size(), n_out = shape_.n_out;
  p.assign(n * n_out, 0.0);
  if (n == 0) return;
  const std::vector<double> xt = transposed_features(data, shape_.biases);
  std::vector<double> w1(shape_.n_hidden * n_cols_), w2(n_out * n_rows_), t(n_rows_ * kBlock, 1.0),
      y(n_out * kBlock), m(kBlock), sums(kBlock);
  gather_weights(shape_, w.data(), w1.data(), w2.data());
  for (std::size_t d0 = 0; d0 < n; d0 += kBlock) {
    const std::size_t nb = std::min(kBlock, n - d0);
    hidden_and_outputs(shape_, w1.data(), w2.data(), xt.data() + d0, n, nb, t.data(), kBlock,
                       y.data(), kBlock);
    std::copy_n(y.begin(), nb, m.begin());
    for (std::size_t i = 1; i < n_out; ++i)
      for (std::size_t d = 0; d < nb; ++d) m[d] = std::max(m[d], y[i * kBlock + d]);
    for (std::size_t i = 0; i < n_out; ++i) {
      for (std::size_t d = 0; d < nb; ++d) y[i * kBlock + d] -= m[d];
      exp_nonpositive(y.data() + i * kBlock, nb);
    }
    std::fill(sums.begin(), sums.end(), 0.0);
    for (std::size_t i = 0; i < n_out; ++i)
      for (std::size_t d = 0; d < nb; ++d) sums[d] += y[i * kBlock + d];
    for (std::size_t d = 0; d < nb; ++d)
      for (std::size_t i = 0; i < n_out; ++i) p[(d0 + d) * n_out + i] = y[i * kBlock + d] / sums[d];
  }
}

}  // namespace landscape
