#include "actors/provider/kite/ticker/ticker_text.hpp"

#include <nlohmann/json.hpp>

namespace g6 {

expected<ticker_text_event, ticker_text_problem> parse_ticker_text(std::string_view message) {
  if (message.size() > max_ticker_text_bytes)
    return unexpected{ticker_text_problem::too_large};
  auto json = nlohmann::json::parse(message, nullptr, false);
  if (json.is_discarded())
    return unexpected{ticker_text_problem::malformed};
  if (!json.is_object())
    return unexpected{ticker_text_problem::not_object};
  auto type = json.find("type");
  if (type == json.end() || !type->is_string())
    return unexpected{ticker_text_problem::not_object};
  auto& name = type->get_ref<const std::string&>();
  ticker_text_event event;
  if (name == "error") {
    event.kind = ticker_text_kind::error;
    auto data = json.find("data");
    if (data != json.end())
      event.error_text = data->is_string() ? data->get<std::string>()
                                           : data->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (event.error_text.size() > max_ticker_error_text)
      event.error_text.resize(max_ticker_error_text);
  } else if (name == "order") {
    event.kind = ticker_text_kind::order;
  } else if (name == "message") {
    event.kind = ticker_text_kind::message;
  }
  return event;
}

} // namespace g6
