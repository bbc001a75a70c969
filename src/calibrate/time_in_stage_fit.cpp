#include "journeysim/calibrate/time_in_stage_fit.hpp"

#include <boost/math/distributions/chi_squared.hpp>

#include <algorithm>
#include <cmath>

namespace journeysim {

std::optional<TimeInStageChoice> parse_time_in_stage(const std::string& text, std::string& problem) {
  TimeInStageChoice choice;
  if (text == "auto") {
    choice.mode = TimeInStageChoice::Mode::automatic;
    return choice;
  }
  choice.mode = TimeInStageChoice::Mode::list;
  int next = 1;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find(',', begin);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(begin, end - begin);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    const auto bucket = parse_tenure_bucket(item);
    if (!bucket) {
      problem = "'" + item + "' is not a range of periods in stage: write auto, or buckets like 1,2-3,4-12,13+ (periods 1 to " +
                std::to_string(max_time_in_stage_period) + ")";
      return std::nullopt;
    }
    if (next == 0) {
      problem = "'" + item + "' follows the open-ended bucket '" + choice.buckets.back().label() +
                "': the open-ended bucket must be the last";
      return std::nullopt;
    }
    if (bucket->first != next) {
      problem = "'" + item + "' should start at period " + std::to_string(next) +
                (choice.buckets.empty() ? " (the first period in the stage)"
                                        : " (right after '" + choice.buckets.back().label() + "')") +
                ": buckets must cover every period in order, without gaps or overlaps";
      return std::nullopt;
    }
    next = bucket->open() ? 0 : bucket->last + 1;
    choice.buckets.push_back(*bucket);
    begin = end + 1;
  }
  if (next != 0) {
    problem = "the last bucket '" + choice.buckets.back().label() + "' must be open-ended (write " +
              std::to_string(choice.buckets.back().first) + "+): customers can stay longer than any boundary";
    return std::nullopt;
  }
  return choice;
}

std::vector<TenureBucket> automatic_candidate_buckets() {
  return {{1, 1, {}}, {2, 2, {}}, {3, 3, {}}, {4, 6, {}}, {7, 12, {}}, {13, 0, {}}};
}

std::size_t tenure_periods_needed(const TimeInStageChoice& choice) {
  switch (choice.mode) {
    case TimeInStageChoice::Mode::off: return 0;
    case TimeInStageChoice::Mode::list: return static_cast<std::size_t>(choice.buckets.back().first);
    case TimeInStageChoice::Mode::automatic: return static_cast<std::size_t>(automatic_candidate_buckets().back().first);
    case TimeInStageChoice::Mode::template_rows: {
      std::size_t periods = 0;
      for (const auto& [stage, buckets] : choice.stage_buckets)
        periods = std::max(periods, static_cast<std::size_t>(buckets.back().first));
      return periods;
    }
  }
  return 0;
}

