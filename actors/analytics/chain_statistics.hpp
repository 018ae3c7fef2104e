// chain_statistics.hpp — the per-expiry numbers traders read off a chain: put-call ratios, max pain,
// at-the-money implied volatility, the 25-delta skew and the breadth of open-interest changes. They work
// on analysed option rows of a single expiry.
#pragma once

#include <cstdint>
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

/// The 25-delta risk reversal and butterfly: with σ_c and σ_p the smile's IV where the call delta is
/// +0.25 and the put delta −0.25, RR = σ_c − σ_p and BF = (σ_c + σ_p)/2 − ATM IV. The smile takes each
/// strike's IV as atm_iv does (out-of-the-money leg first); deltas are forward deltas without
/// discounting, N(d1) for calls and N(d1) − 1 for puts, each at its strike's own IV, and the IV at ±0.25
/// is linear in delta between the two strikes around it (the crossing nearest the forward). Each is
/// absent when the smile does not reach its 25-delta points (or, for BF, when ATM IV is absent).
struct delta_skew {
  double risk_reversal = absent;
  double butterfly = absent;
};
delta_skew skew_25_delta(std::span<const option_row> rows, double forward, double years, double atm);

/// How many legs gained and how many lost open interest against the previous session, per side.
/// A leg with an unknown (NaN) or zero change counts in neither.
struct oi_breadth {
  uint32_t calls_adding = 0;
  uint32_t calls_shedding = 0;
  uint32_t puts_adding = 0;
  uint32_t puts_shedding = 0;
};
oi_breadth oi_change_breadth(std::span<const option_row> rows);

} // namespace g6
