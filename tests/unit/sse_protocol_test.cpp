// The live stream's protocol, without sockets: SSE framing and parsing, merge patches, ids, the ring and
// resume, the client's mirror with hash checks, the access policy's decisions, and what a log line may
// show of a request (query values redacted) and how often (one line per refusal reason per window).
#define BOOST_TEST_MODULE sse_protocol
#include <boost/test/unit_test.hpp>

#include "actors/panels/panel_hash.hpp"
#include "actors/sse/access_policy.hpp"
#include "actors/sse/live_latency.hpp"
#include "actors/sse/log_limiter.hpp"
#include "actors/sse/log_redaction.hpp"
#include "actors/sse/merge_patch.hpp"
#include "actors/sse/panel_mirror.hpp"
#include "actors/sse/panel_stream.hpp"
#include "actors/sse/sse_frame.hpp"
#include "actors/sse/sse_parser.hpp"

using namespace g6::sse;
using nlohmann::json;

BOOST_TEST_DONT_PRINT_LOG_VALUE(g6::sse::event_kind)
BOOST_TEST_DONT_PRINT_LOG_VALUE(g6::sse::rejection)

namespace {

std::vector<parsed_event> parse_all(const std::string& wire) {
  event_parser parser;
  return parser.feed(wire);
}

std::vector<named_panel> panels_at(int tick) {
  return {{"summary", json{{"cycle", tick}, {"status", "ok"}, {"fixed", {{"a", 1}}}}.dump()},
          {"indices", json{{"rows", json::array({tick, tick + 1})}, {"ts", 1000 + tick}}.dump()}};
}

json data_of(const named_panel& panel) {
  return json::parse(panel.text);
}

} // namespace

BOOST_AUTO_TEST_CASE(an_event_is_framed_with_type_id_and_one_data_line_per_line) {
  BOOST_TEST(frame_event("panel_diff", 42, "{\"a\":1}") == "event: panel_diff\nid: 42\ndata: {\"a\":1}\n\n");
  BOOST_TEST(frame_event("hello", std::nullopt, "x\ny\r\nz") == "event: hello\ndata: x\ndata: y\ndata: z\n\n");
  BOOST_TEST(frame_retry(3000) == "retry: 3000\n\n");
  BOOST_TEST(frame_comment("heartbeat 7\nx") == ": heartbeat 7 x\n\n");
}

BOOST_AUTO_TEST_CASE(the_parser_reads_events_in_any_chunking_and_line_ending) {
  std::string wire = frame_retry(1500) + frame_comment("hi") + frame_event("a", 7, "one\ntwo")
                     + "event: b\r\nid: 8\r\ndata: x\r\n\r\n" + "data: plain\n\n";
  for (size_t chunk : {size_t{1}, size_t{3}, wire.size()}) {
    event_parser parser;
    std::vector<parsed_event> events;
    for (size_t i = 0; i < wire.size(); i += chunk)
      for (auto& ev : parser.feed(wire.substr(i, chunk)))
        events.push_back(ev);
    BOOST_TEST_REQUIRE(events.size() == 3u);
    BOOST_TEST(events[0].type == "a");
    BOOST_TEST(events[0].data == "one\ntwo");
    BOOST_TEST(*events[0].id == "7");
    BOOST_TEST(events[1].type == "b");
    BOOST_TEST(events[1].data == "x");
    BOOST_TEST(events[2].type == "message");
    BOOST_TEST(!events[2].id.has_value());
    BOOST_TEST(parser.last_event_id() == "8");
    BOOST_TEST(*parser.retry_ms() == 1500u);
    BOOST_TEST(parser.comments() == 1u);
  }
}

