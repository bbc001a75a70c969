#include "fired_copies.hpp"

#include <algorithm>
#include <deque>

#include "chain_growth.hpp"

namespace journeysim::scenario_detail {
namespace {

/// The states a customer of fix `f`'s firings can be in from then on (non-terminal), by index.
std::vector<bool> reached_after_firing(const Chain& chain, const PeriodSchedule& schedule, std::size_t f) {
  const auto n = static_cast<std::size_t>(chain.transition.rows());
  std::vector<bool> reached(n, false);
  std::deque<std::size_t> queue;
  const auto add = [&](std::size_t s) {
    if (chain.terminal[s] || reached[s]) return;
    reached[s] = true;
    queue.push_back(s);
  };
  const auto add_allocation = [&](const TriggerPoint& point) {
    add(point.held_state);
    for (std::uint32_t w = 0; w < point.treated_states; ++w) add(point.served_state + w);
  };
  for (const TriggerPoint& point : schedule.triggers)
    if (point.fix == f) {
      add(point.fire_state);
      add_allocation(point);
    }
  while (!queue.empty()) {
    const std::size_t s = queue.front();
    queue.pop_front();
    const auto row = static_cast<Eigen::Index>(s);
    for (Eigen::Index d = 0; d < chain.transition.cols(); ++d) {
      bool moves = chain.transition(row, d) > 0;
      for (const Phase& phase : schedule.phases) moves = moves || phase.transition(row, d) > 0;
      if (moves) add(static_cast<std::size_t>(d));
    }
    for (const TriggerPoint& point : schedule.triggers)
      if (point.fire_state == s) add_allocation(point);
  }
  return reached;
}

/// Row `s` written into row `copy_of[s]`, its destinations sent to their copies.
void copy_row(Eigen::MatrixXd& transition, std::size_t s, const std::vector<Eigen::Index>& copy_of) {
  const auto from = static_cast<Eigen::Index>(s);
  const Eigen::Index to = copy_of[s];
  for (Eigen::Index d = 0; d < static_cast<Eigen::Index>(copy_of.size()); ++d) {
    const double p = transition(from, d);
    if (p == 0) continue;
    transition(to, copy_of[static_cast<std::size_t>(d)] >= 0 ? copy_of[static_cast<std::size_t>(d)] : d) += p;
  }
}

/// Copies what follows fix f's firings; false (nothing built) when the chain would grow past
/// `max_states`, whose count goes to `needed`.
bool copy_for(std::size_t f, Chain& chain, PeriodSchedule& schedule, Eigen::Index max_states, Eigen::Index& needed) {
  const std::vector<bool> reached = reached_after_firing(chain, schedule, f);
  const auto n = static_cast<Eigen::Index>(reached.size());
  needed = n + std::count(reached.begin(), reached.end(), true);
  if (needed > max_states) return false;
  std::vector<Eigen::Index> copy_of(reached.size(), -1), source;
  std::vector<StageIndex> stages;
  std::vector<int> periods;
  for (std::size_t s = 0; s < reached.size(); ++s) {
    if (!reached[s]) continue;
    copy_of[s] = n + static_cast<Eigen::Index>(source.size());
    source.push_back(static_cast<Eigen::Index>(s));
    stages.push_back(static_cast<StageIndex>(chain.states.stage_of(s)));
    periods.push_back(chain.states.period.empty() ? 1 : chain.states.period[s]);
  }
  const Eigen::Index states = n + static_cast<Eigen::Index>(source.size());
  grow_chain(chain, states, source, stages, periods);
  for (Phase& phase : schedule.phases) {
    grow_phase(phase, states, source);
    for (const Eigen::Index s : source) copy_row(phase.transition, static_cast<std::size_t>(s), copy_of);
  }
  for (const Eigen::Index s : source) copy_row(chain.transition, static_cast<std::size_t>(s), copy_of);
  const auto copied = [&](std::uint32_t s) { return static_cast<std::uint32_t>(copy_of[s]); };
  // Each twin goes right after the trigger it copies: a capacity serves a firing's customers who
  // have not fired f before those who have, and a cooldown's earlier firings first, as before.
  std::vector<TriggerPoint> triggers;
  for (TriggerPoint point : schedule.triggers) {
    if (point.fix == f) {  // its firings lead into the copies, where it never fires
      point.served_state = copied(point.served_state);
      point.held_state = copied(point.fire_state);
      triggers.push_back(point);
      continue;
    }
    triggers.push_back(point);
    if (copy_of[point.fire_state] < 0) continue;
    TriggerPoint twin = point;  // the same rule, for the customers who fired f
    twin.fire_state = copied(point.fire_state);
    twin.served_state = copied(point.served_state);
    twin.held_state = copied(point.held_state);
    triggers.push_back(twin);
  }
  assign_capacity_groups(triggers);  // the twins moved every later trigger's position
  schedule.triggers = std::move(triggers);
  return true;
}

}  // namespace

Eigen::Index add_fired_copies(const FixesFile& fixes, Chain& chain, PeriodSchedule& schedule, Eigen::Index max_states) {
  std::vector<std::size_t> once;  // rules that fire once per customer, in schedule order
  for (const TriggerPoint& point : schedule.triggers) {
    const Fix& fix = fixes.fixes[point.fix];
    if (fix.trigger->once_per_customer && std::find(once.begin(), once.end(), point.fix) == once.end())
      once.push_back(point.fix);
  }
  Eigen::Index needed = 0;
  for (const std::size_t f : once)
    if (!copy_for(f, chain, schedule, max_states, needed)) return needed;
  return 0;
}

}  // namespace journeysim::scenario_detail
