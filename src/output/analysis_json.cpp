#include "journeysim/output/analysis_json.hpp"

#include <algorithm>
#include <cmath>

namespace journeysim {

JourneyAnalysis analyze_journey(const Journey& journey) {
  JourneyAnalysis analysis;
  analysis.chain = make_chain(journey);
  analysis.absorption = analyze_absorption(analysis.chain);
  analysis.moments_of_truth =
      moments_of_truth(analysis.chain, journey, std::max(1, analysis.chain.economics.periods_per_year));
  const auto views = segment_journeys(journey);
  if (views.empty()) {
    analysis.trace = compute_trace(analysis.chain);
    analysis.leverage = compute_leverage(analysis.chain, leverage_step(analysis.chain.economics));
    return analysis;
  }
  std::vector<Chain> chains;
  for (const auto& view : views) {
    JourneyAnalysis::SegmentAnalysis segment{view.id, make_chain(view.journey), {}, {}};
    segment.absorption = analyze_absorption(segment.chain);
    segment.trace = compute_trace(segment.chain);
    if (analysis.segments.empty()) {
      analysis.trace = segment.trace;
    } else {
      analysis.trace.counts += segment.trace.counts;
      analysis.trace.revenue += segment.trace.revenue;
      analysis.trace.revenue_pv += segment.trace.revenue_pv;
      analysis.trace.revenue_total += segment.trace.revenue_total;
      analysis.trace.revenue_pv_total += segment.trace.revenue_pv_total;
    }
    chains.push_back(segment.chain);
    analysis.segments.push_back(std::move(segment));
  }
  analysis.leverage = compute_leverage(chains, leverage_step(analysis.chain.economics));
  return analysis;
}

namespace {

nlohmann::ordered_json optional_number(const std::optional<double>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json ids(const Journey& journey, const std::vector<StageIndex>& stages) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (auto s : stages) out.push_back(journey.stages[s].id);
  return out;
}

}  // namespace

namespace {

/// The absorption keys (fundamental matrix … stationary) of one chain, added to `out`.
void add_absorption(nlohmann::ordered_json& out, const Journey& journey, const AbsorptionAnalysis& a) {
  nlohmann::ordered_json values = nlohmann::ordered_json::array();
  for (Eigen::Index i = 0; i < a.fundamental.rows(); ++i) {
    nlohmann::ordered_json row = nlohmann::ordered_json::array();
    for (Eigen::Index j = 0; j < a.fundamental.cols(); ++j) row.push_back(a.fundamental(i, j));
    values.push_back(row);
  }
  out["fundamental_matrix"] = {{"rows", ids(journey, a.fundamental_stages)}, {"values", values}};

  nlohmann::ordered_json periods = nlohmann::ordered_json::object(), absorption = nlohmann::ordered_json::object(),
                 revenue = nlohmann::ordered_json::object(), revenue_pv = nlohmann::ordered_json::object();
  for (StageIndex s = 0; s < journey.stages.size(); ++s) {
    const std::string& id = journey.stages[s].id;
    periods[id] = optional_number(a.expected_periods_to_absorption[s]);
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    for (std::size_t c = 0; c < a.terminal.size(); ++c)
      row[journey.stages[a.terminal[c]].id] = a.absorption_probabilities(s, c);
    absorption[id] = row;
    revenue[id] = optional_number(a.expected_revenue[s]);
    revenue_pv[id] = optional_number(a.expected_revenue_pv[s]);
  }
  out["expected_periods_to_absorption"] = periods;
  out["absorption_probabilities"] = absorption;
  out["expected_revenue_per_customer"] = revenue;
  out["expected_revenue_per_customer_pv"] = revenue_pv;
  if (a.terminal.empty()) {
    if (a.stationary) {
      nlohmann::ordered_json stationary = nlohmann::ordered_json::object();
      for (StageIndex s = 0; s < journey.stages.size(); ++s) stationary[journey.stages[s].id] = (*a.stationary)(s);
      out["stationary"] = stationary;
    } else {
      out["stationary"] = nullptr;
      out["stationary_note"] = "the chain has several closed classes, so no unique stationary distribution";
    }
  }

}

}  // namespace

nlohmann::ordered_json analysis_to_json(const Journey& journey, const JourneyAnalysis& analysis) {
  const AbsorptionAnalysis& a = analysis.absorption;
  nlohmann::ordered_json out;
  out["stages"] = journey.stage_ids();
  out["transient"] = ids(journey, a.transient);
  out["terminal"] = ids(journey, a.terminal);
  if (!a.never_absorbed.empty()) out["never_absorbed"] = ids(journey, a.never_absorbed);

  add_absorption(out, journey, a);
  if (!analysis.segments.empty()) {
    // Per-segment absorption results; the trace and leverage below are population totals.
    nlohmann::ordered_json segments = nlohmann::ordered_json::object();
    for (const auto& segment : analysis.segments) {
      nlohmann::ordered_json one = nlohmann::ordered_json::object();
      add_absorption(one, journey, segment.absorption);
      segments[segment.id] = one;
    }
    out["segments"] = segments;
  }

  nlohmann::ordered_json trace = nlohmann::ordered_json::array();
  for (Eigen::Index t = 0; t < analysis.trace.counts.rows(); ++t) {
    nlohmann::ordered_json stages = nlohmann::ordered_json::object();
    for (StageIndex s = 0; s < journey.stages.size(); ++s)
      stages[journey.stages[s].id] = analysis.trace.counts(t, static_cast<Eigen::Index>(s));
    trace.push_back({{"period", t}, {"stages", stages}, {"revenue", analysis.trace.revenue(t)},
                     {"revenue_pv", analysis.trace.revenue_pv(t)}});
  }
  out["trace"] = trace;

  nlohmann::ordered_json leverage = nlohmann::ordered_json::array();
  for (const auto& lever : analysis.leverage)
    leverage.push_back({{"from", journey.stages[lever.from].id}, {"to", journey.stages[lever.to].id},
                        {"delta_revenue_pv", lever.delta_revenue_pv}, {"step", lever.step},
                        {"limited", lever.limited}});
  out["leverage"] = leverage;
  if (!analysis.moments_of_truth.empty()) {
    nlohmann::ordered_json moments = nlohmann::ordered_json::array();
    for (const auto& m : analysis.moments_of_truth)
      moments.push_back({{"stage", journey.stages[m.stage].id}, {"within_periods", m.within},
                         {"retention_after_periods", m.periods}, {"share_within", m.share_within},
                         {"retention_within", m.retention_within}, {"share_later", m.share_later},
                         {"retention_later", m.retention_later}});
    out["moments_of_truth"] = moments;
  }
  return out;
}

}  // namespace journeysim
