// panel_generation.hpp — one generation of panels written to their directory: built from what is known
// after a cycle (panel_model.hpp), each checked against its schema as configured, written atomically as
// an envelope, then the manifest, all under the exclusive panels lock. The panels actor runs it after
// every cycle record and logs what it reports; `g6 bench cycle` times it. Pure code (no CAF, no logging).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "actors/panels/panel_model.hpp"
#include "messages/observability.hpp"

namespace g6 {

/// Whether a generation was written (possibly with some panels failing) or skipped whole.
enum class generation_outcome : uint8_t {
  written,
  skipped, // the directory could not be created, or another process held the lock too long
};

struct panel_generation {
  generation_outcome outcome = generation_outcome::skipped;
  panel_set set;                     // the panels written, for the live stream
  panel_activity activity;           // this generation's writes and failures
  std::vector<std::string> findings; // schema findings, in order (warnings)
  std::vector<std::string> errors;   // why something was not written, in order
};

/// Writes build_panels(in) into `dir` under `validate` (off | warn | strict: strict leaves a panel that
/// fails its schema unwritten). A panel that cannot be written keeps its previous file and is left out
/// of this generation's manifest.
panel_generation write_panel_generation(const std::filesystem::path& dir, const panel_inputs& in,
                                        std::string_view validate);

} // namespace g6
