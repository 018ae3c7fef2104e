#include "tools/service_manager.hpp"

#include <sys/stat.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace g6 {

namespace {

void notify(const std::string& message) {
  // 0 (no NOTIFY_SOCKET) and errors are both "nobody to tell": the daemon runs the same either way.
  sd_notify(0, message.c_str());
}

} // namespace

void notify_ready(std::string_view status) {
  notify("READY=1\nSTATUS=" + std::string{status});
}

void notify_reloading() {
  notify("RELOADING=1\nSTATUS=reloading the configuration");
}

void notify_stopping() {
  notify("STOPPING=1\nSTATUS=stopping: finishing the cycle in flight");
}

void notify_status(std::string_view status) {
  notify("STATUS=" + std::string{status});
}

void feed_watchdog() {
  notify("WATCHDOG=1");
}

std::chrono::milliseconds watchdog_feed_interval() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
    return std::chrono::milliseconds{0};
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::microseconds(usec / 2));
}

bool stdout_is_journal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (stream == nullptr)
    return false;
  struct stat out {};
  if (fstat(STDOUT_FILENO, &out) != 0)
    return false;
  auto expected = std::to_string(out.st_dev) + ":" + std::to_string(out.st_ino);
  return expected == stream;
}

} // namespace g6
