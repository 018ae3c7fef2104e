// quote.hpp — a header with a source file, owned by the component that compiles quote.cpp.
#pragma once

#include "quotes/quote_fields.hpp"

double last_price(const quote_fields& quote);
