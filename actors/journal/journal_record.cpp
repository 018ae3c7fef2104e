#include "actors/journal/journal_record.hpp"

#include <msgpack.hpp>

#include <exception>
#include <tuple>
#include <type_traits>
#include <utility>

namespace g6 {

namespace {

constexpr uint32_t format_version = 1;
constexpr uint8_t record_fields = 7;
constexpr uint8_t last_kind = static_cast<uint8_t>(journal_kind::quotes);

/// The fields each payload is written as, in order (an index's name is the record's, not repeated): the one
/// list both directions read. `X` is the payload type, const when writing.
template <class X>
auto journal_fields(X& x) {
  using T = std::remove_const_t<X>;
  if constexpr (std::is_same_v<T, option_instrument>)
    return std::tie(x.token, x.symbol, x.expiry, x.strike, x.type);
  else if constexpr (std::is_same_v<T, instrument_list>)
    return std::tie(x.strike_step, x.lot_size, x.expiries, x.options);
  else if constexpr (std::is_same_v<T, index_spot>)
    return std::tie(x.last_price, x.prev_close, x.day_open, x.day_high, x.day_low, x.ts);
  else if constexpr (std::is_same_v<T, option_quote>)
    return std::tie(x.token, x.last_price, x.bid, x.ask, x.volume, x.oi, x.oi_change, x.quote_ts);
  else
    return std::tie(x.quotes, x.missing);
}

template <class T>
constexpr bool journaled =
  std::is_same_v<
    T,
    option_instrument> || std::is_same_v<T, instrument_list> || std::is_same_v<T, index_spot> || std::is_same_v<T, option_quote> || std::is_same_v<T, quote_batch>;

} // namespace

} // namespace g6

MSGPACK_ADD_ENUM(g6::option_type);

namespace msgpack {
MSGPACK_API_VERSION_NAMESPACE(MSGPACK_DEFAULT_API_NS) {
  namespace adaptor {

  /// A payload as the msgpack array of its journal_fields (msgpack-c's define_array).
  template <class T>
  struct pack<T, std::enable_if_t<g6::journaled<T>>> {
    template <class Stream>
    msgpack::packer<Stream>& operator()(msgpack::packer<Stream>& p, const T& x) const {
      std::apply([&](const auto&... field) { p.pack(msgpack::type::make_define_array(field...)); },
                 g6::journal_fields(x));
      return p;
    }
  };

  /// Reads a payload back, refusing an array of another length: define_array alone would give a short
  /// array's missing fields their defaults, and a damaged record must be refused, not half read.
  template <class T>
  struct convert<T, std::enable_if_t<g6::journaled<T>>> {
    const msgpack::object& operator()(const msgpack::object& o, T& x) const {
      auto fields = g6::journal_fields(x);
      if (o.type != msgpack::type::ARRAY || o.via.array.size != std::tuple_size_v<decltype(fields)>)
        throw msgpack::type_error();
      std::apply([&](auto&... field) { msgpack::type::make_define_array(field...).msgpack_unpack(o); }, fields);
      if constexpr (std::is_same_v<T, g6::option_instrument>)
        if (x.type != g6::option_type::call && x.type != g6::option_type::put)
          throw msgpack::type_error();
      return o;
    }
  };

  } // namespace adaptor
} // MSGPACK_API_VERSION_NAMESPACE(MSGPACK_DEFAULT_API_NS)
} // namespace msgpack

namespace g6 {

namespace {

/// The elements of an array object, checking its size; msgpack::type_error when it is not one.
const msgpack::object* elements(const msgpack::object& o, uint32_t size) {
  if (o.type != msgpack::type::ARRAY || o.via.array.size != size)
    throw msgpack::type_error();
  return o.via.array.ptr;
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
  msgpack::packer<msgpack::sbuffer> p{buffer};
  p.pack_array(record_fields);
  p.pack_uint32(format_version);
  p.pack_uint8(static_cast<uint8_t>(record.kind));
  p.pack(record.index);
  p.pack_uint64(record.cycle_id);
  p.pack_int64(record.cycle_ts);
  p.pack_int64(record.received_ms);
  switch (record.kind) {
    case journal_kind::instruments:
      p.pack(record.instruments);
      break;
    case journal_kind::spot:
      p.pack(record.spot);
      break;
    case journal_kind::quotes:
      p.pack(record.quotes);
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
        e[6].convert(r.instruments);
        r.instruments.index = r.index;
        break;
      case journal_kind::spot:
        e[6].convert(r.spot);
        r.spot.index = r.index;
        break;
      case journal_kind::quotes:
        e[6].convert(r.quotes);
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
  return bytes.size() >= 3 && bytes[0] == journal_record_first_byte && static_cast<uint8_t>(bytes[1]) == format_version
         && static_cast<uint8_t>(bytes[2]) <= last_kind;
}

} // namespace g6
