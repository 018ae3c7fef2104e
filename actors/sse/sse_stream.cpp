#include "actors/sse/sse_stream.hpp"

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/serializer.hpp>
#include <fmt/format.h>

#include "actors/sse/sse_frame.hpp"

namespace g6::sse {

namespace beast = boost::beast;

stream_opening open_stream(const panel_stream& stream, std::optional<std::string_view> last_event_id,
                           const server_settings& settings) {
  stream_opening out;
  // Events published before this point reach the client through its backlog; its shard may still hold
  // some of them queued for delivery, which the writer skips by id.
  out.next_id = stream.last_id() + 1;
  auto plan = stream.resume(last_event_id);
  out.backlog = std::move(plan.events);
  auto hello = server_identity(settings.version);
  hello["mode"] = settings.stream.diff_mode ? "diff" : "full";
  hello["heartbeat_seconds"] = settings.heartbeat_seconds;
  hello["panels"] = stream.panel_names();
  hello["last_id"] = stream.last_id();
  hello["resume"] = out.backlog.empty() ? "none" : plan.snapshot ? "snapshot" : "replay";
  out.hello = frame_event("hello", std::nullopt, hello.dump());
  return out;
}

std::string event_stream_head(const answer_fields& fields, uint64_t retry_ms) {
  http::response<http::empty_body> head{http::status::ok, 11};
  add_common_fields(head, fields);
  head.set(http::field::content_type, "text/event-stream");
  head.set(http::field::cache_control, "no-cache");
  head.set(http::field::connection, "keep-alive");
  head.set("X-Accel-Buffering", "no"); // nginx in front passes events on at once
  http::response_serializer<http::empty_body> serializer{head};
  serializer.split(true);
  std::string out;
  beast::error_code ec;
  while (!ec && !serializer.is_header_done())
    serializer.next(ec, [&](beast::error_code&, const auto& buffers) {
      for (auto b : beast::buffers_range_ref(buffers))
        out.append(static_cast<const char*>(b.data()), b.size());
      serializer.consume(beast::buffer_bytes(buffers));
    });
  return out + frame_retry(retry_ms);
}

std::string heartbeat_frame(uint64_t last_id) {
  return frame_comment(fmt::format("heartbeat {}", last_id));
}

} // namespace g6::sse
