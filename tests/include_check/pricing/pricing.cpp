// pricing.cpp — pure code that includes CAF, which its component does not link.
#include <caf/actor.hpp>

double price() {
  return 0;
}
