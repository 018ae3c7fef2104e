// journal_actor.hpp — the capture journal writer: a detached actor (appends and fsyncs block) that owns a
// journal_writer for <data_dir>/journal.
#pragma once

#include <caf/fwd.hpp>

#include <filesystem>

#include "actors/journal/journal_file.hpp"
#include "messages/actors.hpp"

namespace g6 {

/// Spawns the journal writer for `dir`. A failed append is logged and counted, and the next record is
/// tried again (the writer reopens the file). status answers {dir, records, bytes_written, write_errors,
/// torn_bytes_cut, fsync, records_per_second}.
journal_actor spawn_journal(caf::actor_system& sys, std::filesystem::path dir, journal_fsync policy);

} // namespace g6
