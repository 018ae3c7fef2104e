// report.cpp — includes both headers of quotes/: allowed only when fixture_report links fixture_quotes.
#include "quotes/quote.hpp"
#include "quotes/quote_fields.hpp"

double reported_price() {
  return last_price(quote_fields{});
}
