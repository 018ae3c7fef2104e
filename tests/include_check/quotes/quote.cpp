// quote.cpp — what makes quote.hpp the header of fixture_quotes.
#include "quotes/quote.hpp"

double last_price(const quote_fields& quote) {
  return quote.last;
}
