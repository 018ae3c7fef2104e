#include "actors/analytics/vol_surface.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "actors/analytics/black76.hpp"
#include "actors/analytics/implied_vol.hpp"

namespace g6 {

namespace {

bool positive(double x) {
  return std::isfinite(x) && x > 0;
}

void exclude(smile_selection& selection, smile_exclusion why) {
  ++selection.excluded;
  ++selection.excluded_by[static_cast<size_t>(why)];
}

/// The premium the smile takes from a quote, and whether it is the book's mid; absent when neither the
/// book nor the last trade gives one.
std::pair<double, bool> premium_of(const option_row& row, const surface_params& params) {
  auto bid = row.bid;
  auto ask = row.ask;
  if (positive(bid) && positive(ask) && ask >= bid) {
    auto mid = 0.5 * (bid + ask);
    if (ask - bid <= params.max_relative_spread * mid && mid >= params.min_premium)
      return {mid, true};
  }
  if (positive(row.last_price) && row.last_price >= params.min_premium)
    return {row.last_price, false};
  return {absent, false};
}

/// A last trade above the best offer or below the best bid was printed when the market stood elsewhere.
bool outside_the_book(const option_row& row) {
  return (positive(row.ask) && row.last_price > row.ask) || (positive(row.bid) && row.last_price < row.bid);
}

// NSE index options trade in ₹0.05 ticks: no price is known better than to half of one.
constexpr double half_tick = 0.025;

/// Weights each quote by fit_weight of its uncertainty. A last trade has no spread of its own: it is taken
/// as uncertain as the widest sane book of the expiry (a trade is at best as good as a quote), or as a
/// book one tick wide when there is none.
void weigh_by_uncertainty(std::vector<smile_quote>& quotes) {
  double widest_book = 0;
  for (auto& q : quotes)
    if (q.from_mid)
      widest_book = std::max(widest_book, q.uncertainty);
  for (auto& q : quotes) {
    if (!q.from_mid)
      q.uncertainty = std::max(q.uncertainty, widest_book);
    q.point.weight = fit_weight(q.uncertainty);
  }
}

// Points a check looks at beyond the quoted range: as far again as the range is wide, and at least four
// standard deviations of the ATM total variance, so the wings a trader would extrapolate are covered.
std::pair<double, double> checked_range(const svi_params& p, double k_min, double k_max) {
  auto w0 = svi_total_variance(p, 0);
  auto extension = std::max(k_max - k_min, w0 > 0 ? 4 * std::sqrt(w0) : 0.0);
  return {k_min - extension, k_max + extension};
}

} // namespace

double fit_weight(double uncertainty) {
  return 1 / (uncertainty * uncertainty + model_floor * model_floor);
}

smile_selection select_smile(std::span<const option_row> rows, day_number expiry, double forward, double years,
                             double rate, const surface_params& params) {
  smile_selection selection;
  if (!positive(forward) || !positive(years))
    return selection;
  const auto discount = std::exp(-rate * years);
  const iv_params solver;
  const auto sqrt_years = std::sqrt(years);
  for (auto& row : rows) {
    if (row.expiry != expiry || !positive(row.strike))
      continue;
    auto out_of_the_money = row.type == option_type::put ? row.strike < forward : row.strike >= forward;
    if (!out_of_the_money)
      continue;
    if (row.flags & flag_stale) {
      exclude(selection, smile_exclusion::stale);
      continue;
    }
    if (positive(row.bid) && positive(row.ask) && row.bid > row.ask) {
      exclude(selection, smile_exclusion::crossed);
      continue;
    }
    auto [premium, from_mid] = premium_of(row, params);
    if (!is_present(premium)) {
      exclude(selection, smile_exclusion::no_premium);
      continue;
    }
    if (!from_mid && outside_the_book(row)) {
      exclude(selection, smile_exclusion::stale_trade);
      continue;
    }
    black76_option option{row.type, forward, row.strike, years, discount};
    auto solved = implied_vol(option, premium, solver);
    if (solved.status != iv_status::ok) {
      exclude(selection, smile_exclusion::no_iv);
      continue;
    }
    smile_quote quote;
    quote.strike = row.strike;
    quote.type = row.type;
    quote.premium = premium;
    quote.from_mid = from_mid;
    quote.iv = solved.iv;
    auto k = std::log(row.strike / forward);
    auto w = solved.iv * solved.iv * years;
    auto d1 = (-k + 0.5 * w) / std::sqrt(w);
    quote.vega = normal_pdf(d1) * sqrt_years;
    auto half_spread = from_mid ? 0.5 * (row.ask - row.bid) : 0.0;
    quote.uncertainty = std::max(half_spread, half_tick) / (discount * forward * quote.vega);
    quote.point = {k, w, 0};
    selection.quotes.push_back(quote);
  }
  std::sort(selection.quotes.begin(), selection.quotes.end(),
            [](const smile_quote& x, const smile_quote& y) { return x.strike < y.strike; });
  weigh_by_uncertainty(selection.quotes);
  return selection;
}

namespace {

/// Fits the quotes still in use.
expected<svi_fit, svi_fit_failure> fit_in_use(const smile_selection& smile, double years,
                                              const svi_params* start = nullptr) {
  std::vector<smile_point> points;
  points.reserve(smile.quotes.size());
  for (auto& q : smile.quotes)
    if (q.in_use)
      points.push_back(q.point);
  return fit_svi(points, years, start);
}

// A last trade this far from the fitted curve (vol points), and this many robust deviations of the
// trusted quotes' residuals, is taken for stale: it was printed at another level of the market.
constexpr double stale_trade_min_vol_pts = 2.0;
constexpr double stale_trade_deviations = 3.0;
constexpr int stale_trade_passes = 3;

double median_of(std::vector<double> values) {
  auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

/// Marks the last-trade quotes (never a book's mid: a sane book is the market now) that lie far off the
/// fit; returns how many. The residuals' scale comes from the mids when there are enough of them (the
/// stale trades would inflate it), else from every quote.
uint32_t mark_stale_trades(smile_selection& smile, const svi_params& p, double years) {
  std::vector<double> all;
  std::vector<double> mids;
  for (auto& q : smile.quotes) {
    if (!q.in_use)
      continue;
    auto residual = 100 * std::abs(svi_implied_vol(p, q.point.k, years) - q.iv);
    all.push_back(residual);
    if (q.from_mid)
      mids.push_back(residual);
  }
  if (all.empty())
    return 0;
  auto scale = 1.4826 * median_of(mids.size() >= svi_min_points ? mids : all);
  auto cut = std::max(stale_trade_min_vol_pts, stale_trade_deviations * scale);
  uint32_t marked = 0;
  for (auto& q : smile.quotes) {
    if (!q.in_use || q.from_mid)
      continue;
    auto fitted = svi_implied_vol(p, q.point.k, years);
    if (!(100 * std::abs(fitted - q.iv) <= cut)) {
      q.in_use = false;
      ++marked;
    }
  }
  return marked;
}

/// The RMSE of the fitted IV over the quotes in use, each weighted by its vega (the fit itself weighs them
/// by their uncertainty), in vol points: the figure a trader's eye, which discounts the far wings, reads.
double vega_weighted_rmse(const smile_selection& smile, const svi_params& p, double years) {
  double squared = 0;
  double weights = 0;
  for (auto& q : smile.quotes) {
    if (!q.in_use)
      continue;
    auto error = svi_implied_vol(p, q.point.k, years) - q.iv;
    squared += q.vega * error * error;
    weights += q.vega;
  }
  return 100 * std::sqrt(squared / weights);
}

/// A slice of the expiry with nothing fitted yet.
surface_slice slice_of(const expiry_stats& stats) {
  surface_slice slice;
  slice.expiry = stats.expiry;
  slice.bucket = stats.bucket;
  slice.years = stats.years_to_expiry;
  slice.forward = stats.forward;
  return slice;
}

} // namespace

surface_slice fit_slice(smile_selection& smile, const expiry_stats& stats) {
  auto slice = slice_of(stats);
  if (!(stats.years_to_expiry > 0)) {
    slice.status = surface_status::expired;
    slice.excluded = smile.excluded;
    return slice;
  }
  if (!positive(stats.forward)) {
    slice.status = surface_status::no_forward;
    slice.excluded = smile.excluded;
    return slice;
  }
  auto started = std::chrono::steady_clock::now();
  auto fitted = fit_in_use(smile, stats.years_to_expiry);
  // Up to three more passes without the stale trades, each from the previous fit; a pass that would leave
  // no fit is undone and ends the passes.
  for (int pass = 0; fitted && pass < stale_trade_passes; ++pass) {
    auto before = smile.quotes;
    auto marked = mark_stale_trades(smile, fitted->params, stats.years_to_expiry);
    if (marked == 0)
      break;
    auto refit = fit_in_use(smile, stats.years_to_expiry, &fitted->params);
    if (!refit) {
      smile.quotes = std::move(before);
      break;
    }
    fitted = std::move(refit);
    smile.excluded += marked;
    smile.excluded_by[static_cast<size_t>(smile_exclusion::stale_trade)] += marked;
  }
  slice.fit_us =
    std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
  slice.excluded = smile.excluded;
  if (!fitted) {
    slice.points_used = static_cast<uint32_t>(smile.quotes.size());
    slice.status =
      fitted.error() == svi_fit_failure::one_sided ? surface_status::one_sided : surface_status::too_few_points;
    return slice;
  }
  auto& fit = *fitted;
  slice.status = surface_status::fitted;
  slice.a = fit.params.a;
  slice.b = fit.params.b;
  slice.rho = fit.params.rho;
  slice.m = fit.params.m;
  slice.sigma = fit.params.sigma;
  slice.points_used = fit.points_used;
  slice.excluded += fit.points_ignored;
  slice.rmse_vol_pts = vega_weighted_rmse(smile, fit.params, stats.years_to_expiry);
  slice.max_err_vol_pts = fit.max_err_vol_pts;
  slice.k_min = fit.k_min;
  slice.k_max = fit.k_max;
  auto [k_low, k_high] = checked_range(fit.params, fit.k_min, fit.k_max);
  auto butterfly = check_butterfly(fit.params, k_low, k_high);
  slice.butterfly_ok = butterfly.ok;
  slice.butterfly_worst_k = butterfly.worst_k;
  slice.wing_ok = satisfies_lee_bound(fit.params);
  auto figures = smile_figures_of(fit.params, stats.years_to_expiry);
  slice.atm_iv = figures.atm_iv;
  slice.rr25 = figures.rr25;
  slice.bf25 = figures.bf25;
  slice.atm_skew = figures.atm_skew;
  return slice;
}

expiry_fit fit_expiry(std::span<const option_row> rows, const expiry_stats& stats, double rate,
                      const surface_params& params) {
  expiry_fit out;
  out.smile = select_smile(rows, stats.expiry, stats.forward, stats.years_to_expiry, rate, params);
  out.slice = fit_slice(out.smile, stats);
  return out;
}

void check_calendar_order(std::vector<surface_slice>& slices) {
  std::vector<surface_slice*> fitted;
  for (auto& s : slices)
    if (s.status == surface_status::fitted)
      fitted.push_back(&s);
  std::stable_sort(fitted.begin(), fitted.end(),
                   [](const surface_slice* x, const surface_slice* y) { return x->years < y->years; });
  for (size_t i = 1; i < fitted.size(); ++i) {
    auto& earlier = *fitted[i - 1];
    auto& later = *fitted[i];
    if (!(later.years > earlier.years))
      continue; // two slices at the same T (a bucket listed twice) have no order to keep
    auto check = check_calendar(params_of(earlier), params_of(later), std::min(earlier.k_min, later.k_min),
                                std::max(earlier.k_max, later.k_max));
    later.calendar_ok = check.ok;
    later.calendar_worst_k = check.worst_k;
  }
}

std::vector<surface_slice> fit_surface(const chain_result& analysed, double rate, const surface_params& params) {
  std::vector<surface_slice> slices;
  slices.reserve(analysed.expiries.size());
  for (auto& stats : analysed.expiries) {
    if (!params.enabled) {
      auto off = slice_of(stats);
      off.status = surface_status::disabled;
      slices.push_back(off);
      continue;
    }
    slices.push_back(fit_expiry(analysed.rows, stats, rate, params).slice);
  }
  check_calendar_order(slices);
  return slices;
}

} // namespace g6
