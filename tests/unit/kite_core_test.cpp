#define BOOST_TEST_MODULE kite_core
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include <sys/stat.h>
#include <unistd.h>

#include "actors/provider/kite/kite_credentials.hpp"
#include "actors/provider/kite/kite_rate_plan.hpp"
#include "actors/provider/kite/option_ladders.hpp"
#include "actors/provider/kite/token_bucket.hpp"
#include "config/ist_time.hpp"
#include "config/spot_keys.hpp"
#include "tests/support/temp_dir.hpp"

using namespace g6;
namespace fs = std::filesystem;

namespace {

env_lookup env_of(std::map<std::string, std::string> vars) {
  return [vars](std::string_view name) -> std::optional<std::string> {
    if (auto i = vars.find(std::string{name}); i != vars.end())
      return i->second;
    return std::nullopt;
  };
}

/// A credentials file with this key and secret in `dir`.
std::string credentials_file(const g6::testing::temp_dir& dir, const std::string& key, const std::string& secret) {
  auto file = (dir.path() / (key + ".json")).string();
  std::ofstream{file} << R"({"api_key": ")" << key << R"(", "api_secret": ")" << secret << R"("})";
  return file;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_bucket_spaces_requests_at_the_rate) {
  token_bucket quotes{1.0, 1.0, 0};
  BOOST_TEST(quotes.try_take(0));
  BOOST_TEST(quotes.wait_ms(500) == 500);
  BOOST_TEST(!quotes.try_take(999));
  BOOST_TEST(quotes.wait_ms(999) == 1);
  BOOST_TEST(quotes.try_take(1000));
  token_bucket others{10.0, 1.0, 0};
  BOOST_TEST(others.try_take(0));
  BOOST_TEST(others.wait_ms(0) == 100);
  BOOST_TEST(others.try_take(100));
  // A 429 halves the rate and empties the bucket; successes bring it back up to the nominal rate.
  quotes.slow_down(0.125, 1000);
  BOOST_TEST(quotes.rate() == 0.5);
  BOOST_TEST(quotes.wait_ms(1000) == 2000);
  for (int i = 0; i < 10; ++i)
    quotes.recover(1.0);
  BOOST_TEST(quotes.rate() == 1.0);
}

BOOST_AUTO_TEST_CASE(the_default_universe_fits_the_default_rate) {
  settings cfg;
  for (auto [name, buckets] :
       {std::pair{"NIFTY", 4}, {"BANKNIFTY", 2}, {"FINNIFTY", 2}, {"MIDCPNIFTY", 2}, {"SENSEX", 3}}) {
    index_settings index;
    index.name = name;
    index.expiries = std::vector<expiry_bucket>(all_expiry_buckets.begin(), all_expiry_buckets.begin() + buckets);
    cfg.indices.push_back(index);
  }
  auto plan = plan_rate(cfg, cfg.providers.kite);
  BOOST_TEST(plan.options == 546u); // 13 buckets x 21 strikes x 2
  BOOST_TEST(plan.quote_calls == 3u);
  BOOST_TEST(plan.seconds == 3.0);
  BOOST_TEST(plan.fits);
  BOOST_TEST(plan.sentence
             == "5 indices ask for at most 546 options a cycle: 2 quote calls of up to 500 instruments "
                "plus 1 for the index levels = 3 calls at 1 per second = 3.0 s, within the 60 s interval");
  cfg.collection.interval_seconds = 2;
  BOOST_TEST(!plan_rate(cfg, cfg.providers.kite).fits);
  // Each app of a failover chain plans at its own rate.
  kite_settings faster;
  faster.quote_rate_per_second = 3;
  cfg.collection.interval_seconds = 2;
  BOOST_TEST(plan_rate(cfg, faster).fits);
}

BOOST_AUTO_TEST_CASE(the_spot_key_is_the_configured_one_else_the_built_in_one) {
  index_settings fin;
  fin.name = "FINNIFTY";
  BOOST_TEST(spot_key(fin).value_or("") == "NSE:NIFTY FIN SERVICE");
  fin.spot_key = "NSE:NIFTY FINANCIAL SERVICES";
  BOOST_TEST(spot_key(fin).value_or("") == "NSE:NIFTY FINANCIAL SERVICES");
  index_settings bankex;
  bankex.name = "BANKEX";
  BOOST_TEST(!spot_key(bankex).has_value());
  bankex.spot_key = "BSE:BANKEX";
  BOOST_TEST(spot_key(bankex).value_or("") == "BSE:BANKEX");
  BOOST_TEST(builtin_spot_key("SENSEX").value_or("") == "BSE:SENSEX");
}

BOOST_AUTO_TEST_CASE(tokens_expire_at_six_ist) {
  // Issued 26 Nov 2026 10:00 IST: valid until 27 Nov 06:00 IST. Issued at 05:00 IST: until 06:00 that day.
  BOOST_TEST(token_expiry(ist_instant(make_date(2026, 11, 26), 10, 0)) == ist_instant(make_date(2026, 11, 27), 6, 0));
  BOOST_TEST(token_expiry(ist_instant(make_date(2026, 11, 26), 5, 0)) == ist_instant(make_date(2026, 11, 26), 6, 0));
  BOOST_TEST(token_expiry(ist_instant(make_date(2026, 11, 26), 6, 0)) == ist_instant(make_date(2026, 11, 27), 6, 0));
}

BOOST_AUTO_TEST_CASE(checksum_and_login_url) {
  // SHA-256("abc"), the FIPS 180-2 test vector.
  BOOST_TEST(session_checksum("a", "b", "c") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(login_url("kitekey") == "https://kite.zerodha.com/connect/login?v=3&api_key=kitekey");
}

BOOST_AUTO_TEST_CASE(the_token_file_is_private_and_its_expiry_respected) {
  auto dir = fs::temp_directory_path() / ("g6_kite_core_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto file = (dir / "kite" / "token.json").string();
  auto issued = ist_instant(make_date(2026, 11, 26), 9, 0);
  kite_session s{"key1", "tok1", issued, token_expiry(issued)};
  BOOST_REQUIRE(save_session(file, s).has_value());
  struct stat info {};
  BOOST_REQUIRE(::stat(file.c_str(), &info) == 0);
  BOOST_TEST((info.st_mode & 0777) == 0600u);
  auto none = env_of({});
  auto loaded = current_session(none, file, issued + 1000);
  BOOST_REQUIRE(loaded.has_value());
  BOOST_TEST(loaded->access_token == "tok1");
  BOOST_TEST(loaded->expires == ist_instant(make_date(2026, 11, 27), 6, 0));
  auto expired = current_session(none, file, ist_instant(make_date(2026, 11, 27), 6, 0));
  BOOST_REQUIRE(!expired.has_value());
  BOOST_TEST((expired.error().code == kite_errc::auth_required));
  BOOST_TEST(expired.error().message.find("tok1") == std::string::npos);
  // Readable by others: refused.
  fs::permissions(file, fs::perms::group_read, fs::perm_options::add);
  BOOST_TEST(!load_session(file).has_value());
  // The environment wins over the file.
  auto headless = current_session(env_of({{"KITE_API_KEY", "k"}, {"KITE_ACCESS_TOKEN", "t"}}), file, issued);
  BOOST_REQUIRE(headless.has_value());
  BOOST_TEST(headless->access_token == "t");
  // Missing file: auth_required naming the file and the fix.
  auto missing = current_session(none, (dir / "none.json").string(), issued);
  BOOST_TEST(missing.error().message.find("g6 token exchange") != std::string::npos);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(the_app_comes_from_env_or_file) {
  g6::testing::temp_dir dir;
  settings cfg;
  cfg.providers.kite.credentials_file = credentials_file(dir, "fk", "fs");
  auto primary = [&](env_lookup env) { return *kite_app_of(cfg, "kite", env); };
  auto from_file = load_app(primary(env_of({})));
  BOOST_REQUIRE(from_file.has_value());
  BOOST_TEST(from_file->api_secret == "fs");
  auto from_env = load_app(primary(env_of({{"KITE_API_KEY", "ek"}, {"KITE_API_SECRET", "es"}})));
  BOOST_TEST(from_env->api_key == "ek");
  cfg.providers.kite.credentials_file.clear();
  auto neither = load_app(primary(env_of({})));
  BOOST_TEST(neither.error().message == "no Kite API key: set KITE_API_KEY or providers.kite.credentials_file");
}

BOOST_AUTO_TEST_CASE(a_named_app_has_its_own_credentials_file_and_token_file_only) {
  g6::testing::temp_dir dir;
  settings cfg;
  cfg.storage.data_dir = "/var/lib/g6";
  cfg.providers.kite_apps["backup"].credentials_file = credentials_file(dir, "bk", "bs");
  auto env = env_of({{"KITE_API_KEY", "ek"}, {"KITE_ACCESS_TOKEN", "et"}});
  auto backup = kite_app_of(cfg, "kite.backup", env);
  BOOST_REQUIRE(backup.has_value());
  BOOST_TEST(backup->config_key == "providers.kite_apps.backup");
  BOOST_TEST(backup->token_file == "/var/lib/g6/kite/backup/token.json");
  BOOST_TEST(kite_app_of(cfg, "kite", env)->token_file == "/var/lib/g6/kite/token.json");
  // KITE_* serve providers.kite only: the named app's key comes from its file, its token from its file.
  BOOST_TEST(load_app(*backup)->api_key == "bk");
  auto session = current_session(backup->env, backup->token_file, 0);
  BOOST_TEST(session.error().message.find("/var/lib/g6/kite/backup/token.json") != std::string::npos);
  cfg.providers.kite_apps["backup"].credentials_file.clear();
  BOOST_TEST(load_app(*kite_app_of(cfg, "kite.backup", env)).error().message
             == "no Kite API key: set providers.kite_apps.backup.credentials_file");
  BOOST_TEST(!kite_app_of(cfg, "kite.other", env).has_value());
  BOOST_TEST(!kite_app_of(cfg, "synthetic", env).has_value());
}

BOOST_AUTO_TEST_CASE(ladders_widen_each_touched_chain_by_a_margin_of_listed_strikes) {
  std::vector<kite_instrument> rows;
  auto add = [&](uint64_t token, std::string name, day_number expiry, double strike, std::string type) {
    kite_instrument row;
    row.instrument_token = token;
    row.name = std::move(name);
    row.expiry = expiry;
    row.strike = strike;
    row.instrument_type = std::move(type);
    rows.push_back(row);
  };
  // NIFTY calls at 100..109 (listed out of order), puts at the same strikes, another expiry; an index row.
  for (uint64_t i = 0; i < 10; ++i) {
    add(1000 + (9 - i), "NIFTY", 20000, 100.0 + static_cast<double>(9 - i), "CE");
    add(2000 + i, "NIFTY", 20000, 100.0 + static_cast<double>(i), "PE");
    add(3000 + i, "NIFTY", 20007, 100.0 + static_cast<double>(i), "CE");
  }
  add(256265, "NIFTY 50", 0, 0, "EQ");
  option_ladders ladders{rows};
  std::vector<uint64_t> asked{1004, 1005, 256265};
  auto widened = ladders.widen(asked, 2);
  std::sort(widened.begin(), widened.end());
  // Calls 102..107 of the touched chain only; the index token passes through; puts and the other expiry untouched.
  BOOST_TEST((widened == std::vector<uint64_t>{1002, 1003, 1004, 1005, 1006, 1007, 256265}));
  // The margin stops at the ends of the ladder.
  std::vector<uint64_t> edge{1000, 1009};
  BOOST_TEST(ladders.widen(edge, 3).size() == 10u);
  BOOST_TEST(ladders.widen(std::vector<uint64_t>{}, 3).empty());
}
