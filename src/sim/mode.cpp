#include "journeysim/sim/kernels.hpp"

namespace journeysim {

std::string to_string(Mode mode) {
  switch (mode) {
    case Mode::expected: return "expected";
    case Mode::cohort: return "cohort";
    case Mode::individual: return "individual";
  }
  return "expected";
}

std::optional<Mode> parse_mode(std::string_view name) {
  for (const Mode mode : all_modes)
    if (name == to_string(mode)) return mode;
  return std::nullopt;
}

}  // namespace journeysim
