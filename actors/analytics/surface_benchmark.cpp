#include "actors/analytics/surface_benchmark.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>
#include <limits>
#include <random>

#include "actors/analytics/black76.hpp"
#include "actors/analytics/quantlib_version.hpp"
#include "actors/analytics/svi.hpp"
#include "actors/analytics/svi_fit.hpp"
#include "actors/analytics/vol_surface.hpp"

#ifdef G6_HAVE_QUANTLIB
#include <ql/errors.hpp>
#include <ql/experimental/volatility/sviinterpolation.hpp>
#endif

namespace g6 {

namespace {

constexpr double forward = 24000;
constexpr double days_per_year = 365;
/// 0DTE two hours before the close, a weekly, a monthly and a quarter.
constexpr std::array<double, 4> tenor_years{2 / (24 * days_per_year), 7 / days_per_year, 30 / days_per_year,
                                            90 / days_per_year};
/// Strikes span F·e^{±this·s}.
constexpr double standard_deviations = 3;
/// The centre of the smile, ±this·s, where the quotes weigh enough to pin the curve down.
constexpr double central_standard_deviations = 2;
/// Points over the quoted range where the fitted curve is compared with the true one.
constexpr int curve_grid_points = 201;
/// Slices fitted untimed before the timed passes (caches, lazily loaded code).
constexpr size_t warm_up_slices = 10;

struct synthetic_slice {
  svi_params truth;
  double years = 0;
  std::vector<double> strikes; // ascending
  std::vector<double> market_iv;
  std::vector<smile_point> points; // what fit_svi sees: k, market total variance, fit weight
};

/// A smile of known raw-SVI parameters, drawn in units of the ATM standard deviation s = σ_ATM·√T so
/// that a 0DTE and a quarterly smile have the same shape in standardised moneyness. The ranges give
/// index-like figures (1st to 99th percentile): RR25 −8 to −0.3 vol points (median −2.6), BF25 0.2 to
/// 1.8 (median 0.5), the put wing at −3s 1.3 to 1.9 times the ATM vol. Redrawn until it is free of
/// butterfly and wing arbitrage well beyond the quoted range and its lowest variance is at least a
/// quarter of the ATM one.
svi_params draw_smile(std::mt19937_64& rng, double years) {
  std::uniform_real_distribution<double> unit{0.0, 1.0};
  for (;;) {
    auto atm_vol = 0.10 + 0.15 * unit(rng);
    auto s = atm_vol * std::sqrt(years);
    svi_params p;
    p.rho = -0.7 + 0.5 * unit(rng);
    p.b = (0.2 + 0.4 * unit(rng)) * s;
    p.sigma = (0.5 + 1.5 * unit(rng)) * s;
    p.m = (-0.25 + unit(rng)) * s;
    p.a = s * s - p.b * (-p.rho * p.m + std::hypot(p.m, p.sigma));
    auto lowest_variance = p.a + p.b * p.sigma * std::sqrt(1 - p.rho * p.rho);
    auto reach = 2 * standard_deviations * s;
    if (lowest_variance >= 0.25 * s * s && satisfies_lee_bound(p) && check_butterfly(p, -reach, reach).ok)
      return p;
  }
}

/// The quotes of a smile: `strikes` evenly spaced over F·e^{±3s}, each IV the smile's plus noise, each
/// weighted as vol_surface.cpp weighs a real quote, from its uncertainty (here the noise's deviation).
void quote(synthetic_slice& slice, size_t strikes, std::mt19937_64& rng) {
  std::normal_distribution<double> noise{0.0, surface_bench_noise_vol_pts / 100};
  auto s = std::sqrt(svi_total_variance(slice.truth, 0));
  auto low = forward * std::exp(-standard_deviations * s);
  auto high = forward * std::exp(standard_deviations * s);
  for (size_t i = 0; i < strikes; ++i) {
    auto strike = low + (high - low) * static_cast<double>(i) / static_cast<double>(strikes - 1);
    auto k = std::log(strike / forward);
    auto iv = svi_implied_vol(slice.truth, k, slice.years) + noise(rng);
    auto w = iv * iv * slice.years;
    slice.strikes.push_back(strike);
    slice.market_iv.push_back(iv);
    slice.points.push_back({k, w, fit_weight(surface_bench_noise_vol_pts / 100)});
  }
}

/// The true smiles, drawn from the seed, each expiry of tenor_years in turn.
std::vector<synthetic_slice> draw_smiles(const surface_bench_options& o) {
  std::mt19937_64 rng{o.seed};
  std::vector<synthetic_slice> smiles(o.slices);
  for (size_t i = 0; i < smiles.size(); ++i) {
    smiles[i].years = tenor_years[i % tenor_years.size()];
    smiles[i].truth = draw_smile(rng, smiles[i].years);
  }
  return smiles;
}

/// The smiles quoted at `strikes` strikes each, with noise of its own per slice size.
std::vector<synthetic_slice> quote_all(std::vector<synthetic_slice> slices, size_t strikes, uint64_t seed) {
  std::mt19937_64 noise{seed ^ (0x9e3779b97f4a7c15ull * strikes)};
  for (auto& slice : slices)
    quote(slice, strikes, noise);
  return slices;
}

/// What a fitter found for a slice: the parameters and, when it says, the objective evaluations it took.
struct fitted_smile {
  svi_params params;
  uint32_t evaluations = 0;
};

/// A fitter: its fit of a slice, or nothing.
using fitter = std::function<std::optional<fitted_smile>(const synthetic_slice&)>;

bool finite(const svi_params& p) {
  return std::isfinite(p.a) && std::isfinite(p.b) && std::isfinite(p.rho) && std::isfinite(p.m)
         && std::isfinite(p.sigma);
}

/// RMSE of the fitted IV against the market IVs, weighted as fitted, in vol points: the figure fit_svi
/// reports, computed here from the parameters so that every fitter is measured alike.
double weighted_rmse(const synthetic_slice& slice, const svi_params& fitted) {
  double squared = 0;
  double weights = 0;
  for (size_t i = 0; i < slice.points.size(); ++i) {
    auto error = svi_implied_vol(fitted, slice.points[i].k, slice.years) - slice.market_iv[i];
    squared += slice.points[i].weight * error * error;
    weights += slice.points[i].weight;
  }
  return 100 * std::sqrt(squared / weights);
}

/// Largest distance between the fitted and the true curve over [k_low, k_high], in vol points.
double curve_error(const synthetic_slice& slice, const svi_params& fitted, double k_low, double k_high) {
  double worst = 0;
  for (int i = 0; i < curve_grid_points; ++i) {
    auto k = k_low + (k_high - k_low) * i / (curve_grid_points - 1);
    auto error = std::abs(svi_implied_vol(fitted, k, slice.years) - svi_implied_vol(slice.truth, k, slice.years));
    worst = std::isfinite(error) ? std::max(worst, error) : std::numeric_limits<double>::infinity();
  }
  return 100 * worst;
}

/// The gradient of the smile's IV at k in its five parameters (a, b, ρ, m, σ), by central differences.
std::array<double, 5> iv_gradient(const svi_params& p, double k, double years) {
  std::array<double, 5> gradient{};
  for (size_t j = 0; j < 5; ++j) {
    auto up = p;
    auto down = p;
    std::array<double*, 5> up_field{&up.a, &up.b, &up.rho, &up.m, &up.sigma};
    std::array<double*, 5> down_field{&down.a, &down.b, &down.rho, &down.m, &down.sigma};
    auto h = 1e-6 * (std::abs(*up_field[j]) + 1e-4);
    *up_field[j] += h;
    *down_field[j] -= h;
    gradient[j] = (svi_implied_vol(up, k, years) - svi_implied_vol(down, k, years)) / (2 * h);
  }
  return gradient;
}

/// The Cramér–Rao bound on the curve: the standard deviation of the fitted IV at k that no unbiased fitter
/// can go below, given the quotes' noise, √(gᵀI⁻¹g) with g the IV's gradient in the five parameters at k
/// and I = Σ gᵢgᵢᵀ/noise² their Fisher information from the quotes. Its largest value over the quoted
/// range, in vol points (NaN when I is singular).
double curve_error_floor(const synthetic_slice& slice) {
  constexpr size_t n = 5;
  auto noise = surface_bench_noise_vol_pts / 100;
  std::array<double, n * n> information{};
  for (auto& point : slice.points) {
    auto g = iv_gradient(slice.truth, point.k, slice.years);
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j)
        information[i * n + j] += g[i] * g[j] / (noise * noise);
  }
  // Cholesky: information = L·Lᵀ, so gᵀI⁻¹g = |L⁻¹g|².
  std::array<double, n * n> lower{};
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j <= i; ++j) {
      auto sum = information[i * n + j];
      for (size_t q = 0; q < j; ++q)
        sum -= lower[i * n + q] * lower[j * n + q];
      if (i == j) {
        if (!(sum > 0))
          return std::numeric_limits<double>::quiet_NaN();
        lower[i * n + i] = std::sqrt(sum);
      } else {
        lower[i * n + j] = sum / lower[j * n + j];
      }
    }
  double worst = 0;
  auto k_low = slice.points.front().k;
  auto k_high = slice.points.back().k;
  for (int step = 0; step < curve_grid_points; ++step) {
    auto k = k_low + (k_high - k_low) * step / (curve_grid_points - 1);
    auto g = iv_gradient(slice.truth, k, slice.years);
    double variance = 0;
    std::array<double, n> solved{};
    for (size_t i = 0; i < n; ++i) {
      auto sum = g[i];
      for (size_t q = 0; q < i; ++q)
        sum -= lower[i * n + q] * solved[q];
      solved[i] = sum / lower[i * n + i];
      variance += solved[i] * solved[i];
    }
    worst = std::max(worst, std::sqrt(variance));
  }
  return 100 * worst;
}

