#include "actors/analytics/iv_benchmark.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "actors/analytics/greeks.hpp"
#include "actors/analytics/implied_vol.hpp"
#include "actors/analytics/implied_vol_batch.hpp"
#include "actors/analytics/quantlib_version.hpp"

#ifdef G6_HAVE_QUANTLIB
#include <ql/errors.hpp>
#include <ql/pricingengines/blackformula.hpp>
#endif

namespace g6 {

namespace {

constexpr double spot = 24000;
constexpr double rate = 0.065;
constexpr double tick = 0.05;
constexpr double same_day_share = 0.1; // of the book
constexpr double quantlib_accuracy = 1e-10;
constexpr int quantlib_max_iterations = 100;

struct book {
  iv_batch options;
  std::vector<double> vols; // the σ each premium was priced at
  size_t same_day = 0;
};

book make_book(const iv_bench_options& o) {
  book b;
  b.options.reserve(o.count);
  b.vols.reserve(o.count);
  std::mt19937_64 rng{o.seed};
  std::uniform_real_distribution<double> unit{0.0, 1.0};
  std::uniform_int_distribution<int> strike_steps{0, 160};
  // Drawn in two parts, the same-day slice last, then shuffled so that solvers meet them mixed.
  auto same_day_target = static_cast<size_t>(static_cast<double>(o.count) * same_day_share);
  struct entry {
    black76_option option;
    double premium;
    double vol;
  };
  std::vector<entry> entries;
  entries.reserve(o.count);
  while (entries.size() < o.count) {
    auto same_day = entries.size() >= o.count - same_day_target;
    auto strike = 20000 + 50.0 * strike_steps(rng);
    auto minutes = same_day ? 5 + 355 * unit(rng) : 1440 * (1 + 59 * unit(rng));
    auto years = minutes / (365.0 * 1440);
    auto vol = 0.08 + 0.52 * unit(rng);
    auto type = unit(rng) < 0.5 ? option_type::call : option_type::put;
    black76_option option{type, spot * std::exp(rate * years), strike, years, std::exp(-rate * years)};
    auto premium = black76_price(option, vol);
    if (premium - discounted_intrinsic(option) >= tick)
      entries.push_back({option, premium, vol});
  }
  std::shuffle(entries.begin(), entries.end(), rng);
  for (auto& e : entries) {
    b.options.add(e.option, e.premium);
    b.vols.push_back(e.vol);
  }
  b.same_day = same_day_target;
  return b;
}

using clock_type = std::chrono::steady_clock;

/// Times `solve` (which fills `vols`, 0 or NaN for a failure) over the book `passes` times, after one
/// untimed warm-up over a slice, and checks the last pass's answers.
solver_showing measure(const book& b, int passes, const std::function<void(std::vector<double>&)>& solve) {
  std::vector<double> vols(b.options.size());
  std::vector<double> nanoseconds;
  solve(vols);
  for (int pass = 0; pass < passes; ++pass) {
    auto start = clock_type::now();
    solve(vols);
    auto elapsed = std::chrono::duration<double, std::nano>(clock_type::now() - start).count();
    nanoseconds.push_back(elapsed / static_cast<double>(b.options.size()));
  }
  std::sort(nanoseconds.begin(), nanoseconds.end());
  solver_showing s;
  s.ns_per_iv = nanoseconds[nanoseconds.size() / 2];
  for (size_t i = 0; i < vols.size(); ++i) {
    if (!(std::isfinite(vols[i]) && vols[i] > 0)) {
      ++s.failures;
      continue;
    }
    s.max_vol_error = std::max(s.max_vol_error, std::abs(vols[i] - b.vols[i]));
    auto repriced = black76_price(b.options.option(i), vols[i]);
    s.max_price_error = std::max(s.max_price_error, std::abs(repriced - b.options.premium[i]));
  }
  return s;
}

double greeks_ns(const book& b) {
  volatile double sink = 0;
  auto start = clock_type::now();
  for (size_t i = 0; i < b.options.size(); ++i) {
    auto g = black76_greeks(b.options.option(i), b.vols[i]);
    sink = sink + g.delta + g.gamma + g.theta + g.vega + g.rho;
  }
  auto elapsed = std::chrono::duration<double, std::nano>(clock_type::now() - start).count();
  return elapsed / static_cast<double>(b.options.size());
}

#ifdef G6_HAVE_QUANTLIB
void quantlib_solve(const book& b, std::vector<double>& vols) {
  for (size_t i = 0; i < b.options.size(); ++i) {
    auto o = b.options.option(i);
    auto type = o.type == option_type::call ? QuantLib::Option::Call : QuantLib::Option::Put;
    try {
      auto std_dev = QuantLib::blackFormulaImpliedStdDev(type, o.strike, o.forward, b.options.premium[i], o.discount,
                                                         0.0, QuantLib::Null<QuantLib::Real>(), quantlib_accuracy,
                                                         quantlib_max_iterations);
      vols[i] = std_dev / std::sqrt(o.years);
    } catch (const QuantLib::Error&) {
      vols[i] = 0; // QuantLib reports a failed solve by throwing; count it
    }
  }
}
#endif

std::string showing_line(const solver_showing& s) {
  return fmt::format("{:8.1f} ns/IV   max |dsigma| {:.2e}   max |dprice| {:.2e}   failures {}", s.ns_per_iv,
                     s.max_vol_error, s.max_price_error, s.failures);
}

} // namespace

bool quantlib_reference_built_in() {
#ifdef G6_HAVE_QUANTLIB
  return true;
#else
  return false;
#endif
}

iv_bench_report run_iv_benchmark(const iv_bench_options& options) {
  iv_bench_report report;
  report.options = options;
  report.options.passes = std::max(1, options.passes);
  auto b = make_book(options);
  report.same_day = b.same_day;
  const iv_params params; // the defaults analytics runs with
  iv_batch_result solved;
  report.batch = measure(b, report.options.passes, [&](std::vector<double>& vols) {
    implied_vols(b.options, params, solved);
    std::copy(solved.iv.begin(), solved.iv.end(), vols.begin());
  });
  report.one_by_one = measure(b, report.options.passes, [&](std::vector<double>& vols) {
    for (size_t i = 0; i < b.options.size(); ++i)
      vols[i] = implied_vol(b.options.option(i), b.options.premium[i], params).iv;
  });
#ifdef G6_HAVE_QUANTLIB
  report.quantlib = measure(b, report.options.passes, [&](std::vector<double>& vols) { quantlib_solve(b, vols); });
#endif
  report.greeks_ns = greeks_ns(b);
  return report;
}

std::string format_iv_bench(const iv_bench_report& r) {
  std::string out = fmt::format(
    "g6 bench iv: {} options: spot {:.0f}, strikes 20000..28000 step 50, T 1..60 days ({} of them same-day, "
    "5 min..6 h), vol 8%..60%, r {:.1f}%, calls and puts, time value >= {:.2f}; seed {}, median of {} passes\n",
    r.options.count, spot, r.same_day, 100 * rate, tick, r.options.seed, r.options.passes);
  out += fmt::format("ours, batch (implied_vols):          {}\n", showing_line(r.batch));
  out += fmt::format("ours, one at a time (implied_vol):   {}\n", showing_line(r.one_by_one));
  if (r.quantlib) {
    out += fmt::format("QuantLib {} blackFormulaImpliedStdDev (accuracy {:.0e} on stdDev): {}\n", quantlib_version,
                       quantlib_accuracy, showing_line(*r.quantlib));
    out += fmt::format("ratio: {:.2f}\n", r.quantlib->ns_per_iv / r.batch.ns_per_iv);
  } else {
    out += "QuantLib: reference not built in (QuantLib was not found when g6 was configured)\n";
    out += "ratio: n/a\n";
  }
  out += fmt::format("greeks (black76_greeks): {:.1f} ns/option\n", r.greeks_ns);
  return out;
}

} // namespace g6
