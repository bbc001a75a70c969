#include <algorithm>
#include <cmath>

#include "journeysim/model/limits.hpp"
#include "journeysim/scenario/scenario.hpp"
#include "transition_change.hpp"

namespace journeysim {
namespace {

/// p·(1 + x) with 0·(1 ± ∞) = 0: a drawn effect may overflow to ±∞ (lognormal of a large
/// mean), and a relative change of nothing is nothing.
double relative_change(double p, double x) { return p == 0 ? 0.0 : p * (1 + x); }

/// Applies one effect at `share` of its full size to state `state` of the effect's stage (its
/// only state unless the stage's rows depend on time in stage: then the effect applies to every
/// period in stage alike); returns true when clamped. Inflow is clamped to [0, 1e12] per stage
/// and revenue to [0, 1e15] per customer and period (model/limits.hpp), so that any draw leaves
/// every sum finite.
bool apply_effect(const Effect& effect, double value, double share, const StateLayout& layout, std::size_t state,
                  Phase& phase) {
  const auto from = static_cast<Eigen::Index>(state);
  if (effect.target != EffectTarget::transition) {
    const bool inflow = effect.target == EffectTarget::inflow;
    double& target = inflow ? phase.inflow(from) : phase.revenue_per_period(from);
    const double limit = inflow ? limits::stage_population : limits::amount;
    const double changed =
        effect.mode == EffectMode::relative ? relative_change(target, share * value) : target + share * value;
    if (std::isnan(changed)) return true;  // leave the value as it was
    const bool clamped = changed < 0 || changed > limit;
    target = std::clamp(changed, 0.0, limit);
    return clamped;
  }
  const auto to = static_cast<Eigen::Index>(layout.destination(state, effect.to));
  const auto balance = static_cast<Eigen::Index>(layout.destination(state, effect.balance.value_or(effect.from)));
  return scenario_detail::change_transition(effect.mode, value, share, phase.transition(from, to),
                                            phase.transition(from, balance));
}

}  // namespace

namespace scenario_detail {

bool change_transition(EffectMode mode, double value, double share, double& p, double& source) {
  double wanted = 0;
  switch (mode) {
    case EffectMode::relative: wanted = relative_change(p, share * value); break;
    case EffectMode::absolute: wanted = p + share * value; break;
    case EffectMode::to: wanted = p + share * (value - p); break;
  }
  if (std::isnan(wanted)) return true;  // leave the cell as it was
  bool clamped = false;
  if (wanted < 0 || wanted > 1) {
    wanted = std::clamp(wanted, 0.0, 1.0);
    clamped = true;
  }
  // Mass comes from (or goes back to) the balance cell, which cannot go below zero.
  double delta = wanted - p;
  if (delta > source) {
    delta = source;
    clamped = true;
  }
  p += delta;
  source -= delta;
  if (source < 0) source = 0;  // guard against -1e-17 rounding
  return clamped;
}

}  // namespace scenario_detail

PeriodSchedule build_schedule(const Chain& base, const FixesFile& fixes, const Scenario& scenario,
                              const EffectDraws& draws, int horizon, std::int64_t& clamped) {
  PeriodSchedule schedule;
  schedule.phase_of_period.assign(static_cast<std::size_t>(horizon), 0);
  std::vector<std::vector<bool>> was_clamped;
  for (auto f : scenario.fixes) was_clamped.emplace_back(fixes.fixes[f].effects.size(), false);
  std::vector<double> shares, previous;
  for (int t = 0; t < horizon; ++t) {
    shares.clear();
    for (auto f : scenario.fixes) shares.push_back(fixes.fixes[f].effect_share(t));
    if (t > 0 && shares == previous) {
      schedule.phase_of_period[static_cast<std::size_t>(t)] = schedule.phase_of_period[static_cast<std::size_t>(t - 1)];
      continue;
    }
    Phase phase{base.transition, base.revenue_per_period, base.inflow};
    for (std::size_t i = 0; i < scenario.fixes.size(); ++i) {
      if (shares[i] <= 0) continue;
      const Fix& fix = fixes.fixes[scenario.fixes[i]];
      // A rule acts on the customers it serves only, a range of time in stage on some periods
      // of the stay: add_trigger_states writes both into states of their own.
      if (fix.acts_by_time_in_stage()) continue;
      for (std::size_t e = 0; e < fix.effects.size(); ++e) {
        const Effect& effect = fix.effects[e];
        const std::size_t first = base.states.first_state(effect.from);
        // Arrivals enter the stage's first state; rows and revenue change in every state.
        const std::size_t states = effect.target == EffectTarget::inflow ? 1 : base.states.state_count(effect.from);
        for (std::size_t k = first; k < first + states; ++k)
          if (apply_effect(effect, draws[scenario.fixes[i]][e], shares[i], base.states, k, phase))
            was_clamped[i][e] = true;
      }
    }
    schedule.phases.push_back(std::move(phase));
    schedule.phase_of_period[static_cast<std::size_t>(t)] = static_cast<std::uint32_t>(schedule.phases.size() - 1);
    previous = shares;
  }
  for (const auto& flags : was_clamped) clamped += std::count(flags.begin(), flags.end(), true);
  return schedule;
}

}  // namespace journeysim
