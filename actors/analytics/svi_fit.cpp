#include "actors/analytics/svi_fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "actors/analytics/svi_inner_problem.hpp"

namespace g6 {

std::string_view to_string(svi_fit_failure x) {
  switch (x) {
    case svi_fit_failure::too_few_points:
      return "too_few_points";
    case svi_fit_failure::one_sided:
      return "one_sided";
    case svi_fit_failure::invalid_expiry:
      return "invalid_expiry";
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

/// θ = (m, ln σ): the nonlinear parameters the outer search moves.
using nonlinear_params = std::array<double, 2>;

/// The inner optimum at one θ, with what Levenberg–Marquardt needs of the reduced objective
/// f(θ) = min over (a, d, c) of Σ ωᵢ rᵢ², rᵢ = a + d·yᵢ + c·zᵢ − wᵢ: half its gradient, exact by the
/// envelope theorem (∂f/∂θ = ∂/∂θ of the objective at the optimal (a, d, c), plus Lee's multipliers for
/// the bound 2σ that moves with σ), and half its Hessian as Kaufman's Gauss–Newton matrix JᵀΩJ, J the
/// derivative of the residuals with the part the linear parameters absorb projected out (Golub & Pereyra,
/// "Separable nonlinear least squares: the variable projection method and its applications", 2003).
struct reduced_point {
  nonlinear_params theta{};
  linear_params x{};
  double value = infinity;
  std::array<double, 2> gradient{};
  std::array<double, 3> curvature{}; // (θ₀θ₀, θ₀θ₁, θ₁θ₁)
};

/// Two doubles worked on as one: an evaluation's pass over the points is bound by a square root and a
/// division per point, which the vector unit does two at a time (SSE2 on x86-64; elsewhere the compiler
/// splits the pair). Each lane is rounded as the scalar operation would be: the same results everywhere.
using lane_pair = double __attribute__((vector_size(16)));

lane_pair square_root(lane_pair x) {
#ifdef __SSE2__
  return _mm_sqrt_pd(x);
#else
  return lane_pair{std::sqrt(x[0]), std::sqrt(x[1])};
#endif
}

/// Two points side by side (when the count is odd, the last is paired with a copy of itself of zero weight).
struct point_pair {
  lane_pair k;
  lane_pair w;
  lane_pair weight;
  lane_pair weighted_w; // weight·w
};

/// Weighted sums over the points of products of y = (k − m)/σ, z = √(y² + 1), t = y/z = ∂z/∂y and the
/// market w that move with (m, σ): with Σω, Σωw and Σωw², the normal equations of (a, d, c), and (since
/// ∂rᵢ/∂m = −qᵢ/σ and ∂rᵢ/∂ln σ = −yᵢqᵢ with qᵢ = d + c·tᵢ) every sum the derivatives need, from one pass.
/// `number` is a lane_pair while the pass runs, a double once its lanes are added.
template <class number>
struct moving_sums {
  number y{}, z{}, yy{}, yz{}, wy{}, wz{};
  number t{}, ty{}, tw{}, tyy{}, tyw{}, tt{}, tty{}, ttyy{};
};

moving_sums<double> add_lanes(const moving_sums<lane_pair>& s) {
  auto add = [](lane_pair x) { return x[0] + x[1]; };
  return {add(s.y),  add(s.z),  add(s.yy),  add(s.yz),  add(s.wy), add(s.wz),  add(s.t),
          add(s.ty), add(s.tw), add(s.tyy), add(s.tyw), add(s.tt), add(s.tty), add(s.ttyy)};
}

/// The smile's points and the search box of θ.
class slice_search {
public:
  slice_search(const std::vector<fit_point>& points, double k_min, double k_max) : k_min_(k_min) {
    span_ = k_max - k_min;
    inverse_span_ = 1 / span_;
    // The sums that do not move with (m, σ).
    for (auto& p : points) {
      a_max_ = std::max(a_max_, p.w);
      weight_sum_ += p.weight;
      weighted_variance_ += p.weight * p.w;
      squared_variance_ += p.weight * p.w * p.w;
    }
    pairs_.reserve((points.size() + 1) / 2);
    for (size_t i = 0; i < points.size(); i += 2) {
      auto& first = points[i];
      auto second = i + 1 < points.size() ? points[i + 1] : fit_point{first.k, first.w, 0};
      pairs_.push_back({lane_pair{first.k, second.k}, lane_pair{first.w, second.w},
                        lane_pair{first.weight, second.weight},
                        lane_pair{first.weight * first.w, second.weight * second.w}});
    }
    m_low_ = k_min - 2 * span_;
    m_high_ = k_max + 2 * span_;
    log_sigma_low_ = std::log(1e-3 * span_);
    log_sigma_high_ = std::log(std::max(2.0, 10 * span_));
  }

  uint32_t evaluations() const { return evaluations_; }

  /// How far apart two θ are: in m as a fraction of the quoted range, plus in ln σ.
  double distance(const nonlinear_params& x, const nonlinear_params& y) const {
    return std::abs(x[0] - y[0]) * inverse_span_ + std::abs(x[1] - y[1]);
  }

  /// θ pulled into the box.
  nonlinear_params clamp(nonlinear_params v) const {
    return {std::clamp(v[0], m_low_, m_high_), std::clamp(v[1], log_sigma_low_, log_sigma_high_)};
  }

  /// The inner optimum at θ; with `derivatives`, the gradient and curvature too (the grid of starts only
  /// compares values).
  template <bool derivatives>
  reduced_point evaluate(const nonlinear_params& theta) {
    ++evaluations_;
    const double sigma = std::exp(theta[1]);
    const double inverse_sigma = 1 / sigma;
    auto s = sums<derivatives>(theta[0], inverse_sigma);
    auto zz = s.yy + weight_sum_; // z² = y² + 1
    inner_problem p;
    p.a_max = a_max_;
    p.sigma = sigma;
    p.h = {weight_sum_, s.y, s.z, s.y, s.yy, s.yz, s.z, s.yz, zz};
    p.g = {weighted_variance_, s.wy, s.wz};
    p.e = squared_variance_;
    inner_solver solver{p};
    auto inner = solver.optimum(face_hint_);
    reduced_point out;
    out.theta = theta;
    out.x = inner.x;
    out.value = inner.value;
    if constexpr (!derivatives)
      return out;
    auto [a, d, c] = inner.x;
    // Σωr, Σωtr, Σωyr, Σωtyr (tz = y).
    auto r = a * weight_sum_ + d * s.y + c * s.z - weighted_variance_;
    auto tr = a * s.t + d * s.ty + c * s.y - s.tw;
    auto yr = a * s.y + d * s.yy + c * s.yz - s.wy;
    auto tyr = a * s.ty + d * s.tyy + c * s.yy - s.tyw;
    auto lee = inner.lee_multipliers[0] + inner.lee_multipliers[1];
    out.gradient = {-(d * r + c * tr) * inverse_sigma, -(d * yr + c * tyr) - 2 * sigma * lee};
    // Σωq², Σωq²y, Σωq²y², and Φᵀω∂r/∂θ (Φ the basis 1, y, z) for Kaufman's projection.
    auto qq = d * d * weight_sum_ + 2 * d * c * s.t + c * c * s.tt;
    auto qqy = d * d * s.y + 2 * d * c * s.ty + c * c * s.tty;
    auto qqyy = d * d * s.yy + 2 * d * c * s.tyy + c * c * s.ttyy;
    linear_params along_m{(d * weight_sum_ + c * s.t) * inverse_sigma, (d * s.y + c * s.ty) * inverse_sigma,
                          (d * s.z + c * s.y) * inverse_sigma};
    linear_params along_log_sigma{d * s.y + c * s.ty, d * s.yy + c * s.tyy, d * s.yz + c * s.yy};
    out.curvature = {qq * inverse_sigma * inverse_sigma, qqy * inverse_sigma, qqyy};
    linear_params solved_m{};
    linear_params solved_log_sigma{};
    if (solver.project(inner.face, along_m, solved_m)
        && solver.project(inner.face, along_log_sigma, solved_log_sigma)) {
      std::array<double, 3> projected{out.curvature[0] - dot(along_m, solved_m),
                                      out.curvature[1] - dot(along_m, solved_log_sigma),
                                      out.curvature[2] - dot(along_log_sigma, solved_log_sigma)};
      // Rounding can leave the projection of a nearly absorbed direction non-positive: keep the
      // unprojected matrix then (steps only get shorter).
      if (projected[0] > 0 && projected[2] > 0 && projected[0] * projected[2] > projected[1] * projected[1])
        out.curvature = projected;
    }
    return out;
  }

  /// The sums at (m, 1/σ), from one pass over the points; with `derivatives`, the t sums too.
  template <bool derivatives>
  moving_sums<double> sums(double m, double inverse_sigma) const {
    moving_sums<lane_pair> s;
    for (auto& pair : pairs_) {
      auto y = (pair.k - m) * inverse_sigma;
      auto z = square_root(y * y + 1.0);
      auto wt_y = pair.weight * y;
      s.y += wt_y;
      s.z += pair.weight * z;
      s.yy += wt_y * y;
      s.yz += wt_y * z;
      s.wy += pair.weighted_w * y;
      s.wz += pair.weighted_w * z;
      if constexpr (derivatives) {
        auto t = y / z;
        auto wt_t = pair.weight * t;
        s.t += wt_t;
        s.ty += wt_t * y;
        s.tw += pair.weighted_w * t;
        s.tyy += wt_t * y * y;
        s.tyw += pair.weighted_w * t * y;
        s.tt += wt_t * t;
        s.tty += wt_t * t * y;
        s.ttyy += wt_t * t * y * y;
      }
    }
    return add_lanes(s);
  }

  /// The smile's errors in volatility at the points, times √T: the root of their mean square, weighted
  /// as the caller weighted them (a variance weight times w is proportional to its volatility weight),
  /// and the largest (the copy that pads an odd count repeats its point's error).
  std::pair<double, double> volatility_errors(const svi_params& p) const {
    lane_pair squared{};
    double largest = 0;
    for (auto& pair : pairs_) {
      auto r = pair.k - p.m;
      auto fitted = p.a + p.b * (p.rho * r + square_root(r * r + p.sigma * p.sigma));
      auto error = square_root(lane_pair{std::max(fitted[0], 0.0), std::max(fitted[1], 0.0)}) - square_root(pair.w);
      squared += pair.weighted_w * error * error;
      largest = std::max({largest, std::abs(error[0]), std::abs(error[1])});
    }
    return {std::sqrt((squared[0] + squared[1]) / weighted_variance_), largest};
  }

  /// The optimum from `start`: Levenberg–Marquardt, finished by Nelder–Mead when it stalls; one heading
  /// for a minimum `found` from another start is stopped there.
  reduced_point minimise(const nonlinear_params& start, const reduced_point* found = nullptr) {
    auto [point, converged] = levenberg_marquardt(start, found);
    if (converged)
      return point;
    auto finished = nelder_mead(point.theta);
    return finished.value < point.value ? finished : point;
  }

  /// The starts: the two best of six points, m at a quarter, half and three quarters of the quoted
  /// range, σ a tenth and two fifths of it. A smile can have two basins (noisy wings admit a second,
  /// wider hyperbola), and the better grid point is not always in the deeper one.
  std::array<nonlinear_params, 2> starts() {
    constexpr std::array<double, 3> m_at{0.25, 0.5, 0.75};
    constexpr std::array<double, 2> sigma_at{0.1, 0.4};
    std::array<nonlinear_params, 2> best{};
    std::array<double, 2> best_value{infinity, infinity};
    std::array<double, sigma_at.size()> log_sigma_at{};
    for (size_t i = 0; i < sigma_at.size(); ++i)
      log_sigma_at[i] = std::log(sigma_at[i] * span_);
    for (auto mf : m_at)
      for (auto log_sigma : log_sigma_at) {
        auto at = clamp({k_min_ + mf * span_, log_sigma});
        auto value = evaluate<false>(at).value;
        if (value < best_value[0]) {
          best[1] = best[0];
          best_value[1] = best_value[0];
          best[0] = at;
          best_value[0] = value;
        } else if (value < best_value[1]) {
          best[1] = at;
          best_value[1] = value;
        }
      }
    return best;
  }

private:
  /// Levenberg–Marquardt over θ from `start`, inside the box (given a minimum `found` from another start,
  /// it stops when a step would take it within 2% of the quoted range in m plus ln σ of it): each step solves
  /// (JᵀΩJ + λ·diag(JᵀΩJ))·δ = −½∇f, taken when it lowers f (λ shrinks), else retried with λ ten times
  /// larger. Converged when a step no longer moves θ or the Gauss–Newton model expects no more than a
  /// part in 10⁷ of f below the current point. It stalls where f has a kink: where the inner optimum
  /// moves to another face of its polytope, the Gauss–Newton matrix of one face mispredicts the other.
  std::pair<reduced_point, bool> levenberg_marquardt(const nonlinear_params& start, const reduced_point* found) {
    constexpr int max_iterations = 30;
    auto current = evaluate<true>(clamp(start));
    double damping = 1e-3;
    for (int iteration = 0; iteration < max_iterations; ++iteration) {
      auto& h = current.curvature;
      auto& g = current.gradient;
      // Converged when the Gauss–Newton model expects less than a part in 10⁷ of f below here (half that
      // of the RMSE).
      // (Both sides times the determinant: no division on the way to the next evaluation.)
      auto undamped = h[0] * h[2] - h[1] * h[1];
      if (h[0] > 0 && undamped > 0
          && g[0] * g[0] * h[2] - 2 * g[0] * g[1] * h[1] + g[1] * g[1] * h[0]
               <= (1e-7 * current.value + 1e-14 * squared_variance_) * undamped)
        return {current, true};
      auto h00 = h[0] * (1 + damping);
      auto h11 = h[2] * (1 + damping);
      auto det = h00 * h11 - h[1] * h[1];
      if (!(h[0] > 0 && h[2] > 0 && det > 0))
        return {current, false};
      auto inverse_det = 1 / det;
      nonlinear_params step{(-g[0] * h11 + g[1] * h[1]) * inverse_det, (-g[1] * h00 + g[0] * h[1]) * inverse_det};
      auto to = clamp({current.theta[0] + step[0], current.theta[1] + step[1]});
      if (distance(to, current.theta) < 1e-10)
        return {current, true};
      // A step into the basin of a minimum already found heads for the same minimum: stop before
      // evaluating what would only confirm it.
      if (found && distance(to, found->theta) < 0.02)
        return {current, true};
      auto trial = evaluate<true>(to);
      if (trial.value < current.value) {
        current = trial;
        damping = std::max(0.1 * damping, 1e-12);
      } else {
        damping *= 10;
        if (damping > 1e8)
          return {current, false};
      }
    }
    return {current, false};
  }

  /// Nelder–Mead over θ from `start`, inside the box: slow, but blind to kinks.
  reduced_point nelder_mead(const nonlinear_params& start) {
    using vertex = nonlinear_params;
    auto value = [&](const vertex& v) { return evaluate<false>(v).value; };
    std::array<vertex, 3> simplex{start, clamp({start[0] + 0.1 * span_, start[1]}), clamp({start[0], start[1] + 0.5})};
    std::array<double, 3> f{value(simplex[0]), value(simplex[1]), value(simplex[2])};
    auto combine = [&](const vertex& from, const vertex& to, double t) {
      return clamp({from[0] + t * (to[0] - from[0]), from[1] + t * (to[1] - from[1])});
    };
    for (int iteration = 0; iteration < 200; ++iteration) {
      // Order best, middle, worst (a fixed sorting network: ties keep their order).
      if (f[1] < f[0]) {
        std::swap(f[0], f[1]);
        std::swap(simplex[0], simplex[1]);
      }
      if (f[2] < f[1]) {
        std::swap(f[1], f[2]);
        std::swap(simplex[1], simplex[2]);
      }
      if (f[1] < f[0]) {
        std::swap(f[0], f[1]);
        std::swap(simplex[0], simplex[1]);
      }
      auto size = std::max({std::abs(simplex[1][0] - simplex[0][0]), std::abs(simplex[2][0] - simplex[0][0])}) / span_
                  + std::max(std::abs(simplex[1][1] - simplex[0][1]), std::abs(simplex[2][1] - simplex[0][1]));
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
    return evaluate<false>(simplex[best]);
  }

  std::vector<point_pair> pairs_;
  double k_min_ = 0;
  double span_ = 1;
  double inverse_span_ = 1;
  double a_max_ = 0;
  double weight_sum_ = 0;
  double weighted_variance_ = 0; // Σωw
  double squared_variance_ = 0;  // Σωw², the scale of the objective
  double m_low_ = 0;
  double m_high_ = 0;
  double log_sigma_low_ = 0;
  double log_sigma_high_ = 0;
  uint32_t evaluations_ = 0;
  size_t face_hint_ = inner_face_count;
};

bool usable(const smile_point& p) {
  return std::isfinite(p.k) && std::isfinite(p.total_variance) && p.total_variance > 0 && std::isfinite(p.weight)
         && p.weight > 0;
}

} // namespace

expected<svi_fit, svi_fit_failure> fit_svi(std::span<const smile_point> points, double years, const svi_params* start) {
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
  auto inverse_weight_sum = 1 / weight_sum;
  for (auto& p : usable_points)
    p.weight *= inverse_weight_sum;
  auto [k_low, k_high] = std::minmax_element(usable_points.begin(), usable_points.end(),
                                             [](const fit_point& x, const fit_point& y) { return x.k < y.k; });
  fit.k_min = k_low->k;
  fit.k_max = k_high->k;

  slice_search search{usable_points, fit.k_min, fit.k_max};
  // A given start goes first; the grid's best start then still runs (stopped when it heads into the same
  // minimum): points taken out since the start's fit can leave a better minimum elsewhere.
  auto [first, second] = search.starts();
  auto best = start && start->sigma > 0 ? search.minimise(search.clamp({start->m, std::log(start->sigma)}))
                                        : search.minimise(first);
  auto other = search.minimise(start && start->sigma > 0 ? first : second, &best);
  if (other.value < best.value)
    best = other;
  auto [a, d, c] = best.x;
  auto sigma = std::exp(best.theta[1]);
  fit.params.a = a;
  fit.params.m = best.theta[0];
  fit.params.sigma = sigma;
  fit.params.b = std::max(c, 0.0) / sigma;
  fit.params.rho = c > 0 ? std::clamp(d / c, -1.0, 1.0) : 0.0;
  fit.evaluations = search.evaluations();

  auto [rmse, largest] = search.volatility_errors(fit.params);
  auto inverse_sqrt_years = 1 / std::sqrt(years);
  fit.rmse_vol_pts = 100 * rmse * inverse_sqrt_years;
  fit.max_err_vol_pts = 100 * largest * inverse_sqrt_years;
  return fit;
}

} // namespace g6
