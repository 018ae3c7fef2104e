// events.hpp — how a component says that something happened. An event_sink takes event records (the
// node's event stream in a running tree, where they are logged, counted and stored; a list in a test); an
// event_emitter is one component's voice: it stamps each event with the time and the component's name,
// so no component builds a record by hand.
#pragma once

#include <functional>
#include <string>
#include <utility>

#include "messages/market.hpp"

namespace g6 {

using event_sink = std::function<void(const event_record&)>;

class event_emitter {
public:
  event_emitter() = default;
  /// `clock` stamps the events (default: the wall clock; a supervisor test injects its own).
  event_emitter(std::string component, event_sink sink, std::function<epoch_ms()> clock = {})
    : component_(std::move(component)), sink_(std::move(sink)), clock_(std::move(clock)) {}

  /// Whether anybody listens: a component with no listener may log instead.
  explicit operator bool() const { return static_cast<bool>(sink_); }

  /// Hands `kind` with its `detail` to the sink, stamped now; dropped when nobody listens.
  void emit(std::string kind, std::string detail) const {
    if (sink_)
      sink_(event_record{clock_ ? clock_() : wall_clock_ms(), component_, std::move(kind), std::move(detail)});
  }

  const std::string& component() const { return component_; }

private:
  std::string component_;
  event_sink sink_;
  std::function<epoch_ms()> clock_;
};

} // namespace g6
