#include "common/potentials/mlp.hpp"

#include <cblas.h>
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
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

/// Sum of log(s[i]) for 1 <= s[i] <= n_out: the log of products of blocks of items, one log a
/// block (the block keeps the products far from overflow).
double sum_log(const double* s, std::size_t n, std::size_t n_out) {
  const double bits = std::log2(static_cast<double>(std::max<std::size_t>(n_out, 2)));
  const std::size_t block = std::clamp<std::size_t>(static_cast<std::size_t>(900.0 / bits), 4, 64);
  double total = 0.0;
  for (std::size_t i0 = 0; i0 < n; i0 += block) {
    const std::size_t i1 = std::min(n, i0 + block);
    double prod[4] = {1.0, 1.0, 1.0, 1.0};
    std::size_t i = i0;
    for (; i + 4 <= i1; i += 4)
      for (std::size_t k = 0; k < 4; ++k) prod[k] *= s[i + k];
    for (; i < i1; ++i) prod[0] *= s[i];
    total += std::log((prod[0] * prod[1]) * (prod[2] * prod[3]));
  }
  return total;
}

/// Sum of v[0..n) with independent partial sums (a single running sum is latency-bound).
double sum(const double* v, std::size_t n) {
  double part[4] = {0.0, 0.0, 0.0, 0.0};
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4)
    for (std::size_t k = 0; k < 4; ++k) part[k] += v[i + k];
  for (; i < n; ++i) part[0] += v[i];
  return (part[0] + part[1]) + (part[2] + part[3]);
}

// Row-major BLAS shorthands: C = alpha op(A) op(B) + beta C.
void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, double alpha,
          const double* a, std::size_t lda, const double* b, std::size_t ldb, double beta,
          double* c, std::size_t ldc) {
  cblas_dgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, static_cast<int>(m), static_cast<int>(n),
              static_cast<int>(k), alpha, a, static_cast<int>(lda), b, static_cast<int>(ldb), beta,
              c, static_cast<int>(ldc));
}

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

/// The network on n items: t <- tanh(w1 xt) (its first n_hidden rows; a last row of ones must
/// already be there with biases), y <- w2 t (n_out x n). xt is n_cols x n.
void hidden_and_outputs(const MlpShape& s, const double* w1, const double* w2, const double* xt,
                        std::size_t n, double* t, double* y) {
  const std::size_t n_cols = s.n_in + (s.biases ? 1 : 0);
  const std::size_t n_rows = s.n_hidden + (s.biases ? 1 : 0);
  gemm(false, false, s.n_hidden, n, n_cols, 1.0, w1, n_cols, xt, n, 0.0, t, n);
  tanh_inplace(t, s.n_hidden * n);
  gemm(false, false, s.n_out, n, n_rows, 1.0, w2, n_rows, t, n, 0.0, y, n);
}

/// Softmax cross-entropy of n items from the outputs y (n_out x n, overwritten): returns
/// sum_d -ln p_{c_d}. With want_error, y becomes dL/dy = (p - onehot) * inv_n. Log-sum-exp form:
/// z = y - max(y) <= 0 per item, so nothing overflows; -ln p_c = (max y - y_c) + ln sum exp(z).
/// u, sums and margins are work arrays of n.
LANDSCAPE_SIMD_CLONES double softmax_cross_entropy(double* __restrict y,
                                                   const int* __restrict labels, std::size_t n,
                                                   std::size_t n_out, bool want_error, double inv_n,
                                                   double* __restrict u, double* __restrict sums,
                                                   double* __restrict margins) {
  if (n_out == 2) {
    // One exponential per item: with g = y1 - y0, the larger output has p = 1/(1 + e^-|g|).
    double* y0 = y;
    double* y1 = y + n;
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
    return sum(margins, n) + sum_log(sums, n, n_out);
  }
  // General case, items along the rows: u holds the maxima, then the sums over wrong classes.
  std::copy_n(y, n, u);
  for (std::size_t i = 1; i < n_out; ++i)
    for (std::size_t d = 0; d < n; ++d) u[d] = std::max(u[d], y[i * n + d]);
  std::fill_n(margins, n, 0.0);
  for (std::size_t i = 0; i < n_out; ++i)
    for (std::size_t d = 0; d < n; ++d) {
      y[i * n + d] -= u[d];
      if (labels[d] == static_cast<int>(i)) margins[d] = -y[i * n + d];
    }
  exp_nonpositive(y, n_out * n);
  std::fill_n(sums, n, 0.0);
  std::fill_n(u, n, 0.0);
  for (std::size_t i = 0; i < n_out; ++i)
    for (std::size_t d = 0; d < n; ++d) {
      sums[d] += y[i * n + d];
      if (labels[d] != static_cast<int>(i)) u[d] += y[i * n + d];
    }
  if (want_error) {
    for (std::size_t i = 0; i < n_out; ++i)
      for (std::size_t d = 0; d < n; ++d) {
        const double f = inv_n / sums[d];
        // 1 - p_c from the wrong classes' sum, accurate when p_c is close to 1.
        y[i * n + d] = labels[d] == static_cast<int>(i) ? -u[d] * f : y[i * n + d] * f;
      }
  }
  return sum(margins, n) + sum_log(sums, n, n_out);
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
  const std::size_t n = d.size();
  Scratch& s = scratch_;
  s.w1.resize(shape_.n_hidden * n_cols_);
  s.w2.resize(shape_.n_out * n_rows_);
  s.t.assign(n_rows_ * n, 1.0);  // the last row (biases) stays at 1
  s.y.resize(shape_.n_out * n);
  s.da.resize(shape_.n_hidden * n);
  s.gw1.resize(shape_.n_hidden * n_cols_);
  s.gw2.resize(shape_.n_out * n_rows_);
  s.u.resize(n);
  s.sums.resize(n);
  s.margins.resize(n);
}

