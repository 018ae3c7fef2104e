#include "actors/analytics/svi_fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace g6 {

std::string_view to_string(svi_fit_failure x) {
  switch (x) {
    case svi_fit_failure::too_few_points: return "too_few_points";
    case svi_fit_failure::one_sided: return "one_sided";
    case svi_fit_failure::invalid_expiry: return "invalid_expiry";
  }
  return "unknown";
}

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

/// A point ready for the search: the variance weight already turned from the volatility weight.
struct fit_point {
  double k;
  double w;
  double weight; // of the variance error, normalised to sum 1
};

/// x = (a, d, c) with d = ρbσ and c = bσ: the linear parameters for fixed (m, σ).
using linear_params = std::array<double, 3>;

/// The inner problem for fixed (m, σ): minimise xᵀHx − 2gᵀx + e (the weighted squared variance error)
/// over the polytope  a ≥ |d| − c,  a ≤ a_max,  |d| ≤ c,  c + |d| ≤ 2σ.
/// Gatheral's a + bσ√(1 − ρ²) ≥ 0 (no negative variance anywhere) reads a + √(c² − d²) ≥ 0; since
/// √(c² − d²) ≥ c − |d| when |d| ≤ c, the linear a ≥ |d| − c implies it and keeps the problem a small
/// quadratic programme. (a ≥ 0 alone would be simpler and wrong: short-dated index smiles fit best with a
/// negative a, which that bound pins at zero, costing whole vol points of error.)
struct inner_problem {
  std::array<double, 9> h{}; // row-major, symmetric
  linear_params g{};
  double e = 0;
  double a_max = 0;
  double sigma = 1;
};

/// One inequality nᵀx ≤ bound.
struct constraint {
  linear_params n;
  double bound;
};

constexpr size_t constraint_count = 7;
using constraint_set = std::array<constraint, constraint_count>;

constraint_set constraints_of(const inner_problem& p) {
  auto two_sigma = 2 * p.sigma;
  return {{
    {{-1, 1, -1}, 0},         // a ≥ d − c
    {{-1, -1, -1}, 0},        // a ≥ −d − c
    {{1, 0, 0}, p.a_max},     // a ≤ a_max
    {{0, 1, -1}, 0},          // d ≤ c
    {{0, -1, -1}, 0},         // −d ≤ c
    {{0, 1, 1}, two_sigma},   // c + d ≤ 2σ
    {{0, -1, 1}, two_sigma},  // c − d ≤ 2σ
  }};
}

// The faces of the polytope, as the constraints active on them: every set of one, two or three
// constraints, smallest first (sets whose KKT system is singular are skipped). The optimum of a convex
// quadratic over a polytope is the optimum over the affine hull of the face it lies in, and the first face
// whose point is feasible with non-negative multipliers satisfies the KKT conditions: it is exact.
constexpr int no_constraint = -1;
using active_set = std::array<int, 3>;
constexpr size_t face_count = 7 + 21 + 35;
constexpr std::array<active_set, face_count> make_faces() {
  std::array<active_set, face_count> faces{};
  size_t n = 0;
  constexpr int c = static_cast<int>(constraint_count);
  for (int i = 0; i < c; ++i)
    faces[n++] = {i, no_constraint, no_constraint};
  for (int i = 0; i < c; ++i)
    for (int j = i + 1; j < c; ++j)
      faces[n++] = {i, j, no_constraint};
  for (int i = 0; i < c; ++i)
    for (int j = i + 1; j < c; ++j)
      for (int k = j + 1; k < c; ++k)
        faces[n++] = {i, j, k};
  return faces;
}
constexpr auto inner_faces = make_faces();

double objective(const inner_problem& p, const linear_params& x) {
  double quadratic = 0;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      quadratic += x[i] * p.h[i * 3 + j] * x[j];
  return quadratic - 2 * (p.g[0] * x[0] + p.g[1] * x[1] + p.g[2] * x[2]) + p.e;
}