BOOST_AUTO_TEST_CASE(a_merge_patch_applied_to_the_old_panel_yields_the_new_one) {
  json from{{"a", 1}, {"b", {{"c", 2}, {"d", 3}}}, {"gone", true}, {"list", {1, 2}}};
  json to{{"a", 1}, {"b", {{"c", 5}, {"d", 3}}}, {"list", {1, 2, 3}}, {"new", "x"}};
  auto patch = create_merge_patch(from, to);
  BOOST_TEST_REQUIRE(patch.has_value());
  BOOST_TEST(*patch == (json{{"b", {{"c", 5}}}, {"gone", nullptr}, {"list", {1, 2, 3}}, {"new", "x"}}));
  auto applied = from;
  applied.merge_patch(*patch);
  BOOST_TEST(applied == to);
  BOOST_TEST(*create_merge_patch(to, to) == json::object());
  BOOST_TEST(*create_merge_patch(json{1, 2}, json{{"a", 1}}) == (json{{"a", 1}}));
}

BOOST_AUTO_TEST_CASE(a_null_inside_a_changed_object_has_no_merge_patch) {
  BOOST_TEST(!create_merge_patch(json{{"a", 1}}, json{{"a", nullptr}}).has_value());
  BOOST_TEST(!create_merge_patch(json{{"a", 1}}, json{{"a", 1}, {"b", {{"c", nullptr}}}}).has_value());
}

BOOST_AUTO_TEST_CASE(ids_count_up_from_the_first_id_and_diffs_carry_patches_with_hashes) {
  panel_stream stream{{true, 8, 1 << 20, 1000}};
  BOOST_TEST(stream.last_id() == 999u);
  auto first = stream.publish(panels_at(1), 5, 0);
  BOOST_TEST(first.event->id == 1000u);
  BOOST_TEST(first.full->id == 1000u);
  BOOST_TEST(first.full->kind == event_kind::panel_full);
  auto second = stream.publish(panels_at(2), 6, 0);
  BOOST_TEST(second.event->id == 1001u);
  BOOST_TEST(second.event->kind == event_kind::panel_diff);
  auto events = parse_all(second.event->wire);
  BOOST_TEST_REQUIRE(events.size() == 1u);
  BOOST_TEST(events[0].type == "panel_diff");
  BOOST_TEST(*events[0].id == "1001");
  auto body = json::parse(events[0].data);
  auto old_summary = data_of(panels_at(1)[0]);
  auto new_summary = data_of(panels_at(2)[0]);
  auto& change = body["changed"]["summary"];
  BOOST_TEST(change["base"] == g6::data_sha256(old_summary));
  BOOST_TEST(change["hash"] == g6::data_sha256(new_summary));
  BOOST_TEST(change["patch"] == (json{{"cycle", 2}}));
  old_summary.merge_patch(change["patch"]);
  BOOST_TEST(old_summary == new_summary);
  BOOST_TEST(body["removed"] == json::array());
}

BOOST_AUTO_TEST_CASE(an_unchanged_panel_is_left_out_and_a_dropped_one_is_listed_as_removed) {
  panel_stream stream{{}};
  stream.publish(panels_at(1), 0, 0);
  auto same = stream.publish(panels_at(1), 0, 0);
  BOOST_TEST(json::parse(parse_all(same.event->wire)[0].data)["changed"] == json::object());
  auto only_summary = panels_at(1);
  only_summary.pop_back();
  auto dropped = stream.publish(only_summary, 0, 0);
  BOOST_TEST(json::parse(parse_all(dropped.event->wire)[0].data)["removed"] == (json{"indices"}));
  BOOST_TEST(stream.panel_names() == std::vector<std::string>{"summary"});
}

