#pragma once
/// \file Version strings recorded in every output.
#include <string>

namespace journeysim {

/// journeysim's own version, e.g. "0.1.0".
std::string version();
/// The Boost version whose distributions generate our random numbers, e.g. "1.74".
std::string boost_version();

}  // namespace journeysim
