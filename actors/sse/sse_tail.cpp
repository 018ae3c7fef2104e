#include "actors/sse/sse_tail.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <ostream>
#include <random>
#include <thread>

#include "actors/sse/event_stream_client.hpp"
#include "actors/sse/live_latency.hpp"
#include "actors/sse/panel_mirror.hpp"
#include "http/http_client.hpp"
#include "messages/market.hpp"
#include "supervision/backoff.hpp"

namespace g6::sse {

namespace {

using clock_type = std::chrono::steady_clock;

/// What a panel_diff event says besides its patches: the panels it changed and removed, and when G6 built
/// them. Empty for other events.
struct diff_outline {
  std::vector<std::string> changed;
  nlohmann::json removed = nlohmann::json::array();
  int64_t generated_at_ms = 0;
};

diff_outline outline_of(const parsed_event& ev) {
  diff_outline outline;
  if (ev.type != "panel_diff")
    return outline;
  auto body = nlohmann::json::parse(ev.data, nullptr, false);
  if (!body.is_object())
    return outline;
  if (body.contains("changed") && body["changed"].is_object())
    for (auto& [name, change] : body["changed"].items())
      outline.changed.push_back(name);
  if (body.contains("removed") && body["removed"].is_array())
    outline.removed = body["removed"];
  if (body.contains("generated_at") && body["generated_at"].is_number_integer())
    outline.generated_at_ms = body["generated_at"].get<int64_t>();
  return outline;
}

std::string summary_line(const parsed_event& ev, const diff_outline& outline, const panel_mirror& mirror) {
  std::string line = "id " + ev.id.value_or("-") + " " + ev.type;
  if (ev.type == "panel_diff") {
    std::string names;
    for (auto& name : outline.changed)
      names += (names.empty() ? "" : ",") + name;
    line += " changed=" + (names.empty() ? "-" : names);
    if (!outline.removed.empty())
      line += " removed=" + outline.removed.dump();
  }
  if (ev.type == "truncated")
    line += " (too large; resyncing)";
  line += " panels=" + std::to_string(mirror.panels().size()) + " hashes verified";
  return line;
}

int follow(const tail_options& options, std::ostream& out, std::ostream& err, live_latency& latency) {
  auto base = options.url;
  if (auto at = base.rfind("/events"); at != std::string::npos && at + 7 == base.size())
    base.resize(at);
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  auto events_url = parse_stream_url(base + "/events");
  if (!events_url) {
    err << "tail: " << events_url.error() << "\n";
    return 1;
  }
  std::mt19937_64 random{options.seed ? options.seed : std::random_device{}()};
  auto started = clock_type::now();
  auto out_of_time = [&] {
    return options.duration_seconds > 0
           && clock_type::now() - started >= std::chrono::duration<double>(options.duration_seconds);
  };
  panel_mirror mirror;
  std::string last_id;
  uint64_t retry_ms = 1000;
  unsigned failures = 0;
  uint64_t seen = 0;
  auto base_headers = [&] {
    header_list h{{"Accept", "text/event-stream"}, {"User-Agent", "g6-tail"}};
    if (!options.token.empty())
      h.emplace_back("Authorization", "Bearer " + options.token);
    return h;
  };
  http_client snapshots;
  auto resync = [&]() -> bool {
    http_request request;
    request.url = base + "/resync";
    request.headers = base_headers();
    request.connect_timeout = request.timeout = std::chrono::seconds(10);
    auto answer = snapshots.perform(request);
    if (answer && answer->status == 200) {
      auto body = nlohmann::json::parse(answer->body, nullptr, false);
      if (auto error = mirror.apply_snapshot(body)) {
        err << "tail: /resync: " << *error << "\n";
        return false;
      }
      last_id = std::to_string(mirror.last_id());
      out << "id " << last_id << " resync panels=" << mirror.panels().size() << " hashes verified\n" << std::flush;
      return true;
    }
    err << "tail: /resync failed\n";
    return false;
  };
  while (!out_of_time()) {
    if (failures > 0) {
      // Backoff from the server's retry up to 30 s, jittered so that many clients dropped together do not
      // come back together.
      auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
        backoff_delay({std::chrono::milliseconds(retry_ms), std::chrono::seconds(30)}, failures - 1, random));
      err << "tail: reconnecting in " << wait.count() << " ms\n";
      std::this_thread::sleep_for(wait);
    }
    auto headers = base_headers();
    if (!last_id.empty())
      headers.emplace_back("Last-Event-ID", last_id);
    auto opened = event_stream_client::open(*events_url, headers, std::chrono::seconds(10));
    if (!opened) {
      err << "tail: " << opened.error() << "\n";
      ++failures;
      continue;
    }
    auto& stream = **opened;
    if (stream.status() == 401 || stream.status() == 403) {
      err << "tail: refused with " << stream.status()
          << (stream.status() == 401 ? " (a token is needed: --token)" : " (token, address or client not allowed)")
          << "\n";
      return 2;
    }
    if (stream.status() != 200) {
      err << "tail: the server answered " << stream.status() << "\n";
      if (auto ra = stream.headers().find("retry-after"); ra != stream.headers().end())
        retry_ms = std::max<uint64_t>(retry_ms, std::strtoull(ra->second.c_str(), nullptr, 10) * 1000);
      ++failures;
      continue;
    }
    event_parser parser;
    bool reconnect = false;
    while (!reconnect && !out_of_time()) {
      auto bytes = stream.read(std::chrono::milliseconds(500));
      if (!bytes) {
        err << "tail: the stream ended\n";
        break;
      }
      if (parser.retry_ms())
        retry_ms = *parser.retry_ms();
      for (auto& ev : parser.feed(*bytes)) {
        if (ev.type == "hello") {
          failures = 0;
          out << "hello " << ev.data << "\n" << std::flush;
          continue;
        }
        if (auto error = mirror.apply(ev)) {
          // The copy cannot be trusted: start over from a snapshot.
          err << "tail: " << *error << "; resyncing\n";
          mirror = panel_mirror{};
          last_id.clear();
          reconnect = !resync();
          break;
        }
        if (ev.id)
          last_id = *ev.id;
        auto outline = outline_of(ev);
        if (options.latency)
          latency.observe(mirror.panels(), outline.changed, outline.generated_at_ms, wall_clock_ms());
        if (options.raw)
          out << "id " << ev.id.value_or("-") << " " << ev.type << " " << ev.data << "\n";
        else
          out << summary_line(ev, outline, mirror) << "\n";
        out << std::flush;
        if (mirror.needs_resync() && !resync())
          reconnect = true;
        if (ev.type == "panel_full" || ev.type == "panel_diff" || ev.type == "truncated")
          if (options.count > 0 && ++seen >= options.count)
            return 0;
      }
    }
    ++failures;
  }
  return 0;
}

} // namespace

int run_tail(const tail_options& options, std::ostream& out, std::ostream& err) {
  live_latency latency;
  auto code = follow(options, out, err, latency);
  if (options.latency && code == 0)
    out << latency.report() << "\n" << std::flush;
  return code;
}

} // namespace g6::sse
