#pragma once
/// \file Sankey-style flow diagram of customers between stages, leaks highlighted.
#include <functional>
#include <string>
#include <vector>

#include "journeysim/chart/svg.hpp"

namespace journeysim {

/// A stage in the flow diagram. Non-terminal nodes form columns in the given order; terminal
/// nodes (the leaks) sit in a row underneath.
struct FlowNode {
  std::string label;
  bool terminal = false;
  double entered = 0;  ///< customers who start here or arrive from outside the journey
  double at_end = 0;   ///< customers still here at the horizon
};

/// Expected customers moving from node `from` to node `to` over the horizon.
struct FlowLink {
  std::size_t from = 0, to = 0;
  double customers = 0;
};

/// A titled flow diagram. Band widths are proportional to customers, on one scale for all bands
/// and nodes; bands thinner than a pixel are drawn one pixel wide and keep their exact tooltip.
struct FlowChart {
  std::string title;
  std::vector<FlowNode> nodes;
  std::vector<FlowLink> links;
  std::function<std::string(double)> count_text;  ///< rounded, e.g. "12.3k"
  std::function<std::string(double)> exact_text;  ///< exact, e.g. "12,301"
  std::string horizon_text;                        ///< e.g. "36 months"
  double width = 1200;
};

/// The diagram as an <svg> element.
std::string render_flow_chart(const FlowChart& chart);

}  // namespace journeysim
