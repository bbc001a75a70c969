#pragma once
/// \file The journey model (SPEC §2) as plain data. Checked by validate_journey() in validate.hpp.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "journeysim/core/error.hpp"
#include "journeysim/model/heterogeneity.hpp"
#include "journeysim/model/period.hpp"
#include "journeysim/model/time_in_stage.hpp"

namespace journeysim {

using StageIndex = std::size_t;

/// A touchpoint: where the customer meets the company in a stage.
struct Touchpoint {
  std::string name, channel, owner, system;
};

/// Target names a stage may carry, for gap analysis: conversion = share leaving to a
/// non-terminal stage within the horizon; loss = share ending in a terminal stage within the
/// horizon (an upper bound); periods = expected periods spent in the stage (an upper bound).
inline const std::vector<std::string>& target_names() {
  static const std::vector<std::string> names{"conversion", "loss", "periods"};
  return names;
}

/// One stage of the journey, with its descriptive lanes (kept for reports) and economics.
struct Stage {
  std::string id;  ///< [a-z0-9_-]+, unique
  std::string name;
  /// Other labels of this stage in event logs ("First Login", "first-login"): calibrate reads
  /// a row whose stage is an alias as this stage. Unique across the journey, never another
  /// stage's id (checked on reading, with alias_where).
  std::vector<std::string> aliases;
  std::vector<SourceLocation> alias_where;  ///< of each alias
  std::string entry, exit;
  std::vector<std::string> goals, questions, pain_points, opportunities;
  std::optional<double> emotion;  ///< -1 (frustrated) .. +1 (delighted)
  std::vector<Touchpoint> touchpoints;
  double revenue_per_period = 0;  ///< per customer per period in this stage
  double cost_per_period = 0;     ///< cost to serve per customer per period
  bool terminal = false;          ///< absorbing: no outgoing transitions
  std::map<std::string, double> targets;
  SourceLocation where;  ///< the stage's `id` value
  std::map<std::string, SourceLocation> field_where;  ///< value locations, by key
};

/// One given transition probability a → b per period (b != a; the stay is what is left).
struct TransitionCell {
  StageIndex to = 0;
  double probability = 0;
  SourceLocation where;  ///< the probability value
};

/// The listed transitions out of one stage.
struct TransitionRow {
  StageIndex from = 0;
  std::vector<TransitionCell> cells;
  SourceLocation where;  ///< the row's key
};

/// A stage whose transitions depend on the periods spent in it (model/time_in_stage.hpp), written
/// `transitions: {STAGE: {time_in_stage: {"1": {...}, "2-3": {...}, "4+": {...}}}}`.
struct TimeInStageRows {
  StageIndex stage = 0;
  std::vector<TenureBucket> buckets;  ///< contiguous from period 1, the last one open-ended
  std::vector<TransitionRow> rows;    ///< rows[b]: the transitions during buckets[b]
  /// counts[b][to]: calibration counts of bucket b, stays included, for parameter uncertainty
  /// (one Dirichlet draw per bucket); empty when the rows are exact.
  std::vector<std::vector<double>> counts;
  SourceLocation where;  ///< the `time_in_stage` key
  /// Derived from a Beta propensity (model/heterogeneity.hpp), one bucket per period: written
  /// back as the stage's plain row and its `heterogeneity` entry, never as buckets.
  bool derived = false;
  /// Periods in stage that need a state of their own: 1 .. the open-ended bucket's first.
  int periods() const { return buckets.back().first; }
  /// The bucket holding `period` (periods past the last boundary are in the open one).
  std::size_t bucket_of(int period) const;
};

/// Customers per stage: `initial` at period 0 and `inflow` new customers each period.
struct Population {
  std::vector<double> initial;  ///< one entry per stage
  std::vector<double> inflow;   ///< one entry per stage
  std::map<StageIndex, SourceLocation> initial_where, inflow_where;
  /// For stages with time-in-stage rows, the initial customers by period in stage (entry k − 1:
  /// in their k-th period; the last entry: the open-ended bucket and beyond), written
  /// `initial: {STAGE: {time_in_stage: {"1": n, "2": n, "4+": n}}}` — what a calibrated model
  /// needs to carry the as-of state. `initial[s]` is their sum. Stages not listed here start
  /// in period 1 (customers who have just entered).
  std::map<StageIndex, std::vector<double>> initial_by_period;
};

/// Observed transition counts, n×n including the diagonal (stays), for parameter uncertainty.
struct TransitionCounts {
  std::vector<std::vector<double>> counts;  ///< counts[from][to]; empty when absent
  std::vector<SourceLocation> row_where;    ///< per `from` stage, where given
  bool empty() const { return counts.empty(); }
};

/// How a homogeneity p-value was computed.
enum class HomogeneityMethod { chi_square, exact };

/// Time-homogeneity test of one row (first vs second half of the observation window).
struct HomogeneityResult {
  StageIndex from = 0;
  double statistic = 0;  ///< Pearson chi-square statistic (reported for both methods)
  int degrees_of_freedom = 0;
  double p_value = 1;           ///< this row's own p-value
  double adjusted_p_value = 1;  ///< Holm-adjusted across every row tested (the one to act on)
  HomogeneityMethod method = HomogeneityMethod::chi_square;  ///< exact: Fisher's exact test
};

/// Where the transitions came from (written by `calibrate`, read by `simulate` and `report`).
struct Calibration {
  std::string source;
  std::string as_of;  ///< ISO date
  std::optional<Period> period;
  double prior = 0;  ///< Dirichlet pseudo-count added to every allowed cell
  long long customers = 0;
  long long events = 0;
  std::string interval_method;  ///< e.g. "dirichlet-posterior"
  TransitionCounts counts;
  /// 95% interval per given cell: intervals[from][to] = {low, high} (empty when absent).
  std::map<StageIndex, std::map<StageIndex, std::pair<double, double>>> intervals;
  /// The same for a stage whose rows are by time in stage, per bucket (keyed by its label,
  /// "2-3"): bucket_intervals[from][label][to] = {low, high}.
  std::map<StageIndex, std::map<std::string, std::map<StageIndex, std::pair<double, double>>>> bucket_intervals;
  std::vector<HomogeneityResult> homogeneity;
  std::vector<StageIndex> flagged_rows;  ///< rows with too few exits to trust
  std::vector<double> inflow_sd;         ///< per stage; empty when absent
  /// Periods the inflow mean was averaged over (0 when absent): with inflow_sd it sets the
  /// standard error of the inflow level drawn per replicate.
  long long inflow_periods = 0;
  SourceLocation where;
  bool present = false;
};

/// A customer group with its own transitions, inflow and revenue. Anything not overridden is
/// inherited from the journey; population not given is `share` × the journey's population
/// (none at all when the segment has no share: then it brings its own population).
struct Segment {
  std::string id;
  std::optional<double> share;                     ///< of population and inflow, in (0, 1]
  std::vector<TransitionRow> transitions;          ///< cell-level overrides (in every bucket of a time-in-stage row)
  std::vector<TimeInStageRows> time_in_stage;      ///< whole rows by time in stage, replacing the journey's
  std::optional<std::vector<double>> initial;      ///< per stage, when overridden
  std::optional<std::vector<double>> inflow;       ///< per stage, when overridden
  std::map<StageIndex, double> revenue_per_period; ///< per-stage overrides
  TransitionCounts counts;                         ///< its own calibration counts
  SourceLocation where;
  std::map<std::string, SourceLocation> field_where;
  std::string name;  ///< for reports; the id when not given
};

/// Journey-level settings (the `journey:` block).
struct JourneyInfo {
  std::string name, persona, scenario;
  Period period = Period::month;
  int horizon = 36;  ///< periods projected
  std::string currency = "USD";
  double discount_rate_annual = 0.10;
  double gross_margin = 1.0;  ///< share of revenue that is margin
  std::map<std::string, SourceLocation> field_where;
};

/// A whole journey model.
struct Journey {
  std::string file;  ///< where it was read from ("" when built in code)
  JourneyInfo info;
  std::vector<Stage> stages;
  std::vector<TransitionRow> transitions;  ///< one row per stage that lists any, file order
  /// Stages whose rows depend on time in stage (none of them also has a row in `transitions`).
  std::vector<TimeInStageRows> time_in_stage;
  /// Stages whose customers differ in one exit's propensity: their rows by period in stage are
  /// derived into `time_in_stage` (derive_propensity_rows) from their plain rows, kept here.
  std::vector<BetaPropensity> propensities;
  std::vector<TransitionRow> propensity_base;  ///< propensity_base[i]: the plain row of propensities[i]
  Population population;
  std::vector<Segment> segments;
  Calibration calibration;

