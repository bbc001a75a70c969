#include "journeysim/core/suggest.hpp"

#include <algorithm>
#include <numeric>

namespace journeysim {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  // A typo is at most a third of the longer word wrong, and one edit is always allowed. The
  // longer word, so that a truncation ('churn' for 'churned') is still recognised.
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const auto& candidate : candidates) {
    const std::size_t max_distance = std::max<std::size_t>(1, std::max(word.size(), candidate.size()) / 3);
    const std::size_t d = edit_distance(word, candidate);
    if (d <= max_distance && d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string best = closest_match(word, candidates);
  return best.empty() ? std::string{} : ", did you mean '" + best + "'?";
}

}  // namespace journeysim
