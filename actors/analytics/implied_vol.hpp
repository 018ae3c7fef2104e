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
  below_intrinsic,   // premium at or below the discounted intrinsic value: no volatility prices it
  above_upper_bound, // premium at or above DF·F (call) or DF·K (put): no volatility prices it
  no_convergence,    // the iteration budget ran out before the premium was matched
  invalid_input,     // NaN/infinite/non-positive inputs, T <= 0 (expired), or unusable parameters
  out_of_range,      // the solution exists but lies outside [iv_min, iv_max]
};

std::string_view to_string(iv_status x);

/// Solver bounds and tolerance.
struct iv_params {
  double iv_min = 0.01; // lowest volatility accepted (fraction a year); must be > 0
  double iv_max = 5.0;  // highest volatility accepted; must exceed iv_min
  /// The iteration stops once a Householder step changes σ by at most max(precision, 1e-5)·σ. The steps
  /// converge with order four, so the error left after such a step is of the order of its fourth power:
  /// every precision up to 1e-5 returns σ to the last bits of a double (1e-5 itself leaves ~1e-20), and
  /// a looser one stops earlier with an error of about precision⁴.
  double precision = 1e-9;
  int max_iterations = 100; // Householder steps at most (two suffice, see normalised_implied_vol.hpp)
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
/// loses the time value to cancellation. The OTM premium, normalised by DF·√(FK), is then solved for
/// s = σ√T by P. Jäckel's "Let's Be Rational" method (normalised_implied_vol.hpp): a rational starting
/// point and third-order Householder steps inside a bracket, reaching full double precision for every
/// premium that has a solution, in at most two steps (rarely three). implied_vols() (implied_vol_batch.hpp)
/// gives the same answers for a whole chain, faster. Premiums outside the no-arbitrage band get their
/// reason, never a clamp; the solution is checked against [iv_min, iv_max] afterwards.
iv_result implied_vol(const black76_option& option, double premium, const iv_params& params);

} // namespace g6
