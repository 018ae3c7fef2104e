// json_number.hpp — a number for a JSON document, or null when it is NaN or infinite: JSON has no such
// numbers, and nlohmann would write them as null anyway, silently. One spelling for every JSON writer.
#pragma once

#include <nlohmann/json.hpp>

#include <cmath>

namespace g6 {

inline nlohmann::json number_or_null(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

} // namespace g6
