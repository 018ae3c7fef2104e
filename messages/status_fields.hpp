// status_fields.hpp — writes a figures struct (component_figures.hpp) into a component's status dictionary
// and reads it back, both through the struct's one field list. Counts travel as CAF integers, averages as
// reals, states as their words, lists as lists and per-name counts as a nested dictionary. Reading never
// fails: a missing or mistyped key leaves the member's default, a negative count reads as zero.
#pragma once

#include <caf/config_value.hpp>
#include <caf/settings.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "messages/component_figures.hpp"

namespace g6 {

/// Puts each field of a figures struct into a status dictionary.
class status_writer {
public:
  explicit status_writer(caf::settings& out) : out_(out) {}

  void operator()(const char* key, uint64_t x) { put(key, static_cast<int64_t>(x)); }
  void operator()(const char* key, int64_t x) { put(key, x); }
  void operator()(const char* key, double x) { put(key, x); }
  void operator()(const char* key, bool x) { put(key, x); }
  void operator()(const char* key, const std::string& x) { put(key, x); }
  void operator()(const char* key, const std::vector<std::string>& xs) {
    put(key, caf::config_value::list(xs.begin(), xs.end()));
  }
  void operator()(const char* key, const std::vector<std::pair<std::string, uint64_t>>& counts) {
    caf::settings nested;
    for (auto& [name, n] : counts)
      nested.emplace(name, caf::config_value{static_cast<int64_t>(n)});
    put(key, std::move(nested));
  }
  template <class Enum, class Parse>
  void operator()(const char* key, Enum x, Parse) {
    put(key, std::string{to_string(x)});
  }

private:
  template <class T>
  void put(const char* key, T&& x) {
    out_.insert_or_assign(key, caf::config_value{std::forward<T>(x)});
  }

  caf::settings& out_;
};

/// Reads each field of a figures struct from a status dictionary.
class status_reader {
public:
  explicit status_reader(const caf::settings& in) : in_(in) {}

  void operator()(const char* key, uint64_t& x) const {
    if (auto v = find<int64_t>(key))
      x = *v > 0 ? static_cast<uint64_t>(*v) : 0;
    else if (auto r = find<double>(key))
      x = *r > 0 ? static_cast<uint64_t>(*r) : 0;
  }
  void operator()(const char* key, int64_t& x) const {
    if (auto v = find<int64_t>(key))
      x = *v;
  }
  void operator()(const char* key, double& x) const {
    if (auto v = find<double>(key))
      x = *v;
    else if (auto n = find<int64_t>(key))
      x = static_cast<double>(*n);
  }
  void operator()(const char* key, bool& x) const {
    if (auto v = find<bool>(key))
      x = *v;
  }
  void operator()(const char* key, std::string& x) const {
    if (auto v = find<std::string>(key))
      x = *v;
  }
  void operator()(const char* key, std::vector<std::string>& xs) const {
    if (auto list = find<caf::config_value::list>(key))
      for (auto& v : *list)
        if (auto s = caf::get_if<std::string>(&v))
          xs.push_back(*s);
  }
  void operator()(const char* key, std::vector<std::pair<std::string, uint64_t>>& counts) const {
    if (auto nested = find<caf::settings>(key))
      for (auto& [name, v] : *nested)
        if (auto n = caf::get_if<int64_t>(&v))
          counts.emplace_back(name, *n > 0 ? static_cast<uint64_t>(*n) : 0);
  }
  template <class Enum, class Parse>
  void operator()(const char* key, Enum& x, Parse parse) const {
    if (auto word = find<std::string>(key))
      if (auto value = parse(*word))
        x = *value;
  }

private:
  /// The key itself, not a dotted path: labels used as keys (provider.kite) hold dots.
  template <class T>
  const T* find(const char* key) const {
    auto i = in_.find(key);
    return i != in_.end() ? caf::get_if<T>(&i->second) : nullptr;
  }

  const caf::settings& in_;
};

/// Writes `x`'s fields into `status`.
template <class Figures>
void put_figures(caf::settings& status, Figures x) {
  status_writer w{status};
  fields(w, x);
}

/// The figures `status` holds.
template <class Figures>
Figures read_figures(const caf::settings& status) {
  Figures x;
  status_reader r{status};
  fields(r, x);
  return x;
}

} // namespace g6
