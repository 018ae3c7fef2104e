// chain_statistics.hpp — the per-expiry numbers traders read off a chain: put-call ratios, max pain and
// at-the-money implied volatility. They work on analysed option rows of a single expiry.
#pragma once

#include <span>

#include "messages/market.hpp"

namespace g6 {

/// Σ put OI / Σ call OI; absent when the calls' OI sums to 0. Untrusted values (NaN, negative) count as 0.
double pcr_by_oi(std::span<const option_row> rows);

/// Σ put volume / Σ call volume; absent when the calls' volume sums to 0. Negative volumes count as 0.
double pcr_by_volume(std::span<const option_row> rows);

/// Max pain: among the chain's strikes, the settlement price at which option holders would collect the
/// least, Σ_calls OI·max(S − K, 0) + Σ_puts OI·max(K − S, 0); the lowest such strike on a tie. Absent
/// when the chain has no open interest.
double max_pain(std::span<const option_row> rows);

/// At-the-money IV: the IV at the forward, linear in strike between the nearest strikes with an IV at or
/// below and at or above it. Each strike contributes its out-of-the-money leg's IV (the put below the
/// forward, the call at or above it), or the other leg's when only that one has an IV. Absent when no
/// strike with an IV lies on one side of the forward.
double atm_iv(std::span<const option_row> rows, double forward);

} // namespace g6
