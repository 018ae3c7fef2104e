#include "actors/journal/journal_record.hpp"

#include <msgpack.hpp>

#include <exception>
#include <utility>

namespace g6 {

namespace {

constexpr uint32_t format_version = 1;
constexpr uint8_t record_fields = 7;
constexpr uint8_t last_kind = static_cast<uint8_t>(journal_kind::quotes);

using packer = msgpack::packer<msgpack::sbuffer>;

void pack_instruments(packer& p, const instrument_list& x) {
  p.pack_array(4);
  p.pack_double(x.strike_step);
  p.pack_int32(x.lot_size);
  p.pack_array(static_cast<uint32_t>(x.expiries.size()));
  for (auto day : x.expiries)
    p.pack_int32(day);
  p.pack_array(static_cast<uint32_t>(x.options.size()));
  for (auto& o : x.options) {
    p.pack_array(5);
    p.pack_uint64(o.token);
    p.pack(o.symbol);
    p.pack_int32(o.expiry);
    p.pack_double(o.strike);
    p.pack_uint8(static_cast<uint8_t>(o.type));
  }
}

void pack_spot(packer& p, const index_spot& x) {
  p.pack_array(6);
  p.pack_double(x.last_price);
  p.pack_double(x.prev_close);
  p.pack_double(x.day_open);
  p.pack_double(x.day_high);
  p.pack_double(x.day_low);
  p.pack_int64(x.ts);
}

void pack_quotes(packer& p, const quote_batch& x) {
  p.pack_array(2);
  p.pack_array(static_cast<uint32_t>(x.quotes.size()));
  for (auto& q : x.quotes) {
    p.pack_array(8);
    p.pack_uint64(q.token);
    p.pack_double(q.last_price);
    p.pack_double(q.bid);
    p.pack_double(q.ask);
    p.pack_int64(q.volume);
    p.pack_double(q.oi);
    p.pack_double(q.oi_change);
    p.pack_int64(q.quote_ts);
  }
  p.pack_array(static_cast<uint32_t>(x.missing.size()));
  for (auto token : x.missing)
    p.pack_uint64(token);
}

/// The elements of an array object, checking its size; msgpack::type_error when it is not one.
const msgpack::object* elements(const msgpack::object& o, uint32_t size) {
  if (o.type != msgpack::type::ARRAY || o.via.array.size != size)
    throw msgpack::type_error();
  return o.via.array.ptr;
}

const msgpack::object_array& array(const msgpack::object& o) {
  if (o.type != msgpack::type::ARRAY)
    throw msgpack::type_error();
  return o.via.array;
}

/// msgpack-c writes a double with a nonzero integral value as an integer (smaller); it converts back
/// exactly. Every other double (fractions, ±0, NaN, infinities) stays a 64-bit float.
double real(const msgpack::object& o) {
  switch (o.type) {
    case msgpack::type::FLOAT64:
    case msgpack::type::FLOAT32:
      return o.via.f64;
    case msgpack::type::POSITIVE_INTEGER:
      return static_cast<double>(o.via.u64);
    case msgpack::type::NEGATIVE_INTEGER:
      return static_cast<double>(o.via.i64);
    default:
      throw msgpack::type_error();
  }
}

instrument_list unpack_instruments(const msgpack::object& o, std::string index) {
  auto* e = elements(o, 4);
  instrument_list x;
  x.index = std::move(index);
  x.strike_step = real(e[0]);
  x.lot_size = e[1].as<int32_t>();
  for (auto& day : array(e[2]))
    x.expiries.push_back(day.as<day_number>());
  for (auto& item : array(e[3])) {
    auto* f = elements(item, 5);
    option_instrument i;
    i.token = f[0].as<uint64_t>();
    i.symbol = f[1].as<std::string>();
    i.expiry = f[2].as<day_number>();
    i.strike = real(f[3]);
    auto type = f[4].as<uint8_t>();
    if (type > 1)
      throw msgpack::type_error();
    i.type = static_cast<option_type>(type);
    x.options.push_back(std::move(i));
  }
  return x;
}

index_spot unpack_spot(const msgpack::object& o, std::string index) {
  auto* e = elements(o, 6);
  index_spot x;
  x.index = std::move(index);
  x.last_price = real(e[0]);
  x.prev_close = real(e[1]);
  x.day_open = real(e[2]);
  x.day_high = real(e[3]);
  x.day_low = real(e[4]);
  x.ts = e[5].as<epoch_ms>();
  return x;
}

quote_batch unpack_quotes(const msgpack::object& o) {
  auto* e = elements(o, 2);
  quote_batch x;
  x.quotes.reserve(array(e[0]).size);
  for (auto& item : array(e[0])) {
    auto* f = elements(item, 8);
    option_quote q;
    q.token = f[0].as<uint64_t>();
    q.last_price = real(f[1]);
    q.bid = real(f[2]);
    q.ask = real(f[3]);
    q.volume = f[4].as<int64_t>();
    q.oi = real(f[5]);
    q.oi_change = real(f[6]);
    q.quote_ts = f[7].as<epoch_ms>();
    x.quotes.push_back(q);
  }
  for (auto& token : array(e[1]))
    x.missing.push_back(token.as<uint64_t>());
  return x;
}

} // namespace

std::string_view to_string(journal_kind x) {
  switch (x) {
    case journal_kind::instruments:
      return "instruments";
    case journal_kind::spot:
      return "spot";
    case journal_kind::quotes:
      return "quotes";
  }
  return "unknown";
}

std::string encode(const journal_record& record) {
  msgpack::sbuffer buffer;
  packer p{buffer};
  p.pack_array(record_fields);
  p.pack_uint32(format_version);
  p.pack_uint8(static_cast<uint8_t>(record.kind));
  p.pack(record.index);
  p.pack_uint64(record.cycle_id);
  p.pack_int64(record.cycle_ts);
  p.pack_int64(record.received_ms);
  switch (record.kind) {
    case journal_kind::instruments:
      pack_instruments(p, record.instruments);
      break;
    case journal_kind::spot:
      pack_spot(p, record.spot);
      break;
    case journal_kind::quotes:
      pack_quotes(p, record.quotes);
      break;
  }
  return {buffer.data(), buffer.size()};
}

expected<journal_record, journal_decode_error> decode_journal_record(std::string_view bytes) {
  try {
    auto handle = msgpack::unpack(bytes.data(), bytes.size());
    auto* e = elements(handle.get(), record_fields);
    if (auto version = e[0].as<uint32_t>(); version != format_version)
      return unexpected{journal_decode_error{"unknown record format version " + std::to_string(version)}};
    journal_record r;
    auto kind = e[1].as<uint8_t>();
    if (kind > last_kind)
      return unexpected{journal_decode_error{"unknown record kind " + std::to_string(kind)}};
    r.kind = static_cast<journal_kind>(kind);
    r.index = e[2].as<std::string>();
    r.cycle_id = e[3].as<uint64_t>();
    r.cycle_ts = e[4].as<epoch_ms>();
    r.received_ms = e[5].as<epoch_ms>();
    switch (r.kind) {
      case journal_kind::instruments:
        r.instruments = unpack_instruments(e[6], r.index);
        break;
      case journal_kind::spot:
        r.spot = unpack_spot(e[6], r.index);
        break;
      case journal_kind::quotes:
        r.quotes = unpack_quotes(e[6]);
        break;
    }
    return r;
  } catch (const std::exception& ex) {
    return unexpected{journal_decode_error{std::string{"not a journal record: "} + ex.what()}};
  }
}

bool looks_like_journal_record(std::string_view bytes) {
  // msgpack writes a small array's size and small unsigned integers in one byte each (fixarray 0x9N,
  // positive fixint 0x00-0x7f), whichever pack_* call wrote them.
  constexpr uint8_t fixarray = 0x90;
  static_assert(format_version < 0x80 && record_fields < 0x10);
  static_assert(static_cast<uint8_t>(journal_record_first_byte) == (fixarray | record_fields));
  return bytes.size() >= 3 && bytes[0] == journal_record_first_byte
         && static_cast<uint8_t>(bytes[1]) == format_version && static_cast<uint8_t>(bytes[2]) <= last_kind;
}

} // namespace g6