/// The CPU time this thread has used, in µs: unlike the wall clock it does not count the time the thread
/// waits for a core, so a build running beside the bench does not bill its slices to whichever fitter
/// happened to be running.
double thread_cpu_microseconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) * 1e-3;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

/// One fitter's fits of the slices against the truth.
fitter_showing check(const std::vector<synthetic_slice>& slices, const std::vector<std::optional<fitted_smile>>& fits,
                     double us_per_slice) {
  fitter_showing s;
  s.us_per_slice = us_per_slice;
  s.rmse.assign(slices.size(), std::numeric_limits<double>::quiet_NaN());
  size_t fitted = 0;
  for (size_t i = 0; i < slices.size(); ++i) {
    if (!fits[i] || !finite(fits[i]->params)) {
      ++s.failures;
      continue;
    }
    ++fitted;
    s.mean_evaluations += fits[i]->evaluations;
    auto& slice = slices[i];
    auto& fitted_params = fits[i]->params;
    auto rmse = weighted_rmse(slice, fitted_params);
    s.rmse[i] = rmse;
    s.mean_rmse += rmse;
    s.max_rmse = std::max(s.max_rmse, rmse);
    auto curve = curve_error(slice, fitted_params, slice.points.front().k, slice.points.back().k);
    s.mean_curve_error += curve;
    s.curve_misses += curve > surface_bench_curve_target_vol_pts ? 1 : 0;
    if (!(curve <= s.max_curve_error)) {
      s.max_curve_error = curve;
      s.max_curve_error_days = slice.years * days_per_year;
    }
    auto centre = central_standard_deviations * std::sqrt(svi_total_variance(slice.truth, 0));
    auto central = curve_error(slice, fitted_params, -centre, centre);
    s.max_central_curve_error = std::max(s.max_central_curve_error, central);
    s.central_curve_misses += central > surface_bench_curve_target_vol_pts ? 1 : 0;
  }
  if (fitted > 0) {
    s.mean_rmse /= static_cast<double>(fitted);
    s.mean_curve_error /= static_cast<double>(fitted);
    s.mean_evaluations /= static_cast<double>(fitted);
  }
  return s;
}

