#pragma once
/// \file Rows by time in stage from the panel (`calibrate --time-in-stage auto|LIST`, issue #11 §3).
///
/// A customer's period in a stage is 1 in the period it entered the stage (its stage at that
/// period's end), 2 in the next, and so on; a transition is counted in the bucket of the period
/// in stage at the period end it starts from. Right censoring at as_of needs nothing: a spell
/// still open at as_of contributes the stays observed. Left truncation: a customer first seen in
/// the log's first period may have been in that stage before the log began, so the spell it is
/// first seen in has no known period in stage and is left out of the bucketed counts (counted
/// and reported); its later spells begin inside the window and count. Rows by bucket are the MLE
/// of their counts (estimate_row: the same prior and intervals as plain rows).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "journeysim/calibrate/estimate.hpp"
#include "journeysim/calibrate/panel.hpp"
#include "journeysim/model/journey.hpp"

namespace journeysim {

/// What `--time-in-stage` asked for.
struct TimeInStageChoice {
  /// template_rows (no --time-in-stage): the template's own bucketed stages, each with its
  /// buckets, the other stages one row (a template without buckets: as off).
  enum class Mode { off, list, automatic, template_rows };
  Mode mode = Mode::off;
  std::vector<TenureBucket> buckets;  ///< list: the buckets of every non-terminal stage
  std::map<StageIndex, std::vector<TenureBucket>> stage_buckets;  ///< template_rows, by stage
};

/// The choice calibrate applies to `template_journey`: template_rows gets the template's
/// buckets (off when it has none); the others are returned as they are.
TimeInStageChoice resolve_time_in_stage(const TimeInStageChoice& choice, const Journey& template_journey);

/// Reads "auto" or a list "1,2-3,4-12,13+" (contiguous from 1, the last open-ended); nullopt
/// with `problem` (a sentence) when it is neither.
std::optional<TimeInStageChoice> parse_time_in_stage(const std::string& text, std::string& problem);

/// The candidate buckets `auto` starts from, before merging sparse ones: 1, 2, 3, 4-6, 7-12, 13+.
std::vector<TenureBucket> automatic_candidate_buckets();

/// A bucket of the automatic candidates with fewer exits than this is merged into its neighbour.
inline constexpr std::uint64_t automatic_min_exits = 10;

/// Family-wise level of the automatic choice: a stage keeps its buckets when the Holm-adjusted
/// p-value of its likelihood-ratio test is below it.
inline constexpr double time_in_stage_level = 0.05;

/// One stage's fit by time in stage.
struct StageTenureFit {
  StageIndex stage = 0;
  std::vector<TenureBucket> buckets;                ///< as written (empty buckets merged away)
  std::vector<std::vector<std::uint64_t>> counts;   ///< per bucket, per destination, stays included
  std::vector<RowEstimate> rows;                    ///< per bucket
  std::uint64_t truncated_spells = 0;               ///< spells left out: start before the log
  std::uint64_t truncated_steps = 0;                ///< their transitions
  std::vector<std::string> merged;                  ///< labels of requested buckets merged away (empty)
  /// Likelihood-ratio test of the buckets against one row for every period (auto only):
  /// G = 2 Σ_b Σ_d c_bd ln(p̂_bd / p̂_d), df = (buckets − 1) × (destinations seen − 1).
  bool tested = false;
  double statistic = 0;
  int degrees_of_freedom = 0;
  double p_value = 1, adjusted_p_value = 1;
  bool kept = true;  ///< written by time in stage (auto: the test was significant)
};

/// Fits every non-terminal stage with tenure tallies in `tally` (built with tenure_periods at
/// least the first period of the open-ended bucket). `allowed` as for estimate_row. List: every
/// stage with counts is bucketed; auto: candidates merged where sparse, tested, Holm-corrected
/// across the stages tested, kept where significant. Stages without any counted transition of
/// known period in stage get no fit.
std::vector<StageTenureFit> fit_time_in_stage(const Journey& journey, const PanelTally& tally,
                                              const std::vector<std::vector<bool>>& allowed,
                                              const TimeInStageChoice& choice, const EstimateOptions& options);

/// The tenure tallies a choice needs (PanelOptions::tenure_periods): 0 when off.
std::size_t tenure_periods_needed(const TimeInStageChoice& choice);

}  // namespace journeysim
