// synthetic_forward.hpp — the forward an expiry's options imply, from put-call parity. Pricing on this
// forward rather than spot·e^{rT} absorbs dividends, futures basis and the market's own carry.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "messages/market.hpp"

namespace g6 {

/// The premiums quoted at one strike; absent (NaN) or non-positive when that leg has no usable price.
struct strike_premiums {
  double strike = 0;
  double call = absent;
  double put = absent;
};

/// Where a forward came from.
enum class forward_method : uint8_t {
  put_call_parity, // F = K + e^{rT}·(C − P) at the strike where |C − P| is smallest
  spot_carry,      // no strike had both legs priced: F = spot·e^{rT}
  unavailable,     // neither: no priced pair and no usable spot
};

std::string_view to_string(forward_method x);

struct forward_estimate {
  double forward = absent;
  forward_method method = forward_method::unavailable;
  double parity_strike = absent; // the strike parity used, when method == put_call_parity
};

/// The forward of one expiry, CBOE's way: among strikes whose call and put both have a positive premium,
/// the one where |C − P| is smallest (the lowest such strike on a tie) gives F = K + e^{rT}·(C − P).
/// Without such a strike (or when the premiums imply a forward that is not positive), spot carried at
/// the rate: spot·e^{rT}.
forward_estimate synthetic_forward(std::span<const strike_premiums> strikes, double spot, double rate, double years);

} // namespace g6
