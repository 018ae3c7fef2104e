// service_manager.hpp — `g6 run` under systemd (packaging/g6.service, Type=notify): the sd_notify
// messages that tell systemd the daemon is up, reloading or stopping, what it is doing, and that it is
// alive (the watchdog); and whether stdout is the journal, so log lines drop their own timestamps.
// Outside systemd (no NOTIFY_SOCKET, no JOURNAL_STREAM) every notification is a no-op.
#pragma once

#include <chrono>
#include <string_view>

namespace g6 {

/// READY=1 with a status line: the actor tree is up.
void notify_ready(std::string_view status);

/// RELOADING=1: a SIGHUP reload began (notify_ready ends it).
void notify_reloading();

/// STOPPING=1: shutdown began.
void notify_stopping();

/// STATUS=...: the line `systemctl status g6` shows.
void notify_status(std::string_view status);

/// WATCHDOG=1.
void feed_watchdog();

/// How often to feed the watchdog: half of WatchdogSec=, zero when systemd runs no watchdog for us.
std::chrono::milliseconds watchdog_feed_interval();

/// Whether stdout is connected to the journal (JOURNAL_STREAM names stdout's device and inode).
bool stdout_is_journal();

} // namespace g6