/// Times every fitter over the slices `passes` times in CPU time, after an untimed warm-up over the first
/// few, the fitters taking turns pass by pass so that all see the machine alike (caches and clock speed
/// shared with whatever else runs), and checks each one's last pass.
std::vector<fitter_showing> measure(const std::vector<synthetic_slice>& slices, int passes,
                                    const std::vector<fitter>& fitters) {
  std::vector<std::vector<std::optional<fitted_smile>>> fits(fitters.size(),
                                                             std::vector<std::optional<fitted_smile>>(slices.size()));
  std::vector<std::vector<double>> microseconds(fitters.size());
  for (size_t f = 0; f < fitters.size(); ++f)
    for (size_t i = 0; i < std::min(slices.size(), warm_up_slices); ++i)
      fits[f][i] = fitters[f](slices[i]);
  for (int pass = 0; pass < passes; ++pass)
    for (size_t f = 0; f < fitters.size(); ++f) {
      auto start = thread_cpu_microseconds();
      for (size_t i = 0; i < slices.size(); ++i)
        fits[f][i] = fitters[f](slices[i]);
      microseconds[f].push_back((thread_cpu_microseconds() - start) / static_cast<double>(slices.size()));
    }
  std::vector<fitter_showing> showings;
  for (size_t f = 0; f < fitters.size(); ++f)
    showings.push_back(check(slices, fits[f], median(microseconds[f])));
  return showings;
}

