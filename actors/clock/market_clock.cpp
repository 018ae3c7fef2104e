#include "actors/clock/market_clock.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "config/ist_time.hpp"

namespace g6 {

namespace {

using namespace std::chrono;

constexpr std::string_view spec_help = "expected 'real' or 'sim:<ISO 8601 start with offset>@<speed>x', "
                                       "e.g. 'sim:2026-11-26T09:15:00+05:30@60x'";

std::string bad_spec(std::string_view spec, std::string_view why) {
  return "bad clock spec '" + std::string{spec} + "': " + std::string{why};
}

/// The speed as a short number, six significant digits: "60", "0.5", "1e-06".
std::string format_speed(double speed) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", speed);
  return buf;
}

/// Simulated milliseconds that `speed` makes of the wall time since `since`.
epoch_ms simulated_run(steady_clock::time_point since, double speed) {
  auto wall = duration<double, std::milli>(steady_clock::now() - since).count();
  return static_cast<epoch_ms>(std::floor(wall * speed));
}

} // namespace

nanoseconds scaled_to_real(milliseconds simulated, double speed) {
  auto real = std::ceil(static_cast<double>(simulated.count()) * 1e6 / speed);
  if (!(real < static_cast<double>(nanoseconds::max().count())))
    return nanoseconds::max();
  return nanoseconds{static_cast<nanoseconds::rep>(real)};
}

epoch_ms real_clock::now() const {
  return wall_clock_ms();
}

nanoseconds real_clock::to_real(milliseconds simulated) const {
  return simulated;
}

bool real_clock::jump_to(epoch_ms) {
  return false;
}

simulated_clock::simulated_clock(epoch_ms start, double speed)
  : start_{start}, speed_{speed}, wall_start_{steady_clock::now()} {}

epoch_ms simulated_clock::now() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return start_ + simulated_run(wall_start_, speed_) + jumped_ms_;
}

nanoseconds simulated_clock::to_real(milliseconds simulated) const {
  return scaled_to_real(simulated, speed_);
}

bool simulated_clock::jump_to(epoch_ms t) {
  // Reading the time and moving it happen under one lock, so concurrent jumps end at the furthest
  // target rather than adding up.
  std::lock_guard<std::mutex> guard{mutex_};
  auto current = start_ + simulated_run(wall_start_, speed_) + jumped_ms_;
  if (t <= current)
    return false;
  jumped_ms_ += t - current;
  return true;
}

std::string simulated_clock::describe() const {
  return "sim:" + format_ist(start_) + "@" + format_speed(speed_) + "x";
}

std::shared_ptr<market_clock> make_clock(std::string_view spec, std::string& error) {
  if (spec == "real")
    return std::make_shared<real_clock>();
  constexpr std::string_view prefix = "sim:";
  if (spec.substr(0, prefix.size()) != prefix) {
    error = bad_spec(spec, spec_help);
    return nullptr;
  }
  auto body = spec.substr(prefix.size());
  auto at = body.rfind('@');
  if (at == std::string_view::npos) {
    error = bad_spec(spec, "missing '@<speed>x' after the start instant");
    return nullptr;
  }
  auto start_text = body.substr(0, at);
  auto start = parse_iso8601(start_text);
  if (!start) {
    error = bad_spec(spec, "start '" + std::string{start_text}
                             + "' is not an ISO 8601 instant with offset (e.g. 2026-11-26T09:15:00+05:30)");
    return nullptr;
  }
  auto speed_text = body.substr(at + 1);
  if (!speed_text.empty() && speed_text.back() == 'x')
    speed_text.remove_suffix(1);
  double speed = 0;
  auto [end, ec] = std::from_chars(speed_text.data(), speed_text.data() + speed_text.size(), speed);
  bool whole = !speed_text.empty() && end == speed_text.data() + speed_text.size();
  if (!whole || (ec != std::errc{} && ec != std::errc::result_out_of_range)) {
    error = bad_spec(spec, "speed '" + std::string{speed_text} + "' is not a number");
    return nullptr;
  }
  // NaN, infinities and numbers too large for a double fail here too.
  if (ec != std::errc{} || !(speed > 0 && speed <= max_clock_speed)) {
    error =
      bad_spec(spec, fmt::format("speed '{}' is out of range: it must be in (0, {:.0f}]", speed_text, max_clock_speed));
    return nullptr;
  }
  return std::make_shared<simulated_clock>(*start, speed);
}

} // namespace g6
