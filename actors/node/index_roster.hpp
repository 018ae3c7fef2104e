// index_roster.hpp — the indices a node collects now, with their settings: filled from the config when
// the tree is built and updated by each config reload. The factories of the clock, the metrics, the panels
// and the collectors group read it whenever they (re)start a component, so a component restarted after a
// reload comes back with the list in force rather than the one the node started with. Shared across
// threads (supervisors start children on theirs), hence the mutex.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "config/settings.hpp"

namespace g6 {

class index_roster {
public:
  /// The enabled indices of `indices`, in config order.
  void set(const std::vector<index_settings>& indices) {
    std::lock_guard<std::mutex> guard{mutex_};
    enabled_.clear();
    for (auto& index : indices)
      if (index.enable)
        enabled_.push_back(index);
  }

  std::vector<index_settings> enabled() const {
    std::lock_guard<std::mutex> guard{mutex_};
    return enabled_;
  }

  std::vector<std::string> names() const {
    std::vector<std::string> result;
    for (auto& index : enabled())
      result.push_back(index.name);
    return result;
  }

private:
  mutable std::mutex mutex_;
  std::vector<index_settings> enabled_;
};

} // namespace g6
