#pragma once
/// \file The quantile levels a run reports (`simulate --quantiles`), and their names in files
/// (`p05`, `p10`, `p2.5`) and on pages (`P5`, `P10`, `P2.5`). One home, because summary.json,
/// trajectories.csv, the console ranking and the report must name them alike.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace journeysim {

/// Ascending, distinct levels in (0, 1), each a multiple of 0.001 (so names are exact), the
/// median always among them. The interval a page shows is the outermost pair.
struct QuantileLevels {
  std::vector<double> levels;

  /// 0.05, 0.10, 0.50, 0.90, 0.95: the 90% interval of earlier versions and finance's P10/P90.
  static QuantileLevels standard();
  /// Parses "0.1,0.5,0.9" (any order; the median is added when missing). Throws
  /// std::invalid_argument with a message that says what is allowed.
  static QuantileLevels parse(std::string_view text);
  /// The same checks for levels read from a file; throws std::invalid_argument.
  static QuantileLevels from_levels(std::vector<double> levels);

  std::size_t size() const { return levels.size(); }
  std::size_t median_index() const;
  double low() const { return levels.front(); }
  double high() const { return levels.back(); }
};

/// The key of a level in JSON and CSV: 0.05 → "p05", 0.9 → "p90", 0.025 → "p2.5", 0.999 → "p99.9".
std::string quantile_key(double level);
/// The name of a level for people: 0.05 → "P5", 0.9 → "P90", 0.025 → "P2.5".
std::string quantile_label(double level);

}  // namespace journeysim
