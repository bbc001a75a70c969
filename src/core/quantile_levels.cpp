#include "journeysim/core/quantile_levels.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "journeysim/core/number_text.hpp"

namespace journeysim {

namespace {

constexpr std::size_t max_levels = 99;

/// The level in thousandths (0.025 → 25), or -1 when it is not a whole number of them.
long thousandths(double level) {
  const double scaled = level * 1000.0;
  const double whole = std::round(scaled);
  if (!(std::abs(scaled - whole) < 1e-6)) return -1;
  return static_cast<long>(whole);
}

/// Percent text: 50 → "50", 25 thousandths → "2.5"; `pad` gives whole percents two digits.
std::string percent_text(double level, bool pad) {
  const long t = thousandths(level);
  std::string text = std::to_string(t / 10);
  if (pad && t % 10 == 0 && text.size() < 2) text.insert(0, "0");  // p05, but p2.5
  if (t % 10 != 0) text += "." + std::to_string(t % 10);
  return text;
}

}  // namespace

QuantileLevels QuantileLevels::standard() { return QuantileLevels{{0.05, 0.10, 0.50, 0.90, 0.95}}; }

QuantileLevels QuantileLevels::from_levels(std::vector<double> levels) {
  for (double level : levels) {
    if (!(level > 0 && level < 1))
      throw std::invalid_argument("quantile levels must lie strictly between 0 and 1, got " + format_exact(level));
    const long t = thousandths(level);
    if (t < 0)
      throw std::invalid_argument("quantile levels must be multiples of 0.001 (e.g. 0.025), got " +
                                  format_exact(level));
  }
  // Pages show the interval from the lowest to the highest level: without a level on each side
  // of the median there is none ("the 0% interval", "[P50, P50]").
  if (std::none_of(levels.begin(), levels.end(), [](double l) { return l < 0.5; }) ||
      std::none_of(levels.begin(), levels.end(), [](double l) { return l > 0.5; }))
    throw std::invalid_argument("give at least one level below 0.5 and one above (e.g. 0.1,0.9): figures show "
                                "the interval between the lowest and the highest");
  levels.push_back(0.5);  // the median is always reported (payback and the report use it)
  for (double& level : levels) level = static_cast<double>(thousandths(level)) / 1000.0;
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  if (levels.size() > max_levels)
    throw std::invalid_argument("at most " + std::to_string(max_levels) + " quantile levels, got " +
                                std::to_string(levels.size()));
  return QuantileLevels{std::move(levels)};
}

QuantileLevels QuantileLevels::parse(std::string_view text) {
  std::vector<double> levels;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string_view item = text.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    double level = 0;
    const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), level);
    if (item.empty() || error != std::errc() || end != item.data() + item.size())
      throw std::invalid_argument("expected comma-separated levels such as 0.1,0.5,0.9, got '" +
                                  std::string(item) + "'");
    levels.push_back(level);
    start = comma + 1;
  }
  return from_levels(std::move(levels));
}

std::size_t QuantileLevels::median_index() const {
  return static_cast<std::size_t>(std::find(levels.begin(), levels.end(), 0.5) - levels.begin());
}

std::string quantile_key(double level) { return "p" + percent_text(level, true); }

std::string quantile_label(double level) { return "P" + percent_text(level, false); }

}  // namespace journeysim
