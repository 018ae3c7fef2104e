#include "actors/analytics/iv_problem.hpp"

#include <algorithm>
#include <cmath>

#include "actors/analytics/normalised_black.hpp"

namespace g6 {

namespace {

bool finite_positive(double x) {
  return std::isfinite(x) && x > 0;
}

bool usable(const iv_params& p) {
  return finite_positive(p.iv_min) && std::isfinite(p.iv_max) && p.iv_max > p.iv_min && finite_positive(p.precision)
         && p.max_iterations > 0;
}

normalised_problem unsolvable(iv_status status) {
  normalised_problem problem;
  problem.status = status;
  return problem;
}

} // namespace

normalised_problem normalise(const black76_option& option, double premium, const iv_params& params) {
  if (!finite_positive(option.forward) || !finite_positive(option.strike) || !finite_positive(option.years)
      || !finite_positive(option.discount) || !std::isfinite(premium) || !usable(params))
    return unsolvable(iv_status::invalid_input);
  auto intrinsic = discounted_intrinsic(option);
  if (premium <= intrinsic)
    return unsolvable(iv_status::below_intrinsic);
  if (premium >= premium_upper_bound(option))
    return unsolvable(iv_status::above_upper_bound);
  normalised_problem problem;
  problem.x = -std::abs(log_moneyness(option.forward, option.strike));
  problem.beta = (premium - intrinsic) / (option.discount * std::sqrt(option.forward * option.strike));
  // e^{x/2} for x = −|ln(F/K)|, without an exponential.
  problem.b_max = std::sqrt(std::min(option.forward, option.strike) / std::max(option.forward, option.strike));
  // Rounding in the normalisation can carry a premium just inside the band onto its edge.
  if (!(problem.beta > 0))
    return unsolvable(iv_status::below_intrinsic);
  if (!(problem.beta < problem.b_max))
    return unsolvable(iv_status::above_upper_bound);
  problem.status = iv_status::ok;
  return problem;
}

iv_result volatility_of(const normalised_solution& solved, double years, const iv_params& params) {
  if (!solved.converged)
    return {0.0, iv_status::no_convergence, solved.iterations};
  auto vol = solved.s / std::sqrt(years);
  if (!(vol >= params.iv_min && vol <= params.iv_max))
    return {0.0, iv_status::out_of_range, solved.iterations};
  return {vol, iv_status::ok, solved.iterations};
}

} // namespace g6