  std::size_t stage_count() const { return stages.size(); }
  /// Index of a stage id; nullopt when unknown.
  std::optional<StageIndex> find_stage(const std::string& id) const;
  std::vector<std::string> stage_ids() const;
  /// Dense per-period transition probabilities, including the stay on the diagonal. A stage
  /// with time-in-stage rows gets each destination's largest probability over its buckets: the
  /// pattern of moves it can make (reachability, allowed cells), not a row to simulate.
  std::vector<std::vector<double>> transition_matrix() const;
  /// The time-in-stage rows of `stage`, or nullptr when its row is one for every period.
  const TimeInStageRows* time_in_stage_of(StageIndex stage) const;
  /// Dense row of `stage` during bucket `bucket` of its time-in-stage rows, stay included.
  std::vector<double> bucket_row(const TimeInStageRows& rows, std::size_t bucket) const;
};

/// The journey seen by one segment: its transitions, population and revenue resolved.
/// The result has no segments of its own; its calibration counts are the segment's if given.
Journey resolve_segment(const Journey& journey, std::size_t segment_index);

}  // namespace journeysim

namespace journeysim {

/// One segment's view of the journey, ready to simulate.
struct SegmentJourney {
  std::string id;
  Journey journey;
};

/// Every segment resolved, in file order, plus "default" for the share of population and
/// inflow that no segment claims (when that share is above 1e-9). Empty without segments.
std::vector<SegmentJourney> segment_journeys(const Journey& journey);

}  // namespace journeysim
