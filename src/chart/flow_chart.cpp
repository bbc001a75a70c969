#include "journeysim/chart/flow_chart.hpp"

#include <algorithm>
#include <numeric>

namespace journeysim {
namespace {

constexpr double node_width = 12, flow_top = 30, label_row = 62, arc_room = 60, node_room = 280, leak_gap = 110,
                 leak_height = 14, flow_bottom = 78, flow_left = 40, flow_right = 100;  // flow_right: room for the last column's leaks

/// Geometry of one node: its box and how much of each edge is already used by bands.
struct NodeBox {
  double x = 0, y = 0, w = 0, h = 0;
  double out_used = 0, in_used = 0;  ///< right/left edge (columns) or top edge (leaks)
};

std::string cubic(double x0, double y0, double c1x, double c1y, double c2x, double c2y, double x1, double y1) {
  return "M" + svg_number(x0) + " " + svg_number(y0) + " C" + svg_number(c1x) + " " + svg_number(c1y) + " " +
         svg_number(c2x) + " " + svg_number(c2y) + " " + svg_number(x1) + " " + svg_number(y1);
}

/// Where everything goes: flows per node, the shared scale and the node boxes. Computed before
/// anything is drawn because the scale depends on every node and every leak.
struct Layout {
  std::vector<double> in, out;              ///< customers into / out of each node over the links
  std::vector<std::size_t> columns, leaks;  ///< node indices: non-terminal in column order; terminal
  double k = 0;                             ///< pixels per customer, for nodes and bands alike
  double step = 0;                          ///< pixels between column left edges
  double node_top = 0, leak_y = 0, height = 0;
  std::vector<NodeBox> box;  ///< by node; only the columns' are placed
};

/// Pixels per customer, shared by nodes and bands: the tallest node fills its room, unless the
/// leak slots in a row would then run past the right edge.
double pixels_per_customer(const FlowChart& chart, const Layout& at) {
  double biggest = 1, leaked_total = 0;
  std::size_t leak_links = 0;
  for (std::size_t i = 0; i < chart.nodes.size(); ++i)
    if (!chart.nodes[i].terminal) biggest = std::max({biggest, chart.nodes[i].entered + at.in[i], at.out[i]});
  for (const auto& l : chart.links)
    if (chart.nodes[l.to].terminal && l.customers > 0) leaked_total += l.customers, ++leak_links;
  double k = node_room / biggest;
  const double row_room = chart.width - flow_left - flow_right - 18.0 * static_cast<double>(leak_links);
  if (leaked_total > 0 && row_room > 0) k = std::min(k, row_room / leaked_total);
  return k;
}

/// Flows per node, columns and leaks, the scale, the rows' heights and the columns' boxes.
Layout lay_out(const FlowChart& chart) {
  const std::size_t n = chart.nodes.size();
  Layout at;
  at.in.assign(n, 0);
  at.out.assign(n, 0);
  for (const auto& l : chart.links) {
    at.out[l.from] += l.customers;
    at.in[l.to] += l.customers;
  }
  for (std::size_t i = 0; i < n; ++i) (chart.nodes[i].terminal ? at.leaks : at.columns).push_back(i);
  at.k = pixels_per_customer(chart, at);
  at.node_top = flow_top + label_row + arc_room;
  at.leak_y = at.node_top + node_room + leak_gap;
  at.height = at.leak_y + leak_height + flow_bottom;
  at.box.resize(n);
  const std::size_t c_count = at.columns.size();
  at.step = c_count > 1 ? (chart.width - flow_left - flow_right - node_width) / static_cast<double>(c_count - 1) : 0;
  for (std::size_t c = 0; c < c_count; ++c) {
    const std::size_t i = at.columns[c];
    at.box[i] = {flow_left + at.step * static_cast<double>(c), at.node_top, node_width,
                 std::max(2.0, at.k * std::max(chart.nodes[i].entered + at.in[i], at.out[i]))};
  }
  return at;
}

/// The links in drawing order: by source column, then backward, forward, leaks, then by target.
/// Leaks land in slots on a row under the columns, one slot per (stage, terminal) pair, each at
/// or right of its source so ribbons only ever turn down and right; slots never overlap.
std::vector<FlowLink> drawing_order(const FlowChart& chart, const std::vector<NodeBox>& box) {
  std::vector<FlowLink> links = chart.links;
  std::stable_sort(links.begin(), links.end(), [&](const FlowLink& a, const FlowLink& b) {
    if (a.from != b.from) return box[a.from].x < box[b.from].x;
    auto rank = [&](const FlowLink& l) { return chart.nodes[l.to].terminal ? 2 : box[l.to].x < box[l.from].x ? 0 : 1; };
    return rank(a) != rank(b) ? rank(a) < rank(b) : a.to < b.to;
  });
  return links;
}

/// A band where it leaves its source: the source's right edge `sx`, its top and bottom `y0`, `y1`
/// there and its width `w` (all px), and its tooltip.
struct Band {
  double sx, y0, y1, w;
  std::string tip;
};

/// One leak: a ribbon down into the next free slot (`cursor`, px, moves right past it).
void draw_leak(Svg& svg, const FlowChart& chart, const Layout& at, const FlowLink& l, const Band& b, double& cursor) {
  const FlowNode& to = chart.nodes[l.to];
  const double leak_y = at.leak_y;
  // Right of the source when there is room, but never past the chart's right edge.
  const double x0 = std::max(cursor, std::min(b.sx + 14, chart.width - 4 - std::max(2.0, b.w)));
  const double x1 = x0 + std::max(2.0, b.w);
  cursor = x1 + 4;
  const auto kind = static_cast<std::size_t>(std::find(at.leaks.begin(), at.leaks.end(), l.to) - at.leaks.begin());
  const char* colour = kind % 2 == 0 ? palette::vermillion : palette::orange;
  const double sx = b.sx, y0 = b.y0, y1 = b.y1;
  // Outer edge: right from the source, bending down onto the slot's right side; inner edge back.
  svg.path("M" + svg_number(sx) + " " + svg_number(y0) + " C" + svg_number(x1) + " " + svg_number(y0) + " " +
               svg_number(x1) + " " + svg_number(y0) + " " + svg_number(x1) + " " + svg_number(leak_y) + " L" +
               svg_number(x0) + " " + svg_number(leak_y) + " C" + svg_number(x0) + " " + svg_number(y1) + " " +
               svg_number(x0) + " " + svg_number(y1) + " " + svg_number(sx) + " " + svg_number(y1) + " Z",
           colour, "none", 0, b.tip, "fill-opacity=\"0.45\" class=\"band leak\"");
  svg.rect(x0, leak_y, x1 - x0, leak_height, colour, b.tip, "class=\"leak-slot\"");
  if (x1 - x0 >= 70)
    svg.text((x0 + x1) / 2, leak_y + leak_height + 14, shorten(to.label, 18) + " " + chart.count_text(l.customers),
             "middle", "class=\"label leak-label\"");
}

/// One move between columns, ending at `d`'s next free place on its left edge: a filled ribbon
/// forward, or a stroked loop over the columns back to an earlier stage.
void draw_move(Svg& svg, const Layout& at, const Band& b, NodeBox& d, const NodeBox& s) {
  const double sx = b.sx, y0 = b.y0, y1 = b.y1;
  const double dy0 = d.y + d.in_used, dy1 = dy0 + b.w;
  d.in_used += b.w;
  if (d.x > s.x) {
    const double mid = (sx + d.x) / 2;
    svg.path("M" + svg_number(sx) + " " + svg_number(y0) + " C" + svg_number(mid) + " " + svg_number(y0) + " " +
                 svg_number(mid) + " " + svg_number(dy0) + " " + svg_number(d.x) + " " + svg_number(dy0) + " L" +
                 svg_number(d.x) + " " + svg_number(dy1) + " C" + svg_number(mid) + " " + svg_number(dy1) + " " +
                 svg_number(mid) + " " + svg_number(y1) + " " + svg_number(sx) + " " + svg_number(y1) + " Z",
             palette::sky, "none", 0, b.tip, "fill-opacity=\"0.6\" class=\"band forward\"");
  } else {
    // Returns to an earlier stage loop over the columns; drawn as a stroke (they are thin).
    const double apex = at.node_top - 14 - std::min(arc_room - 20, 8.0 + (sx - d.x) / 25);
    svg.path(cubic(sx, (y0 + y1) / 2, sx + 50, apex, d.x - 50, apex, d.x, (dy0 + dy1) / 2), "none", palette::purple,
             std::max(1.0, b.w), b.tip, "stroke-opacity=\"0.55\" class=\"band back\"");
  }
}

/// Every band, stacked on the nodes' edges in drawing order. Returns the customers leaked into
/// each terminal node (by node index, 0 elsewhere).
std::vector<double> draw_links(Svg& svg, const FlowChart& chart, Layout& at) {
  std::vector<double> leaked(chart.nodes.size(), 0);
  double cursor = flow_left;
  for (std::size_t i : at.columns) at.box[i].in_used = at.k * chart.nodes[i].entered;
  for (const auto& l : drawing_order(chart, at.box)) {
    if (l.customers <= 0) continue;
    NodeBox& s = at.box[l.from];
    const FlowNode& to = chart.nodes[l.to];
    const double w = at.k * l.customers;
    const double sx = s.x + s.w, y0 = s.y + s.out_used, y1 = y0 + w;
    s.out_used += w;
    const Band band{sx, y0, y1, w,
                    chart.nodes[l.from].label + " → " + to.label + ": " + chart.exact_text(l.customers) +
                        " customers over " + chart.horizon_text};
    if (to.terminal) {
      leaked[l.to] += l.customers;
      draw_leak(svg, chart, at, l, band, cursor);
    } else {
      draw_move(svg, at, band, at.box[l.to], s);
    }
  }
  return leaked;
}

/// Column `c`'s inflow stub, box and labels; narrow columns get rotated names only.
void draw_column(Svg& svg, const FlowChart& chart, const Layout& at, std::size_t c) {
  const std::size_t i = at.columns[c];
  const NodeBox& b = at.box[i];
  const FlowNode& node = chart.nodes[i];
  if (node.entered > 0)  // customers entering from outside: a grey stub from the left
    svg.rect(b.x - 10, b.y, 10, at.k * node.entered, "#bbbbbb", node.label + ": " + chart.exact_text(node.entered) +
                                                                  " customers start here or arrive as new inflow");
  svg.rect(b.x, b.y, b.w, b.h, palette::blue,
           node.label + ": " + chart.exact_text(node.entered + at.in[i]) + " customers passed through; " +
               chart.exact_text(node.at_end) + " still here at the horizon",
           "class=\"node\"");
  const double lx = b.x + b.w / 2;
  const std::size_t count = at.columns.size();
  if (at.step < 110 && count > 1) {
    svg.text(lx, flow_top + label_row - 4, shorten(node.label, 20), "start",
             "class=\"label\" transform=\"rotate(-40 " + svg_number(lx) + " " + svg_number(flow_top + label_row - 4) + ")\"");
    return;
  }
  // The outer columns' labels hang inwards so they stay inside the chart.
  const char* anchor = c == 0 ? "start" : c + 1 == count ? "end" : "middle";
  const double ax = c == 0 ? b.x - 10 : c + 1 == count ? b.x + b.w : lx;
  // Long names ("Onboarding: kickoff call") wrap onto a second line above rather than being
  // cut; the full name is always in the box's tooltip.
  const auto lines = wrap_words(node.label, static_cast<std::size_t>(std::min(at.step, 240.0) / 7.5), 2);
  for (std::size_t k = 0; k < lines.size(); ++k)
    svg.text(ax, flow_top + label_row - 22 - 14 * static_cast<double>(lines.size() - 1 - k), lines[k], anchor,
             "class=\"label\"");
  svg.text(ax, flow_top + label_row - 6, chart.count_text(node.entered + at.in[i]) + " in", anchor, "class=\"value\"");
}

/// Totals per terminal stage under the slots (`leaked`: customers by node index).
void draw_leak_totals(Svg& svg, const FlowChart& chart, const Layout& at, const std::vector<double>& leaked) {
  std::string totals;
  for (std::size_t i : at.leaks)
    totals += (totals.empty() ? "" : "   ·   ") + chart.nodes[i].label + ": " + chart.exact_text(leaked[i]) + " in total";
  svg.text(flow_left, at.leak_y + leak_height + 36, totals, "start", "class=\"label leak-total\"");
}

/// The colour key along the bottom edge, entries spaced by their text's estimated width.
void draw_legend(Svg& svg, const Layout& at) {
  const double ly = at.height - 10;
  const std::pair<const char*, const char*> legend[] = {{palette::sky, "moves on"},
                                                        {palette::purple, "returns to an earlier stage"},
                                                        {palette::vermillion, "leaks (terminal stages alternate vermillion / orange)"},
                                                        {"#bbbbbb", "starts here or new inflow"}};
  double lx = flow_left;
  for (const auto& [colour, text] : legend) {
    svg.rect(lx, ly - 9, 14, 10, colour);
    svg.text(lx + 18, ly, text, "start", "class=\"legend\"");
    lx += 30 + 6.8 * static_cast<double>(std::string(text).size());
  }
}

}  // namespace

std::string render_flow_chart(const FlowChart& chart) {
  Layout at = lay_out(chart);
  Svg svg(chart.width, at.height, chart.title);
  const std::vector<double> leaked = draw_links(svg, chart, at);  // before the nodes, which are drawn over them
  for (std::size_t c = 0; c < at.columns.size(); ++c) draw_column(svg, chart, at, c);
  draw_leak_totals(svg, chart, at, leaked);
  draw_legend(svg, at);
  return svg.str();
}

}  // namespace journeysim