namespace {

/// Counts of `from` during `bucket`, from the tallies by period in stage (T holds T and later).
std::vector<std::uint64_t> bucket_counts(const PanelTally& tally, std::size_t from, const TenureBucket& bucket) {
  const std::size_t n = tally.revenue_periods.size(), big_t = tally.tenure_periods;
  std::vector<std::uint64_t> out(n, 0);
  const std::size_t first = static_cast<std::size_t>(bucket.first);
  const std::size_t last = bucket.open() ? big_t : std::min<std::size_t>(static_cast<std::size_t>(bucket.last), big_t);
  for (std::size_t t = first; t <= last; ++t) {
    const auto row = tally.tenure_row(from, t);
    for (std::size_t to = 0; to < n; ++to) out[to] += row[to];
  }
  return out;
}

std::uint64_t total(const std::vector<std::uint64_t>& row) {
  std::uint64_t sum = 0;
  for (auto c : row) sum += c;
  return sum;
}

std::uint64_t exits(const std::vector<std::uint64_t>& row, std::size_t from) { return total(row) - row[from]; }

/// Bucket `b` joined with `b + 1` (their counts added).
void merge_with_next(StageTenureFit& fit, std::size_t b) {
  fit.buckets[b].last = fit.buckets[b + 1].last;
  for (std::size_t to = 0; to < fit.counts[b].size(); ++to) fit.counts[b][to] += fit.counts[b + 1][to];
  fit.buckets.erase(fit.buckets.begin() + static_cast<std::ptrdiff_t>(b + 1));
  fit.counts.erase(fit.counts.begin() + static_cast<std::ptrdiff_t>(b + 1));
}

/// Merges, one at a time, the first bucket for which `sparse` holds into its neighbour (the
/// next one; the last into the one before), until none is sparse or one bucket is left.
template <typename Sparse>
void merge_sparse(StageTenureFit& fit, Sparse sparse) {
  while (fit.buckets.size() > 1) {
    std::size_t b = 0;
    while (b < fit.buckets.size() && !sparse(fit.counts[b])) ++b;
    if (b == fit.buckets.size()) return;
    fit.merged.push_back(fit.buckets[b].label());
    merge_with_next(fit, b + 1 < fit.buckets.size() ? b : b - 1);
  }
}

/// G = 2 Σ c ln(p̂_b / p̂): the likelihood ratio of a row per bucket against one row.
void likelihood_ratio(StageTenureFit& fit, std::size_t n) {
  std::vector<double> pooled(n, 0.0);
  double grand = 0;
  for (const auto& row : fit.counts)
    for (std::size_t to = 0; to < n; ++to) {
      pooled[to] += static_cast<double>(row[to]);
      grand += static_cast<double>(row[to]);
    }
  int destinations = 0;
  for (double c : pooled) destinations += c > 0 ? 1 : 0;
  double g = 0;
  for (const auto& row : fit.counts) {
    const double row_total = static_cast<double>(total(row));
    for (std::size_t to = 0; to < n; ++to)
      if (row[to] > 0) {
        const double c = static_cast<double>(row[to]);
        g += c * std::log((c / row_total) / (pooled[to] / grand));
      }
  }
  fit.tested = true;
  fit.statistic = std::max(0.0, 2 * g);
  fit.degrees_of_freedom = (static_cast<int>(fit.buckets.size()) - 1) * (destinations - 1);
  fit.p_value = fit.degrees_of_freedom > 0
                    ? boost::math::cdf(boost::math::complement(
                          boost::math::chi_squared_distribution<double>(fit.degrees_of_freedom), fit.statistic))
                    : 1.0;
  fit.adjusted_p_value = fit.p_value;
}

/// Holm across the stages tested; keeps the buckets where the adjusted p is below the level.
void choose(std::vector<StageTenureFit>& fits) {
  std::vector<HomogeneityResult> family;
  for (const auto& fit : fits)
    if (fit.degrees_of_freedom > 0) family.push_back({fit.stage, fit.statistic, fit.degrees_of_freedom, fit.p_value,
                                                      fit.p_value, HomogeneityMethod::chi_square});
  holm_adjust(family);
  std::size_t i = 0;
  for (auto& fit : fits) {
    if (fit.degrees_of_freedom > 0) fit.adjusted_p_value = family[i++].adjusted_p_value;
    fit.kept = fit.degrees_of_freedom > 0 && fit.adjusted_p_value < time_in_stage_level;
  }
}

}  // namespace

TimeInStageChoice resolve_time_in_stage(const TimeInStageChoice& choice, const Journey& template_journey) {
  if (choice.mode != TimeInStageChoice::Mode::template_rows) return choice;
  TimeInStageChoice out;
  for (const auto& rows : template_journey.time_in_stage)
    if (!rows.derived) out.stage_buckets[rows.stage] = rows.buckets;  // a propensity's rows are not buckets to fit
  out.mode = out.stage_buckets.empty() ? TimeInStageChoice::Mode::off : TimeInStageChoice::Mode::template_rows;
  return out;
}

std::vector<StageTenureFit> fit_time_in_stage(const Journey& journey, const PanelTally& tally,
                                              const std::vector<std::vector<bool>>& allowed,
                                              const TimeInStageChoice& choice, const EstimateOptions& options) {
  std::vector<StageTenureFit> fits;
  if (choice.mode == TimeInStageChoice::Mode::off) return fits;
  const bool automatic = choice.mode == TimeInStageChoice::Mode::automatic;
  const std::size_t n = journey.stage_count();
  for (StageIndex from = 0; from < n; ++from) {
    if (journey.stages[from].terminal) continue;
    const auto own = choice.stage_buckets.find(from);
    if (choice.mode == TimeInStageChoice::Mode::template_rows && own == choice.stage_buckets.end()) continue;
    StageTenureFit fit;
    fit.stage = from;
    fit.truncated_spells = tally.truncated_spells[from];
    fit.truncated_steps = tally.truncated_steps[from];
    fit.buckets = automatic ? automatic_candidate_buckets()
                  : own != choice.stage_buckets.end() ? own->second
                                                      : choice.buckets;
    std::uint64_t observed = 0;
    for (const auto& bucket : fit.buckets) {
      fit.counts.push_back(bucket_counts(tally, from, bucket));
      observed += total(fit.counts.back());
    }
    if (observed == 0) continue;
    // A bucket nobody reached has no estimate: its periods join a neighbour (the trailing ones,
    // the usual case, the bucket before them).
    merge_sparse(fit, [](const std::vector<std::uint64_t>& row) { return total(row) == 0; });
    if (automatic) {
      merge_sparse(fit, [from](const std::vector<std::uint64_t>& row) { return exits(row, from) < automatic_min_exits; });
      likelihood_ratio(fit, n);
    }
    fits.push_back(std::move(fit));
  }
  if (automatic) choose(fits);
  for (auto& fit : fits)
    for (const auto& row : fit.counts) fit.rows.push_back(estimate_row(fit.stage, row, allowed[fit.stage], options));
  return fits;
}

}  // namespace journeysim
