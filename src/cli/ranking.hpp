#pragma once
// The terminal ranking of scenarios by expected NPV, read from the summary document.
#include <nlohmann/json.hpp>
#include <ostream>

#include "journeysim/model/journey.hpp"

namespace journeysim::cli {

/// Prints baseline figures, then fixes and portfolios ranked by mean NPV.
void print_ranking(std::ostream& out, const Journey& journey, const nlohmann::ordered_json& summary);

}  // namespace journeysim::cli
