// What an A/B pilot of a fix's transition effect would be worth before funding it, and the
// pilot size and length that maximise its expected net benefit (docs/reference/outputs.md#pilot).
//
// The pilot estimates the effect θ from the transitions of its customers: each period a
// customer spends in the stage is one Bernoulli trial of the move the effect changes, so n
// customers per arm, followed m periods, carry Fisher information n·Σ_k occ_k·(∂p_k/∂θ)²/(p_k(1−p_k))
// per arm (occ_k: expected periods in the stage's k-th state within m periods). The estimate is
// the treated arm's against the control's (the `to` mode needs no control), so its noise
// variance is v = 1/I_treated + 1/I_control. The EVSI of that noise comes from the Gaussian
// approximation on the decision's own replicates (decide/value_of_information.hpp).
//
// Waiting costs: funding starts `wait` periods later, and the program's value, taken to accrue
// evenly over the horizon H, keeps discount(wait)·(H − wait)/H of itself.
#include <algorithm>
#include <cmath>

#include "decide_detail.hpp"
#include "journeysim/analytic/chain.hpp"
#include "journeysim/decide/value_of_information.hpp"
#include "journeysim/model/heterogeneity.hpp"

namespace journeysim::decide_detail {
namespace {

/// Customers per arm the search tries, and the longest follow-up.
constexpr double pilot_sizes[] = {25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 1e6};
constexpr int longest_follow = 24;

/// Per customer entering the effect's stage, followed m periods: Fisher information about θ
/// of one treated customer and of one control customer.
struct Information {
  double treated = 0, control = 0, periods = 0;  ///< periods: expected periods in the stage
};

double treated_probability(const Effect& effect, double p, double value) {
  switch (effect.mode) {
    case EffectMode::relative: return p * (1 + value);
    case EffectMode::absolute: return p + value;
    case EffectMode::to: return value;
  }
  return p;
}

double derivative(const Effect& effect, double p) { return effect.mode == EffectMode::relative ? p : 1.0; }

Information information_of(const Chain& chain, const Effect& effect, double mean_effect, int follow) {
  const StateLayout& layout = chain.states;
  const std::size_t first = layout.first_state(effect.from), count = layout.state_count(effect.from);
  std::vector<double> occupancy(count, 0.0), mass(count, 0.0), next(count);
  mass[0] = 1;
  for (int k = 0; k < follow; ++k) {
    std::fill(next.begin(), next.end(), 0.0);
    for (std::size_t i = 0; i < count; ++i) {
      occupancy[i] += mass[i];
      for (std::size_t j = 0; j < count; ++j)
        next[j] += mass[i] * chain.transition(static_cast<Eigen::Index>(first + i), static_cast<Eigen::Index>(first + j));
    }
    mass.swap(next);
  }
  Information out;
  for (std::size_t i = 0; i < count; ++i) {
    const auto state = first + i;
    const double p = chain.transition(static_cast<Eigen::Index>(state),
                                      static_cast<Eigen::Index>(layout.destination(state, effect.to)));
    const double treated = std::clamp(treated_probability(effect, p, mean_effect), 0.0, 1.0);
    const double d = derivative(effect, p);
    out.periods += occupancy[i];
    if (treated > 0 && treated < 1) out.treated += occupancy[i] * d * d / (treated * (1 - treated));
    if (p > 0 && p < 1) out.control += occupancy[i] * d * d / (p * (1 - p));
  }
  return out;
}

/// Expected customers entering `stage` per period over the horizon (expected trace, baseline).
double entries_per_period(const Chain& chain, StageIndex stage, int horizon) {
  const StateLayout& layout = chain.states;
  const auto first = static_cast<Eigen::Index>(layout.first_state(stage));
  const std::size_t own_first = layout.first_state(stage), own_count = layout.state_count(stage);
  Eigen::RowVectorXd x = chain.initial;
  double entries = 0;
  for (int t = 0; t + 1 < horizon; ++t) {
    entries += chain.inflow(first);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      const auto state = static_cast<std::size_t>(i);
      if (state >= own_first && state < own_first + own_count) continue;  // moves within the stage
      entries += x(i) * chain.transition(i, first);
    }
    x = x * chain.transition + chain.inflow;
  }
  return horizon > 1 ? entries / (horizon - 1) : 0.0;
}

}  // namespace

