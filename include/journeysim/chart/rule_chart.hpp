#pragma once
/// \file Rule chart: a triggered fix's customers per period — triggered (light bars), served
/// (dark bars inside them) and the team's capacity (a dashed line) — so a reader sees when the
/// team is the bottleneck.
#include <optional>
#include <string>
#include <vector>

#include "journeysim/chart/svg.hpp"

namespace journeysim {

struct RuleChart {
  std::string title;
  std::string period;                ///< "month": the x axis label
  std::vector<double> triggered, served;  ///< per period t = 0..horizon−1, the same length
  std::optional<double> capacity;    ///< customers served per period; nullopt: unlimited
  double width = 1000, height = 260;
};

/// The chart as an <svg> element.
std::string render_rule_chart(const RuleChart& chart);

}  // namespace journeysim
