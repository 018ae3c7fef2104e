#include "actors/panels/panel_generation.hpp"

#include <system_error>

#include "actors/panels/panel_envelope.hpp"
#include "actors/panels/panel_hash.hpp"
#include "actors/panels/panel_schema.hpp"

namespace g6 {

panel_generation write_panel_generation(const std::filesystem::path& dir, const panel_inputs& in,
                                        std::string_view validate) {
  panel_generation g;
  auto fail = [&g](std::string why) {
    g.errors.push_back(std::move(why));
    ++g.activity.write_failures;
  };
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    fail("cannot create " + dir.string() + ": " + ec.message());
    return g;
  }
  panels_lock lock{dir, true};
  if (!lock.held()) {
    fail("generation skipped: " + lock.why_not());
    return g;
  }
  g.outcome = generation_outcome::written;
  g.set.generated_at = in.now;
  auto updated_at = in.cycle ? in.cycle->ended : in.now;
  std::vector<manifest_entry> written;
  for (auto& panel : build_panels(in)) {
    if (validate != "off") {
      auto problems = validate_panel(panel.name, panel.data);
      if (!problems.empty()) {
        ++g.activity.validation_failures;
        g.findings.insert(g.findings.end(), problems.begin(), problems.end());
        if (validate == "strict")
          continue;
      }
    }
    auto file = panel_file_name(panel.name);
    auto envelope = make_envelope(panel.name, panel.data, in.now, updated_at, "g6/" + in.node_name);
    if (auto done = write_atomically(dir / file, envelope.dump(2) + "\n"); !done) {
      fail(done.error());
      continue;
    }
    ++g.activity.writes;
    written.push_back({panel.name, file, data_sha256(panel.data)});
    g.set.names.push_back(panel.name);
    g.set.data.push_back(canonical_json(panel.data));
  }
  if (auto manifest = write_atomically(dir / "manifest.json", make_manifest(written).dump(2) + "\n"); !manifest)
    fail(manifest.error());
  return g;
}

} // namespace g6
