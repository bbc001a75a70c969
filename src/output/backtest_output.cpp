#include "journeysim/output/backtest_output.hpp"

#include <filesystem>
#include <sstream>

#include "journeysim/core/number_text.hpp"
#include "journeysim/io/csv_text.hpp"

namespace journeysim {
namespace {

nlohmann::json summary_json(const ScoreSummary& s) {
  nlohmann::json pit = nlohmann::json::array();
  for (std::size_t c : s.pit_histogram) pit.push_back(c);
  return {{"forecasts", s.forecasts},
          {"coverage_50", s.coverage_50},
          {"coverage_90", s.coverage_90},
          {"coverage_90_se", s.coverage_90_se},
          {"mean_error", s.mean_error},
          {"median_error", s.median_error},
          {"mean_relative_error", s.mean_relative_error},
          {"mape", s.mape},
          {"interval_score_90", s.interval_score_90},
          {"crps", s.crps},
          {"pit_histogram", pit}};
}

std::string csv_significant(double value) { return format_significant(value, 10); }

}  // namespace

nlohmann::json backtest_to_json(const BacktestResult& r, const std::vector<StructureScore>& comparison) {
  nlohmann::json by_ahead = nlohmann::json::array();
  for (std::size_t h = 0; h < r.by_ahead.size(); ++h) {
    nlohmann::json entry = summary_json(r.by_ahead[h]);
    entry["ahead"] = h + 1;
    by_ahead.push_back(entry);
  }
  nlohmann::json by_quantity = nlohmann::json::object();
  for (std::size_t q = 0; q < r.quantities.size(); ++q) by_quantity[r.quantities[q]] = summary_json(r.by_quantity[q]);
  nlohmann::json out = {{"period", to_string(r.period)},
          {"horizon", r.horizon},
          {"mode", to_string(r.mode)},
          {"replicates", r.replicates},
          {"origins", r.origins},
          {"overall", summary_json(r.overall)},
          {"coverage_90", r.overall.coverage_90},
          {"coverage_50", r.overall.coverage_50},
          {"by_ahead", by_ahead},
          {"by_quantity", by_quantity},
          {"stages", r.stage_ids},
          {"calibrate", r.calibrate_flags},
          {"verdict", r.verdict}};
  if (!comparison.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const StructureScore& c : comparison)
      list.push_back({{"structure", c.name}, {"calibrate", c.calibrate_flags}, {"scores", summary_json(c.overall)},
                      {"crps_gap", c.crps_gap}, {"crps_gap_se", c.crps_gap_se},
                      {"indistinguishable_from_best", c.indistinguishable}, {"verdict", c.verdict}});
    out["comparison"] = list;
    out["recommended"] = {{"structure", comparison.front().name}, {"calibrate", comparison.front().calibrate_flags},
                          {"by", "lowest mean CRPS over every forecast"}};
    nlohmann::json ties = nlohmann::json::array();
    for (const StructureScore& c : comparison)
      if (c.indistinguishable) ties.push_back(c.name);
    out["recommended"]["indistinguishable"] = ties;
  }
  return out;
}

void write_backtest_outputs(const OutputDirectory& out, const BacktestResult& result,
                            const std::vector<StructureScore>& comparison) {
  write_directory_atomically(out, [&](const std::string& temporary) {
    const std::filesystem::path dir(temporary);
    write_file_atomically((dir / backtest_json).string(), backtest_to_json(result, comparison).dump(2) + "\n");
    write_file_atomically((dir / backtest_csv).string(), [&](std::ostream& file) {
      file << "origin,ahead,segment,quantity,actual,mean,p05,p25,p50,p75,p95,in_50,in_90,interval_score_90,crps,pit\n";
      for (const BacktestPoint& p : result.points) {
        const ForecastScore& s = p.score;
        file << result.origins[p.origin] << ',' << p.ahead << ',' << csv_text::field(p.segment.empty() ? "all" : p.segment)
             << ',' << csv_text::field(p.quantity) << ',' << csv_significant(s.actual) << ','
             << csv_significant(s.mean) << ',' << csv_significant(s.q05) << ',' << csv_significant(s.q25) << ',' << csv_significant(s.q50) << ','
             << csv_significant(s.q75) << ',' << csv_significant(s.q95) << ',' << (s.in50 ? 1 : 0) << ',' << (s.in90 ? 1 : 0) << ','
             << csv_significant(s.interval_score_90) << ',' << csv_significant(s.crps) << ',' << csv_significant(s.pit) << '\n';
      }
    });
  });
}

}  // namespace journeysim
