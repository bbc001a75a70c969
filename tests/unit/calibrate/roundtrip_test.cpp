// Round trip: calibrate(synth(model)) recovers the model. Oracles: the true transition
// matrices of scenarios/b2b-saas (per segment), interval coverage at its nominal 95% rate, and
// chi-square goodness of fit of the recovered counts at fixed seeds.
#include <tbb/global_control.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "journeysim/calibrate/calibrate.hpp"
#include "journeysim/calibrate/estimate.hpp"
#include "journeysim/synth/synth.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/io/source_file.hpp"
#include "journeysim/output/journey_yaml_writer.hpp"
#include "test_paths.hpp"

using namespace journeysim;

namespace {

const std::string model_path = "scenarios/b2b-saas/journey.yaml";

std::string synth_text(const Journey& model, std::uint64_t seed, std::uint64_t customers) {
  SynthOptions options;
  options.customers = customers;
  options.periods = 24;
  options.seed = seed;
  options.segment_column = true;
  std::ostringstream out;
  write_synthetic_events(model, options, out);
  return out.str();
}

CalibrationResult calibrate_text(const Journey& model, const std::string& text) {
  EventLogOptions log_options;
  for (const auto& s : model.segments) log_options.known_segments.push_back(s.id);
  const EventLog log = parse_event_log(text, "synth.csv", model.stage_ids(), log_options);
  return calibrate_journey(model, log, {});
}

/// Pearson chi-square of one row, cells with expected count < 5 pooled into one.
void add_row_fit(const std::vector<double>& counts, const std::vector<double>& p, double& statistic, int& df) {
  double total = 0;
  for (double c : counts) total += c;
  if (total == 0) return;
  double small_observed = 0, small_expected = 0;
  int cells = 0;
  for (std::size_t j = 0; j < p.size(); ++j) {
    const double expected = total * p[j];
    if (expected >= 5) {
      statistic += (counts[j] - expected) * (counts[j] - expected) / expected;
      ++cells;
    } else {
      small_observed += counts[j];
      small_expected += expected;
    }
  }
  if (small_expected > 0) {
    statistic += (small_observed - small_expected) * (small_observed - small_expected) / small_expected;
    ++cells;
  }
  df += cells - 1;
}

}  // namespace

TEST_CASE("calibrate(synth(b2b-saas)) covers the true transitions at ~95% and fits them") {
  const Journey model = read_journey(test::source_path(model_path));
  std::size_t cells = 0, covered = 0;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const CalibrationResult fit = calibrate_text(model, synth_text(model, seed, 60000));
    for (std::size_t g = 0; g < model.segments.size(); ++g) {
      const auto truth = resolve_segment(model, g).transition_matrix();
      const GroupEstimate& group = fit.groups[g + 1];
      REQUIRE(group.segment == model.segments[g].id);
      double statistic = 0;
      int df = 0;
      for (StageIndex from = 0; from < model.stage_count(); ++from) {
        if (model.stages[from].terminal) continue;
        const RowEstimate& row = group.rows[from];
        REQUIRE_FALSE(row.probability.empty());
        for (StageIndex to = 0; to < model.stage_count(); ++to) {
          if (truth[from][to] <= 0) {
            CHECK(group.counts[from][to] == 0);  // no move the model cannot make
            continue;
          }
          ++cells;
          covered += row.low[to] <= truth[from][to] && truth[from][to] <= row.high[to];
        }
        add_row_fit(group.counts[from], truth[from], statistic, df);
      }
      // χ² with df degrees of freedom: P(χ² > df + 4·√(2·df)) is below 0.1% for these df.
      INFO("seed " << seed << " segment " << group.segment << " chi2 " << statistic << " df " << df);
      CHECK(statistic < df + 4 * std::sqrt(2.0 * df));
    }
  }
  // Coverage of nominal 95% intervals over many cells; bounds are ±4 binomial standard errors.
  const double coverage = static_cast<double>(covered) / static_cast<double>(cells);
  const double se = std::sqrt(0.95 * 0.05 / static_cast<double>(cells));
  INFO("coverage " << coverage << " over " << cells << " cells");
  CHECK(cells > 300);
  CHECK(coverage > 0.95 - 4 * se);
  CHECK(coverage < 0.95 + 4 * se);
}

TEST_CASE("synth arrivals recover the inflow and the segment shares") {
  const Journey model = read_journey(test::source_path(model_path));
  const CalibrationResult fit = calibrate_text(model, synth_text(model, 11, 48000));
  // 48,000 customers over 24 months: 2,000 a month into awareness; each month's count is
  // binomial(48000, 1/24), sd ≈ 43.8, so the mean of 22 months has sd ≈ 9.3.
  const StageIndex awareness = *model.find_stage("awareness");
  CHECK(std::abs(fit.groups[0].inflow_mean[awareness] - 2000) < 4 * 9.3);
  CHECK(std::abs(fit.groups[0].inflow_sd[awareness] - 43.8) < 15);
  const double smb = static_cast<double>(fit.groups[1].customers) / static_cast<double>(fit.panel.customers);
  CHECK(std::abs(smb - 0.7) < 4 * std::sqrt(0.7 * 0.3 / 48000));
  // Revenue per stage and segment is exactly the model's (every row carries it).
  CHECK(*fit.groups[2].revenue[*model.find_stage("adoption")] == 4200);
  CHECK(*fit.groups[1].revenue[*model.find_stage("adoption")] == 1500);
}

TEST_CASE("synth and calibrate give identical results for 1, 2 and 4 threads") {
  const Journey model = read_journey(test::source_path(model_path));
  const std::string template_text = read_yaml_file(test::source_path(model_path));
  std::string reference_log, reference_yaml;
  for (const int threads : {1, 2, 4}) {
    tbb::global_control control(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    const std::string text = synth_text(model, 5, 20000);
    const std::string yaml = calibrated_journey_yaml(template_text, model, calibrate_text(model, text).journey);
    if (reference_log.empty()) {
      reference_log = text;
      reference_yaml = yaml;
    }
    CHECK(text == reference_log);
    CHECK(yaml == reference_yaml);
  }
}