std::optional<Pilot> best_pilot(const Journey& journey, const FixesFile& fixes, const DecisionResult& result,
                                const std::vector<std::vector<double>>& npv, std::uint64_t seed) {
  const EffectInformation* target = nullptr;
  for (const auto& info : result.information)
    // A rule's pilot would enrol the customers it serves, and a range of time in stage the
    // customers in its periods, not the stage's entries: not planned yet.
    if (info.cost.empty() && fixes.fixes[info.fix].effects[info.effect].target == EffectTarget::transition &&
        !fixes.fixes[info.fix].acts_by_time_in_stage()) {
      target = &info;  // largest EVPPI first
      break;
    }
  if (!target) return std::nullopt;
  const Fix& fix = fixes.fixes[target->fix];
  const Effect& effect = fix.effects[target->effect];
  const int horizon = result.horizon;
  const Chain chain = make_chain(covering(journey, horizon));
  Economics economics = economics_of(journey, horizon);
  economics.prepare();

  std::vector<const std::vector<double>*> options;
  for (std::size_t p : information_options(result)) options.push_back(&npv[p]);
  const auto draws = effect_draws(fixes, target->fix, target->effect, seed, 0, result.screening_replicates);
  const ConditionalMeans means =
      conditional_means(draws, options, default_bins(static_cast<std::size_t>(result.screening_replicates)));
  double best_now = means.overall.empty() ? 0.0 : means.overall.front();
  for (double v : means.overall) best_now = std::max(best_now, v);

  Pilot best;
  best.fix = target->fix;
  best.effect = target->effect;
  // A fix limited to segments enrols only their customers, each segment's in proportion to its
  // entries, and learns at each one's own rows.
  std::vector<std::pair<Chain, double>> enrolled;  // (chain, entries per period)
  if (fix.segments.empty()) {
    enrolled.emplace_back(chain, entries_per_period(chain, effect.from, horizon));
  } else {
    for (const SegmentJourney& segment : segment_journeys(journey))
      if (fix.reaches(segment.id)) {
        Chain rows = make_chain(covering(segment.journey, horizon));
        const double entries = entries_per_period(rows, effect.from, horizon);
        enrolled.emplace_back(std::move(rows), entries);
      }
  }
  for (const auto& [rows, entries] : enrolled) best.entries_per_period += entries;
  bool found = false;
  if (!(best.entries_per_period > 0)) return std::nullopt;
  for (int follow = 1; follow <= std::min(longest_follow, horizon - 1); ++follow) {
    Information info;  // per enrolled customer: the segments' information weighted by their entries
    for (const auto& [rows, entries] : enrolled) {
      const Information segment = information_of(rows, effect, effect.value.mean(), follow);
      const double share = entries / best.entries_per_period;
      info.treated += share * segment.treated;
      info.control += share * segment.control;
      info.periods += share * segment.periods;
    }
    if (!(info.treated > 0)) continue;
    for (double n : pilot_sizes) {
      const int enrolment = static_cast<int>(std::ceil(2 * n / best.entries_per_period));
      const int wait = enrolment - 1 + follow;
      if (wait >= horizon) break;
      double variance = 1 / (n * info.treated);
      if (effect.mode != EffectMode::to) variance += info.control > 0 ? 1 / (n * info.control) : INFINITY;
      const double value = evsi(means, shrink_factor(means.input_variance, variance));
      const double keep = economics.discount(wait) * (horizon - wait) / horizon;
      Pilot plan = best;
      plan.per_arm = n;
      plan.follow = follow;
      plan.wait = wait;
      plan.noise_sd = std::sqrt(variance);
      plan.evsi = value;
      plan.wait_cost = (1 - keep) * (best_now + value);
      plan.direct_cost = fix.cost.per_customer.mean() * n * info.periods;
      plan.net = keep * (best_now + value) - best_now - plan.direct_cost;
      if (!found || plan.net > best.net) best = plan, found = true;
    }
  }
  if (!found) return std::nullopt;
  return best;
}

}  // namespace journeysim::decide_detail