/// Solves the n×n system (row-major, augmented with the right-hand side in column n) by Gaussian
/// elimination with partial pivoting; false when it is singular.
template <size_t N>
bool solve_in_place(std::array<double, N * (N + 1)>& m, size_t n, std::array<double, N>& out) {
  const size_t cols = n + 1;
  double scale = 0;
  for (size_t i = 0; i < n * cols; ++i)
    scale = std::max(scale, std::abs(m[i]));
  if (!(scale > 0))
    return false;
  for (size_t col = 0; col < n; ++col) {
    size_t pivot = col;
    for (size_t r = col + 1; r < n; ++r)
      if (std::abs(m[r * cols + col]) > std::abs(m[pivot * cols + col]))
        pivot = r;
    if (!(std::abs(m[pivot * cols + col]) > 1e-13 * scale))
      return false;
    if (pivot != col)
      for (size_t c = 0; c < cols; ++c)
        std::swap(m[col * cols + c], m[pivot * cols + c]);
    for (size_t r = col + 1; r < n; ++r) {
      auto factor = m[r * cols + col] / m[col * cols + col];
      for (size_t c = col; c < cols; ++c)
        m[r * cols + c] -= factor * m[col * cols + c];
    }
  }
  for (size_t r = n; r-- > 0;) {
    auto sum = m[r * cols + n];
    for (size_t c = r + 1; c < n; ++c)
      sum -= m[r * cols + c] * out[c];
    out[r] = sum / m[r * cols + r];
  }
  return true;
}

/// The minimum of the quadratic over the affine set where `active` constraints hold with equality: the
/// KKT system [H Nᵀ; N 0]·[x; μ] = [g; bound]. `multipliers_ok` says whether every μ ≥ 0, which makes a
/// feasible x the optimum over the whole polytope (the programme is convex). False when singular.
bool solve_on_face(const inner_problem& p, const constraint_set& all, const std::array<int, 3>& active,
                   linear_params& x, bool& multipliers_ok) {
  constexpr size_t max_n = 6;
  std::array<int, 3> rows{};
  size_t count = 0;
  for (auto c : active)
    if (c != no_constraint)
      rows[count++] = c;
  const size_t n = 3 + count;
  const size_t cols = n + 1;
  std::array<double, max_n*(max_n + 1)> m{};
  for (size_t i = 0; i < 3; ++i) {
    for (size_t j = 0; j < 3; ++j)
      m[i * cols + j] = p.h[i * 3 + j];
    for (size_t r = 0; r < count; ++r)
      m[i * cols + 3 + r] = all[static_cast<size_t>(rows[r])].n[i];
    m[i * cols + n] = p.g[i];
  }
  for (size_t r = 0; r < count; ++r) {
    auto& con = all[static_cast<size_t>(rows[r])];
    for (size_t j = 0; j < 3; ++j)
      m[(3 + r) * cols + j] = con.n[j];
    m[(3 + r) * cols + n] = con.bound;
  }
  std::array<double, max_n> solution{};
  if (!solve_in_place<max_n>(m, n, solution))
    return false;
  x = {solution[0], solution[1], solution[2]};
  multipliers_ok = true;
  for (size_t r = 0; r < count; ++r)
    multipliers_ok = multipliers_ok && solution[3 + r] >= -1e-14;
  return true;
}

bool feasible(const constraint_set& all, const linear_params& x, double tolerance) {
  for (auto& c : all)
    if (!(c.n[0] * x[0] + c.n[1] * x[1] + c.n[2] * x[2] <= c.bound + tolerance))
      return false;
  return true;
}

