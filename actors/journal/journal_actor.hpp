// journal_actor.hpp — the capture journal writer: a detached actor (appends and fsyncs block) that owns a
// journal_writer for <data_dir>/journal, and reports what opening a day file found as events.
#pragma once

#include <caf/fwd.hpp>

#include <filesystem>
#include <functional>

#include "actors/journal/journal_file.hpp"
#include "messages/actors.hpp"

namespace g6 {

/// Spawns the journal writer for `dir`. A failed append is logged and counted, and the next record is
/// tried again (the writer reopens the file). A torn tail cut from a day file (journal_torn_tail_cut) and
/// damaged ranges left in one (journal_damaged) go to `on_event` (component "journal"). status answers
/// {dir, records, bytes_written, write_errors, torn_bytes_cut, damaged_ranges, damaged_bytes, fsync,
/// records_per_second}.
journal_actor spawn_journal(caf::actor_system& sys, std::filesystem::path dir, journal_fsync policy,
                            std::function<void(const event_record&)> on_event);

} // namespace g6
