// The capture journal: exact msgpack round trips, framed day files whose torn tails are detected and
// cut and whose damaged ranges are skipped and kept, the answers a replay gives and the clock it runs on.
#define BOOST_TEST_MODULE journal
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <fstream>
#include <random>
#include <thread>

#include <msgpack.hpp>

#include "actors/clock/stepping_clock.hpp"
#include "actors/journal/journal_file.hpp"
#include "actors/journal/journal_replay.hpp"
#include "config/ist_time.hpp"
#include "tests/support/file_damage.hpp"
#include "tests/support/temp_dir.hpp"

using namespace g6;
using g6::testing::byte_range;
using g6::testing::damage_bytes;
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
  r.quotes.quotes = {{101, 0.1 + 0.2, 110.25, 110.75, 1500, 45000, -250, ts - 500}, {102, absent, -1, 0, 0, 0, 0, ts}};
  r.quotes.missing = {103};
  return r;
}

uint64_t bits(double x) {
  return std::bit_cast<uint64_t>(x);
}

journal_contents read(const std::filesystem::path& file) {
  auto result = read_journal(file);
  if (!result)
    BOOST_FAIL(result.error().message);
  return *std::move(result);
}

/// Writes `cycles` cycles of a spot and a quotes answer to today's file; their encodings in order.
std::vector<std::string> write_day(const std::filesystem::path& dir, int cycles) {
  std::vector<std::string> written;
  journal_writer writer{dir, journal_fsync::never};
  for (int i = 0; i < cycles; ++i) {
    auto ts = t0 + i * 60000;
    for (auto& r : {spot_record(ts, 26000 + i), quotes_record(ts)}) {
      written.push_back(encode(r));
      BOOST_TEST_REQUIRE(writer.append(today, written.back(), r.kind == journal_kind::quotes).has_value());
    }
  }
  return written;
}

/// Where each frame of a whole journal file lies.
std::vector<byte_range> frame_ranges(const std::filesystem::path& file) {
  std::string bytes(std::filesystem::file_size(file), '\0');
  std::ifstream{file, std::ios::binary}.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  auto scan = scan_journal_frames(bytes);
  BOOST_TEST_REQUIRE(scan.damaged.empty());
  std::vector<byte_range> ranges;
  for (auto& f : scan.frames)
    ranges.push_back({f.offset, f.offset + journal_frame_bytes(f.payload.size())});
  return ranges;
}

/// Flips every byte of [from, to) to another value, as a bad disk block or a stray write leaves them.
void damage(const std::filesystem::path& file, uint64_t from, uint64_t to) {
  std::mt19937_64 random{from * 31 + to};
  damage_bytes(file, from, to, random);
}

