#include "actors/analytics/implied_vol.hpp"

#include "actors/analytics/iv_problem.hpp"

namespace g6 {

std::string_view to_string(iv_status x) {
  switch (x) {
    case iv_status::ok:
      return "ok";
    case iv_status::below_intrinsic:
      return "below_intrinsic";
    case iv_status::above_upper_bound:
      return "above_upper_bound";
    case iv_status::no_convergence:
      return "no_convergence";
    case iv_status::invalid_input:
      return "invalid_input";
    case iv_status::out_of_range:
      return "out_of_range";
  }
  return "unknown";
}

iv_result implied_vol(const black76_option& option, double premium, const iv_params& params) {
  auto problem = normalise(option, premium, params);
  if (problem.status != iv_status::ok)
    return {0.0, problem.status, 0};
  auto solved = normalised_implied_vol(problem.beta, problem.x, problem.b_max, params.max_iterations, params.precision);
  return volatility_of(solved, option.years, params);
}

} // namespace g6
