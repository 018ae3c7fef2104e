// implied_vol.hpp — the volatility that makes Black-76 reproduce a traded premium. One entry point,
// implied_vol(), so the algorithm behind it can be replaced without touching its callers.
#pragma once

#include <cstdint>
#include <string_view>

#include "actors/analytics/black76.hpp"

namespace g6 {

/// Why an implied volatility could or could not be found.
enum class iv_status : uint8_t {
  ok,
  below_intrinsic,    // premium at or below the discounted intrinsic value: no volatility prices it
  above_upper_bound,  // premium at or above DF·F (call) or DF·K (put): no volatility prices it
  no_convergence,     // the iteration budget ran out before the premium was matched
  invalid_input,      // NaN/infinite/non-positive inputs, T <= 0 (expired), or unusable parameters
  out_of_range,       // the solution exists but lies outside [iv_min, iv_max]
};

std::string_view to_string(iv_status x);

/// Solver bounds and tolerance.
struct iv_params {
  double iv_min = 0.01; // lowest volatility accepted (fraction a year); must be > 0
  double iv_max = 5.0;  // highest volatility accepted; must exceed iv_min
  /// Stop when |model − target| <= precision · target, the target being the out-of-the-money premium
  /// the solver matches (see implied_vol), so the tolerance scales with the premium.
  double precision = 1e-9;
  int max_iterations = 100; // Black-76 evaluations at most
};

/// `iv` is meaningful only when status == ok; it is 0 otherwise, never NaN and never a clamped bound.
struct iv_result {
  double iv = 0;
  iv_status status = iv_status::invalid_input;
  int iterations = 0;
};

/// The volatility at which black76_price(option, iv) equals `premium`.
///
/// Legs in the money relative to the forward are first turned into their out-of-the-money counterpart by
/// put-call parity (C − P = DF·(F − K)): an ITM premium is mostly intrinsic value, and solving on it
/// loses the time value to cancellation. The OTM premium is then matched by Newton's method on
/// ln(premium) in volatility (well-conditioned even for far wings, where the premium is tiny), safeguarded
/// by a bracket that starts as [iv_min, iv_max] and shrinks with every evaluation: a Newton step that
/// leaves the bracket, or a vanishing vega, is replaced by bisection. A solution is accepted when the
/// premium matches within `precision`, or when the bracket has shrunk to the resolution of a double.
iv_result implied_vol(const black76_option& option, double premium, const iv_params& params);

} // namespace g6
