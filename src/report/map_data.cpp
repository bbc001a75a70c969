// The data lanes of the journey map: calibrated rates with intervals, time in stage, customers
// at the horizon, and targets against the baseline and the best portfolio.
#include <boost/math/special_functions/beta.hpp>
#include <algorithm>
#include <cmath>

#include "html.hpp"
#include "journeysim/analytic/stage_outcome.hpp"
#include "map_lanes.hpp"

namespace journeysim::report_detail {
namespace {

/// A per-period probability and, when the model is calibrated, its 95% interval.
struct Rate {
  double value = 0;
  std::optional<std::pair<double, double>> interval;
  bool approximate = false;  ///< interval summed from per-cell intervals (wider than exact)
  /// Rows by time in stage: the value (and interval) is the first bucket's, and this lists every
  /// bucket ("1: 30.0%, 2-3: 25.0%, 4+: 8.0%").
  std::string by_bucket;
};

/// Rows by time in stage: the group's share in each bucket, the first bucket's interval from its
/// counts (Beta of the Dirichlet posterior, as for a plain row).
Rate bucketed_group_rate(const ReportContext& c, const TimeInStageRows& rows, bool terminal_group) {
  const Journey& j = c.journey;
  const StageIndex s = rows.stage;
  auto in_group = [&](StageIndex d) { return d != s && j.stages[d].terminal == terminal_group; };
  Rate rate;
  for (std::size_t b = 0; b < rows.buckets.size(); ++b) {
    const std::vector<double> row = j.bucket_row(rows, b);
    double share = 0;
    for (StageIndex d = 0; d < row.size(); ++d)
      if (in_group(d)) share += row[d];
    if (b == 0) rate.value = share;
    rate.by_bucket += (b == 0 ? "" : ", ") + rows.buckets[b].label() + ": " + format_percent(share);
  }
  if (!rows.counts.empty()) {
    const std::vector<double> first = j.bucket_row(rows, 0);
    double a = 0, not_a = 0;
    for (StageIndex d = 0; d < first.size(); ++d) {
      const bool allowed = d == s || first[d] > 0 || rows.counts[0][d] > 0;
      if (allowed) (in_group(d) ? a : not_a) += rows.counts[0][d] + j.calibration.prior;
    }
    if (a > 0 && not_a > 0)
      rate.interval = std::pair{boost::math::ibeta_inv(a, not_a, 0.025), boost::math::ibeta_inv(a, not_a, 0.975)};
  }
  return rate;
}

/// The probability of moving from `s` to any stage in the group (terminal or not). With counts,
/// the Dirichlet(counts + prior) posterior of a row makes the group's share Beta(Σα in, Σα out),
/// so the interval is exact; without counts the per-cell intervals are summed (conservative).
Rate group_rate(const ReportContext& c, StageIndex s, bool terminal_group) {
  const Journey& j = c.journey;
  if (const TimeInStageRows* rows = j.time_in_stage_of(s)) return bucketed_group_rate(c, *rows, terminal_group);
  // By stage: the chain's matrix is by state once any stage has rows by time in stage.
  const auto dense = j.transition_matrix();
  auto p = [&](StageIndex from, StageIndex to) { return dense[from][to]; };
  Rate rate;
  auto in_group = [&](StageIndex d) { return d != s && j.stages[d].terminal == terminal_group; };
  for (StageIndex d = 0; d < j.stages.size(); ++d)
    if (in_group(d)) rate.value += p(s, d);
  const Calibration& cal = j.calibration;
  if (!cal.counts.empty() && s < cal.counts.counts.size()) {
    // The cells simulate draws (sim/parameters.cpp): the stay, listed moves and counted moves.
    double a = 0, b = 0;
    for (StageIndex d = 0; d < j.stages.size(); ++d) {
      const bool allowed = d == s || p(s, d) > 0 || cal.counts.counts[s][d] > 0;
      if (allowed) (in_group(d) ? a : b) += cal.counts.counts[s][d] + cal.prior;
    }
    if (a > 0 && b > 0)
      rate.interval = std::pair{boost::math::ibeta_inv(a, b, 0.025), boost::math::ibeta_inv(a, b, 0.975)};
    return rate;
  }
  const auto row = cal.intervals.find(s);
  if (row == cal.intervals.end()) return rate;
  double low = 0, high = 0;
  bool any = false;
  for (const auto& [d, bounds] : row->second)
    if (in_group(d)) {
      low += bounds.first;
      high += bounds.second;
      any = true;
    }
  if (any) rate.interval = std::pair{low, std::min(1.0, high)}, rate.approximate = true;
  return rate;
}

std::string rate_cell(const Rate& rate) {
  std::string text = format_percent(rate.value);
  std::string tip = "exact: " + format_exact(rate.value);
  if (rate.interval) {
    text += std::string(" [") + (rate.approximate ? "≈" : "") + format_percent(rate.interval->first) + "–" +
            format_percent(rate.interval->second) + "]";
    tip += "; 95% interval " + format_exact(rate.interval->first) + " to " + format_exact(rate.interval->second);
  }
  if (!rate.by_bucket.empty()) {
    text += " (period 1)";
    tip += "; by period in stage: " + rate.by_bucket;
  }
  return number_cell(rate.value, text, tip);
}

/// One target of one stage, judged under a transition matrix; "" when the target is unknown.
struct TargetCheck {
  double value = 0;
  bool met = false;
  std::string text;
};

/// What a target measures, for the page (model-file.md's definitions, over the run's horizon).
std::string target_meaning(const std::string& name, const ReportContext& c) {
  const std::string over = "of the customers who enter the stage, within the horizon (" + c.periods(c.summary.horizon) + ")";
  if (name == "conversion") return "conversion: the share who leave the stage for a non-terminal stage, " + over;
  if (name == "loss") return "loss: the share who end in a terminal stage (lost or churned) by any path, " + over;
  return "periods: the expected " + c.period + "s spent in the stage, returns included";
}

TargetCheck check_target(const std::string& name, double target, const StageOutcome& o, const std::string& unit) {
  TargetCheck check;
  if (name == "conversion") {
    check = {o.conversion, o.conversion >= target, format_percent(o.conversion)};
  } else if (name == "loss") {
    check = {o.loss, o.loss <= target, format_percent(o.loss)};
  } else if (name == "periods") {
    const double v = o.periods.value_or(INFINITY);
    check = {v, v <= target, o.periods ? format_grouped(v, 1) + " " + unit : "forever"};
  }
  return check;
}

std::string target_cell(const ReportContext& c, StageIndex s, const Eigen::MatrixXd* portfolio) {
  const Stage& stage = c.journey.stages[s];
  if (stage.targets.empty()) return "<td class=\"muted\">no target</td>";
  const int h = c.summary.horizon;
  const StageOutcome base = stage_outcome(c.analysis.chain.transition, c.analysis.chain.terminal, s, h, c.analysis.chain.states);
  std::optional<StageOutcome> best;
  if (portfolio) best = stage_outcome(*portfolio, c.analysis.chain.terminal, s, h, c.analysis.chain.states);
  std::string out = "<td class=\"targets\">";
  for (const auto& entry : stage.targets) {
    // Plain references, not structured bindings: clang 14 (the sanitizer and fuzz builds)
    // cannot capture bindings in the lambda below.
    const std::string& name = entry.first;
    const double target = entry.second;
    const std::string unit = c.period + "s";
    const std::string goal = name == "periods" ? "≤ " + format_grouped(target, 1) + " " + unit
                             : name == "loss"  ? "≤ " + format_percent(target, 0)
                                               : "≥ " + format_percent(target, 0);
    out += "<div class=\"target\" data-target=\"" + escape_html(name) + "\" title=\"" +
           escape_html(target_meaning(name, c)) + "\"><strong>" + escape_html(name) + " " +
           escape_html(goal) + "</strong>";
    auto verdict = [&](const std::string& who, const StageOutcome& o) {
      const TargetCheck k = check_target(name, target, o, unit);
      // ✓/✗ repeat the colour so the verdict survives colour blindness and greyscale print.
      out += "<span class=\"" + std::string(k.met ? "met" : "missed") + "\" data-value=\"" + format_exact(k.value) +
             "\">" + (k.met ? "✓ " : "✗ ") + escape_html(who) + " " + escape_html(k.text) + "</span>";
    };
    verdict("baseline", base);
    if (best) verdict("best portfolio", *best);
    out += "</div>";
  }
  return out + "</td>";
}

}  // namespace

Eigen::MatrixXd transitions_with_fixes(const ReportContext& c, const ScenarioSummary& scenario) {
  Eigen::MatrixXd p = c.analysis.chain.transition;
  for (const auto& id : scenario.fixes) {
    const Fix* fix = c.fix(id);
    // The map is the whole population's chain: a fix limited to segments, a rule acting on the
    // customers it triggers, or one acting in some periods of a stay only, is left out rather
    // than applied to customers (or periods) it never reaches.
    if (!fix || !fix->segments.empty() || fix->acts_by_time_in_stage()) continue;
    for (const auto& e : fix->effects) {
      if (e.target != EffectTarget::transition) continue;
      // Every state of the stage (one per period in stage when its rows depend on time in stage).
      const StateLayout& states = c.analysis.chain.states;
      for (std::size_t k = 0; k < states.state_count(e.from); ++k) {
        const std::size_t state = states.first_state(e.from) + k;
        const auto from = static_cast<Eigen::Index>(state);
        const auto to = static_cast<Eigen::Index>(states.destination(state, e.to));
        const auto balance = static_cast<Eigen::Index>(states.destination(state, e.balance.value_or(e.from)));
        const double x = e.value.mean(), old = p(from, to);
        double next = e.mode == EffectMode::relative ? old * (1 + x) : e.mode == EffectMode::absolute ? old + x : x;
        next = std::clamp(next, 0.0, old + p(from, balance));
        p(from, to) = next;
        p(from, balance) -= next - old;
      }
    }
  }
  return p;
}

std::string map_data_rows(const ReportContext& c, const std::vector<StageIndex>& stages) {
  const AbsorptionAnalysis& a = c.analysis.absorption;
  const std::string per = c.period;
  std::string out;
  auto row = [&](const std::string& name, const std::string& css, auto cell_of) {
    out += "<tr class=\"data-lane " + css + "\"><th class=\"lane\">" + escape_html(name) + "</th>";
    for (auto s : stages) out += cell_of(s);
    out += "</tr>";
  };
  const std::string interval = c.journey.calibration.present ? " (95% interval)" : "";
  row("Moves on per " + per + interval, "lane-move", [&](StageIndex s) { return rate_cell(group_rate(c, s, false)); });
  row("Lost or churned per " + per + interval, "lane-loss",
      [&](StageIndex s) { return rate_cell(group_rate(c, s, true)); });
  row("Expected " + per + "s in stage", "lane-periods", [&](StageIndex s) {
    for (std::size_t i = 0; i < a.fundamental_stages.size(); ++i)
      if (a.fundamental_stages[i] == s) {
        const double v = a.fundamental(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i));
        return number_cell(v, format_grouped(v, 1), "exact: " + format_exact(v) + " (per entry, counting returns)");
      }
    return std::string("<td class=\"muted\">never leaves</td>");
  });
  row("Customers at the horizon (baseline, " + c.low_label + "–" + c.high_label + ")", "lane-horizon", [&](StageIndex s) {
    const auto* series = c.input.run.trajectories.find("baseline", "all", c.journey.stages[s].id);
    if (!series || series->empty()) return std::string("<td class=\"muted\">not in trajectories.csv</td>");
    const TrajectoryPoint& p = series->back();
    std::string text = format_count_short(p.mean) + " [" + format_count_short(p.low) + "–" + format_count_short(p.high) + "]";
    if (c.best_portfolio)
      if (const auto* best = c.input.run.trajectories.find(c.best_portfolio->id, "all", c.journey.stages[s].id);
          best && !best->empty())
        text += "; best portfolio " + format_count_short(best->back().mean);
    return number_cell(p.mean, text, "mean " + format_grouped(p.mean, 1) + ", " + c.low_label + " " + format_grouped(p.low, 1) +
                                         ", P50 " + format_grouped(p.p50, 1) + ", " + c.high_label + " " +
                                         format_grouped(p.high, 1));
  });
  if (c.input.fixes && std::any_of(c.input.fixes->fixes.begin(), c.input.fixes->fixes.end(),
                                   [](const Fix& f) { return f.trigger.has_value(); }))
    row("Rules that fire here", "lane-rules", [&](StageIndex s) {
      std::string cell_text;
      for (const Fix& fix : c.input.fixes->fixes) {
        if (!fix.trigger || fix.trigger->stage != s) continue;
        const std::string when = fix.trigger->after == 0 ? "on entry" : "after " + c.periods(fix.trigger->after);
        cell_text += "<div class=\"rule\" data-rule=\"" + escape_html(fix.id) + "\">" +
                     escape_html(fix.name.empty() ? fix.id : fix.name) + " <span class=\"muted\">(" + escape_html(when) +
                     ")</span></div>";
      }
      return cell_text.empty() ? std::string("<td></td>") : "<td class=\"rules\">" + cell_text + "</td>";
    });
  std::optional<Eigen::MatrixXd> portfolio;
  if (c.best_portfolio && c.input.fixes) portfolio = transitions_with_fixes(c, *c.best_portfolio);
  std::string target_lane = "Targets: baseline" + std::string(portfolio ? " and best portfolio" : "");
  row(target_lane, "lane-targets", [&](StageIndex s) { return target_cell(c, s, portfolio ? &*portfolio : nullptr); });
  return out;
}

}  // namespace journeysim::report_detail
