// The capture journal: exact msgpack round trips, framed day files whose torn tails are detected and
// cut, the answers a replay gives and the clock it runs on.
#define BOOST_TEST_MODULE journal
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <bit>
#include <cmath>
#include <fstream>

#include "actors/clock/stepping_clock.hpp"
#include "actors/journal/journal_file.hpp"
#include "actors/journal/journal_replay.hpp"
#include "config/ist_time.hpp"
#include "tests/support/temp_dir.hpp"

using namespace g6;
using g6::testing::temp_dir;

namespace {

const epoch_ms t0 = *parse_iso8601("2026-11-26T09:15:00+05:30");
const day_number today = make_date(2026, 11, 26);

journal_record instruments_record() {
  journal_record r;
  r.kind = journal_kind::instruments;
  r.index = "NIFTY";
  r.cycle_id = 1;
  r.cycle_ts = t0;
  r.received_ms = t0 + 12;
  r.instruments.index = "NIFTY";
  r.instruments.strike_step = 50;
  r.instruments.lot_size = 75;
  r.instruments.expiries = {make_date(2026, 12, 1), make_date(2026, 12, 8)};
  r.instruments.options = {{101, "NIFTY25D0126000CE", make_date(2026, 12, 1), 26000, option_type::call},
                           {102, "NIFTY25D0126000PE", make_date(2026, 12, 1), 26000, option_type::put}};
  return r;
}

journal_record spot_record(epoch_ms ts, double price) {
  journal_record r;
  r.kind = journal_kind::spot;
  r.index = "NIFTY";
  r.cycle_ts = ts;
  r.received_ms = ts + 3;
  r.spot = {"NIFTY", price, 25900.05, 25950, 26100.1, 25890, ts + 1};
  return r;
}

journal_record quotes_record(epoch_ms ts) {
  journal_record r;
  r.kind = journal_kind::quotes;
  r.index = "NIFTY";
  r.cycle_ts = ts;
  r.received_ms = ts + 9;
  r.quotes.quotes = {{101, 0.1 + 0.2, 110.25, 110.75, 1500, 45000, -250, ts - 500},
                     {102, absent, -1, 0, 0, 0, 0, ts}};
  r.quotes.missing = {103};
  return r;
}

uint64_t bits(double x) {
  return std::bit_cast<uint64_t>(x);
}

journal_contents read(const std::filesystem::path& file) {
  auto result = read_journal(file);
  if (auto* err = std::get_if<journal_error>(&result))
    BOOST_FAIL(err->message);
  return std::get<journal_contents>(result);
}

} // namespace

BOOST_AUTO_TEST_CASE(records_round_trip_bit_for_bit) {
  for (auto& original : {instruments_record(), spot_record(t0, 26012.35), quotes_record(t0)}) {
    auto decoded = decode_journal_record(encode(original));
    BOOST_TEST_REQUIRE(std::holds_alternative<journal_record>(decoded));
    auto& r = std::get<journal_record>(decoded);
    BOOST_TEST((r.kind == original.kind));
    BOOST_TEST(r.index == original.index);
    BOOST_TEST(r.cycle_ts == original.cycle_ts);
    BOOST_TEST(r.received_ms == original.received_ms);
    BOOST_TEST(r.instruments.options.size() == original.instruments.options.size());
    for (size_t i = 0; i < r.instruments.options.size(); ++i) {
      BOOST_TEST(r.instruments.options[i].symbol == original.instruments.options[i].symbol);
      BOOST_TEST(r.instruments.options[i].token == original.instruments.options[i].token);
      BOOST_TEST((r.instruments.options[i].type == original.instruments.options[i].type));
    }
    BOOST_TEST(r.instruments.expiries == original.instruments.expiries);
    BOOST_TEST(bits(r.spot.last_price) == bits(original.spot.last_price));
    BOOST_TEST(r.spot.ts == original.spot.ts);
    BOOST_TEST_REQUIRE(r.quotes.quotes.size() == original.quotes.quotes.size());
    for (size_t i = 0; i < r.quotes.quotes.size(); ++i) {
      BOOST_TEST(bits(r.quotes.quotes[i].last_price) == bits(original.quotes.quotes[i].last_price));
      BOOST_TEST(bits(r.quotes.quotes[i].bid) == bits(original.quotes.quotes[i].bid));
      BOOST_TEST(r.quotes.quotes[i].volume == original.quotes.quotes[i].volume);
      BOOST_TEST(r.quotes.quotes[i].quote_ts == original.quotes.quotes[i].quote_ts);
    }
    BOOST_TEST(r.quotes.missing == original.quotes.missing);
  }
}

BOOST_AUTO_TEST_CASE(bytes_that_are_not_a_record_are_refused) {
  auto decoded = decode_journal_record("\x93\x01\x02\x03");
  BOOST_TEST(std::holds_alternative<journal_decode_error>(decoded));
  BOOST_TEST(std::holds_alternative<journal_decode_error>(decode_journal_record("")));
}

BOOST_AUTO_TEST_CASE(crc32c_matches_the_standard_check_value) {
  BOOST_TEST(crc32c("123456789") == 0xE3069283u);
}

