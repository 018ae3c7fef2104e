// expected.hpp — g6::expected<T, E>: a value, or the typed error saying why there is none; the one result
// type of the pure code (ARCHITECTURE.md: "expected-style results with typed reasons"). expected<void, E>
// is an operation that either succeeded or says why not (instead of an optional error). A small subset
// of C++23's std::expected with the same names, so that switching to it later is a rename: GCC 12
// ships <expected> only under -std=c++23, and clang 14 (the fuzzers) cannot compile that header.
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

namespace g6 {

/// The error side of an expected, as std::unexpected: `return unexpected{error}`.
template <class E>
struct unexpected {
  E error;
};

template <class E>
unexpected(E) -> unexpected<E>;

template <class T, class E>
class expected {
public:
  using value_type = T;
  using error_type = E;

  template <class U = T, class = std::enable_if_t<std::is_constructible_v<T, U&&>>>
  expected(U&& value) : state_(std::in_place_index<0>, std::forward<U>(value)) {}
  template <class G>
  expected(unexpected<G> e) : state_(std::in_place_index<1>, std::move(e.error)) {}

  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  /// The value; only when has_value(). Checked, unlike std::expected: the wrong side throws
  /// std::bad_variant_access instead of reading garbage.
  T& operator*() & { return std::get<0>(state_); }
  const T& operator*() const& { return std::get<0>(state_); }
  T&& operator*() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &std::get<0>(state_); }
  const T* operator->() const { return &std::get<0>(state_); }

  /// The error; only when !has_value() (checked likewise).
  E& error() & { return std::get<1>(state_); }
  const E& error() const& { return std::get<1>(state_); }
  E&& error() && { return std::get<1>(std::move(state_)); }

private:
  std::variant<T, E> state_;
};

/// Success with nothing to hand back (`return {};`), or the error.
template <class E>
class expected<void, E> {
public:
  using value_type = void;
  using error_type = E;

  expected() = default;
  template <class G>
  expected(unexpected<G> e) : state_(std::in_place_index<1>, std::move(e.error)) {}

  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  /// The error; only when !has_value() (checked, as above).
  E& error() & { return std::get<1>(state_); }
  const E& error() const& { return std::get<1>(state_); }
  E&& error() && { return std::get<1>(std::move(state_)); }

private:
  std::variant<std::monostate, E> state_;
};

} // namespace g6