std::optional<fitted_smile> our_fit(const synthetic_slice& slice) {
  auto fit = fit_svi(slice.points, slice.years);
  if (!fit)
    return std::nullopt;
  return fitted_smile{fit->params, fit->evaluations};
}

#ifdef G6_HAVE_QUANTLIB
/// QuantLib's SVI fit as shipped (Levenberg–Marquardt, its default end criteria, up to 50 Halton
/// restarts while the error exceeds 0.2 vol points), from `start` (a, b, σ, ρ, m; Null for QuantLib's
/// defaults). Unweighted: the bench's quotes are equally uncertain, so ours are weighted equally too and
/// both minimise the same sum.
std::optional<fitted_smile> quantlib_fit(const synthetic_slice& slice, const std::array<QuantLib::Real, 5>& start) {
  QuantLib::Real forward_level = forward; // the interpolation keeps a reference to it
  try {
    QuantLib::SviInterpolation svi(slice.strikes.begin(), slice.strikes.end(), slice.market_iv.begin(), slice.years,
                                   forward_level, start[0], start[1], start[2], start[3], start[4], false, false, false,
                                   false, false, false);
    svi.update();
    return fitted_smile{{svi.a(), svi.b(), svi.rho(), svi.m(), svi.sigma()}};
  } catch (const QuantLib::Error&) {
    return std::nullopt; // QuantLib reports a failed fit by throwing; count it
  }
}

/// A fair start: generic, but scaled to the slice as a user would set it. m = 0, ρ = −0.4 (QuantLib's
/// own default), σ = √w_ATM, and a, b splitting w_ATM so that the start passes through the market's
/// ATM variance.
std::optional<fitted_smile> quantlib_fit_from_scaled_start(const synthetic_slice& slice) {
  auto atm = std::min_element(slice.points.begin(), slice.points.end(),
                              [](const smile_point& x, const smile_point& y) { return std::abs(x.k) < std::abs(y.k); });
  auto w_atm = atm->total_variance;
  auto sigma = std::sqrt(w_atm);
  return quantlib_fit(slice, {0.5 * w_atm, 0.5 * w_atm / sigma, sigma, -0.4, 0.0});
}

/// QuantLib's defaults (σ 0.1, ρ −0.4, m 0, b = 2/(1 + |ρ|), a from a 20% vol) do not scale with T:
/// they show what the fit costs without a start tuned to the slice.
std::optional<fitted_smile> quantlib_fit_from_default_start(const synthetic_slice& slice) {
  auto null = QuantLib::Null<QuantLib::Real>();
  return quantlib_fit(slice, {null, null, null, null, null});
}
#endif

std::string showing_line(const fitter_showing& s) {
  auto evaluations = s.mean_evaluations > 0 ? fmt::format(" ({:.0f} evaluations)", s.mean_evaluations) : "";
  return fmt::format("{:8.1f} us/slice{}   RMSE mean {:.3f} max {:.3f}   curve error mean {:.3f} max {:.3f} (T {:.2f} "
                     "days), > {:.1f} in {}; within +-{:.0f} s max {:.3f}, > {:.1f} in {}   failures {}",
                     s.us_per_slice, evaluations, s.mean_rmse, s.max_rmse, s.mean_curve_error, s.max_curve_error,
                     s.max_curve_error_days, surface_bench_curve_target_vol_pts, s.curve_misses,
                     central_standard_deviations, s.max_central_curve_error, surface_bench_curve_target_vol_pts,
                     s.central_curve_misses, s.failures);
}

} // namespace

bool quantlib_svi_reference_built_in() {
#ifdef G6_HAVE_QUANTLIB
  return true;
#else
  return false;
#endif
}

