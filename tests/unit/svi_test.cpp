#define BOOST_TEST_MODULE svi
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "actors/analytics/black76.hpp"
#include "actors/analytics/svi.hpp"
#include "actors/analytics/svi_fit.hpp"
#include "actors/analytics/svi_inner_problem.hpp"
#include "actors/analytics/vol_surface.hpp"

namespace tt = boost::test_tools;
using namespace g6;

namespace {

/// A NIFTY-like monthly smile: ATM vol about 14%, put skew, in total variance at T = 30 days.
constexpr double monthly = 30.0 / 365;
const svi_params monthly_smile{0.0003, 0.02, -0.55, 0.015, 0.06};

/// `count` points evenly spaced over [low, high] on the smile, each IV moved by `noise` vol points
/// (Gaussian, seeded) and weighted by its vega.
std::vector<smile_point> points_on(const svi_params& p, double years, int count, double low, double high,
                                   double noise_vol_pts = 0, uint64_t seed = 7) {
  std::mt19937_64 rng{seed};
  std::normal_distribution<double> noise{0, noise_vol_pts / 100};
  std::vector<smile_point> points;
  for (int i = 0; i < count; ++i) {
    auto k = low + (high - low) * i / (count - 1);
    auto iv = svi_implied_vol(p, k, years) + (noise_vol_pts > 0 ? noise(rng) : 0);
    auto w = iv * iv * years;
    points.push_back({k, w, normal_pdf((-k + 0.5 * w) / std::sqrt(w)) * std::sqrt(years)});
  }
  return points;
}

/// The largest gap in vol points between two smiles over [low, high].
double max_gap_vol_pts(const svi_params& x, const svi_params& y, double years, double low, double high) {
  double gap = 0;
  for (int i = 0; i <= 400; ++i) {
    auto k = low + (high - low) * i / 400;
    gap = std::max(gap, 100 * std::abs(svi_implied_vol(x, k, years) - svi_implied_vol(y, k, years)));
  }
  return gap;
}

} // namespace