BOOST_AUTO_TEST_CASE(the_full_snapshot_event_is_the_resync_snapshot_and_a_reformatted_panel_is_no_change) {
  panel_stream stream{{}};
  stream.publish(panels_at(1), 7, 0);
  auto second = stream.publish(panels_at(2), 8, 0);
  auto full_text = parse_all(second.full->wire).at(0).data;
  BOOST_TEST(full_text == stream.snapshot_text()); // /resync answers the full event's text
  auto full = json::parse(full_text);
  BOOST_TEST(full["id"] == second.event->id);
  BOOST_TEST(full["generated_at"] == 8);
  BOOST_TEST(full["panels"]["summary"] == data_of(panels_at(2)[0]));
  BOOST_TEST(full["panels"]["indices"] == data_of(panels_at(2)[1]));
  BOOST_TEST(full["hashes"]["summary"] == g6::data_sha256(data_of(panels_at(2)[0])));
  BOOST_TEST(full["hashes"]["indices"] == g6::data_sha256(data_of(panels_at(2)[1])));
  // The same data written differently (spaces, key order) is the same panel: no change is sent.
  auto reformatted = panels_at(2);
  reformatted[0].text = data_of(reformatted[0]).dump(2);
  auto third = stream.publish(reformatted, 9, 0);
  BOOST_TEST(json::parse(parse_all(third.event->wire)[0].data)["changed"] == json::object());
}

BOOST_AUTO_TEST_CASE(a_panel_that_is_not_json_is_left_out_and_named_while_the_others_publish) {
  panel_stream stream{{}};
  stream.publish(panels_at(1), 0, 0);
  auto damaged = panels_at(2);
  damaged[1].text = R"({"rows": [1, 2)";
  auto p = stream.publish(damaged, 0, 0);
  BOOST_TEST(p.unreadable == std::vector<std::string>{"indices"});
  auto body = json::parse(parse_all(p.event->wire)[0].data);
  BOOST_TEST(body["changed"].contains("summary"));
  BOOST_TEST(body["removed"] == (json{"indices"}));
  BOOST_TEST(stream.panel_names() == std::vector<std::string>{"summary"});
}

BOOST_AUTO_TEST_CASE(full_mode_sends_panel_full_every_time) {
  panel_stream stream{{false, 8, 1 << 20, 1}};
  stream.publish(panels_at(1), 0, 0);
  auto second = stream.publish(panels_at(2), 0, 0);
  BOOST_TEST(second.event->kind == event_kind::panel_full);
  BOOST_TEST(second.event == second.full);
  auto plan = stream.resume("1");
  BOOST_TEST(plan.snapshot);
  BOOST_TEST(plan.events.front()->id == 2u);
}

BOOST_AUTO_TEST_CASE(resume_replays_inside_the_ring_and_sends_the_snapshot_outside_it) {
  panel_stream stream{{true, 3, 1 << 20, 1}};
  BOOST_TEST(stream.resume(std::nullopt).events.empty());
  for (int tick = 1; tick <= 5; ++tick)
    stream.publish(panels_at(tick), 0, 0);
  // Ring: 3, 4, 5.
  auto up_to_date = stream.resume("5");
  BOOST_TEST(up_to_date.events.empty());
  auto inside = stream.resume("2");
  BOOST_TEST(!inside.snapshot);
  BOOST_TEST_REQUIRE(inside.events.size() == 3u);
  BOOST_TEST(inside.events[0]->id == 3u);
  BOOST_TEST(inside.events[2]->id == 5u);
  auto one = stream.resume("4");
  BOOST_TEST_REQUIRE(one.events.size() == 1u);
  BOOST_TEST(one.events[0]->kind == event_kind::panel_diff);
  for (auto id : {"1", "99", "abc", "", "-3"}) {
    auto plan = stream.resume(std::string_view{id});
    BOOST_TEST(plan.snapshot, "Last-Event-ID " << id);
    BOOST_TEST_REQUIRE(plan.events.size() == 1u);
    BOOST_TEST(plan.events[0]->kind == event_kind::panel_full);
    BOOST_TEST(plan.events[0]->id == 5u);
  }
  auto fresh = stream.resume(std::nullopt);
  BOOST_TEST(fresh.snapshot);
  BOOST_TEST(fresh.events[0]->id == 5u);
}

