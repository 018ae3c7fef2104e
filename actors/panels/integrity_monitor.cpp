#include "actors/panels/integrity_monitor.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/node/registry_lookup.hpp"
#include "actors/panels/panel_verify.hpp"

namespace g6 {

integrity_report check_panels_integrity(const std::filesystem::path& dir, epoch_ms now) {
  integrity_report report;
  report.checked_at = now;
  std::error_code ec;
  if (!std::filesystem::exists(dir / "manifest.json", ec))
    return report;
  auto verified = verify_panels(dir);
  report.files_checked = static_cast<uint32_t>(verified.files_checked);
  report.manifest_readable = verified.manifest_readable;
  if (!verified.manifest_readable)
    report.issues.push_back("manifest_unreadable manifest.json");
  for (auto& i : verified.issues)
    report.issues.push_back(i.code + " " + i.file);
  return report;
}

namespace {

struct monitor_state {
  integrity_options options;
  integrity_report last;
  uint64_t checks = 0;
  bool fatal_reported = false;
  static inline const char* name = "integrity";
};

using monitor_pointer = integrity_monitor_actor::stateful_pointer<monitor_state>;

std::string joined(const std::vector<std::string>& items) {
  std::string result;
  for (auto& x : items)
    result += (result.empty() ? "" : ", ") + x;
  return result;
}

integrity_report check(monitor_pointer self) {
  auto& st = self->state;
  auto report = check_panels_integrity(st.options.dir, wall_clock_ms());
  ++st.checks;
  auto node = st.options.node;
  if (report.issues != st.last.issues) {
    auto kind = report.issues.empty() ? "panels_integrity_ok" : "panels_integrity_failed";
    auto detail = report.issues.empty() ? "every panel matches the manifest again" : joined(report.issues);
    self->send(node, event_atom_v, event_record{report.checked_at, "integrity", kind, detail});
  }
  st.last = report;
  report_to(self, node, std::chrono::seconds(5), report, components::metrics);
  if (st.options.strict && !report.issues.empty() && !st.fatal_reported && st.options.on_fatal) {
    st.fatal_reported = true;
    st.options.on_fatal(2, "panels integrity (strict): " + joined(report.issues));
  }
  return report;
}

integrity_monitor_actor::behavior_type monitor(monitor_pointer self, integrity_options options) {
  self->state.options = std::move(options);
  self->delayed_send(self, self->state.options.interval, poll_atom_v);
  return {
    [=](poll_atom) {
      check(self);
      self->delayed_send(self, self->state.options.interval, poll_atom_v);
    },
    [=](verify_atom) { return check(self); },
    [=](status_atom, status_verbosity) {
      auto& st = self->state;
      caf::settings s;
      put(s, "dir", st.options.dir.string());
      put(s, "strict", st.options.strict);
      put(s, "checks", st.checks);
      put(s, "ok", st.last.issues.empty());
      put(s, "files_checked", static_cast<uint64_t>(st.last.files_checked));
      if (!st.last.issues.empty())
        put(s, "issues", caf::config_value{st.last.issues});
      return s;
    },
  };
}

} // namespace

integrity_monitor_actor spawn_integrity_monitor(caf::actor_system& sys, integrity_options options) {
  return sys.spawn<caf::detached>(monitor, std::move(options));
}

} // namespace g6