void MlpLoss::check_weights(const char* what, std::size_t size) const {
  if (size != n_dof())
    throw std::invalid_argument(
        fmt::format("{}::{}: array of size {}, expected {}", name(), what, size, n_dof()));
}

double MlpLoss::forward(std::span<const double> w, bool want_error) const {
  const std::size_t n = data_->size();
  Scratch& s = scratch_;
  gather_weights(shape_, w.data(), s.w1.data(), s.w2.data());
  hidden_and_outputs(shape_, s.w1.data(), s.w2.data(), xt_.data(), n, s.t.data(), s.y.data());
  const double inv_n = 1.0 / static_cast<double>(n);
  return inv_n * softmax_cross_entropy(s.y.data(), data_->labels.data(), n, shape_.n_out,
                                       want_error, inv_n, s.u.data(), s.sums.data(),
                                       s.margins.data());
}

double MlpLoss::loss_gradient(std::span<const double> w, std::span<double> grad) const {
  const MlpShape& sh = shape_;
  const std::size_t n = data_->size(), nh = sh.n_hidden, n_out = sh.n_out;
  Scratch& s = scratch_;
  const double loss = forward(w, true);
  const double* err = s.y.data();  // n_out x N: dL/dy
  const double* t = s.t.data();

  // Output layer: dL/dw2 (and b2, against the row of ones) = err t^T.
  gemm(false, true, n_out, n_rows_, n, 1.0, err, n, t, n, 0.0, s.gw2.data(), n_rows_);
  // Hidden layer: dL/da = (w2^T err) * (1 - t^2); dL/dw1 (and b1) = da xt^T.
  double* da = s.da.data();
  gemm(true, false, nh, n, n_out, 1.0, s.w2.data(), n_rows_, err, n, 0.0, da, n);
  times_tanh_derivative(da, t, nh * n);
  gemm(false, true, nh, n_cols_, n, 1.0, da, n, xt_.data(), n, 0.0, s.gw1.data(), n_cols_);

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
  return forward(w, false) + lambda_ * w2sum;
}

double MlpLoss::energy_gradient(std::span<const double> w, std::span<double> grad) const {
  check_weights("energy_gradient (w)", w.size());
  check_weights("energy_gradient (grad)", grad.size());
  return loss_gradient(w, grad);
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
  const double loss = loss_gradient(w, grad);
  const HessianTerms terms{shape_,
                           data_->size(),
                           shape_.n_hidden,
                           shape_.n_out,
                           n_cols_,
                           nw,
                           scratch_.y.data(),
                           scratch_.t.data(),
                           scratch_.da.data(),
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
  std::vector<double> w1(shape_.n_hidden * n_cols_), w2(n_out * n_rows_), t(n_rows_ * n, 1.0),
      y(n_out * n), m(n, 0.0), sums(n, 0.0);
  gather_weights(shape_, w.data(), w1.data(), w2.data());
  hidden_and_outputs(shape_, w1.data(), w2.data(), xt.data(), n, t.data(), y.data());
  std::copy_n(y.begin(), n, m.begin());
  for (std::size_t i = 1; i < n_out; ++i)
    for (std::size_t d = 0; d < n; ++d) m[d] = std::max(m[d], y[i * n + d]);
  for (std::size_t i = 0; i < n_out; ++i)
    for (std::size_t d = 0; d < n; ++d) y[i * n + d] -= m[d];
  exp_nonpositive(y.data(), n_out * n);
  for (std::size_t i = 0; i < n_out; ++i)
    for (std::size_t d = 0; d < n; ++d) sums[d] += y[i * n + d];
  for (std::size_t d = 0; d < n; ++d)
    for (std::size_t i = 0; i < n_out; ++i) p[d * n_out + i] = y[i * n + d] / sums[d];
}

}  // namespace landscape
