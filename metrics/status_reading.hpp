// status_reading.hpp — reads the node's merged status answer (label -> that component's status
// dictionary) into node_figures, and asks the node for it.
#pragma once

#include <caf/fwd.hpp>
#include <caf/settings.hpp>

#include "messages/actors.hpp"
#include "metrics/node_figures.hpp"

namespace g6 {

/// The figures in a node status answer; components it does not know are skipped.
node_figures read_node_status(const caf::settings& status);

} // namespace g6