/// The exact optimum of the inner problem and its objective. Faces are tried from the largest (the
/// unconstrained optimum) down to the vertices; the first feasible point whose multipliers are all
/// non-negative satisfies the KKT conditions and is the optimum. Should rounding leave none, the best
/// feasible candidate is taken. `hint` is the face that held the last optimum (face_count for none): the
/// search moves (m, σ) by small steps, so it is tried first, and set to the face found.
std::pair<linear_params, double> solve_inner(const inner_problem& p, size_t& hint) {
  auto all = constraints_of(p);
  auto tolerance = 1e-10 * std::max({p.a_max, p.sigma, 1e-12});
  linear_params best{0, 0, 0};
  double best_value = infinity;
  linear_params x{};
  // The unconstrained optimum (Cramer's rule on the 3×3 normal equations) first: it is the answer
  // whenever it is feasible, which is most of the time near the optimum of (m, σ).
  auto& h = p.h;
  auto minor0 = h[4] * h[8] - h[5] * h[7];
  auto minor1 = h[3] * h[8] - h[5] * h[6];
  auto minor2 = h[3] * h[7] - h[4] * h[6];
  auto det = h[0] * minor0 - h[1] * minor1 + h[2] * minor2;
  if (std::abs(det) > 1e-13 * std::abs(h[0] * h[4] * h[8])) {
    auto& g = p.g;
    x[0] = (g[0] * minor0 - h[1] * (g[1] * h[8] - h[5] * g[2]) + h[2] * (g[1] * h[7] - h[4] * g[2])) / det;
    x[1] = (h[0] * (g[1] * h[8] - h[5] * g[2]) - g[0] * minor1 + h[2] * (h[3] * g[2] - g[1] * h[6])) / det;
    x[2] = (h[0] * (h[4] * g[2] - g[1] * h[7]) - h[1] * (h[3] * g[2] - g[1] * h[6]) + g[0] * minor2) / det;
    if (feasible(all, x, tolerance))
      return {x, objective(p, x)};
  }
  bool multipliers_ok = false;
  if (hint < face_count && solve_on_face(p, all, inner_faces[hint], x, multipliers_ok) && multipliers_ok &&
      feasible(all, x, tolerance))
    return {x, objective(p, x)};
  for (size_t face = 0; face < face_count; ++face) {
    if (!solve_on_face(p, all, inner_faces[face], x, multipliers_ok) || !feasible(all, x, tolerance))
      continue;
    if (multipliers_ok) {
      hint = face;
      return {x, objective(p, x)};
    }
    auto value = objective(p, x);
    if (value < best_value) {
      best_value = value;
      best = x;
    }
  }
  return {best, best_value};
}

/// The smile's points and the search box of (m, σ).
class slice_search {
public:
  slice_search(std::vector<fit_point> points, double k_min, double k_max)
      : points_(std::move(points)), k_min_(k_min), k_max_(k_max) {
    span_ = k_max - k_min;
    for (auto& p : points_)
      a_max_ = std::max(a_max_, p.w);
    m_low_ = k_min - 2 * span_;
    m_high_ = k_max + 2 * span_;
    log_sigma_low_ = std::log(1e-3 * span_);
    log_sigma_high_ = std::log(std::max(2.0, 10 * span_));
  }

  double span() const { return span_; }
  uint32_t evaluations() const { return evaluations_; }

  /// (m, ln σ) pulled into the box.
  std::array<double, 2> clamp(std::array<double, 2> v) const {
    return {std::clamp(v[0], m_low_, m_high_), std::clamp(v[1], log_sigma_low_, log_sigma_high_)};
  }

  /// The weighted squared variance error of the best (a, d, c) at (m, σ), and those parameters.
  std::pair<linear_params, double> solve(double m, double sigma) {
    ++evaluations_;
    inner_problem p;
    p.a_max = a_max_;
    p.sigma = sigma;
    double s_y = 0, s_z = 0, s_yy = 0, s_yz = 0, s_zz = 0, s_w = 0, s_wy = 0, s_wz = 0, s_ww = 0, s_1 = 0;
    const double inverse_sigma = 1 / sigma;
    for (auto& pt : points_) {
      auto y = (pt.k - m) * inverse_sigma;
      auto z = std::sqrt(y * y + 1);
      auto wt = pt.weight;
      s_1 += wt;
      s_y += wt * y;
      s_z += wt * z;
      s_yy += wt * y * y;
      s_yz += wt * y * z;
      s_zz += wt * z * z;
      s_w += wt * pt.w;
      s_wy += wt * pt.w * y;
      s_wz += wt * pt.w * z;
      s_ww += wt * pt.w * pt.w;
    }
    p.h = {s_1, s_y, s_z, s_y, s_yy, s_yz, s_z, s_yz, s_zz};
    p.g = {s_w, s_wy, s_wz};
    p.e = s_ww;
    return solve_inner(p, face_hint_);
  }

