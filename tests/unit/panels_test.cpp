#define BOOST_TEST_MODULE panels
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "actors/panels/panel_envelope.hpp"
#include "actors/panels/panel_file.hpp"
#include "actors/panels/panel_hash.hpp"
#include "actors/panels/panel_model.hpp"
#include "actors/panels/panel_schema.hpp"
#include "actors/panels/panel_summary.hpp"
#include "actors/panels/panel_verify.hpp"
#include "tests/support/temp_dir.hpp"

using namespace g6;
using g6::testing::temp_dir;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& file) {
  std::ifstream in{file};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Writes panels and a manifest as the panels actor does.
void write_panels(const fs::path& dir, const std::vector<std::pair<std::string, json>>& panels) {
  std::vector<manifest_entry> entries;
  for (auto& [name, data] : panels) {
    auto file = panel_file_name(name);
    BOOST_REQUIRE(write_atomically(dir / file, make_envelope(name, data, 0, 0, "test").dump(2)).has_value());
    entries.push_back({name, file, data_sha256(data)});
  }
  BOOST_REQUIRE(write_atomically(dir / "manifest.json", make_manifest(entries).dump(2)).has_value());
}

std::vector<std::string> codes(const verify_report& r) {
  std::vector<std::string> result;
  for (auto& i : r.issues)
    result.push_back(i.code + " " + i.file);
  return result;
}

option_row row(day_number expiry, double strike, option_type type) {
  option_row r;
  r.expiry = expiry;
  r.strike = strike;
  r.type = type;
  r.last_price = strike / 100;
  return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(canonical_json_sorts_keys_without_whitespace_and_hashes_like_python) {
  json data = json::parse(R"({"b": [1, 2.5, null], "a": {"z": "ä", "y": true}})");
  BOOST_TEST(canonical_json(data) == R"({"a":{"y":true,"z":"ä"},"b":[1,2.5,null]})");
  // printf '%s' '{"a":{"y":true,"z":"ä"},"b":[1,2.5,null]}' | sha256sum
  BOOST_TEST(data_sha256(data) == sha256_hex(R"({"a":{"y":true,"z":"ä"},"b":[1,2.5,null]})"));
  BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(short_hash(data) == data_sha256(data).substr(0, 12));
  BOOST_TEST(is_sha256_hex(data_sha256(data)));
  BOOST_TEST(!is_sha256_hex("ABC"));
}

BOOST_AUTO_TEST_CASE(an_envelope_carries_the_panel_version_schema_and_short_hash) {
  json data{{"x", 1}};
  auto e = make_envelope("summary", data, 1'795'744'336'000, 1'795'744'337'000, "g6/node");
  BOOST_TEST(e["panel"] == "summary");
  BOOST_TEST(e["version"] == 1);
  BOOST_TEST(e["generated_at"] == "2026-11-27T07:22:16.000+05:30");
  BOOST_TEST(e["data"] == data);
  BOOST_TEST(e["meta"]["schema"] == "panel-envelope-v1");
  BOOST_TEST(e["meta"]["source"] == "g6/node");
  BOOST_TEST(e["meta"]["hash"] == short_hash(data));
  auto m = make_manifest({{"summary", "summary_enveloped.json", data_sha256(data)}});
  BOOST_TEST(m["panels"] == json::array({"summary"}));
  BOOST_TEST(m["hashes"]["summary_enveloped.json"] == data_sha256(data));
}

BOOST_AUTO_TEST_CASE(verify_passes_intact_panels_and_names_every_kind_of_issue) {
  temp_dir dir;
  write_panels(dir.path(), {{"summary", {{"health", "healthy"}}},
                            {"storage", {{"available", true}}},
                            {"system", {{"node", "n"}}},
                            {"indices", {{"indices", json::array()}}}});
  auto clean = verify_panels(dir.path());
  BOOST_TEST(clean.ok());
  BOOST_TEST(clean.files_checked == 4u);

  // Tamper: change data, delete a file, break JSON, break a manifest hash.
  auto summary = json::parse(read(dir.path() / "summary_enveloped.json"));
  summary["data"]["health"] = "unhealthy";
  std::ofstream{dir.path() / "summary_enveloped.json"} << summary.dump();
  fs::remove(dir.path() / "storage_enveloped.json");
  std::ofstream{dir.path() / "system_enveloped.json"} << "{not json";
  auto manifest = json::parse(read(dir.path() / "manifest.json"));
  manifest["hashes"]["indices_enveloped.json"] = "XYZ";
  std::ofstream{dir.path() / "manifest.json"} << manifest.dump();

  auto report = verify_panels(dir.path());
  std::vector<std::string> expected{"invalid_hash_format indices_enveloped.json", "file_missing storage_enveloped.json",
                                    "mismatch summary_enveloped.json", "read_error:json system_enveloped.json"};
  BOOST_TEST(codes(report) == expected, boost::test_tools::per_element());

  std::ostringstream out, err;
  BOOST_TEST(panels_verify_command({dir.path(), false, false, false}, out, err) == 0);
  BOOST_TEST(panels_verify_command({dir.path(), true, false, true}, out, err) == 1);
  std::ostringstream json_out;
  panels_verify_command({dir.path(), true, true, false}, json_out, err);
  BOOST_TEST(json::parse(json_out.str())["issues"].size() == 4u);
}

BOOST_AUTO_TEST_CASE(an_unreadable_manifest_is_exit_2) {
  temp_dir dir;
  std::ostringstream out, err;
  BOOST_TEST(panels_verify_command({dir.path(), false, false, false}, out, err) == 2);
  BOOST_TEST(err.str().find("manifest.json") != std::string::npos);
  std::ofstream{dir.path() / "manifest.json"} << R"({"panels": []})";
  BOOST_TEST(panels_verify_command({dir.path(), true, false, false}, out, err) == 2);
}

BOOST_AUTO_TEST_CASE(a_manifest_cannot_point_outside_the_panels_directory) {
  temp_dir dir;
  std::ofstream{dir.path() / "manifest.json"} << json{{"hashes", {{"../secret", std::string(64, 'a')}}}}.dump();
  BOOST_TEST(codes(verify_panels(dir.path())) == std::vector<std::string>{"read_error:path ../secret"});
}

BOOST_AUTO_TEST_CASE(atomic_writes_replace_the_file_and_leave_no_temp_file) {
  temp_dir dir;
  BOOST_TEST(write_atomically(dir.path() / "a.json", "one").has_value());
  BOOST_TEST(write_atomically(dir.path() / "a.json", "two").has_value());
  BOOST_TEST(read(dir.path() / "a.json") == "two");
  BOOST_TEST(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
  auto failed = write_atomically(dir.path() / "missing" / "a.json", "x");
  BOOST_TEST_REQUIRE(!failed.has_value());
  BOOST_TEST(failed.error().find("cannot create") != std::string::npos, failed.error());
}

BOOST_AUTO_TEST_CASE(chain_rows_are_the_nearest_expiry_around_atm) {
  std::vector<option_row> rows;
  for (double k = 100; k <= 200; k += 10)
    for (auto t : {option_type::call, option_type::put}) {
      rows.push_back(row(20, k, t));
      rows.push_back(row(27, k, t));
    }
  auto near = near_atm_rows(rows, 152, 2); // ATM 150: strikes 130..170
  BOOST_TEST_REQUIRE(near.size() == 10u);
  BOOST_TEST(near.front().strike == 130);
  BOOST_TEST(near.back().strike == 170);
  BOOST_TEST((near[0].type == option_type::call && near[1].type == option_type::put));
  for (auto& r : near)
    BOOST_TEST(r.expiry == 20);
  BOOST_TEST(near_atm_rows(rows, 95, 1).size() == 4u); // clipped at the lowest strike
}

BOOST_AUTO_TEST_CASE(health_and_staleness_follow_the_last_cycle_and_the_breakers) {
  panel_inputs in;
  in.indices = {"NIFTY", "SENSEX"};
  BOOST_TEST((overall_health(in) == node_health::unhealthy)); // no cycle yet
  in.cycle = cycle_record{};
  in.cycle->cycle_id = 7;
  in.cycle->status = cycle_status::ok;
  in.last_cycle_of = {{"NIFTY", 7}, {"SENSEX", 7}};
  in.snapshots["NIFTY"].cycle_id = 7;
  in.snapshots["SENSEX"].cycle_id = 6;
  BOOST_TEST(stale_indices(in) == std::vector<std::string>{"SENSEX"});
  BOOST_TEST((overall_health(in) == node_health::degraded));
  in.snapshots["SENSEX"].cycle_id = 7;
  BOOST_TEST((overall_health(in) == node_health::healthy));
  // On a hub each collector node counts its own cycles: SENSEX's node is at its cycle 3, NIFTY's at 7.
  in.last_cycle_of["SENSEX"] = 3;
  in.snapshots["SENSEX"].cycle_id = 3;
  BOOST_TEST(stale_indices(in).empty());
  // SENSEX's node restarted and its first cycle stored nothing: the old run's cycle 3 is stale.
  in.last_cycle_of["SENSEX"] = 1;
  BOOST_TEST(stale_indices(in) == std::vector<std::string>{"SENSEX"});
  in.figures.breakers.push_back({{breaker_state::open, 1, 1, 1}, "provider.synthetic"});
  BOOST_TEST((overall_health(in) == node_health::unhealthy));
}

BOOST_AUTO_TEST_CASE(built_panels_match_their_schemas_and_a_broken_one_does_not) {
  panel_inputs in;
  in.indices = {"NIFTY"};
  in.cycle = cycle_record{3, 1000, 2000, cycle_status::ok, {}};
  auto& s = in.snapshots["NIFTY"];
  s.cycle_id = 3;
  s.overview.index = "NIFTY";
  s.overview.underlying = 150;
  s.overview.collected_mask = 1;
  s.overview.pcr_oi[0] = 1.1;
  s.spot.prev_close = 149;
  s.options = {row(20, 150, option_type::call), row(20, 150, option_type::put)};
  surface_slice fitted;
  fitted.expiry = 20;
  fitted.status = surface_status::fitted;
  fitted.years = 0.05;
  fitted.forward = 150;
  fitted.a = 0.0004;
  fitted.b = 0.02;
  fitted.rho = -0.5;
  fitted.m = 0.01;
  fitted.sigma = 0.05;
  fitted.k_min = -0.1;
  fitted.k_max = 0.08;
  fitted.points_used = 12;
  fitted.calendar_ok = false;
  surface_slice unfitted;
  unfitted.expiry = 27;
  unfitted.status = surface_status::too_few_points;
  s.surfaces = {fitted, unfitted};
  in.figures.storage = storage_figures{};
  in.figures.components.push_back({{true, 2}, "storage", "supervisor.storage"});
  std::vector<std::string> names;
  for (auto& p : build_panels(in)) {
    names.push_back(p.name);
    BOOST_TEST(validate_panel(p.name, p.data).empty(), p.name << ": " << p.data.dump());
    if (p.name != "surface_NIFTY")
      continue;
    // The fitted expiry carries its parameters, checks and a curve through its quoted range; the other
    // says why it has none.
    auto& expiries = p.data["expiries"];
    BOOST_TEST_REQUIRE(expiries.size() == 2u);
    BOOST_TEST(expiries[0]["status"] == "fitted");
    BOOST_TEST(expiries[0]["calendar_ok"] == false);
    BOOST_TEST(expiries[0]["curve"].size() == 41u);
    BOOST_TEST(expiries[0]["curve"][0][0].get<double>() == -0.1);
    BOOST_TEST(expiries[0]["curve"][0][1].get<double>() == 150 * std::exp(-0.1), boost::test_tools::tolerance(1e-12));
    BOOST_TEST(expiries[1]["status"] == "too_few_points");
    BOOST_TEST(expiries[1]["a"].is_null());
    BOOST_TEST(expiries[1]["butterfly_ok"].is_null());
    BOOST_TEST(expiries[1]["curve"].empty());
  }
  std::vector<std::string> expected{"summary",   "indices", "chain_NIFTY", "surface_NIFTY",
                                    "providers", "storage", "system"};
  BOOST_TEST(names == expected, boost::test_tools::per_element());
  auto bad_surface = build_panels(in)[3].data;
  bad_surface["expiries"][0]["status"] = "guessed";
  BOOST_TEST(!validate_panel("surface_NIFTY", bad_surface).empty());
  auto problems = validate_panel("summary", json{{"health", "fine"}});
  BOOST_TEST(!problems.empty());
  BOOST_TEST(!validate_panel("unknown", json::object()).empty());
}

namespace {

/// The providers panel built from `in`, checked against its schema (empty when it was not built).
json providers_panel(const panel_inputs& in) {
  auto panels = build_panels(in);
  auto p = std::find_if(panels.begin(), panels.end(), [](const built_panel& x) { return x.name == "providers"; });
  BOOST_REQUIRE(p != panels.end());
  BOOST_TEST(validate_panel(p->name, p->data).empty(), p->data.dump());
  return p->data;
}

/// What `g6 summary` prints from that panel alone.
std::string summary_of(const json& providers) {
  temp_dir dir;
  write_panels(dir.path(), {{"providers", providers}});
  return render_summary(read_panels(dir.path()), false);
}

} // namespace

BOOST_AUTO_TEST_CASE(the_providers_panel_shows_each_endpoint_and_a_refused_session) {
  panel_inputs in;
  in.figures.breakers.push_back({{breaker_state::open, 12, 3, 4}, "provider.kite"});
  in.figures.breakers.push_back({{breaker_state::closed, 0, 0, 0}, "provider.other"}); // no status answer from it
  request_tally kite;
  kite.record("quote", "ok", 0.25);
  kite.record("quote", "auth_required", 0.125);
  kite.record("instruments", "ok", 1.5);
  in.figures.providers.push_back({"provider.kite", auth_state::auth_required, kite, {}});
  auto providers = providers_panel(in);
  auto& listed = providers["providers"];
  BOOST_REQUIRE(listed.size() == 2u);
  BOOST_TEST(listed[0]["auth_state"] == "auth_required");
  BOOST_TEST(listed[0]["endpoints"].dump()
             == R"([{"endpoint":"instruments","errors":0,"mean_latency_ms":1500.0,"requests":1},)"
                R"({"endpoint":"quote","errors":1,"mean_latency_ms":187.5,"requests":2}])");
  BOOST_TEST(listed[1]["auth_state"] == "unknown");
  BOOST_TEST(listed[1]["endpoints"].empty());

  auto text = summary_of(providers);
  BOOST_TEST(text.find("provider provider.kite  breaker open  requests 12  errors 4") != std::string::npos, text);
  BOOST_TEST(text.find("AUTH REQUIRED") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(a_stream_mode_provider_shows_its_ticker_in_the_panel_and_the_summary) {
  panel_inputs in;
  in.figures.breakers.push_back({{breaker_state::closed, 40, 0, 0}, "provider.kite"});
  ticker_reading ticker;
  ticker.connections = {{"idle", 1}, {"streaming", 1}, {"auth_required", 1}};
  ticker.reconnects = {{"silence", 2}, {"closed", 1}};
  ticker.subscribed = 749;
  ticker.quotes_streamed = 8000;
  ticker.quotes_fallback = 546;
  ticker.last_frame_age_seconds = 0.25;
  in.figures.providers.push_back({"provider.kite", auth_state::ok, request_tally{}, ticker});
  auto providers = providers_panel(in);
  auto& t = providers["providers"][0]["ticker"];
  BOOST_TEST(t["subscribed"] == 749);
  BOOST_TEST(t["reconnects"] == 3);
  BOOST_TEST(t["connections"]["streaming"] == 1);
  auto text = summary_of(providers);
  BOOST_TEST(
    text.find("ticker  streaming 1  subscribed 749  quotes 8000 streamed / 546 by REST  reconnects 3  TOKEN REFUSED")
      != std::string::npos,
    text);
}

BOOST_AUTO_TEST_CASE(a_ticker_spilling_onto_another_app_shows_each_apps_connections_and_whose_token_was_refused) {
  panel_inputs in;
  in.figures.breakers.push_back({{breaker_state::closed, 40, 0, 0}, "provider.kite"});
  ticker_reading ticker;
  ticker.connections = {{"streaming", 3}, {"auth_required", 1}, {"idle", 2}};
  ticker.apps = {{"kite", {{"streaming", 3}, {"auth_required", 0}, {"idle", 0}}},
                 {"kite.backup", {{"streaming", 0}, {"auth_required", 1}, {"idle", 2}}}};
  ticker.subscribed = 9400;
  in.figures.providers.push_back({"provider.kite", auth_state::ok, request_tally{}, ticker});
  auto providers = providers_panel(in);
  auto& t = providers["providers"][0]["ticker"];
  BOOST_TEST(t["apps"]["kite"]["streaming"] == 3);
  BOOST_TEST(t["apps"]["kite.backup"]["auth_required"] == 1);
  auto text = summary_of(providers);
  BOOST_TEST(text.find("ticker  streaming 3 (kite 3, kite.backup 0)  subscribed 9400") != std::string::npos, text);
  BOOST_TEST(text.find("TOKEN REFUSED (kite.backup)") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(summary_shows_what_it_has_and_names_what_is_missing) {
  temp_dir dir;
  write_panels(
    dir.path(),
    {{"summary", {{"health", "degraded"}, {"cycle", 4}, {"status", "partial"}}},
     {"indices", {{"indices", json::array({{{"index", "NIFTY"}, {"stale", true}, {"underlying", 100.0}}})}}}});
  auto text = render_summary(read_panels(dir.path()), false);
  BOOST_TEST(text.find("health degraded") != std::string::npos, text);
  BOOST_TEST(text.find("cycle 4") != std::string::npos, text);
  BOOST_TEST(text.find("STALE") != std::string::npos, text);
  BOOST_TEST(text.find("missing panels: providers (no file), storage (no file), system (no file)") != std::string::npos,
             text);
  BOOST_TEST(text.find("\x1b[") == std::string::npos);
  BOOST_TEST(render_summary(read_panels(dir.path()), true).find("\x1b[33mdegraded") != std::string::npos);
  std::ostringstream out, err;
  BOOST_TEST(status_command(dir.path(), true, out, err) == 0);
  BOOST_TEST(json::parse(out.str())["summary"]["health"] == "degraded");
  temp_dir empty;
  BOOST_TEST(status_command(empty.path(), false, out, err) == 1);
}

namespace {

/// An envelope whose data is 200,000 nested arrays: recursive code (hashing, printing) overflows the stack.
const std::string deep_envelope = R"({"data": )" + std::string(200000, '[') + std::string(200000, ']') + "}";

/// `text` in place of `dir`/`name`.
void plant(const fs::path& dir, const std::string& name, const std::string& text) {
  std::ofstream{dir / name, std::ios::binary | std::ios::trunc} << text;
}

/// The word of a refused panel file's reason, or "read" when it was read.
std::string refusal(const fs::path& file) {
  auto read = read_panel_file(file);
  return read ? "read" : std::string{read.error().code()};
}

/// A directory with one intact panel, verify's codes after `replace` has put something in its place.
std::vector<std::string> verify_with(const std::function<void(const fs::path&)>& replace) {
  temp_dir dir;
  write_panels(dir.path(), {{"summary", {{"health", "healthy"}}}, {"system", {{"node", "n"}}}});
  auto file = dir.path() / "summary_enveloped.json";
  fs::remove(file);
  replace(file);
  return codes(verify_panels(dir.path()));
}

} // namespace

BOOST_AUTO_TEST_CASE(panel_files_are_read_only_when_regular_small_and_shallow) {
  temp_dir dir;
  auto at = [&](const std::string& name) { return dir.path() / name; };
  plant(dir.path(), "ok.json", R"({"data": [[["a \"[[[[\" string"]]]})");
  BOOST_TEST(refusal(at("ok.json")) == "read");
  BOOST_TEST(refusal(at("absent.json")) == "missing");

  plant(dir.path(), "deep.json", std::string(200000, '['));
  auto deep = read_panel_file(at("deep.json"));
  BOOST_TEST_REQUIRE(!deep.has_value());
  BOOST_TEST((deep.error().unfit == json_text_fault::too_deep));
  BOOST_TEST(deep.error().detail == at("deep.json").string() + ": nested deeper than 64 levels at offset 64");
  // Exactly the limit is fine; brackets inside strings do not count.
  plant(dir.path(), "limit.json", std::string(64, '[') + std::string(64, ']'));
  BOOST_TEST(refusal(at("limit.json")) == "read");
  plant(dir.path(), "quoted.json", "[\"" + std::string(1000, '[') + "\\\"" + std::string(1000, '{') + "\"]");
  BOOST_TEST(refusal(at("quoted.json")) == "read");

  BOOST_REQUIRE(::mkfifo(at("fifo.json").c_str(), 0644) == 0);
  auto fifo = read_panel_file(at("fifo.json"));
  BOOST_TEST_REQUIRE(!fifo.has_value());
  BOOST_TEST((fifo.error().refused == file_refusal::not_regular));
  BOOST_TEST(fifo.error().detail == at("fifo.json").string() + ": not a regular file (a FIFO)");

  fs::create_symlink("/dev/zero", at("zero.json"));
  BOOST_TEST(refusal(at("zero.json")) == "symlink");
  fs::create_symlink(at("ok.json"), at("link.json"));
  BOOST_TEST(refusal(at("link.json")) == "symlink");

  fs::create_directory(at("dir.json"));
  BOOST_TEST(refusal(at("dir.json")) == "not_regular");

  { std::ofstream{at("huge.json")}; }
  fs::resize_file(at("huge.json"), panel_file_max_bytes + 1); // sparse: no disk used
  auto huge = read_panel_file(at("huge.json"));
  BOOST_TEST_REQUIRE(!huge.has_value());
  BOOST_TEST((huge.error().refused == file_refusal::too_large));
  BOOST_TEST(huge.error().detail
             == at("huge.json").string() + ": too large: 16777217 bytes, the limit is 16777216 bytes (16 MiB)");

  plant(dir.path(), "nul.json", std::string{R"({"data": 1})"} + '\0' + "junk");
  auto nul = read_panel_file(at("nul.json"));
  BOOST_TEST_REQUIRE(!nul.has_value());
  BOOST_TEST((nul.error().unfit == json_text_fault::nul_byte));
  BOOST_TEST(nul.error().detail == at("nul.json").string() + ": a NUL byte at offset 11");
}

BOOST_AUTO_TEST_CASE(verify_names_every_hostile_file_without_crashing_or_blocking) {
  BOOST_TEST(verify_with([](auto& f) { std::ofstream{f} << deep_envelope; })
               == (std::vector<std::string>{"read_error:too_deep summary_enveloped.json"}),
             boost::test_tools::per_element());
  BOOST_TEST(verify_with([](auto& f) { BOOST_REQUIRE(::mkfifo(f.c_str(), 0644) == 0); })
               == (std::vector<std::string>{"read_error:not_regular summary_enveloped.json"}),
             boost::test_tools::per_element());
  BOOST_TEST(verify_with([](auto& f) { fs::create_symlink("/dev/zero", f); })
               == (std::vector<std::string>{"read_error:symlink summary_enveloped.json"}),
             boost::test_tools::per_element());
  BOOST_TEST(verify_with([](auto& f) { fs::create_directory(f); })
               == (std::vector<std::string>{"read_error:not_regular summary_enveloped.json"}),
             boost::test_tools::per_element());
  BOOST_TEST(verify_with([](auto& f) {
               std::ofstream{f};
               fs::resize_file(f, size_t{1} << 30);
             }) == (std::vector<std::string>{"read_error:too_large summary_enveloped.json"}),
             boost::test_tools::per_element());
  BOOST_TEST(verify_with([](auto& f) {
               std::ofstream{f, std::ios::binary} << std::string{"{\"data\": {}}\0x", 14};
             }) == (std::vector<std::string>{"read_error:nul_byte summary_enveloped.json"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_hostile_manifest_is_named_and_exit_2) {
  for (auto plant_manifest :
       std::vector<std::function<void(const fs::path&)>>{[](auto& f) { std::ofstream{f} << deep_envelope; },
                                                         [](auto& f) { BOOST_REQUIRE(::mkfifo(f.c_str(), 0644) == 0); },
                                                         [](auto& f) { fs::create_symlink("/dev/zero", f); }}) {
    temp_dir dir;
    plant_manifest(dir.path() / "manifest.json");
    std::ostringstream out, err;
    BOOST_TEST(panels_verify_command({dir.path(), true, false, false}, out, err) == 2);
    BOOST_TEST(err.str().find((dir.path() / "manifest.json").string() + ": ") != std::string::npos, err.str());
  }
}

BOOST_AUTO_TEST_CASE(summary_and_status_name_a_hostile_panel_and_show_the_rest) {
  temp_dir dir;
  write_panels(dir.path(), {{"summary", {{"health", "healthy"}}}, {"system", {{"node", "n"}}}});
  fs::remove(dir.path() / "summary_enveloped.json");
  BOOST_REQUIRE(::mkfifo((dir.path() / "summary_enveloped.json").c_str(), 0644) == 0);
  plant(dir.path(), "indices_enveloped.json", std::string(100000, '{'));
  auto text = render_summary(read_panels(dir.path()), false);
  BOOST_TEST(
    text.find("summary (" + (dir.path() / "summary_enveloped.json").string() + ": not a regular file (a FIFO))")
      != std::string::npos,
    text);
  BOOST_TEST(text.find("indices (" + (dir.path() / "indices_enveloped.json").string()
                       + ": nested deeper than 64 levels at offset 64)")
               != std::string::npos,
             text);
  std::ostringstream out, err;
  BOOST_TEST(status_command(dir.path(), true, out, err) == 0);
  BOOST_TEST(json::parse(out.str())["system"]["node"] == "n");
}

BOOST_AUTO_TEST_CASE(the_writer_never_opens_a_fifo_or_follows_a_symlink_planted_at_its_temp_file) {
  temp_dir dir;
  auto file = dir.path() / "a.json";
  auto temp = file;
  temp += ".tmp." + std::to_string(::getpid());
  BOOST_REQUIRE(::mkfifo(temp.c_str(), 0644) == 0);
  BOOST_TEST(write_atomically(file, "one").has_value());
  BOOST_TEST(read(file) == "one");
  auto victim = dir.path() / "victim";
  plant(dir.path(), "victim", "untouched");
  fs::create_symlink(victim, temp);
  BOOST_TEST(write_atomically(file, "two").has_value());
  BOOST_TEST(read(file) == "two");
  BOOST_TEST(read(victim) == "untouched");
  // A symlink or FIFO in place of the file itself is replaced, not written through.
  fs::remove(file);
  fs::create_symlink(victim, file);
  BOOST_TEST(write_atomically(file, "three").has_value());
  BOOST_TEST(!fs::is_symlink(file));
  BOOST_TEST(read(victim) == "untouched");
}

BOOST_AUTO_TEST_CASE(the_panels_lock_waits_a_bounded_time_and_never_opens_a_fifo) {
  temp_dir dir;
  {
    panels_lock writer{dir.path(), true};
    BOOST_TEST(writer.held());
    panels_lock other{dir.path(), true, std::chrono::milliseconds(50)};
    BOOST_TEST(!other.held());
    BOOST_TEST(other.why_not() == (dir.path() / ".lock").string() + " is locked by another process");
    panels_lock reader{dir.path(), false, std::chrono::milliseconds(50)};
    BOOST_TEST(!reader.held());
  }
  fs::remove(dir.path() / ".lock");
  BOOST_REQUIRE(::mkfifo((dir.path() / ".lock").c_str(), 0644) == 0);
  panels_lock reader{dir.path(), false};
  BOOST_TEST(!reader.held());
  BOOST_TEST(reader.why_not() == (dir.path() / ".lock").string() + " is not a regular file");
  // The writer owns the directory: it puts a lock file in place of the FIFO.
  panels_lock writer{dir.path(), true};
  BOOST_TEST(writer.held());
  BOOST_TEST(fs::is_regular_file(fs::symlink_status(dir.path() / ".lock")));
}