std::vector<std::string> encoded(const journal_contents& contents) {
  std::vector<std::string> out;
  for (auto& r : contents.records)
    out.push_back(encode(r));
  return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(records_round_trip_bit_for_bit) {
  for (auto& original : {instruments_record(), spot_record(t0, 26012.35), quotes_record(t0)}) {
    auto decoded = decode_journal_record(encode(original));
    BOOST_TEST_REQUIRE(decoded.has_value());
    auto& r = *decoded;
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
  BOOST_TEST(!decoded.has_value());
  BOOST_TEST(!decode_journal_record("").has_value());
}

BOOST_AUTO_TEST_CASE(a_payload_of_the_wrong_shape_is_refused_not_half_read) {
  // A quotes record as format 1 writes it, with `quote` as its one quote's fields.
  auto record_with = [](const auto& quote) {
    msgpack::sbuffer buffer;
    msgpack::packer<msgpack::sbuffer> p{buffer};
    p.pack(std::make_tuple(1, 2, std::string{"NIFTY"}, 0, t0, t0,
                           std::make_tuple(std::vector{quote}, std::vector<uint64_t>{})));
    return std::string{buffer.data(), buffer.size()};
  };
  BOOST_TEST(decode_journal_record(record_with(std::make_tuple(101, 1.5, 1.0, 2.0, 10, 5.0, 0.0, t0))).has_value());
  auto one_short = decode_journal_record(record_with(std::make_tuple(101, 1.5, 1.0, 2.0, 10, 5.0, 0.0)));
  BOOST_TEST_REQUIRE(!one_short.has_value());
  BOOST_TEST(one_short.error().message.find("not a journal record") == 0u, one_short.error().message);
  BOOST_TEST(!decode_journal_record(record_with(std::make_tuple(101, 1.5, 1.0, 2.0, 10, 5.0, 0.0, t0, 7))).has_value());
  BOOST_TEST(!decode_journal_record(record_with(std::make_tuple(101, "1.5", 1.0, 2.0, 10, 5.0, 0.0, t0))).has_value());
}

namespace {

std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  for (unsigned char b : bytes)
    text += {digits[b >> 4], digits[b & 15]};
  return text;
}

} // namespace

BOOST_AUTO_TEST_CASE(records_are_written_byte_for_byte_as_journals_on_disk_hold_them) {
  // The bytes of record format version 1: a change here makes the journals users hold unreadable, and must
  // come with a new format version. (Doubles with integral values are written as integers by msgpack-c.)
  BOOST_TEST(hex(encode(instruments_record()))
             == "970100a54e4946545901cf000001a215f4e260cf000001a215f4e26c94324b92cd5134cd513b929565b14e4946545932"
                "3544303132363030304345cd5134cd6590009566b14e49465459323544303132363030305045cd5134cd659001");
  BOOST_TEST(hex(encode(spot_record(t0, 26012.35)))
             == "970101a54e4946545900cf000001a215f4e260cf000001a215f4e26396cb40d9671666666666cb40d94b0333333333cd"
                "655ecb40d97d0666666666cd6522cf000001a215f4e261");
  BOOST_TEST(hex(encode(quotes_record(t0)))
             == "970102a54e4946545900cf000001a215f4e260cf000001a215f4e26992929865cb3fd3333333333334cb405b90000000"
                "0000cb405bb00000000000cd05dccdafc8d1ff06cf000001a215f4e06c9866cb7ff8000000000000ff00000000cf0000"
                "01a215f4e2609167");
}

BOOST_AUTO_TEST_CASE(crc32c_matches_the_standard_check_value) {
  BOOST_TEST(crc32c("123456789") == 0xE3069283u);
}

BOOST_AUTO_TEST_CASE(a_day_file_reads_back_every_record) {
  temp_dir dir;
  {
    journal_writer writer{dir.path(), journal_fsync::every};
    BOOST_TEST(writer.append(today, encode(instruments_record()), false).has_value());
    BOOST_TEST(writer.append(today, encode(spot_record(t0, 26012.35)), false).has_value());
    BOOST_TEST(writer.append(today, encode(quotes_record(t0)), true).has_value());
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
    BOOST_TEST(writer.append(today, encode(spot_record(t0, 26000)), false).has_value());
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
    BOOST_TEST(writer.append(today, encode(spot_record(t0 + 60000, 26010)), false).has_value());
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
      BOOST_TEST(writer.append(today, encode(spot_record(t0 + i * 60000, 26000 + i)), false).has_value());
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
  BOOST_TEST_REQUIRE(!result.has_value());
  BOOST_TEST(result.error().message == "not a g6 journal (bad magic)");
  BOOST_TEST(!read_journal(dir.path() / "missing.g6j").has_value());
}

BOOST_AUTO_TEST_CASE(a_range_checksum_from_the_index_equals_the_direct_one) {
  std::mt19937 random{7};
  std::string bytes(3 * crc32c_index::stride + 17, '\0');
  for (auto& b : bytes)
    b = static_cast<char>(random());
  crc32c_index index{bytes};
  for (size_t begin = 0; begin <= bytes.size(); begin += 5)
    for (size_t end = begin; end <= bytes.size(); end += 7)
      BOOST_TEST(index.range(begin, end) == crc32c(std::string_view{bytes}.substr(begin, end - begin)));
  BOOST_TEST(crc32c_extend(crc32c("12345"), "6789") == crc32c("123456789"));
}

BOOST_AUTO_TEST_CASE(every_encoded_record_looks_like_one) {
  for (auto& r : {instruments_record(), spot_record(t0, 26012.35), quotes_record(t0)})
    BOOST_TEST(looks_like_journal_record(encode(r)));
  BOOST_TEST(!looks_like_journal_record("\x97\x01"));
  BOOST_TEST(!looks_like_journal_record("\x97\x02\x00"));
  BOOST_TEST(!looks_like_journal_record("\x96\x01\x00"));
}

BOOST_AUTO_TEST_CASE(damage_in_the_middle_loses_only_the_frames_it_hits) {
  // Places (fractions of the frames' span) and lengths, from one flipped byte to 4 KB across many frames.
  for (double place : {0.0, 0.31, 0.5, 0.77})
    for (size_t length : {size_t{1}, size_t{7}, size_t{100}, size_t{4096}}) {
      BOOST_TEST_CONTEXT("damage at " << place << " of the file, " << length << " bytes") {
        temp_dir dir;
        auto written = write_day(dir.path(), 60);
        auto file = journal_path(dir.path(), today);
        auto frames = frame_ranges(file);
        // Every frame but the last two can be hit: the last stays whole, or the damage is a torn tail.
        auto last_allowed = frames[frames.size() - 2].end;
        auto from = frames.front().begin + static_cast<uint64_t>(place * static_cast<double>(last_allowed));
        auto to = std::min(from + length, last_allowed);
        damage(file, from, to);
        std::vector<size_t> hit;
        for (size_t i = 0; i < frames.size(); ++i)
          if (frames[i].begin < to && from < frames[i].end)
            hit.push_back(i);
        BOOST_TEST_REQUIRE(!hit.empty());

        auto before = read(file);
        BOOST_TEST(before.records.size() == written.size() - hit.size());
        BOOST_TEST(before.torn_bytes == 0u);
        BOOST_TEST_REQUIRE(before.damaged.size() == 1u);
        BOOST_TEST(before.damaged[0].offset == frames[hit.front()].begin);
        BOOST_TEST(before.damaged[0].offset + before.damaged[0].length == frames[hit.back()].end);

        // A writer opening the file leaves the damage, reports it and appends after the end.
        auto size = std::filesystem::file_size(file);
        journal_record more = spot_record(t0 + 3'600'000, 27000);
        {
          journal_writer writer{dir.path(), journal_fsync::never};
          BOOST_TEST(writer.append(today, encode(more), true).has_value());
          BOOST_TEST(writer.torn_bytes_cut() == 0u);
          BOOST_TEST(!writer.torn_tail_cut());
          BOOST_TEST(writer.damaged_ranges_found() == 1u);
          BOOST_TEST(writer.damaged_bytes_found() == before.damaged[0].length);
          BOOST_TEST_REQUIRE(writer.damage_left().size() == 1u);
          BOOST_TEST(writer.damage_left()[0].offset == before.damaged[0].offset);
        }
        BOOST_TEST(std::filesystem::file_size(file) == size + journal_frame(encode(more)).size());
        auto after = read(file);
        std::vector<std::string> expected;
        for (size_t i = 0; i < written.size(); ++i)
          if (std::find(hit.begin(), hit.end(), i) == hit.end())
            expected.push_back(written[i]);
        expected.push_back(encode(more));
        BOOST_TEST(encoded(after) == expected, boost::test_tools::per_element());
        BOOST_TEST(after.damaged.size() == 1u);
      }
    }
}

BOOST_AUTO_TEST_CASE(damage_right_after_the_magic_loses_only_the_first_frames) {
  temp_dir dir;
  auto written = write_day(dir.path(), 10);
  auto file = journal_path(dir.path(), today);
  auto frames = frame_ranges(file);
  damage(file, journal_magic.size(), frames[1].end);
  auto contents = read(file);
  BOOST_TEST(contents.records.size() == written.size() - 2);
  BOOST_TEST_REQUIRE(contents.damaged.size() == 1u);
  BOOST_TEST(contents.damaged[0].offset == journal_magic.size());
  BOOST_TEST(contents.damaged[0].length == frames[1].end - journal_magic.size());
  BOOST_TEST(contents.torn_bytes == 0u);
}

BOOST_AUTO_TEST_CASE(middle_damage_stays_while_a_torn_tail_behind_it_is_cut) {
  temp_dir dir;
  auto written = write_day(dir.path(), 10);
  auto file = journal_path(dir.path(), today);
  auto frames = frame_ranges(file);
  damage(file, frames[3].begin + 2, frames[3].begin + 20);
  std::filesystem::resize_file(file, frames.back().end - 5); // the last frame torn
  auto torn = read(file);
  BOOST_TEST(torn.records.size() == written.size() - 2);
  BOOST_TEST(torn.damaged.size() == 1u);
  BOOST_TEST(torn.torn_bytes == frames.back().end - 5 - frames.back().begin);
  {
    journal_writer writer{dir.path(), journal_fsync::never};
    BOOST_TEST(writer.append(today, encode(spot_record(t0 + 3'600'000, 27000)), true).has_value());
    BOOST_TEST_REQUIRE(writer.torn_tail_cut().has_value());
    BOOST_TEST(writer.torn_tail_cut()->offset == frames.back().begin);
    BOOST_TEST(writer.damaged_ranges_found() == 1u);
  }
  auto repaired = read(file);
  BOOST_TEST(repaired.records.size() == written.size() - 1);
  BOOST_TEST(repaired.damaged.size() == 1u);
  BOOST_TEST(repaired.torn_bytes == 0u);
}

BOOST_AUTO_TEST_CASE(garbage_after_the_magic_is_a_torn_tail) {
  temp_dir dir;
  auto file = journal_path(dir.path(), today);
  std::mt19937 random{11};
  std::string garbage(5000, '\0');
  for (auto& b : garbage)
    b = static_cast<char>(random());
  std::ofstream{file, std::ios::binary} << journal_magic << garbage;
  auto contents = read(file);
  BOOST_TEST(contents.records.empty());
  BOOST_TEST(contents.damaged.empty());
  BOOST_TEST(contents.torn_bytes == garbage.size());
  {
    journal_writer writer{dir.path(), journal_fsync::never};
    BOOST_TEST(writer.append(today, encode(spot_record(t0, 26000)), true).has_value());
    BOOST_TEST(writer.torn_bytes_cut() == garbage.size());
  }
  auto repaired = read(file);
  BOOST_TEST(repaired.records.size() == 1u);
  BOOST_TEST(repaired.torn_bytes == 0u);
}

BOOST_AUTO_TEST_CASE(a_whole_frame_whose_record_does_not_decode_is_skipped_alone) {
  temp_dir dir;
  auto file = journal_path(dir.path(), today);
  auto written = write_day(dir.path(), 2);
  auto at = std::filesystem::file_size(file);
  // Led like a record, then a byte msgpack never uses.
  auto bad = journal_frame(std::string{"\x97\x01\x00\xc1", 4});
  std::ofstream{file, std::ios::binary | std::ios::app} << bad;
  {
    journal_writer writer{dir.path(), journal_fsync::never};
    BOOST_TEST(writer.append(today, encode(spot_record(t0 + 3'600'000, 27000)), true).has_value());
  }
  auto contents = read(file);
  BOOST_TEST(contents.records.size() == written.size() + 1);
  BOOST_TEST_REQUIRE(contents.damaged.size() == 1u);
  BOOST_TEST(contents.damaged[0].offset == at);
  BOOST_TEST(contents.damaged[0].length == bad.size());
  BOOST_TEST(contents.damaged[0].reason.find("not a journal record") == 0u, contents.damaged[0].reason);
}

BOOST_AUTO_TEST_CASE(resyncing_over_hostile_bytes_checksums_a_linear_amount) {
  // Frame headers claiming half the file, their payloads led like a record and their checksums wrong:
  // checksumming what each claims would be quadratic work. In the first file one starts every 11 bytes,
  // so each offset passes the cheap filter; in the second each is followed by a whole frame, so that the
  // scan resyncs after every one.
  const size_t size = 1 << 20;
  std::string header(8, '\0');
  for (size_t i = 0; i < 4; ++i)
    header[i] = static_cast<char>(((size / 2) >> (8 * i)) & 0xFF);
  header += std::string{"\x97\x01\x00", 3};
  auto whole = journal_frame(encode(spot_record(t0, 26000)));
  for (auto& unit : {header, header + whole}) {
    std::string bytes{journal_magic};
    while (bytes.size() + unit.size() <= size)
      bytes += unit;
    auto scan = scan_journal_frames(bytes);
    BOOST_TEST(scan.frames.size() == (unit == header ? 0u : (bytes.size() - journal_magic.size()) / unit.size()));
    BOOST_TEST(scan.checksummed_bytes <= (2 + 2 * crc32c_index::stride) * bytes.size(), scan.checksummed_bytes);
  }
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
                           spot_record(t0 + 60004, 26010), quotes_record(t0 + 60004), spot_record(t0 + 120010, 26020),
                           quotes_record(t0 + 120010)}};
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
