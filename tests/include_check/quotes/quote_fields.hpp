// quote_fields.hpp — a header-only header, owned by the components of its folder.
#pragma once

struct quote_fields {
  double last = 0;
};
