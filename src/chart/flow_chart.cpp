#include "journeysim/chart/flow_chart.hpp"

#include <algorithm>
#include <numeric>

namespace journeysim {
namespace {

constexpr double node_width = 12, top = 30, label_row = 62, arc_room = 60, node_room = 280, leak_gap = 110,
                 leak_height = 14, bottom = 78, left = 40, right = 100;  // right: room for the last column's leaks

/// Geometry of one node: its box and how much of each edge is already used by bands.
struct NodeBox {
  double x = 0, y = 0, w = 0, h = 0;
  double out_used = 0, in_used = 0;  ///< right/left edge (columns) or top edge (leaks)
};

std::string cubic(double x0, double y0, double c1x, double c1y, double c2x, double c2y, double x1, double y1) {
  return "M" + svg_number(x0) + " " + svg_number(y0) + " C" + svg_number(c1x) + " " + svg_number(c1y) + " " +
         svg_number(c2x) + " " + svg_number(c2y) + " " + svg_number(x1) + " " + svg_number(y1);
}

}  // namespace

std::string render_flow_chart(const FlowChart& chart) {
  const std::size_t n = chart.nodes.size();
  std::vector<double> in(n, 0), out(n, 0);
  for (const auto& l : chart.links) {
    out[l.from] += l.customers;
    in[l.to] += l.customers;
  }
  std::vector<std::size_t> columns, leaks;
  for (std::size_t i = 0; i < n; ++i) (chart.nodes[i].terminal ? leaks : columns).push_back(i);
  double biggest = 1, leaked_total = 0;
  std::size_t leak_links = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (!chart.nodes[i].terminal) biggest = std::max({biggest, chart.nodes[i].entered + in[i], out[i]});
  for (const auto& l : chart.links)
    if (chart.nodes[l.to].terminal && l.customers > 0) leaked_total += l.customers, ++leak_links;
  // Pixels per customer, shared by nodes and bands: the tallest node fills its room, unless the
  // leak slots in a row would then run past the right edge.
  double k = node_room / biggest;
  const double row_room = chart.width - left - right - 18.0 * static_cast<double>(leak_links);
  if (leaked_total > 0 && row_room > 0) k = std::min(k, row_room / leaked_total);
  const double node_top = top + label_row + arc_room;
  const double leak_y = node_top + node_room + leak_gap;
  const double height = leak_y + leak_height + bottom;
  Svg svg(chart.width, height, chart.title);

  std::vector<NodeBox> box(n);
  const double step = columns.size() > 1 ? (chart.width - left - right - node_width) / static_cast<double>(columns.size() - 1) : 0;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const std::size_t i = columns[c];
    box[i] = {left + step * static_cast<double>(c), node_top, node_width,
              std::max(2.0, k * std::max(chart.nodes[i].entered + in[i], out[i]))};
  }
  // Leaks land in slots on a row under the columns, one slot per (stage, terminal) pair, each at
  // or right of its source so ribbons only ever turn down and right; slots never overlap.
  std::vector<FlowLink> links = chart.links;
  std::stable_sort(links.begin(), links.end(), [&](const FlowLink& a, const FlowLink& b) {
    if (a.from != b.from) return box[a.from].x < box[b.from].x;
    auto rank = [&](const FlowLink& l) { return chart.nodes[l.to].terminal ? 2 : box[l.to].x < box[l.from].x ? 0 : 1; };
    return rank(a) != rank(b) ? rank(a) < rank(b) : a.to < b.to;
  });
  std::vector<double> leaked(n, 0);
  double cursor = left;
  for (std::size_t i : columns) box[i].in_used = k * chart.nodes[i].entered;
  for (const auto& l : links) {
    if (l.customers <= 0) continue;
    NodeBox& s = box[l.from];
    const FlowNode& to = chart.nodes[l.to];
    const double w = k * l.customers;
    const double sx = s.x + s.w, y0 = s.y + s.out_used, y1 = y0 + w;
    s.out_used += w;
    const std::string tip = chart.nodes[l.from].label + " → " + to.label + ": " + chart.exact_text(l.customers) +
                            " customers over " + chart.horizon_text;
    if (to.terminal) {
      leaked[l.to] += l.customers;
      // Right of the source when there is room, but never past the chart's right edge.
      const double x0 = std::max(cursor, std::min(sx + 14, chart.width - 4 - std::max(2.0, w)));
      const double x1 = x0 + std::max(2.0, w);
      cursor = x1 + 4;
      const std::size_t kind = static_cast<std::size_t>(std::find(leaks.begin(), leaks.end(), l.to) - leaks.begin());
      const char* colour = kind % 2 == 0 ? palette::vermillion : palette::orange;
      // Outer edge: right from the source, bending down onto the slot's right side; inner edge back.
      svg.path("M" + svg_number(sx) + " " + svg_number(y0) + " C" + svg_number(x1) + " " + svg_number(y0) + " " +
                   svg_number(x1) + " " + svg_number(y0) + " " + svg_number(x1) + " " + svg_number(leak_y) + " L" +
                   svg_number(x0) + " " + svg_number(leak_y) + " C" + svg_number(x0) + " " + svg_number(y1) + " " +
                   svg_number(x0) + " " + svg_number(y1) + " " + svg_number(sx) + " " + svg_number(y1) + " Z",
               colour, "none", 0, tip, "fill-opacity=\"0.45\" class=\"band leak\"");
      svg.rect(x0, leak_y, x1 - x0, leak_height, colour, tip, "class=\"leak-slot\"");
      if (x1 - x0 >= 70)
        svg.text((x0 + x1) / 2, leak_y + leak_height + 14, shorten(to.label, 18) + " " + chart.count_text(l.customers),
                 "middle", "class=\"label leak-label\"");
      continue;
    }
    NodeBox& d = box[l.to];
    const double dy0 = d.y + d.in_used, dy1 = dy0 + w;
    d.in_used += w;
    if (d.x > s.x) {
      const double mid = (sx + d.x) / 2;
      svg.path("M" + svg_number(sx) + " " + svg_number(y0) + " C" + svg_number(mid) + " " + svg_number(y0) + " " +
                   svg_number(mid) + " " + svg_number(dy0) + " " + svg_number(d.x) + " " + svg_number(dy0) + " L" +
                   svg_number(d.x) + " " + svg_number(dy1) + " C" + svg_number(mid) + " " + svg_number(dy1) + " " +
                   svg_number(mid) + " " + svg_number(y1) + " " + svg_number(sx) + " " + svg_number(y1) + " Z",
               palette::sky, "none", 0, tip, "fill-opacity=\"0.6\" class=\"band forward\"");
    } else {
      // Returns to an earlier stage loop over the columns; drawn as a stroke (they are thin).
      const double apex = node_top - 14 - std::min(arc_room - 20, 8.0 + (sx - d.x) / 25);
      svg.path(cubic(sx, (y0 + y1) / 2, sx + 50, apex, d.x - 50, apex, d.x, (dy0 + dy1) / 2), "none", palette::purple,
               std::max(1.0, w), tip, "stroke-opacity=\"0.55\" class=\"band back\"");
    }
  }