surface_bench_report run_surface_benchmark(const surface_bench_options& options) {
  surface_bench_report report;
  report.options = options;
  report.options.slices = std::max<size_t>(1, options.slices);
  report.options.passes = std::max(1, options.passes);
  auto smiles = draw_smiles(report.options);
  report.negative_a = static_cast<size_t>(
    std::count_if(smiles.begin(), smiles.end(), [](const synthetic_slice& s) { return s.truth.a < 0; }));
  for (auto strikes : surface_bench_strikes) {
    auto slices = quote_all(smiles, strikes, report.options.seed);
    surface_bench_size size;
    size.strikes = strikes;
    for (auto& slice : slices) {
      auto floor = curve_error_floor(slice);
      size.mean_curve_floor += floor / static_cast<double>(slices.size());
      size.max_curve_floor = std::max(size.max_curve_floor, floor);
      size.slices_beyond_floor += 3 * floor > surface_bench_curve_target_vol_pts ? 1 : 0;
    }
#ifdef G6_HAVE_QUANTLIB
    auto showings = measure(slices, report.options.passes,
                            {our_fit, quantlib_fit_from_scaled_start, quantlib_fit_from_default_start});
    size.ours = showings[0];
    size.quantlib = showings[1];
    size.quantlib_default_start = showings[2];
    for (size_t i = 0; i < slices.size(); ++i) {
      auto difference = size.ours.rmse[i] - size.quantlib->rmse[i];
      size.worse_than_quantlib += difference > surface_bench_rmse_tie_vol_pts ? 1 : 0;
      size.better_than_quantlib += difference < -surface_bench_rmse_tie_vol_pts ? 1 : 0;
    }
#else
    size.ours = measure(slices, report.options.passes, {our_fit})[0];
#endif
    report.sizes.push_back(size);
  }
  return report;
}

std::string format_surface_bench(const surface_bench_report& r) {
  std::string out = fmt::format(
    "g6 bench surface: {} slices per size: raw SVI of known parameters, F {:.0f}, T cycling 2 h / 7 / 30 / 90 "
    "days, ATM vol 10%..25%, rho -0.7..-0.2; strikes evenly spaced over F*exp(+-{:.0f} s), s = ATM vol*sqrt(T); "
    "market IV = true IV + Gaussian noise of {:.2f} vol pts, each quote weighted by 1/(noise^2 + model floor^2) as g6 "
    "weighs real quotes (equal weights); seed {}, CPU time, median of "
    "{} passes, the fitters taking turns\n"
    "errors in vol pts: RMSE against the market IVs; curve error = max |fitted - true IV| over the "
    "quoted range; {} of the {} true smiles have a < 0\n",
    r.options.slices, forward, standard_deviations, surface_bench_noise_vol_pts, r.options.seed, r.options.passes,
    r.negative_a, r.options.slices);
  for (auto& size : r.sizes) {
    out += fmt::format("{} strikes:\n", size.strikes);
    out += fmt::format("  {:<34}1 s.d. at the worst k: mean {:.3f} max {:.3f}; 3 s.d. > {:.1f} in {}\n",
                       "curve error floor (Cramer-Rao):", size.mean_curve_floor, size.max_curve_floor,
                       surface_bench_curve_target_vol_pts, size.slices_beyond_floor);
    out += fmt::format("  {:<34}{}\n", "ours (fit_svi):", showing_line(size.ours));
    if (size.quantlib && size.quantlib_default_start) {
      out += fmt::format("  {:<34}{}\n", fmt::format("QuantLib {} SviInterpolation:", quantlib_version),
                         showing_line(*size.quantlib));
      out += fmt::format("  {:<34}{}\n", "  from its default start:", showing_line(*size.quantlib_default_start));
      out += fmt::format("  RMSE against QuantLib's, slice by slice: higher in {}, lower in {}, the same (within "
                         "{} vol pts) in the rest\n",
                         size.worse_than_quantlib, size.better_than_quantlib, surface_bench_rmse_tie_vol_pts);
      out += fmt::format("  ratio: {:.2f} (from its default start: {:.2f})\n",
                         size.quantlib->us_per_slice / size.ours.us_per_slice,
                         size.quantlib_default_start->us_per_slice / size.ours.us_per_slice);
    } else {
      out += "  QuantLib: reference not built in (QuantLib was not found when g6 was configured)\n";
      out += "  ratio: n/a\n";
    }
  }
  return out;
}

} // namespace g6