  double value(const std::array<double, 2>& v) { return solve(v[0], std::exp(v[1])).second; }

  /// Nelder–Mead over (m, ln σ) from `start`, inside the box.
  std::pair<std::array<double, 2>, double> minimise(std::array<double, 2> start) {
    using vertex = std::array<double, 2>;
    std::array<vertex, 3> simplex{start, clamp({start[0] + 0.1 * span_, start[1]}),
                                  clamp({start[0], start[1] + 0.5})};
    std::array<double, 3> f{value(simplex[0]), value(simplex[1]), value(simplex[2])};
    auto combine = [&](const vertex& from, const vertex& to, double t) {
      return clamp({from[0] + t * (to[0] - from[0]), from[1] + t * (to[1] - from[1])});
    };
    for (int iteration = 0; iteration < 200; ++iteration) {
      // Order best, middle, worst (a fixed sorting network: ties keep their order).
      if (f[1] < f[0]) { std::swap(f[0], f[1]); std::swap(simplex[0], simplex[1]); }
      if (f[2] < f[1]) { std::swap(f[1], f[2]); std::swap(simplex[1], simplex[2]); }
      if (f[1] < f[0]) { std::swap(f[0], f[1]); std::swap(simplex[0], simplex[1]); }
      auto size = std::max({std::abs(simplex[1][0] - simplex[0][0]), std::abs(simplex[2][0] - simplex[0][0])}) /
                    span_ +
                  std::max(std::abs(simplex[1][1] - simplex[0][1]), std::abs(simplex[2][1] - simplex[0][1]));
      if (size < 1e-4 || f[2] - f[0] <= 1e-9 * f[0] + 1e-24)
        break;
      vertex centroid{0.5 * (simplex[0][0] + simplex[1][0]), 0.5 * (simplex[0][1] + simplex[1][1])};
      auto reflected = combine(centroid, simplex[2], -1);
      auto f_reflected = value(reflected);
      if (f_reflected < f[0]) {
        auto expanded = combine(centroid, simplex[2], -2);
        auto f_expanded = value(expanded);
        if (f_expanded < f_reflected) {
          simplex[2] = expanded;
          f[2] = f_expanded;
        } else {
          simplex[2] = reflected;
          f[2] = f_reflected;
        }
        continue;
      }
      if (f_reflected < f[1]) {
        simplex[2] = reflected;
        f[2] = f_reflected;
        continue;
      }
      auto outside = f_reflected < f[2];
      auto contracted = combine(centroid, outside ? reflected : simplex[2], 0.5);
      auto f_contracted = value(contracted);
      if (f_contracted < (outside ? f_reflected : f[2])) {
        simplex[2] = contracted;
        f[2] = f_contracted;
        continue;
      }
      for (int i = 1; i < 3; ++i) {
        simplex[i] = combine(simplex[0], simplex[i], 0.5);
        f[i] = value(simplex[i]);
      }
    }
    auto best = static_cast<size_t>(std::min_element(f.begin(), f.end()) - f.begin());
    return {simplex[best], f[best]};
  }

  /// The (m, ln σ) starts: a grid over the quoted range and over σ from a tenth of a percent of it to
  /// one and a half times it; the two best grid points start a Nelder–Mead each.
  std::array<std::array<double, 2>, 2> starts() {
    constexpr std::array<double, 5> m_at{0.0, 0.25, 0.5, 0.75, 1.0};
    constexpr std::array<double, 4> sigma_at{0.02, 0.1, 0.4, 1.5};
    std::array<std::array<double, 2>, 2> best{};
    std::array<double, 2> best_value{infinity, infinity};
    for (auto mf : m_at)
      for (auto sf : sigma_at) {
        std::array<double, 2> v = clamp({k_min_ + mf * span_, std::log(sf * span_)});
        auto f = value(v);
        if (f < best_value[0]) {
          best[1] = best[0];
          best_value[1] = best_value[0];
          best[0] = v;
          best_value[0] = f;
        } else if (f < best_value[1]) {
          best[1] = v;
          best_value[1] = f;
        }
      }
    return best;
  }

private:
  std::vector<fit_point> points_;
  double k_min_ = 0;
  double k_max_ = 0;
  double span_ = 1;
  double a_max_ = 0;
  double m_low_ = 0;
  double m_high_ = 0;
  double log_sigma_low_ = 0;
  double log_sigma_high_ = 0;
  uint32_t evaluations_ = 0;
  size_t face_hint_ = face_count;
};