BOOST_AUTO_TEST_CASE(an_event_over_the_limit_becomes_a_truncation_marker) {
  panel_stream stream{{true, 8, 300, 1}};
  std::vector<named_panel> big{{"chain", json{{"rows", std::string(1000, 'x')}}.dump()}};
  auto p = stream.publish(big, 0, 0);
  BOOST_TEST(p.event->kind == event_kind::truncated);
  auto ev = parse_all(p.event->wire).at(0);
  BOOST_TEST(ev.type == "truncated");
  BOOST_TEST(*ev.id == "1");
  auto body = json::parse(ev.data);
  BOOST_TEST(body["resync"] == "/resync");
  BOOST_TEST(body["type"] == "panel_diff");
  // /resync still has the whole panel.
  BOOST_TEST(nlohmann::json::parse(stream.snapshot_text())["panels"]["chain"] == data_of(big[0]));
}

BOOST_AUTO_TEST_CASE(the_mirror_rebuilds_the_panels_from_full_and_diffs_and_checks_hashes) {
  panel_stream stream{{}};
  panel_mirror mirror;
  for (int tick = 1; tick <= 4; ++tick) {
    auto p = stream.publish(panels_at(tick), 0, 0);
    auto ev = parse_all(tick == 1 ? p.full->wire : p.event->wire).at(0);
    BOOST_TEST(!mirror.apply(ev).has_value());
    BOOST_TEST(mirror.last_id() == static_cast<uint64_t>(tick));
  }
  BOOST_TEST(mirror.panels().at("summary") == data_of(panels_at(4)[0]));
  BOOST_TEST(mirror.panels().at("indices") == data_of(panels_at(4)[1]));
  BOOST_TEST(mirror.hashes().at("summary") == g6::data_sha256(data_of(panels_at(4)[0])));

  // A diff against a base the mirror does not hold is refused and changes nothing.
  panel_mirror behind;
  auto first = stream.publish(panels_at(10), 0, 0);
  auto second = stream.publish(panels_at(11), 0, 0);
  BOOST_TEST(!behind.apply(parse_all(first.full->wire).at(0)).has_value());
  stream.publish(panels_at(12), 0, 0);
  auto third = stream.resume(std::to_string(second.event->id)).events.at(0);
  auto error = behind.apply(parse_all(third->wire).at(0));
  BOOST_TEST_REQUIRE(error.has_value());
  BOOST_TEST(error->find("is not the panel held") != std::string::npos);
  BOOST_TEST(behind.panels().at("summary") == data_of(panels_at(10)[0]));

  // A tampered hash is caught.
  auto tampered = parse_all(second.event->wire).at(0);
  auto body = json::parse(tampered.data);
  body["changed"]["summary"]["hash"] = std::string(64, '0');
  tampered.data = body.dump();
  BOOST_TEST(behind.apply(tampered)->find("patched hash") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(cidr_blocks_match_ipv4_ipv6_and_mapped_addresses) {
  auto block = [](const char* text) { return *parse_cidr(text); };
  auto addr = [](const char* text) { return boost::asio::ip::make_address(text); };
  BOOST_TEST(block("10.0.0.0/8").contains(addr("10.200.3.4")));
  BOOST_TEST(!block("10.0.0.0/8").contains(addr("11.0.0.1")));
  BOOST_TEST(block("192.168.1.128/25").contains(addr("192.168.1.200")));
  BOOST_TEST(!block("192.168.1.128/25").contains(addr("192.168.1.100")));
  BOOST_TEST(block("127.0.0.1").contains(addr("::ffff:127.0.0.1")));
  BOOST_TEST(block("2001:db8::/32").contains(addr("2001:db8:1::5")));
  BOOST_TEST(!block("2001:db8::/32").contains(addr("2001:db9::1")));
  BOOST_TEST(!block("2001:db8::/32").contains(addr("10.0.0.1")));
  BOOST_TEST(block("::1").contains(addr("::1")));
  BOOST_TEST(block("0.0.0.0/0").contains(addr("8.8.8.8")));
  BOOST_TEST(parse_cidr("10.0.0.0/33").error() == "'10.0.0.0/33' has a bad prefix length (0..32)");
  BOOST_TEST(parse_cidr("nonsense").error() == "'nonsense' is not an IPv4 or IPv6 address or CIDR block");
}

BOOST_AUTO_TEST_CASE(cidr_blocks_take_bare_addresses_zero_prefixes_and_mapped_blocks) {
  struct membership {
    const char* block;
    const char* address;
    bool inside;
  };
  const membership cases[] = {
    // A bare address is a block of one: /32 or /128.
    {"10.1.2.3", "10.1.2.3", true},
    {"10.1.2.3", "10.1.2.4", false},
    {"2001:db8::7", "2001:db8::7", true},
    {"2001:db8::7", "2001:db8::8", false},
    // Host bits in a block are ignored; its first and last addresses belong to it.
    {"10.1.2.3/8", "10.9.9.9", true},
    {"10.0.0.0/8", "10.0.0.0", true},
    {"10.0.0.0/8", "10.255.255.255", true},
    {"2001:db8::/127", "2001:db8::1", true},
    {"2001:db8::/127", "2001:db8::2", false},
    // /0 is every address of its family, and only of its family.
    {"0.0.0.0/0", "255.255.255.255", true},
    {"0.0.0.0/0", "::ffff:8.8.8.8", true},
    {"0.0.0.0/0", "::1", false},
    {"::/0", "2001:db8::1", true},
    {"::/0", "10.0.0.1", false},
    // IPv4-mapped: a mapped block is IPv4, its prefix counted in IPv6 bits from 96 up.
    {"::ffff:10.0.0.0/104", "10.3.4.5", true},
    {"::ffff:10.0.0.0/104", "::ffff:10.3.4.5", true},
    {"::ffff:10.0.0.0/104", "11.0.0.1", false},
    {"::ffff:10.0.0.1", "10.0.0.1", true},
    {"10.0.0.0/8", "::ffff:10.3.4.5", true},
  };
  for (auto& c : cases) {
    auto parsed = parse_cidr(c.block);
    BOOST_TEST_REQUIRE(parsed.has_value(), c.block);
    BOOST_TEST(parsed->contains(boost::asio::ip::make_address(c.address)) == c.inside, c.block << " and " << c.address);
  }
  // Bad prefixes and bad addresses, named.
  auto error = [](const std::string& text) { return parse_cidr(text).error(); };
  for (std::string bad : {"10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8x", "10.0.0.0/ 8", "10.0.0.0/8/8",
                          "10.0.0.0/99999999999", "::ffff:10.0.0.0/129"})
    BOOST_TEST(error(bad) == "'" + bad + "' has a bad prefix length (0..32)");
  BOOST_TEST(error("2001:db8::/129") == "'2001:db8::/129' has a bad prefix length (0..128)");
  for (std::string bad : {"", "/8", "10.0.0/8", "10.0.0.256", "2001:db8::g/32", "example.org/8"})
    BOOST_TEST(error(bad) == "'" + bad + "' is not an IPv4 or IPv6 address or CIDR block");
}

BOOST_AUTO_TEST_CASE(tokens_compare_whole) {
  BOOST_TEST(tokens_equal("secret", "secret"));
  BOOST_TEST(!tokens_equal("secreT", "secret"));
  BOOST_TEST(!tokens_equal("secret-longer", "secret"));
  BOOST_TEST(!tokens_equal("sec", "secret"));
  BOOST_TEST(!tokens_equal("", "secret"));
}

BOOST_AUTO_TEST_CASE(the_token_bucket_refills_at_its_rate) {
  rate_limiter limiter{2, 3};
  for (int i = 0; i < 3; ++i)
    BOOST_TEST(!limiter.take("a", 0).has_value());
  BOOST_TEST(*limiter.take("a", 0) == 1u);
  BOOST_TEST(!limiter.take("b", 0).has_value());   // another address has its own bucket
  BOOST_TEST(!limiter.take("a", 500).has_value()); // half a second: one token back
  BOOST_TEST(limiter.take("a", 500).has_value());
}

BOOST_AUTO_TEST_CASE(the_policy_refuses_by_address_rate_agent_origin_and_token) {
  access_settings s;
  s.token = "tok";
  s.allow_ips = {"127.0.0.0/8", "::1/128"};
  s.allow_user_agents = {"curl/", "g6"};
  s.cors_origins = {"https://ok.example"};
  s.requests_per_second = 1;
  s.request_burst = 100;
  auto made = access_policy::make(s);
  BOOST_TEST_REQUIRE(made.has_value());
  auto& policy = *made;
  request_facts r;
  r.peer = boost::asio::ip::make_address("127.0.0.1");
  r.user_agent = "curl/7.88";
  r.authorization = "Bearer tok";
  BOOST_TEST(!policy.check(r, 0).has_value());
  r.authorization = "bearer tok";
  BOOST_TEST(!policy.check(r, 0).has_value());
  r.authorization = "";
  r.api_key = "tok";
  BOOST_TEST(!policy.check(r, 0).has_value());
  r.api_key = "";
  BOOST_TEST(*policy.check(r, 0) == rejection::unauthorized);
  r.authorization = "Bearer nope";
  BOOST_TEST(*policy.check(r, 0) == rejection::forbidden);
  r.needs_token = false;
  BOOST_TEST(!policy.check(r, 0).has_value());
  r.user_agent = "Mozilla/5.0";
  BOOST_TEST(*policy.check(r, 0) == rejection::user_agent);
  r.user_agent = "g6-tail";
  r.origin = "https://evil.example";
  BOOST_TEST(*policy.check(r, 0) == rejection::origin);
  r.origin = "https://ok.example";
  BOOST_TEST(!policy.check(r, 0).has_value());
  BOOST_TEST(*policy.cors_origin("https://ok.example") == "https://ok.example");
  r.peer = boost::asio::ip::make_address("10.1.1.1");
  BOOST_TEST(*policy.check(r, 0) == rejection::ip);
  access_settings bad;
  bad.allow_ips = {"10.0.0.0/40"};
  BOOST_TEST(access_policy::make(bad).error() == "sse.allow_ips: '10.0.0.0/40' has a bad prefix length (0..32)");
}

BOOST_AUTO_TEST_CASE(every_refusal_has_its_status) {
  BOOST_TEST(status_of(rejection::unauthorized) == 401u);
  BOOST_TEST(status_of(rejection::forbidden) == 403u);
  BOOST_TEST(status_of(rejection::rate) == 429u);
  BOOST_TEST(status_of(rejection::capacity) == 503u);
  BOOST_TEST(status_of(rejection::header_too_large) == 431u);
  BOOST_TEST(all_rejections().size() == 14u);
  BOOST_TEST(to_string(rejection::ip_capacity) == "ip_capacity");
}

BOOST_AUTO_TEST_CASE(a_logged_target_keeps_parameter_names_and_never_a_value) {
  BOOST_TEST(redact_target("/events") == "/events");
  BOOST_TEST(redact_target("/events?token=secret") == "/events?token=<redacted>");
  BOOST_TEST(redact_target("/events?token=secret&x=1&empty=")
             == "/events?token=<redacted>&x=<redacted>&empty=<redacted>");
  // A bare item may be the secret itself; an empty item stays empty.
  BOOST_TEST(redact_target("/events?secret&&a=b=c") == "/events?<redacted>&&a=<redacted>");
  BOOST_TEST(redact_target("/events?") == "/events?");
  BOOST_TEST(redact_target("/events#secret") == "/events#<redacted>");
  BOOST_TEST(redact_target("/events?a=secret#frag") == "/events?a=<redacted>#<redacted>");
  BOOST_TEST(redact_target("http://user:secret@host:9320/events?t=secret")
             == "http://<redacted>@host:9320/events?t=<redacted>");
  BOOST_TEST(redact_target("http://host/a@b?t=secret") == "http://host/a@b?t=<redacted>");
  auto long_target = redact_target("/" + std::string(500, 'a') + "?token=secret", 200);
  BOOST_TEST(long_target == "/" + std::string(199, 'a') + "...");
  BOOST_TEST(redact_target("/events?" + std::string(300, 'q'), 200).find('q') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_flood_gives_one_line_per_reason_per_window_and_an_exact_summary) {
  log_limiter limiter{10'000};
  auto first = limiter.admit("401 (unauthorized)", 1'000);
  BOOST_REQUIRE(first.has_value());
  BOOST_TEST(first->count == 0u);
  // Another reason has its own window.
  BOOST_TEST(limiter.admit("429 (rate)", 1'500).has_value());
  int logged = 0;
  for (int i = 0; i < 499; ++i)
    logged += limiter.admit("401 (unauthorized)", 1'001 + i).has_value();
  BOOST_TEST(logged == 0);
  BOOST_TEST(limiter.due(10'999).empty());
  // The window has passed: one summary with every suppressed line; 429 had none to report.
  auto due = limiter.due(11'000);
  BOOST_REQUIRE(due.size() == 1u);
  BOOST_TEST(due[0].key == "401 (unauthorized)");
  BOOST_TEST(due[0].count == 499u);
  BOOST_TEST(due[0].since_ms == 1'000);
  BOOST_TEST(limiter.due(12'000).empty());
  // After a summary, the next refusal is logged in full again.
  auto again = limiter.admit("401 (unauthorized)", 20'000);
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST(again->count == 0u);
  // A window that passed before due() saw it hands its count to the next full line.
  limiter.admit("401 (unauthorized)", 20'001);
  limiter.admit("401 (unauthorized)", 20'002);
  auto late = limiter.admit("401 (unauthorized)", 30'000);
  BOOST_REQUIRE(late.has_value());
  BOOST_TEST(late->count == 2u);
  BOOST_TEST(late->since_ms == 20'000);
  BOOST_TEST(limiter.due(39'999).empty());
}

BOOST_AUTO_TEST_CASE(tick_to_screen_counts_each_live_update_of_a_chain_once) {
  g6::sse::live_latency latency;
  std::map<std::string, nlohmann::json> panels;
  panels["chain_NIFTY"] = {{"cycle", 3}, {"live", nullptr}};
  panels["summary"] = {{"live", {{"updates", 9}, {"arrived_ms", 0}, {"first_arrived_ms", 0}}}};
  latency.observe(panels, {"chain_NIFTY", "summary"}, 9999, 10000); // a cycle's chain, and not a chain panel
  BOOST_TEST(latency.updates() == 0u);
  BOOST_TEST(latency.report().find("no chain panel moved") != std::string::npos);

  panels["chain_NIFTY"]["live"] = {{"updates", 1}, {"arrived_ms", 9990}, {"first_arrived_ms", 9700}};
  latency.observe(panels, {"chain_NIFTY"}, 9995, 10000);
  latency.observe(panels, {"chain_NIFTY"}, 10490, 10500); // the same update seen again (another panel changed)
  panels["chain_NIFTY"]["live"] = {{"updates", 2}, {"arrived_ms", 10480}, {"first_arrived_ms", 10300}};
  latency.observe(panels, {"chain_NIFTY"}, 10490, 10500);
  BOOST_TEST(latency.updates() == 2u);
  auto report = latency.report();
  BOOST_TEST(report.find("2 updates of 1 chains") != std::string::npos, report);
  BOOST_TEST(report.find("newest tick p50 20.0 ms, p99 20.0 ms, max 20.0 ms") != std::string::npos, report);
  BOOST_TEST(report.find("oldest tick p50 300.0 ms, p99 300.0 ms, max 300.0 ms") != std::string::npos, report);
  // 5 and 10 ms in G6 up to the panels, 5 and 10 ms from there to the client.
  BOOST_TEST(report.find("re-priced panels p50 10.0 ms, p99 10.0 ms, max 10.0 ms") != std::string::npos, report);
  BOOST_TEST(report.find("panels to this client p50 10.0 ms, p99 10.0 ms, max 10.0 ms") != std::string::npos, report);
}
