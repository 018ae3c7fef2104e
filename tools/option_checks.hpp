// option_checks.hpp — CLI11 checks for the numbers and paths of every g6 command, with messages a person
// can read: a finite number in a stated range (NaN and infinities refused), a whole number in a range
// (not CLI11's 300-digit default bounds), a path that is not empty.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace g6 {

/// The whole of `text` as a finite number, or nothing.
std::optional<double> finite_number(const std::string& text);

/// A finite number in (0, `high`], or `word` when one is given. CLI11 prefixes the message with the
/// option's name.
CLI::Validator positive_up_to(double high, const std::string& word = {});

/// A whole number from `low` to `high`.
CLI::Validator whole_number(uint64_t low, uint64_t high);

/// A path or name given as '' would silently mean its default: refused.
extern const CLI::Validator not_empty;

} // namespace g6
