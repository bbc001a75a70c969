#include <algorithm>
#include <map>

#include "journeysim/scenario/scenario.hpp"
#include "chain_growth.hpp"
#include "fired_copies.hpp"
#include "transition_change.hpp"

namespace journeysim {
namespace {
using scenario_detail::grow_chain;
using scenario_detail::grow_phase;

/// A layout naming every state's stage, also for a chain of one state per stage.
void complete_layout(StateLayout& layout, Eigen::Index states) {
  if (!layout.stage.empty()) return;
  for (Eigen::Index s = 0; s < states; ++s) {
    layout.stage.push_back(static_cast<StageIndex>(s));
    layout.period.push_back(1);
    layout.first.push_back(static_cast<std::size_t>(s));
    layout.count.push_back(1);
  }
}

/// A row of stage S split into its moves out of S (by column) and the stay (the mass on S's
/// own states, which the new layout sends to the next period's state).
struct SplitRow {
  Eigen::RowVectorXd leave;
  double stay = 0;
};

SplitRow split_row(const Eigen::MatrixXd& transition, Eigen::Index state, const StateLayout& layout, StageIndex stage) {
  SplitRow row{transition.row(state), 0.0};
  for (Eigen::Index c = 0; c < row.leave.size(); ++c)
    if (layout.stage[static_cast<std::size_t>(c)] == stage) {
      row.stay += row.leave(c);
      row.leave(c) = 0;
    }
  return row;
}

/// The states of one trigger's stage: untreated periods 1..last_untreated, treated periods
/// fire..last_treated (see add_trigger_states). `model_periods` is how many untreated states
/// the stage had before this trigger (the model's, or an earlier layout's on the same stage),
/// the last of them open-ended: later periods follow its row.
/// A fix limited to a range of time in stage (`range`) has no treated states: its effects are
/// written into the untreated rows of periods fire..fire + lasts − 1 (to the end when lasts is 0).
struct TriggerLayout {
  std::vector<Eigen::Index> untreated_states;  ///< period p in the stage → state (index p − 1)
  Eigen::Index model_periods = 1, treated_from = 0;
  StageIndex stage = 0;
  int fire = 1, last_untreated = 1, last_treated = 1, lasts = 0;
  bool range = false;
  Eigen::Index untreated(int p) const { return untreated_states[static_cast<std::size_t>(p - 1)]; }
  Eigen::Index treated(int p) const { return treated_from + (p - fire); }
  bool in_range(int p) const { return range && p >= fire && (lasts == 0 || p < fire + lasts); }
};

/// Rewrites one phase's rows of the layout's stage; marks in `clamped` (one flag per effect)
/// the effects clamped in any row.
void write_stage_rows(Phase& phase, const StateLayout& layout, const TriggerLayout& at, const Fix& fix,
                      const std::vector<double>& draws, double share, std::vector<bool>& clamped) {
  const StageIndex stage = at.stage;
  std::vector<SplitRow> model_rows;  // read before any row is written
  for (int p = 1; p <= at.model_periods; ++p) model_rows.push_back(split_row(phase.transition, at.untreated(p), layout, stage));
  const auto base_row = [&](int p) {
    return model_rows[static_cast<std::size_t>(std::min<Eigen::Index>(p, at.model_periods) - 1)];
  };
  const auto apply_effects = [&](SplitRow& row, double at_share) {
    for (std::size_t e = 0; e < fix.effects.size(); ++e) {
      const Effect& effect = fix.effects[e];
      double& cell = row.leave(static_cast<Eigen::Index>(layout.first[effect.to]));
      const StageIndex balance = effect.balance.value_or(stage);
      double& source = balance == stage ? row.stay : row.leave(static_cast<Eigen::Index>(layout.first[balance]));
      if (scenario_detail::change_transition(effect.mode, draws[e], at_share, cell, source)) clamped[e] = true;
    }
  };
  for (int p = 1; p <= at.last_untreated; ++p) {
    SplitRow row = base_row(p);
    if (at.in_range(p)) apply_effects(row, share);
    auto target = phase.transition.row(at.untreated(p));
    target = row.leave;
    target(at.untreated(std::min(p + 1, at.last_untreated))) += row.stay;
  }
  for (int p = at.fire; p <= at.last_treated; ++p) {
    SplitRow row = base_row(p);
    const int j = p - at.fire;  // periods since the customer was served
    const double fade = fix.trigger->fade ? 1.0 - static_cast<double>(j) / fix.trigger->lasts : 1.0;
    apply_effects(row, share * fade);
    const Eigen::Index next = p < at.last_treated ? at.treated(p + 1)
                              : at.lasts > 0      ? at.untreated(at.fire + at.lasts)
                                                  : at.treated(p);
    auto target = phase.transition.row(at.treated(p));
    target = row.leave;
    target(next) += row.stay;
  }
}

/// One firing of a rule: a rule with a cooldown fires again every `cooldown` periods in stage.
/// A fix limited to a range of time in stage is laid out as one "firing" at its first period.
struct Firing {
  std::size_t fix;
  int after;
};

StageIndex stage_of(const Fix& fix) { return fix.trigger ? fix.trigger->stage : fix.time_in_stage->stage; }

/// The scenario's firings in layout order. A stage's ranges of time in stage come first, so
/// the rules on it see (and their treated copies keep) the rows the ranges changed. Rules on
/// one stage are laid out in firing order; each earlier one's effect ends before the next
/// fires (io/trigger_reader.cpp checks it), so its treated customers rejoin the untreated
/// states before the next rule looks at them. A rule with a cooldown is laid out as one firing
/// per period in stage it fires at, up to the longest stay the run can see (the stage's model
/// periods plus the horizon).
std::vector<Firing> firings_of(const FixesFile& fixes, const Scenario& scenario, const StateLayout& layout,
                               int horizon) {
  std::vector<Firing> firings;
  for (const std::size_t f : scenario.fixes) {
    const Fix& fix = fixes.fixes[f];
    if (fix.time_in_stage) firings.push_back({f, fix.time_in_stage->periods.first - 1});
    if (!fix.trigger) continue;
    const Trigger& trigger = *fix.trigger;
    const int longest = static_cast<int>(layout.count[trigger.stage]) + horizon;
    for (int after = trigger.after; after + 1 <= longest; after += trigger.cooldown) {
      firings.push_back({f, after});
      if (trigger.cooldown == 0) break;
    }
  }
  std::stable_sort(firings.begin(), firings.end(), [&](const Firing& a, const Firing& b) {
    const Fix& x = fixes.fixes[a.fix];
    const Fix& y = fixes.fixes[b.fix];
    if (stage_of(x) != stage_of(y)) return stage_of(x) < stage_of(y);
    if (x.trigger.has_value() != y.trigger.has_value()) return !x.trigger;
    return x.trigger && a.after < b.after;
  });
  return firings;
}

/// The periods of one firing's layout, given the untreated states its stage has so far.
TriggerLayout plan_firing(const Fix& fix, int after, Eigen::Index model_periods, const StateLayout& layout,
                          int horizon) {
  TriggerLayout at;
  at.stage = stage_of(fix);
  at.model_periods = model_periods;
  at.fire = after + 1;
  // Periods in stage past the longest stay are never reached: no states for them.
  const int longest = static_cast<int>(layout.count[at.stage]) + horizon;
  if (fix.time_in_stage) {
    const TenureBucket& periods = fix.time_in_stage->periods;
    at.range = true;
    at.lasts = periods.open() ? 0 : periods.last - periods.first + 1;
    // One state per period up to the first period past the range (or its first, when open).
    const int needed = std::min(periods.open() ? periods.first : periods.last + 1, longest);
    at.last_untreated = std::max(static_cast<int>(at.model_periods), needed);
    at.last_treated = at.fire - 1;  // no treated states
    return at;
  }
  const Trigger& trigger = *fix.trigger;
  at.lasts = trigger.lasts > 0 ? std::min(trigger.lasts, longest - after) : 0;
  at.last_untreated = std::max({static_cast<int>(at.model_periods), at.fire + 1, at.lasts > 0 ? at.fire + at.lasts : 0});
  at.last_treated = at.lasts > 0 ? at.fire + at.lasts - 1 : at.last_untreated;
  return at;
}

/// The states one firing adds: untreated periods past the stage's so far, and treated ones.
Eigen::Index added_states(const TriggerLayout& at) {
  return std::max<Eigen::Index>(0, at.last_untreated - at.model_periods) + (at.last_treated - at.fire + 1);
}

StateLayout completed(const Chain& chain) {
  StateLayout layout = chain.states;
  complete_layout(layout, chain.transition.rows());
  return layout;
}

}  // namespace

bool acts_by_time_in_stage(const FixesFile& fixes, const Scenario& scenario) {
  return std::any_of(scenario.fixes.begin(), scenario.fixes.end(),
                     [&](std::size_t f) { return fixes.fixes[f].acts_by_time_in_stage(); });
}

Eigen::Index trigger_state_count(const FixesFile& fixes, const Scenario& scenario, const Chain& chain, int horizon) {
  Eigen::Index states = chain.transition.rows();
  if (!acts_by_time_in_stage(fixes, scenario)) return states;
  const StateLayout layout = completed(chain);
  std::map<StageIndex, Eigen::Index> untreated_of;  // a stage's untreated states so far
  for (const Firing& firing : firings_of(fixes, scenario, layout, horizon)) {
    const Fix& fix = fixes.fixes[firing.fix];
    const StageIndex stage = stage_of(fix);
    auto [known, fresh] = untreated_of.try_emplace(stage, static_cast<Eigen::Index>(layout.count[stage]));
    const TriggerLayout at = plan_firing(fix, firing.after, known->second, layout, horizon);
    states += added_states(at);
    known->second = std::max<Eigen::Index>(known->second, at.last_untreated);
  }
  return states;
}

Eigen::Index add_trigger_states(const FixesFile& fixes, const Scenario& scenario, const EffectDraws& draws, Chain& chain,
                                PeriodSchedule& schedule, std::int64_t& clamped, Eigen::Index max_states) {
  if (!acts_by_time_in_stage(fixes, scenario)) return 0;
  complete_layout(chain.states, chain.transition.rows());
  const int horizon = static_cast<int>(schedule.phase_of_period.size());
  const std::vector<Firing> firings = firings_of(fixes, scenario, chain.states, horizon);
  std::map<StageIndex, std::vector<Eigen::Index>> untreated_of;  // a stage's untreated states so far
  std::map<std::size_t, std::vector<bool>> clamped_of;             // per fix: which effects clamped
  for (const Firing& firing : firings) {
    const std::size_t f = firing.fix;
    const Fix& fix = fixes.fixes[f];
    const StageIndex stage = stage_of(fix);
    auto [known, fresh] = untreated_of.try_emplace(stage);
    std::vector<Eigen::Index>& untreated = known->second;
    if (fresh)
      for (std::size_t k = 0; k < chain.states.count[stage]; ++k)
        untreated.push_back(static_cast<Eigen::Index>(chain.states.first[stage] + k));
    TriggerLayout at = plan_firing(fix, firing.after, static_cast<Eigen::Index>(untreated.size()), chain.states, horizon);
    Eigen::Index next_state = chain.transition.rows();
    for (int p = static_cast<int>(at.model_periods) + 1; p <= at.last_untreated; ++p) untreated.push_back(next_state++);
    at.untreated_states = untreated;
    at.treated_from = next_state;
    std::vector<Eigen::Index> source;  // per added state: the state whose revenue and cost it takes
    std::vector<int> periods;
    for (int p = static_cast<int>(at.model_periods) + 1; p <= at.last_untreated; ++p) {
      source.push_back(at.untreated(static_cast<int>(at.model_periods)));
      periods.push_back(p);
    }
    for (int p = at.fire; p <= at.last_treated; ++p) {
      source.push_back(at.untreated(static_cast<int>(std::min<Eigen::Index>(p, at.model_periods))));
      periods.push_back(p);
    }
    const Eigen::Index states = chain.transition.rows() + static_cast<Eigen::Index>(source.size());
    grow_chain(chain, states, source, std::vector<StageIndex>(source.size(), stage), periods);
    // Counted per effect of the fix (over all its firings), as build_schedule counts plain fixes.
    std::vector<bool>& was_clamped = clamped_of.try_emplace(f, fix.effects.size(), false).first->second;
    for (std::size_t ph = 0; ph < schedule.phases.size(); ++ph) {
      grow_phase(schedule.phases[ph], states, source);
      const auto t = std::find(schedule.phase_of_period.begin(), schedule.phase_of_period.end(), ph) -
                     schedule.phase_of_period.begin();
      write_stage_rows(schedule.phases[ph], chain.states, at, fix, draws[f], fix.effect_share(static_cast<int>(t)),
                       was_clamped);
    }
    // The chain's own rows get the new layout without the effect (treated rows as untreated).
    Phase structure{chain.transition, chain.revenue_per_period, chain.inflow};
    std::vector<bool> ignored(fix.effects.size(), false);
    write_stage_rows(structure, chain.states, at, fix, draws[f], 0.0, ignored);
    chain.transition = std::move(structure.transition);
    if (!fix.trigger) continue;  // a range of time in stage acts on everyone there: nothing fires
    const Trigger& trigger = *fix.trigger;
    TriggerPoint point;
    point.fire_state = static_cast<std::uint32_t>(at.untreated(at.fire));
    point.served_state = static_cast<std::uint32_t>(at.treated(at.fire));
    point.held_state = point.fire_state;
    point.treated_states = static_cast<std::uint32_t>(at.last_treated - at.fire + 1);
    point.hold_out = trigger.hold_out;
    if (trigger.limited()) point.capacity.assign(schedule.phase_of_period.size(), trigger.capacity);
    point.start = fix.start;
    point.fix = f;
    schedule.triggers.push_back(point);
  }
  assign_capacity_groups(schedule.triggers);
  for (const auto& [f, flags] : clamped_of) clamped += std::count(flags.begin(), flags.end(), true);
  return scenario_detail::add_fired_copies(fixes, chain, schedule, max_states);
}

}  // namespace journeysim