bool usable(const smile_point& p) {
  return std::isfinite(p.k) && std::isfinite(p.total_variance) && p.total_variance > 0 && std::isfinite(p.weight) &&
         p.weight > 0;
}

} // namespace

expected<svi_fit, svi_fit_failure> fit_svi(std::span<const smile_point> points, double years,
                                           const svi_params* start) {
  if (!(std::isfinite(years) && years > 0))
    return unexpected{svi_fit_failure::invalid_expiry};
  svi_fit fit;
  std::vector<fit_point> usable_points;
  usable_points.reserve(points.size());
  double weight_sum = 0;
  uint32_t below = 0;
  uint32_t above = 0;
  for (auto& p : points) {
    if (!usable(p)) {
      ++fit.points_ignored;
      continue;
    }
    // dw = 2σT·dσ, so a volatility error weighted by v is a variance error weighted by v/(4σ²T²) = v/(4wT);
    // the common 1/T does not move the optimum.
    auto weight = p.weight / (4 * p.total_variance);
    usable_points.push_back({p.k, p.total_variance, weight});
    weight_sum += weight;
    (p.k < 0 ? below : above) += 1;
  }
  fit.points_used = static_cast<uint32_t>(usable_points.size());
  if (fit.points_used < svi_min_points)
    return unexpected{svi_fit_failure::too_few_points};
  if (below < svi_min_points_per_side || above < svi_min_points_per_side)
    return unexpected{svi_fit_failure::one_sided};
  for (auto& p : usable_points)
    p.weight /= weight_sum;
  auto [k_low, k_high] = std::minmax_element(usable_points.begin(), usable_points.end(),
                                             [](const fit_point& x, const fit_point& y) { return x.k < y.k; });
  fit.k_min = k_low->k;
  fit.k_max = k_high->k;

  slice_search search{usable_points, fit.k_min, fit.k_max};
  std::array<double, 2> best{};
  double best_value = infinity;
  auto try_from = [&](std::array<double, 2> from) {
    auto [at, value] = search.minimise(from);
    if (value < best_value) {
      best = at;
      best_value = value;
    }
  };
  if (start && start->sigma > 0)
    try_from(search.clamp({start->m, std::log(start->sigma)}));
  else
    for (auto& from : search.starts())
      try_from(from);
  auto sigma = std::exp(best[1]);
  auto [x, value] = search.solve(best[0], sigma);
  auto [a, d, c] = x;
  fit.params.a = a;
  fit.params.m = best[0];
  fit.params.sigma = sigma;
  fit.params.b = std::max(c, 0.0) / sigma;
  fit.params.rho = c > 0 ? std::clamp(d / c, -1.0, 1.0) : 0.0;
  fit.evaluations = search.evaluations();

  // The errors in volatility, weighted as the caller weighted them.
  double squared = 0;
  double volatility_weights = 0;
  for (auto& p : points) {
    if (!usable(p))
      continue;
    auto fitted = std::sqrt(std::max(svi_total_variance(fit.params, p.k), 0.0) / years);
    auto error = fitted - std::sqrt(p.total_variance / years);
    squared += p.weight * error * error;
    volatility_weights += p.weight;
    fit.max_err_vol_pts = std::max(fit.max_err_vol_pts, 100 * std::abs(error));
  }
  fit.rmse_vol_pts = 100 * std::sqrt(squared / volatility_weights);
  return fit;
}

} // namespace g6
