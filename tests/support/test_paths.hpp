#pragma once
// Paths the tests need, fixed at configure time.
#include <string>

namespace journeysim::test {

/// Absolute path of a file in the source tree, e.g. source_path("scenarios/b2b-saas/journey.yaml").
inline std::string source_path(const std::string& relative) {
  return std::string(JOURNEYSIM_SOURCE_DIR) + "/" + relative;
}

/// The journeysim executable built alongside the tests.
inline std::string binary_path() { return JOURNEYSIM_BINARY; }

}  // namespace journeysim::test