BOOST_AUTO_TEST_CASE(exact_points_give_back_the_generating_smile) {
  auto points = points_on(monthly_smile, monthly, 40, -0.12, 0.08);
  auto fit = fit_svi(points, monthly);
  BOOST_TEST_REQUIRE(fit.has_value());
  BOOST_TEST(max_gap_vol_pts(fit->params, monthly_smile, monthly, -0.12, 0.08) < 1e-3);
  BOOST_TEST(fit->rmse_vol_pts < 1e-3);
  BOOST_TEST(fit->points_used == 40u);
  BOOST_TEST(fit->k_min == -0.12);
  BOOST_TEST(fit->k_max == 0.08, tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(noisy_points_are_fitted_within_a_tenth_of_a_vol_point) {
  for (auto years : {2.0 / (24 * 365), 2.0 / 365, monthly, 90.0 / 365}) {
    // The smile scaled to the expiry: variance grows with T, the quoted range with √T.
    auto scale = std::sqrt(years / monthly);
    svi_params p{monthly_smile.a * years / monthly, monthly_smile.b * scale, monthly_smile.rho, monthly_smile.m * scale,
                 monthly_smile.sigma * scale};
    auto points = points_on(p, years, 40, -0.12 * scale, 0.08 * scale, 0.05);
    auto fit = fit_svi(points, years);
    BOOST_TEST_REQUIRE(fit.has_value());
    BOOST_TEST(max_gap_vol_pts(fit->params, p, years, -0.12 * scale, 0.08 * scale) < 0.1, "T = " << years);
    BOOST_TEST(fit->rmse_vol_pts < 0.08);
  }
}

BOOST_AUTO_TEST_CASE(the_same_points_give_the_same_parameters_bit_for_bit) {
  auto points = points_on(monthly_smile, monthly, 40, -0.12, 0.08, 0.1);
  auto first = fit_svi(points, monthly);
  auto second = fit_svi(points, monthly);
  BOOST_TEST_REQUIRE((first.has_value() && second.has_value()));
  BOOST_TEST(std::memcmp(&first->params, &second->params, sizeof(svi_params)) == 0);
}

BOOST_AUTO_TEST_CASE(fitted_parameters_keep_gatheral_s_constraints) {
  // A steep smile tempts an unconstrained fit past Lee's bound.
  svi_params steep{0.0005, 0.9, -0.9, 0.0, 0.02};
  auto fit = fit_svi(points_on(steep, monthly, 30, -0.1, 0.1, 0.2), monthly);
  BOOST_TEST_REQUIRE(fit.has_value());
  auto& p = fit->params;
  BOOST_TEST(p.b >= 0);
  BOOST_TEST(std::abs(p.rho) <= 1);
  BOOST_TEST(p.sigma > 0);
  BOOST_TEST(p.a + p.b * p.sigma * std::sqrt(1 - p.rho * p.rho) >= -1e-15); // no negative variance
  BOOST_TEST(satisfies_lee_bound(p));
}

BOOST_AUTO_TEST_CASE(degenerate_inputs_get_a_reason_not_a_crash) {
  auto points = points_on(monthly_smile, monthly, 4, -0.05, 0.05);
  BOOST_TEST((fit_svi(points, monthly).error() == svi_fit_failure::too_few_points));
  BOOST_TEST((fit_svi({}, monthly).error() == svi_fit_failure::too_few_points));

  // NaN, infinite and non-positive values are not points: counted, and a fit needs five real ones.
  auto nan = std::numeric_limits<double>::quiet_NaN();
  auto inf = std::numeric_limits<double>::infinity();
  std::vector<smile_point> broken{{nan, 0.01, 1}, {0.01, nan, 1},   {0.02, 0.01, nan},
                                  {inf, 0.01, 1}, {0.03, -0.01, 1}, {0.04, 0.01, 0}};
  BOOST_TEST((fit_svi(broken, monthly).error() == svi_fit_failure::too_few_points));
  auto mixed = points_on(monthly_smile, monthly, 10, -0.1, 0.08);
  mixed.insert(mixed.end(), broken.begin(), broken.end());
  auto fit = fit_svi(mixed, monthly);
  BOOST_TEST_REQUIRE(fit.has_value());
  BOOST_TEST(fit->points_used == 10u);
  BOOST_TEST(fit->points_ignored == 6u);
  BOOST_TEST(std::isfinite(fit->rmse_vol_pts));

  // Quotes on one side of the forward only.
  BOOST_TEST(
    (fit_svi(points_on(monthly_smile, monthly, 12, -0.12, -0.01), monthly).error() == svi_fit_failure::one_sided));
  for (auto years : {0.0, -1.0, nan, inf})
    BOOST_TEST(
      (fit_svi(points_on(monthly_smile, monthly, 12, -0.1, 0.1), years).error() == svi_fit_failure::invalid_expiry));
}

BOOST_AUTO_TEST_CASE(the_reported_errors_are_the_fitted_curve_s_at_odd_and_even_counts) {
  // The errors come from the search's pairs of points (an odd count pads its last pair with a copy of
  // zero weight): they must be the fitted curve's against the quotes, weighted as the caller weighted them.
  for (int count : {11, 12}) {
    auto points = points_on(monthly_smile, monthly, count, -0.12, 0.08, 0.3);
    auto fit = fit_svi(points, monthly);
    BOOST_TEST_REQUIRE(fit.has_value());
    double squared = 0;
    double weights = 0;
    double largest = 0;
    for (auto& p : points) {
      auto error = 100 * (svi_implied_vol(fit->params, p.k, monthly) - std::sqrt(p.total_variance / monthly));
      squared += p.weight * error * error;
      weights += p.weight;
      largest = std::max(largest, std::abs(error));
    }
    BOOST_TEST(fit->rmse_vol_pts == std::sqrt(squared / weights), tt::tolerance(1e-9));
    BOOST_TEST(fit->max_err_vol_pts == largest, tt::tolerance(1e-9));
  }
}

namespace {

/// The line ℓ(ρ) = intercept + slope·ρ through √(1 − ρ²) at the chords' nodes i and i + 1.
struct chord_line {
  double intercept;
  double slope;
};
chord_line chord(size_t i) {
  auto left = variance_chord_nodes[i];
  auto right = variance_chord_nodes[i + 1];
  auto slope = (std::sqrt(1 - right * right) - std::sqrt(1 - left * left)) / (right - left);
  return {std::sqrt(1 - left * left) - slope * left, slope};
}

/// The inner problem's constraints nᵀx ≤ bound as (n, bound), written out afresh: a ≤ a_max, |d| ≤ c,
/// Lee's c + |d| ≤ 2σ, and a + c·ℓ(d/c) ≥ 0 for every chord ℓ.
std::vector<std::array<double, 4>> inner_constraints_of(const inner_problem& p) {
  std::vector<std::array<double, 4>> constraints{
    {1, 0, 0, p.a_max}, {0, 1, -1, 0}, {0, -1, -1, 0}, {0, 1, 1, 2 * p.sigma}, {0, -1, 1, 2 * p.sigma}};
  for (size_t i = 0; i < variance_chord_count; ++i)
    constraints.push_back({-1, -chord(i).slope, -chord(i).intercept, 0});
  return constraints;
}

/// The smallest of a + c·ℓ(d/c) over the chords ℓ: zero where one of them is active.
double chords_slack(const std::array<double, 3>& x) {
  double slack = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < variance_chord_count; ++i)
    slack = std::min(slack, x[0] + x[2] * chord(i).intercept + x[1] * chord(i).slope);
  return slack;
}

/// The inner problem's optimum the slow way, for reference: the minimum over every feasible point that
/// minimises the quadratic on the affine hull of a set of zero to three of the constraints (its whole
/// KKT system eliminated), a superset of the polytope's faces, so the global optimum is among them.
double inner_optimum_by_brute_force(const inner_problem& p) {
  auto constraints = inner_constraints_of(p);
  auto feasible = [&](const std::array<double, 3>& x) {
    for (auto& c : constraints)
      if (c[0] * x[0] + c[1] * x[1] + c[2] * x[2] > c[3] + 1e-10 * std::max(p.a_max, p.sigma))
        return false;
    return true;
  };
  double best = std::numeric_limits<double>::infinity();
  // Every set of up to three constraints.
  std::vector<std::vector<size_t>> sets{{}};
  for (size_t c = 0; c < constraints.size(); ++c)
    for (size_t s = 0, size = sets.size(); s < size; ++s)
      if (sets[s].size() < 3) {
        auto grown = sets[s];
        grown.push_back(c);
        sets.push_back(grown);
      }
  for (auto& active : sets) {
    // [H Nᵀ; N 0]·[x; μ] = [g; bound] by Gaussian elimination with partial pivoting.
    auto n = 3 + active.size();
    std::vector<std::vector<double>> m(n, std::vector<double>(n + 1, 0));
    for (size_t i = 0; i < 3; ++i) {
      for (size_t j = 0; j < 3; ++j)
        m[i][j] = p.h[i * 3 + j];
      m[i][n] = p.g[i];
    }
    for (size_t r = 0; r < active.size(); ++r)
      for (size_t j = 0; j < 3; ++j) {
        m[3 + r][j] = constraints[active[r]][j];
        m[j][3 + r] = constraints[active[r]][j];
        m[3 + r][n] = constraints[active[r]][3];
      }
    bool singular = false;
    for (size_t col = 0; col < n && !singular; ++col) {
      size_t pivot = col;
      for (size_t r = col + 1; r < n; ++r)
        if (std::abs(m[r][col]) > std::abs(m[pivot][col]))
          pivot = r;
      if (std::abs(m[pivot][col]) < 1e-12 * std::abs(p.h[0]))
        singular = true;
      std::swap(m[col], m[pivot]);
      for (size_t r = 0; r < n && !singular; ++r)
        if (r != col) {
          auto factor = m[r][col] / m[col][col];
          for (size_t c = col; c <= n; ++c)
            m[r][c] -= factor * m[col][c];
        }
    }
    if (singular)
      continue;
    std::array<double, 3> x{m[0][n] / m[0][0], m[1][n] / m[1][1], m[2][n] / m[2][2]};
    if (!feasible(x))
      continue;
    double value = p.e;
    for (size_t i = 0; i < 3; ++i) {
      value -= 2 * p.g[i] * x[i];
      for (size_t j = 0; j < 3; ++j)
        value += x[i] * p.h[i * 3 + j] * x[j];
    }
    best = std::min(best, value);
  }
  return best;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_inner_optimum_is_the_polytope_s_best_point_whatever_face_is_hinted) {
  // Random smiles' inner problems at random (m, σ), many with the unconstrained optimum outside the
  // polytope: the solver's shortcuts (the unconstrained optimum when feasible, only the faces holding a
  // constraint it breaks, the hinted face first) must land on the optimum that trying every set of active
  // constraints finds. Half the smiles are raw SVI with a negative a at a high |ρ|, whose best fit presses
  // on the chords under √(1 − ρ²).
  std::mt19937_64 rng{18};
  std::uniform_real_distribution<double> unit{0.0, 1.0};
  size_t constrained = 0;
  size_t on_a_chord = 0;
  for (int trial = 0; trial < 400; ++trial) {
    auto sigma = 0.005 + 0.2 * unit(rng);
    auto m = -0.1 + 0.2 * unit(rng);
    auto rho = (trial % 4 == 1 ? -1 : 1) * (0.5 + 0.5 * unit(rng));
    auto b = 2 / (1 + std::abs(rho)) * (0.2 + 0.8 * unit(rng));
    auto smile_sigma = 0.01 + 0.2 * unit(rng);
    svi_params negative_a{-b * smile_sigma * std::sqrt(1 - rho * rho) * unit(rng), b, rho, 0.2 * unit(rng) - 0.1,
                          smile_sigma};
    inner_problem p;
    p.sigma = sigma;
    for (int i = 0; i < 12; ++i) {
      auto k = -0.15 + 0.3 * unit(rng);
      // Some smiles steep enough to press on Lee's bound, some flat or noisy enough for the others.
      auto w = trial % 2 == 0 ? 0.001 + 0.01 * unit(rng) + 2 * k * k * unit(rng)
                              : svi_total_variance(negative_a, k) * (0.9 + 0.2 * unit(rng));
      auto weight = 0.1 + unit(rng);
      auto y = (k - m) / sigma;
      std::array<double, 3> basis{1, y, std::sqrt(y * y + 1)};
      for (size_t r = 0; r < 3; ++r) {
        for (size_t c = 0; c < 3; ++c)
          p.h[r * 3 + c] += weight * basis[r] * basis[c];
        p.g[r] += weight * w * basis[r];
      }
      p.e += weight * w * w;
      p.a_max = std::max(p.a_max, w);
    }
    auto reference = inner_optimum_by_brute_force(p);
    for (size_t hint :
         {inner_face_count, size_t{0}, size_t{12}, size_t{40}, static_cast<size_t>(trial) % inner_face_count}) {
      auto given = hint;
      auto solution = inner_solver{p}.optimum(hint);
      constrained += solution.face < inner_face_count ? 1 : 0;
      on_a_chord += std::abs(chords_slack(solution.x)) <= 1e-9 * p.a_max ? 1 : 0;
      BOOST_TEST(std::abs(solution.value - reference) <= 1e-9 * reference + 1e-13 * p.e,
                 "trial " << trial << ", hint " << given << ": " << solution.value << " against " << reference);
    }
  }
  BOOST_TEST(constrained > 200u); // the faces were exercised, not just the interior
  BOOST_TEST(on_a_chord > 100u);  // and the chords among them
}

BOOST_AUTO_TEST_CASE(a_smile_that_needs_a_high_rho_and_a_negative_a_is_recovered) {
  // A NIFTY weekly's shape (2022-03-31 seen from 2022-03-24): steep call wing, ρ = 0.95, b(1 + ρ) near
  // Lee's 2, and a < 0 with the lowest variance just above zero. The one chord pair through ρ = −1, 0, 1
  // bounded a ≥ −0.05c there, −0.006 in variance where the smile needs −0.036: that fit missed the curve
  // by 1.4 vol points (RMSE 0.18); the twelve chords, 0.03 (RMSE 0.004).
  constexpr double weekly = 7.0 / 365;
  const svi_params steep_call_wing{-0.036, 1.02, 0.95, 0.40, 0.118};
  auto points = points_on(steep_call_wing, weekly, 36, -0.2, 0.15);
  auto fit = fit_svi(points, weekly);
  BOOST_TEST_REQUIRE(fit.has_value());
  BOOST_TEST(max_gap_vol_pts(fit->params, steep_call_wing, weekly, -0.2, 0.15) < 0.05);
  BOOST_TEST(fit->rmse_vol_pts < 0.01);
  // Never a negative variance, however far out.
  for (int i = 0; i <= 2000; ++i) {
    auto k = -3 + 6.0 * i / 2000;
    BOOST_TEST(svi_total_variance(fit->params, k) >= 0, "k = " << k);
  }
}

BOOST_AUTO_TEST_CASE(a_flat_smile_fits_flat) {
  std::vector<smile_point> flat;
  for (int i = 0; i < 15; ++i)
    flat.push_back({-0.07 + 0.01 * i, 0.15 * 0.15 * monthly, 1});
  auto fit = fit_svi(flat, monthly);
  BOOST_TEST_REQUIRE(fit.has_value());
  BOOST_TEST(fit->max_err_vol_pts < 1e-6);
  auto figures = smile_figures_of(fit->params, monthly);
  BOOST_TEST(figures.atm_iv == 0.15, tt::tolerance(1e-8));
  BOOST_TEST(std::abs(figures.atm_skew) < 1e-6);
}

BOOST_AUTO_TEST_CASE(the_butterfly_check_catches_vogt_s_smile_and_passes_a_clean_one) {
  // Axel Vogt's example (Gatheral & Jacquier, "Arbitrage-free SVI volatility surfaces", 2013): raw SVI
  // parameters that look harmless yet give a negative density near k = 0.5 (T = 1).
  svi_params vogt{-0.0410, 0.1331, 0.3060, 0.3586, 0.4153};
  auto check = check_butterfly(vogt, -1.5, 1.5);
  BOOST_TEST(!check.ok);
  BOOST_TEST(check.worst < 0);
  BOOST_TEST(check.worst_k > 0.2);
  BOOST_TEST(check.worst_k < 1.0);
  BOOST_TEST(durrleman_g(vogt, check.worst_k) == check.worst);

  auto clean = check_butterfly(monthly_smile, -0.5, 0.5);
  BOOST_TEST(clean.ok);
  BOOST_TEST(!is_present(clean.worst_k));
}

BOOST_AUTO_TEST_CASE(lee_s_bound_limits_the_wings) {
  BOOST_TEST(satisfies_lee_bound(monthly_smile));
  BOOST_TEST(satisfies_lee_bound({0, 1.0, 1.0, 0, 0.1}));  // slope exactly 2
  BOOST_TEST(!satisfies_lee_bound({0, 1.5, 0.5, 0, 0.1})); // 2.25
}

BOOST_AUTO_TEST_CASE(the_calendar_check_finds_where_variance_falls_with_time) {
  svi_params later = monthly_smile;
  later.a += 0.0005;
  BOOST_TEST(check_calendar(monthly_smile, later, -0.2, 0.2).ok);
  // A later smile with less variance at the money but steeper wings crosses the earlier one.
  svi_params crossing{0.0001, 0.04, -0.55, 0.015, 0.02};
  auto check = check_calendar(monthly_smile, crossing, -0.2, 0.2);
  BOOST_TEST(!check.ok);
  BOOST_TEST(svi_total_variance(crossing, check.worst_k) < svi_total_variance(monthly_smile, check.worst_k));
}

BOOST_AUTO_TEST_CASE(figures_are_read_off_the_curve) {
  auto figures = smile_figures_of(monthly_smile, monthly);
  BOOST_TEST(figures.atm_iv == std::sqrt(svi_total_variance(monthly_smile, 0) / monthly));
  BOOST_TEST(figures.rr25 < 0); // put skew: the 25-delta put is richer than the call
  BOOST_TEST(figures.bf25 > 0); // a convex smile
  BOOST_TEST(figures.atm_skew < 0);
  // The 25-delta strikes are where the curve's forward delta is ±0.25.
  auto call_k = svi_delta_strike(monthly_smile, 0.25);
  auto w = svi_total_variance(monthly_smile, call_k);
  BOOST_TEST(normal_cdf((-call_k + 0.5 * w) / std::sqrt(w)) == 0.25, tt::tolerance(1e-9));
  BOOST_TEST(!is_present(smile_figures_of(monthly_smile, 0).atm_iv));
}

namespace {

/// An analysed chain of one expiry priced off a smile: calls and puts at every strike, with a tight book
/// around the Black-76 price.
chain_result chain_on(const svi_params& p, double forward, double years, day_number expiry, double rate = 0.065) {
  chain_result chain;
  expiry_stats stats;
  stats.expiry = expiry;
  stats.forward = forward;
  stats.years_to_expiry = years;
  chain.expiries.push_back(stats);
  auto discount = std::exp(-rate * years);
  for (double strike = forward * 0.9; strike <= forward * 1.1; strike += forward * 0.005) {
    for (auto type : {option_type::call, option_type::put}) {
      option_row row;
      row.expiry = expiry;
      row.strike = std::round(strike);
      row.type = type;
      black76_option option{type, forward, row.strike, years, discount};
      auto price = black76_price(option, svi_implied_vol(p, std::log(row.strike / forward), years));
      row.last_price = price * 1.02; // a stale-ish trade: the mid must win
      row.bid = price - 0.05;
      row.ask = price + 0.05;
      chain.rows.push_back(row);
    }
  }
  return chain;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_priced_chain_fits_back_to_its_smile_from_out_of_the_money_mids) {
  auto chain = chain_on(monthly_smile, 24000, monthly, 20500);
  auto slices = fit_surface(chain, 0.065, surface_params{});
  BOOST_TEST_REQUIRE(slices.size() == 1u);
  auto& slice = slices[0];
  BOOST_TEST((slice.status == surface_status::fitted));
  BOOST_TEST(slice.points_used == 41u); // one out-of-the-money leg per strike
  BOOST_TEST(slice.excluded == 0u);
  BOOST_TEST(slice.rmse_vol_pts < 0.05); // the ±5 paise book around each price
  BOOST_TEST(max_gap_vol_pts(params_of(slice), monthly_smile, monthly, -0.1, 0.09) < 0.1);
  BOOST_TEST(slice.butterfly_ok);
  BOOST_TEST(slice.wing_ok);
  BOOST_TEST(slice.calendar_ok);
  BOOST_TEST(slice.atm_iv == smile_figures_of(monthly_smile, monthly).atm_iv, tt::tolerance(1e-3));
}

BOOST_AUTO_TEST_CASE(stale_crossed_and_priceless_quotes_are_left_out_and_counted) {
  auto chain = chain_on(monthly_smile, 24000, monthly, 20500);
  int stale = 0, crossed = 0, priceless = 0;
  for (auto& row : chain.rows) {
    auto otm = row.type == option_type::put ? row.strike < 24000 : row.strike >= 24000;
    if (!otm)
      continue;
    if (row.strike == 22800) {
      row.flags |= flag_stale;
      ++stale;
    } else if (row.strike == 24960) {
      std::swap(row.bid, row.ask);
      ++crossed;
    } else if (row.strike == 26040) {
      row.bid = row.ask = row.last_price = 0.05; // the tick floor
      ++priceless;
    }
  }
  BOOST_TEST_REQUIRE(stale + crossed + priceless == 3);
  auto smile = select_smile(chain.rows, 20500, 24000, monthly, 0.065, surface_params{});
  BOOST_TEST(smile.excluded == 3u);
  BOOST_TEST(smile.excluded_by[static_cast<size_t>(smile_exclusion::stale)] == 1u);
  BOOST_TEST(smile.excluded_by[static_cast<size_t>(smile_exclusion::crossed)] == 1u);
  BOOST_TEST(smile.excluded_by[static_cast<size_t>(smile_exclusion::no_premium)] == 1u);
  BOOST_TEST(smile.quotes.size() == 38u);
  for (auto& q : smile.quotes)
    BOOST_TEST(q.from_mid);
}

BOOST_AUTO_TEST_CASE(a_wide_book_is_priced_at_its_last_trade) {
  auto chain = chain_on(monthly_smile, 24000, monthly, 20500);
  for (auto& row : chain.rows) {
    row.bid = 1;
    row.ask = row.last_price * 3;
  }
  auto smile = select_smile(chain.rows, 20500, 24000, monthly, 0.065, surface_params{});
  BOOST_TEST_REQUIRE(!smile.quotes.empty());
  for (auto& q : smile.quotes)
    BOOST_TEST(!q.from_mid);
}

BOOST_AUTO_TEST_CASE(quotes_weigh_by_their_uncertainty_in_volatility_and_a_trade_as_the_widest_book) {
  auto chain = chain_on(monthly_smile, 24000, monthly, 20500);
  for (auto& row : chain.rows)
    if (row.strike == 23520 && row.type == option_type::put) { // widen one book fivefold, still sane
      row.bid -= 0.2;
      row.ask += 0.2;
    }
  auto smile = select_smile(chain.rows, 20500, 24000, monthly, 0.065, surface_params{});
  auto at = [&](double strike) {
    return *std::find_if(smile.quotes.begin(), smile.quotes.end(),
                         [&](const smile_quote& q) { return q.strike == strike; });
  };
  // Every book is ±5 paise: the IV's uncertainty is 0.05 over the price vega, larger in the wings.
  auto money = at(24000);
  auto wing = at(21600);
  BOOST_TEST(wing.uncertainty > money.uncertainty);
  for (auto& q : {money, wing})
    BOOST_TEST(q.point.weight == 1 / (q.uncertainty * q.uncertainty + model_floor * model_floor));
  // The wider book weighs less than its neighbours.
  BOOST_TEST(at(23520).point.weight < at(23400).point.weight);

  // A trade stands in where the book is not sane: as uncertain as the widest sane book.
  for (auto& row : chain.rows)
    if (row.strike == 22560 && row.type == option_type::put)
      row.bid = row.ask = 0; // no book at all
  smile = select_smile(chain.rows, 20500, 24000, monthly, 0.065, surface_params{});
  double widest = 0;
  for (auto& q : smile.quotes)
    if (q.from_mid)
      widest = std::max(widest, q.uncertainty);
  BOOST_TEST(!at(22560).from_mid);
  BOOST_TEST(at(22560).uncertainty == widest);
}

BOOST_AUTO_TEST_CASE(a_surface_flags_the_later_expiry_when_calendar_order_breaks) {
  auto near = chain_on(monthly_smile, 24000, monthly, 20500);
  // A later expiry whose total variance lies below the near one's around the money.
  svi_params inverted = monthly_smile;
  inverted.a = 0.0001;
  inverted.b = 0.01;
  auto far_low = chain_on(inverted, 24050, 1.5 * monthly, 20520);
  chain_result crossed = near;
  crossed.rows.insert(crossed.rows.end(), far_low.rows.begin(), far_low.rows.end());
  crossed.expiries.push_back(far_low.expiries[0]);
  auto flagged = fit_surface(crossed, 0.065, surface_params{});
  BOOST_TEST_REQUIRE(flagged.size() == 2u);
  BOOST_TEST((flagged[1].status == surface_status::fitted));
  BOOST_TEST(flagged[0].calendar_ok);
  BOOST_TEST(!flagged[1].calendar_ok);
  BOOST_TEST(is_present(flagged[1].calendar_worst_k));
}

BOOST_AUTO_TEST_CASE(expired_forwardless_and_disabled_expiries_say_why) {
  auto chain = chain_on(monthly_smile, 24000, monthly, 20500);
  chain.expiries[0].years_to_expiry = 0;
  BOOST_TEST((fit_surface(chain, 0.065, surface_params{})[0].status == surface_status::expired));
  chain.expiries[0].years_to_expiry = monthly;
  chain.expiries[0].forward = absent;
  BOOST_TEST((fit_surface(chain, 0.065, surface_params{})[0].status == surface_status::no_forward));
  chain.expiries[0].forward = 24000;
  surface_params off;
  off.enabled = false;
  auto slice = fit_surface(chain, 0.065, off)[0];
  BOOST_TEST((slice.status == surface_status::disabled));
  BOOST_TEST(!is_present(slice.a));
  BOOST_TEST(to_string(surface_status::too_few_points) == "too_few_points");
  BOOST_TEST((parse_surface_status("one_sided") == surface_status::one_sided));
  BOOST_TEST(!parse_surface_status("Fitted").has_value());
}

BOOST_AUTO_TEST_CASE(the_search_finds_the_minimum_that_starts_all_over_the_box_find) {
  // Noisy smiles from 2 hours to 90 days: one start and Levenberg–Marquardt must land where the best of
  // 170 starts spread over the whole box of (m, σ) lands.
  for (auto years : {2.0 / (24 * 365), 2.0 / 365, monthly, 90.0 / 365}) {
    auto scale = std::sqrt(years / monthly);
    svi_params p{monthly_smile.a * years / monthly, monthly_smile.b * scale, monthly_smile.rho, monthly_smile.m * scale,
                 monthly_smile.sigma * scale};
    for (uint64_t seed = 1; seed <= 3; ++seed) {
      auto points = points_on(p, years, 25, -0.12 * scale, 0.08 * scale, 0.1, seed);
      auto fit = fit_svi(points, years);
      BOOST_TEST_REQUIRE(fit.has_value());
      double best = fit->rmse_vol_pts;
      auto span = fit->k_max - fit->k_min;
      for (int i = -4; i <= 12; ++i)
        for (int j = 0; j < 10; ++j) {
          svi_params start{0, 0, 0, fit->k_min + span * i / 8, span * 0.005 * std::pow(2.0, j)};
          best = std::min(best, fit_svi(points, years, &start)->rmse_vol_pts);
        }
      BOOST_TEST(fit->rmse_vol_pts <= best + 1e-4, "T = " << years << ", seed " << seed);
    }
  }
}
