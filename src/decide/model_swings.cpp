// The tornado's calibrated side: how the recommendation's NPV moves with each uncertain input of
// the model itself (a drawn transition cell, a propensity's hazard, the inflow level), read off
// the confirmation replicates where that input landed in its lowest and its highest tenth. No
// re-simulation: each replicate's draws are recomputed from their keyed streams.
#include <algorithm>
#include <cmath>

#include "decide_detail.hpp"
#include "journeysim/decide/value_of_information.hpp"
#include "journeysim/sim/parameters.hpp"
#include "journeysim/stats/summary.hpp"

namespace journeysim::decide_detail {
namespace {

/// One uncertain model input: a drawn transition cell, a propensity's first-period hazard, or
/// a segment's inflow level.
struct Input {
  enum class Kind { cell, propensity, inflow } kind = Kind::cell;
  std::size_t segment = 0, state = 0;  ///< cell: the state drawn; propensity: its stage's first state
  std::size_t to = 0;                  ///< cell, propensity: the destination stage
  std::string label;
  std::vector<double> values;  ///< per replicate
};

std::string state_label(const SimulationModel& model, const Chain& chain, std::size_t state, StageIndex to) {
  const StateLayout& layout = chain.states;
  const StageIndex stage = static_cast<StageIndex>(layout.stage_of(state));
  std::string label = model.stage_ids[stage] + " → " + model.stage_ids[to];
  if (layout.expanded() && layout.state_count(stage) > 1)
    label += " (period in stage " + std::to_string(layout.period[state]) +
             (state + 1 == layout.first_state(stage) + layout.state_count(stage) ? "+" : "") + ")";
  return label;
}

std::string segment_suffix(const SimulationModel& model, std::size_t segment) {
  return model.has_segments() ? " [" + model.segment_ids[segment] + "]" : "";
}

/// Every input the replicates draw, in segment order, with its value in replicates
/// [first, first + replicates).
std::vector<Input> drawn_inputs(const SimulationModel& model, std::uint64_t seed, std::uint64_t first,
                                std::int64_t replicates) {
  std::vector<Input> inputs;
  for (std::size_t s = 0; s < model.segments.size(); ++s) {
    const Chain& chain = model.segments[s];
    for (std::size_t state = 0; state < model.draw_source[s].size(); ++state) {
      if (model.draw_source[s][state] != state) continue;
      const auto stage = chain.states.stage_of(state);
      for (std::size_t to = 0; to < model.alpha[s][state].size(); ++to)
        if (to != stage && model.alpha[s][state][to] > 0)
          inputs.push_back({Input::Kind::cell, s, state, to,
                            state_label(model, chain, state, static_cast<StageIndex>(to)) + segment_suffix(model, s),
                            {}});
    }
    for (const BetaPropensity& p : model.propensities[s])
      if (p.uncertain())
        inputs.push_back({Input::Kind::propensity, s, chain.states.first_state(p.stage), p.to,
                          model.stage_ids[p.stage] + " → " + model.stage_ids[p.to] +
                              ", first-period hazard (propensity)" + segment_suffix(model, s),
                          {}});
    if (model.inflow_level_sd > 0) inputs.push_back({Input::Kind::inflow, s, 0, 0, "inflow level" + segment_suffix(model, s), {}});
  }
  std::vector<Chain> drawn;
  for (std::int64_t r = 0; r < replicates; ++r) {
    draw_segment_parameters(model, seed, first + static_cast<std::uint64_t>(r), drawn);
    for (Input& input : inputs) {
      const Chain& chain = drawn[input.segment];
      switch (input.kind) {
        case Input::Kind::cell:
        case Input::Kind::propensity: {
          const auto to = chain.states.destination(input.state, static_cast<StageIndex>(input.to));
          input.values.push_back(
              chain.transition(static_cast<Eigen::Index>(input.state), static_cast<Eigen::Index>(to)));
          break;
        }
        case Input::Kind::inflow:
          input.values.push_back(chain.inflow.sum() / model.segments[input.segment].inflow.sum());
          break;
      }
    }
  }
  return inputs;
}

}  // namespace

std::vector<ModelSwing> model_swings(const Journey& journey, int horizon, std::uint64_t seed, std::uint64_t first,
                                     const std::vector<double>& npv) {
  const SimulationModel model = prepare_simulation_model(journey, horizon);
  std::size_t states = 0;
  for (const Chain& chain : model.segments) states += static_cast<std::size_t>(chain.transition.rows());
  if (states > max_swing_states) return {};
  // Funding nothing (NPV 0 throughout) hangs on nothing.
  if (npv.empty() || std::all_of(npv.begin(), npv.end(), [&](double v) { return v == npv.front(); })) return {};
  const auto replicates = static_cast<std::int64_t>(npv.size());
  std::vector<ModelSwing> out;
  for (Input& input : drawn_inputs(model, seed, first, replicates)) {
    std::vector<double> sorted = input.values;
    std::sort(sorted.begin(), sorted.end());
    ModelSwing swing{input.label, quantile_sorted(sorted, 0.1), quantile_sorted(sorted, 0.9), 0, 0, 0};
    double low = 0, high = 0;
    std::size_t lows = 0, highs = 0;
    for (std::size_t r = 0; r < npv.size(); ++r) {
      if (input.values[r] <= swing.low) low += npv[r], ++lows;
      if (input.values[r] >= swing.high) high += npv[r], ++highs;
    }
    if (lows == 0 || highs == 0 || swing.low == swing.high) continue;
    swing.npv_low = low / static_cast<double>(lows);
    swing.npv_high = high / static_cast<double>(highs);
    swing.variance_share = first_order_share(input.values, npv, default_bins(npv.size()));
    out.push_back(std::move(swing));
  }
  std::stable_sort(out.begin(), out.end(), [](const ModelSwing& a, const ModelSwing& b) {
    return std::fabs(a.npv_high - a.npv_low) > std::fabs(b.npv_high - b.npv_low);
  });
  return out;
}

}  // namespace journeysim::decide_detail
