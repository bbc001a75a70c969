#include "journeysim/core/version.hpp"

#include <boost/version.hpp>

namespace journeysim {

std::string version() { return JOURNEYSIM_VERSION; }

std::string boost_version() {
  return std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) +
         "." + std::to_string(BOOST_VERSION % 100);
}

}  // namespace journeysim
