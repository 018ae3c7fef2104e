// The web app's pure parts: the API's answers from a database the real store wrote (indices, the latest
// chain with its change since the day's first snapshot, ATM and max pain, every history series with
// pagination), every bad parameter a 400 naming it, a missing or unreadable database a 503 (a FIFO in
// its place included: never a hang); browser sessions (expiry, logout, the cap, the cookie's
// attributes); the embedded assets (content types, ETags, gzip that inflates back, content-addressed
// links in the page).
#define BOOST_TEST_MODULE web_api
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <zlib.h>

#include <fstream>

#include "actors/sse/browser_sessions.hpp"
#include "actors/sse/web_api.hpp"
#include "actors/sse/web_assets.hpp"
#include "tests/support/sample_chains.hpp"
#include "tests/support/temp_dir.hpp"

using namespace g6;
using namespace g6::sse;
using nlohmann::json;

namespace {

struct sample_database {
  sample_database() { chains.write(file()); }
  std::filesystem::path file() const { return dir.path() / "g6.sqlite"; }

  testing::temp_dir dir;
  testing::sample_chains chains;
};

json ok(store_reader& reader, std::string_view path, std::string_view query) {
  auto answer = answer_api(reader, path, query);
  BOOST_TEST_REQUIRE(answer.status == 200u, path << "?" << query << ": " << answer.body);
  BOOST_TEST(answer.outcome == "ok");
  return json::parse(answer.body);
}

/// The status of a refused request, after checking its body names the reason and says why.
unsigned refused(store_reader& reader, std::string_view path, std::string_view query, std::string_view mentions = "") {
  auto answer = answer_api(reader, path, query);
  auto body = json::parse(answer.body);
  BOOST_TEST(body.contains("error"));
  BOOST_TEST(body.value("reason", "") == std::string{answer.outcome});
  if (!mentions.empty())
    BOOST_TEST(body.value("error", "").find(mentions) != std::string::npos, body.dump());
  return answer.status;
}

std::string gunzip(const std::string& packed) {
  z_stream z{};
  BOOST_TEST_REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
  std::string out(size_t{1} << 22, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  z.avail_in = static_cast<uInt>(packed.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  auto rc = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  BOOST_TEST_REQUIRE(rc == Z_STREAM_END);
  return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(indices_lists_each_index_with_its_latest_snapshot_and_expiries_nearest_first) {
  sample_database db;
  store_reader reader{db.file()};
  auto body = ok(reader, "/api/indices", "");
  BOOST_TEST_REQUIRE(body["indices"].size() == 1u);
  auto& nifty = body["indices"][0];
  BOOST_TEST(nifty["index"] == "NIFTY");
  BOOST_TEST(nifty["ts_ms"].get<int64_t>() == db.chains.latest);
  BOOST_TEST(nifty["as_of"] == "2026-11-26T09:16:00.000+05:30");
  BOOST_TEST(nifty["expiries"].dump()
             == R"([{"bucket":"this_week","expiry":"2026-12-01"},{"bucket":"next_week","expiry":"2026-12-08"}])");
}

BOOST_AUTO_TEST_CASE(a_chain_is_the_latest_snapshot_with_change_since_the_days_first_atm_and_max_pain) {
  sample_database db;
  store_reader reader{db.file()};
  auto chain = ok(reader, "/api/chain", "index=NIFTY");
  BOOST_TEST(chain["expiry"] == "2026-12-01"); // the nearest by default
  BOOST_TEST(chain["bucket"] == "this_week");
  BOOST_TEST(chain["ts_ms"].get<int64_t>() == db.chains.latest);
  BOOST_TEST(chain["open_ts_ms"].get<int64_t>() == db.chains.open);
  BOOST_TEST(chain["forward"].get<double>() == testing::sample_chains::forward);
  BOOST_TEST(chain["atm_strike"].get<double>() == 24950.0);
  BOOST_TEST(chain["max_pain"].get<double>() == 24900.0); // this_week's, at the latest instant
  BOOST_TEST_REQUIRE(chain["strikes"].size() == 3u);
  auto& atm = chain["strikes"][1];
  BOOST_TEST(atm["strike"].get<double>() == 24950.0);
  BOOST_TEST(atm["CE"]["ltp"].get<double>() == testing::sample_chains::call_price(24950, 1));
  BOOST_TEST(atm["CE"]["change"].get<double>() == 5.0);
  BOOST_TEST(atm["PE"]["change"].get<double>() == -3.0);
  BOOST_TEST(atm["PE"]["bid"].get<double>() == testing::sample_chains::put_price(24950, 1) - 0.5);
  BOOST_TEST(atm["CE"]["iv"].get<double>() == 0.15, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(atm["CE"]["gamma"].is_null()); // not stored: null, not 0
  BOOST_TEST(atm["CE"]["volume"].get<double>() == 2000.0);

  auto next = ok(reader, "/api/chain", "index=NIFTY&expiry=2026-12-08");
  BOOST_TEST(next["bucket"] == "next_week");
  BOOST_TEST(next["max_pain"].get<double>() == 25000.0);
  BOOST_TEST(next["strikes"].size() == 3u);
}

BOOST_AUTO_TEST_CASE(every_bad_chain_parameter_is_a_400_that_names_it_and_unknown_data_a_404) {
  sample_database db;
  store_reader reader{db.file()};
  BOOST_TEST(refused(reader, "/api/chain", "", "'index' is required") == 400u);
  BOOST_TEST(refused(reader, "/api/chain", "index=NIFTY;DROP", "'index'") == 400u);
  BOOST_TEST(refused(reader, "/api/chain", "index=NIFTY&expiry=2026-13-01", "'expiry'") == 400u);
  BOOST_TEST(refused(reader, "/api/chain", "index=NIFTY&expiry=soon", "'expiry'") == 400u);
  BOOST_TEST(refused(reader, "/api/chain", "index=NIFTY&strikes=5", "unknown parameter 'strikes'") == 400u);
  BOOST_TEST(refused(reader, "/api/chain", "index=NIFTY&index=BANKNIFTY", "given twice") == 400u);
  BOOST_TEST(refused(reader, "/api/chain", "index=NI%zzFTY", "percent escape") == 400u);
  BOOST_TEST(refused(reader, "/api/chain", "index=%ff%fe", "'index'") == 400u); // not UTF-8: still a JSON answer
  BOOST_TEST(refused(reader, "/api/chain", "index=" + std::string(65, 'N'), "'index'") == 400u);
  BOOST_TEST(refused(reader, "/api/chain", "index=SENSEX", "nothing stored for index 'SENSEX'") == 404u);
  BOOST_TEST(refused(reader, "/api/chain", "index=NIFTY&expiry=2026-12-29", "not in the latest") == 404u);
  BOOST_TEST(refused(reader, "/api/indices", "x=1", "unknown parameter") == 400u);
  BOOST_TEST(answer_api(reader, "/api/other", "").status == 404u);
}

BOOST_AUTO_TEST_CASE(history_series_come_in_time_order_per_bucket_and_page_with_next_from) {
  sample_database db;
  store_reader reader{db.file()};
  auto t0 = db.chains.open, t1 = db.chains.latest;
  auto underlying = ok(reader, "/api/history", "index=NIFTY&series=underlying");
  BOOST_TEST(underlying["points"].dump()
             == json::array({json::array({t0, 24950.0}), json::array({t1, 24951.0})}).dump());
  BOOST_TEST(underlying["bucket"].is_null());
  BOOST_TEST(underlying["from_ms"].get<int64_t>() == ist_instant(make_date(2026, 11, 26), 0, 0));
  BOOST_TEST(underlying["next_from"].is_null());

  auto iv = ok(reader, "/api/history", "index=NIFTY&series=atm_iv&bucket=next_week");
  BOOST_TEST(iv["points"][1][1].get<double>() == 0.135);
  auto pcr = ok(reader, "/api/history", "index=NIFTY&series=pcr_oi");
  BOOST_TEST(pcr["points"][1][1].get<double>() == 1.2, boost::test_tools::tolerance(1e-12));
  auto pain = ok(reader, "/api/history", "index=NIFTY&series=max_pain");
  BOOST_TEST(pain["points"][1][1].get<double>() == 24900.0);
  auto absent_bucket = ok(reader, "/api/history", "index=NIFTY&series=pcr_volume&bucket=next_month");
  BOOST_TEST(absent_bucket["points"][0][1].is_null());

  // The ATM straddle: call + put at the strike nearest the forward (24950).
  auto straddle = ok(reader, "/api/history", "index=NIFTY&series=straddle");
  BOOST_TEST_REQUIRE(straddle["points"].size() == 2u);
  for (int n : {0, 1})
    BOOST_TEST(straddle["points"][n][1].get<double>()
               == testing::sample_chains::call_price(24950, n) + testing::sample_chains::put_price(24950, n));

  auto first = ok(reader, "/api/history", "index=NIFTY&series=underlying&limit=1");
  BOOST_TEST(first["points"].size() == 1u);
  BOOST_TEST(first["next_from"].get<int64_t>() == t1);
  auto rest = ok(reader, "/api/history", "index=NIFTY&series=underlying&from=" + std::to_string(t1));
  BOOST_TEST(rest["points"].size() == 1u);
  BOOST_TEST(rest["points"][0][0].get<int64_t>() == t1);
  auto iso = ok(reader, "/api/history",
                "index=NIFTY&series=underlying&from=2026-11-26T09:15:30%2B05:30&to=2026-11-26T09:30:00Z");
  BOOST_TEST(iso["points"].size() == 1u);
  auto none = ok(reader, "/api/history", "index=NIFTY&series=underlying&from=" + std::to_string(t1 + 1));
  BOOST_TEST(none["points"].empty());
}

BOOST_AUTO_TEST_CASE(every_bad_history_parameter_is_a_400_that_names_it) {
  sample_database db;
  store_reader reader{db.file()};
  BOOST_TEST(refused(reader, "/api/history", "index=NIFTY", "'series'") == 400u);
  BOOST_TEST(refused(reader, "/api/history", "index=NIFTY&series=vix", "'series'") == 400u);
  BOOST_TEST(refused(reader, "/api/history", "index=NIFTY&series=atm_iv&bucket=weekly", "'bucket'") == 400u);
  BOOST_TEST(refused(reader, "/api/history", "index=NIFTY&series=atm_iv&from=yesterday", "'from'") == 400u);
  BOOST_TEST(refused(reader, "/api/history", "index=NIFTY&series=atm_iv&to=2026-11-26T09:15", "'to'") == 400u);
  BOOST_TEST(refused(reader, "/api/history", "index=NIFTY&series=atm_iv&limit=0", "'limit'") == 400u);
  BOOST_TEST(refused(reader, "/api/history", "index=NIFTY&series=atm_iv&limit=10001", "'limit'") == 400u);
  BOOST_TEST(refused(reader, "/api/history", "index=NIFTY&series=atm_iv&limit=-1", "'limit'") == 400u);
  BOOST_TEST(refused(reader, "/api/history", "index=NIFTY&series=atm_iv&limit=99999999999999999999999", "'limit'")
             == 400u);
  BOOST_TEST(refused(reader, "/api/history", "index=SENSEX&series=atm_iv", "nothing stored") == 404u);
}

BOOST_AUTO_TEST_CASE(a_missing_fifo_or_damaged_database_is_a_503_never_a_hang_or_a_crash) {
  testing::temp_dir dir;
  store_reader missing{dir.path() / "none.sqlite"};
  BOOST_TEST(refused(missing, "/api/indices", "", "no database yet") == 503u);

  auto fifo = dir.path() / "fifo.sqlite";
  BOOST_TEST_REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  store_reader piped{fifo};
  BOOST_TEST(refused(piped, "/api/chain", "index=NIFTY", "not a regular file") == 503u);

  auto garbage = dir.path() / "garbage.sqlite";
  std::ofstream{garbage} << std::string(8192, 'x');
  store_reader damaged{garbage};
  BOOST_TEST(refused(damaged, "/api/history", "index=NIFTY&series=underlying") == 503u);

  // The database appearing later is picked up without a restart.
  testing::sample_chains{}.write(dir.path() / "none.sqlite");
  BOOST_TEST(ok(missing, "/api/indices", "")["indices"].size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_reader_sees_each_new_committed_snapshot) {
  sample_database db;
  store_reader reader{db.file()};
  BOOST_TEST(ok(reader, "/api/chain", "index=NIFTY")["ts_ms"].get<int64_t>() == db.chains.latest);
  auto store = sqlite_store::open(db.file(), storage_settings{});
  BOOST_TEST_REQUIRE(store.has_value());
  auto later = db.chains.batch(1);
  later.ts += 60'000;
  later.cycle_id = 3;
  for (auto& r : later.options)
    r.ts = later.ts;
  later.overview.ts = later.ts;
  BOOST_TEST_REQUIRE(store->store(later).has_value());
  BOOST_TEST(ok(reader, "/api/chain", "index=NIFTY")["ts_ms"].get<int64_t>() == later.ts);
  BOOST_TEST(ok(reader, "/api/history", "index=NIFTY&series=underlying")["points"].size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_session_is_valid_until_it_expires_or_logs_out) {
  browser_sessions sessions{60, 3};
  auto id = sessions.open(1'000);
  BOOST_TEST_REQUIRE(id.has_value());
  BOOST_TEST(id->size() == 64u);
  BOOST_TEST(sessions.valid(*id, 1'000));
  BOOST_TEST(sessions.valid(*id, 60'999));
  BOOST_TEST(!sessions.valid(*id, 61'000)); // expired
  BOOST_TEST(!sessions.valid(*id, 1'000));  // and forgotten
  auto other = sessions.open(2'000);
  BOOST_TEST(*other != *id);
  BOOST_TEST(!sessions.valid(std::string(64, '0'), 2'000));
  BOOST_TEST(!sessions.valid("", 2'000));
  sessions.close(*other);
  BOOST_TEST(!sessions.valid(*other, 2'001));
  // A full table gives up the session closest to expiry.
  auto a = sessions.open(3'000), b = sessions.open(4'000), c = sessions.open(5'000), d = sessions.open(6'000);
  BOOST_TEST(sessions.size() == 3u);
  BOOST_TEST(!sessions.valid(*a, 6'000));
  BOOST_TEST((sessions.valid(*b, 6'000) && sessions.valid(*c, 6'000) && sessions.valid(*d, 6'000)));
}

BOOST_AUTO_TEST_CASE(the_session_cookie_is_found_among_others_and_set_httponly_samesite_strict) {
  BOOST_TEST(session_cookie("a=1; g6_session=abc; b=2") == "abc");
  BOOST_TEST(session_cookie("g6_session=xyz") == "xyz");
  BOOST_TEST(session_cookie("my_g6_session=no; other=1").empty());
  BOOST_TEST(session_cookie("").empty());
  auto set = session_set_cookie("abc", 3600);
  for (auto attribute : {"g6_session=abc", "HttpOnly", "SameSite=Strict", "Max-Age=3600", "Path=/"})
    BOOST_TEST(set.find(attribute) != std::string::npos, set);
  BOOST_TEST(session_clear_cookie().find("Max-Age=0") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(assets_have_types_etags_gzip_that_inflates_back_and_content_addressed_links) {
  std::string script(4000, 'a');
  std::vector<embedded_entry> files{
    {"app.js", script},
    {"app.json.js", "x"},
    {"index.html",
     R"(<link href="/assets/app.css"><script src="/assets/app.js"></script><script src="/assets/app.json.js"></script>)"},
    {"app.css", "body{}"},
  };
  web_assets assets{files};
  auto* js = assets.find("/assets/app.js");
  BOOST_TEST_REQUIRE(js);
  BOOST_TEST(js->content_type == "text/javascript; charset=utf-8");
  BOOST_TEST(!js->immutable);
  BOOST_TEST(gunzip(js->gzipped) == script);
  BOOST_TEST(assets.find("/assets/app.css")->gzipped.empty()); // too small to pay
  auto addressed = assets.addressed_path("app.js");
  BOOST_TEST(addressed.starts_with("/assets/app."));
  BOOST_TEST(assets.find(addressed)->immutable);
  BOOST_TEST(assets.find(addressed)->etag == js->etag);
  auto* page = assets.find("/");
  BOOST_TEST_REQUIRE(page);
  BOOST_TEST(page->content_type == "text/html; charset=utf-8");
  BOOST_TEST(page->body.find("\"" + addressed + "\"") != std::string::npos, page->body);
  BOOST_TEST(page->body.find("\"" + assets.addressed_path("app.json.js") + "\"") != std::string::npos, page->body);
  BOOST_TEST(page->body.find("\"/assets/app.css\"") == std::string::npos);
  BOOST_TEST(assets.find("/index.html") == page);
  BOOST_TEST(!assets.find("/assets/../g6.sqlite"));
  BOOST_TEST(!assets.find("/assets/"));

  std::vector<embedded_entry> changed{{"app.js", "b"}, {"index.html", ""}};
  BOOST_TEST(web_assets{changed}.find("/assets/app.js")->etag != js->etag);
}

BOOST_AUTO_TEST_CASE(the_shipped_app_is_embedded_with_chart_js_and_links_only_what_exists) {
  web_assets assets{embedded_web_files()};
  auto* page = assets.find("/");
  BOOST_TEST_REQUIRE(page);
  BOOST_TEST(page->body.find("<html") != std::string::npos);
  BOOST_TEST(assets.find("/assets/chart.min.js"));
  BOOST_TEST(page->body.find("\"/assets/") != std::string::npos);
  // Every asset link in the page resolves (a renamed file is a test failure, not a 404 in the browser).
  for (auto at = page->body.find("\"/assets/"); at != std::string::npos; at = page->body.find("\"/assets/", at + 1)) {
    auto end = page->body.find('"', at + 1);
    auto link = page->body.substr(at + 1, end - at - 1);
    BOOST_TEST(assets.find(link), link);
    BOOST_TEST(assets.find(link)->immutable, link);
  }
  BOOST_TEST(assets.app_bytes() < 200u * 1024); // the page weight the issue allows, Chart.js aside
}

BOOST_AUTO_TEST_CASE(accept_encoding_takes_gzip_unless_refused) {
  BOOST_TEST(accepts_gzip("gzip, deflate, br"));
  BOOST_TEST(accepts_gzip("br;q=1.0, gzip;q=0.8"));
  BOOST_TEST(accepts_gzip("*"));
  BOOST_TEST(!accepts_gzip("gzip;q=0"));
  BOOST_TEST(!accepts_gzip("gzip; q=0.000"));
  BOOST_TEST(!accepts_gzip("identity"));
  BOOST_TEST(!accepts_gzip(""));
  BOOST_TEST(!accepts_gzip("xgzip"));
}
