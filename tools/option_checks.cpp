#include "tools/option_checks.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace g6 {

std::optional<double> finite_number(const std::string& text) {
  double x = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(x))
    return std::nullopt;
  return x;
}

CLI::Validator positive_up_to(double high, const std::string& word) {
  auto range = fmt::format("a number in (0, {:.0f}]{}", high, word.empty() ? "" : " or '" + word + "'");
  return CLI::Validator(
    [=](std::string& text) -> std::string {
      if (!word.empty() && text == word)
        return {};
      auto x = finite_number(text);
      return x && *x > 0 && *x <= high ? std::string{} : "'" + text + "' is not " + range;
    },
    range);
}

CLI::Validator whole_number(uint64_t low, uint64_t high) {
  auto range = fmt::format("a whole number from {} to {}", low, high);
  return CLI::Validator(
    [=](std::string& text) -> std::string {
      uint64_t n = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      bool whole = !text.empty() && ec == std::errc{} && end == text.data() + text.size();
      return whole && n >= low && n <= high ? std::string{} : "'" + text + "' is not " + range;
    },
    range);
}

const CLI::Validator
  not_empty([](std::string& text) { return text.empty() ? std::string{"must not be empty"} : std::string{}; },
            "not empty");

} // namespace g6