BOOST_AUTO_TEST_CASE(a_day_file_reads_back_every_record) {
  temp_dir dir;
  {
    journal_writer writer{dir.path(), journal_fsync::every};
    BOOST_TEST(!writer.append(today, encode(instruments_record()), false));
    BOOST_TEST(!writer.append(today, encode(spot_record(t0, 26012.35)), false));
    BOOST_TEST(!writer.append(today, encode(quotes_record(t0)), true));
    BOOST_TEST(writer.records() == 3u);
  }
  auto file = dir.path() / "2026-11-26.g6j";
  BOOST_TEST(journal_path(dir.path(), today) == file);
  auto contents = read(file);
  BOOST_TEST(contents.records.size() == 3u);
  BOOST_TEST(contents.torn_bytes == 0u);
  BOOST_TEST(contents.valid_bytes == std::filesystem::file_size(file));
  auto s = summarise(contents);
  BOOST_TEST(s.cycles == 1u);
  BOOST_TEST(s.instruments == 2u);
  BOOST_TEST(s.quotes == 2u);
  BOOST_TEST(s.spots == 1u);
  BOOST_TEST(s.indices == std::vector<std::string>{"NIFTY"});
}

BOOST_AUTO_TEST_CASE(a_torn_tail_is_reported_then_cut_by_the_next_writer) {
  temp_dir dir;
  auto file = journal_path(dir.path(), today);
  {
    journal_writer writer{dir.path(), journal_fsync::never};
    BOOST_TEST(!writer.append(today, encode(spot_record(t0, 26000)), false));
  }
  auto whole = std::filesystem::file_size(file);
  // Half a frame, as a crash mid-write leaves it.
  auto frame = journal_frame(encode(spot_record(t0 + 60000, 26010)));
  std::ofstream{file, std::ios::binary | std::ios::app} << frame.substr(0, frame.size() / 2);
  auto torn = read(file);
  BOOST_TEST(torn.records.size() == 1u);
  BOOST_TEST(torn.torn_bytes == frame.size() / 2);
  BOOST_TEST(torn.torn_reason == "frame runs past the end of the file");
  {
    journal_writer writer{dir.path(), journal_fsync::never};
    BOOST_TEST(!writer.append(today, encode(spot_record(t0 + 60000, 26010)), false));
    BOOST_TEST(writer.torn_bytes_cut() == frame.size() / 2);
  }
  auto repaired = read(file);
  BOOST_TEST(repaired.records.size() == 2u);
  BOOST_TEST(repaired.torn_bytes == 0u);
  BOOST_TEST(std::filesystem::file_size(file) == whole + frame.size());
}

BOOST_AUTO_TEST_CASE(a_damaged_frame_ends_the_readable_part) {
  temp_dir dir;
  auto file = journal_path(dir.path(), today);
  {
    journal_writer writer{dir.path(), journal_fsync::never};
    for (int i = 0; i < 3; ++i)
      BOOST_TEST(!writer.append(today, encode(spot_record(t0 + i * 60000, 26000 + i)), false));
  }
  auto size = std::filesystem::file_size(file);
  std::fstream f{file, std::ios::binary | std::ios::in | std::ios::out};
  f.seekp(static_cast<std::streamoff>(size - 3));
  f.put('\x7f');
  f.close();
  auto contents = read(file);
  BOOST_TEST(contents.records.size() == 2u);
  BOOST_TEST(contents.torn_reason == "frame checksum mismatch");
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_a_journal_is_an_error) {
  temp_dir dir;
  std::ofstream{dir.path() / "x.g6j"} << "timestamp,index\n";
  auto result = read_journal(dir.path() / "x.g6j");
  BOOST_TEST_REQUIRE(std::holds_alternative<journal_error>(result));
  BOOST_TEST(std::get<journal_error>(result).message == "not a g6 journal (bad magic)");
  BOOST_TEST(std::holds_alternative<journal_error>(read_journal(dir.path() / "missing.g6j")));
}

BOOST_AUTO_TEST_CASE(replay_answers_by_index_and_cycle_instant) {
  journal_answers answers{{instruments_record(), spot_record(t0, 26000), quotes_record(t0),
                           spot_record(t0 + 60005, 26010), quotes_record(t0 + 60005)}};
  BOOST_TEST(answers.cycle_instants() == (std::vector<epoch_ms>{t0, t0 + 60005}));
  BOOST_TEST_REQUIRE(answers.spot("NIFTY", t0 + 60005));
  BOOST_TEST(answers.spot("NIFTY", t0 + 60005)->last_price == 26010);
  BOOST_TEST(!answers.spot("NIFTY", t0 + 1));
  BOOST_TEST(!answers.spot("SENSEX", t0));
  // The list captured at the first cycle is in force for the later ones.
  BOOST_TEST_REQUIRE(answers.instruments("NIFTY", t0 + 60005));
  BOOST_TEST(answers.instruments("NIFTY", t0 + 60005)->options.size() == 2u);
  BOOST_TEST(!answers.instruments("NIFTY", t0 - 1));
  BOOST_TEST_REQUIRE(answers.index_of(102));
  BOOST_TEST(*answers.index_of(102) == "NIFTY");
  BOOST_TEST(!answers.index_of(999));
  BOOST_TEST(answers.quotes("NIFTY", t0)->missing == std::vector<uint64_t>{103});
}

BOOST_AUTO_TEST_CASE(a_stepping_clock_through_the_journal_instants_finds_every_captured_cycle) {
  journal_answers answers{{instruments_record(), spot_record(t0, 26000), quotes_record(t0),
                           spot_record(t0 + 60004, 26010), quotes_record(t0 + 60004),
                           spot_record(t0 + 120010, 26020), quotes_record(t0 + 120010)}};
  // The fastest pace: a replay steps only when a cycle completed, so none is skipped.
  stepping_clock clock{answers.cycle_instants(), std::nullopt};
  std::vector<double> spots;
  do {
    BOOST_TEST_REQUIRE(answers.spot("NIFTY", clock.now()));
    BOOST_TEST(answers.quotes("NIFTY", clock.now()));
    spots.push_back(answers.spot("NIFTY", clock.now())->last_price);
  } while (clock.step());
  BOOST_TEST(spots == (std::vector<double>{26000, 26010, 26020}));
}