  const bool narrow = step < 110 && columns.size() > 1;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const std::size_t i = columns[c];
    const NodeBox& b = box[i];
    const FlowNode& node = chart.nodes[i];
    if (node.entered > 0)  // customers entering from outside: a grey stub from the left
      svg.rect(b.x - 10, b.y, 10, k * node.entered, "#bbbbbb", node.label + ": " + chart.exact_text(node.entered) +
                                                           " customers start here or arrive as new inflow");
    svg.rect(b.x, b.y, b.w, b.h, palette::blue,
             node.label + ": " + chart.exact_text(node.entered + in[i]) + " customers passed through; " +
                 chart.exact_text(node.at_end) + " still here at the horizon",
             "class=\"node\"");
    const double lx = b.x + b.w / 2;
    if (narrow) {
      svg.text(lx, top + label_row - 4, shorten(node.label, 14), "start",
               "class=\"label\" transform=\"rotate(-40 " + svg_number(lx) + " " + svg_number(top + label_row - 4) + ")\"");
    } else {
      // The outer columns' labels hang inwards so they stay inside the chart.
      const char* anchor = c == 0 ? "start" : c + 1 == columns.size() ? "end" : "middle";
      const double ax = c == 0 ? b.x - 10 : c + 1 == columns.size() ? b.x + b.w : lx;
      svg.text(ax, top + label_row - 22, shorten(node.label, static_cast<std::size_t>(std::min(step, 240.0) / 7.5)),
               anchor, "class=\"label\"");
      svg.text(ax, top + label_row - 6, chart.count_text(node.entered + in[i]) + " in", anchor, "class=\"value\"");
    }
  }
  // Totals per terminal stage under the slots.
  std::string totals;
  for (std::size_t i : leaks)
    totals += (totals.empty() ? "" : "   ·   ") + chart.nodes[i].label + ": " + chart.exact_text(leaked[i]) + " in total";
  svg.text(left, leak_y + leak_height + 36, totals, "start", "class=\"label leak-total\"");
  // Legend.
  const double ly = height - 10;
  const std::pair<const char*, const char*> legend[] = {{palette::sky, "moves on"},
                                                        {palette::purple, "returns to an earlier stage"},
                                                        {palette::vermillion, "leaks (terminal stages alternate vermillion / orange)"},
                                                        {"#bbbbbb", "starts here or new inflow"}};
  double lx = left;
  for (const auto& [colour, text] : legend) {
    svg.rect(lx, ly - 9, 14, 10, colour);
    svg.text(lx + 18, ly, text, "start", "class=\"legend\"");
    lx += 30 + 6.8 * static_cast<double>(std::string(text).size());
  }
  return svg.str();
}

}  // namespace journeysim
