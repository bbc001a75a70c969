#include "journeysim/calibrate/observed_moments.hpp"

namespace journeysim {

std::vector<ObservedMoment> observed_moments(const Journey& journey, const PanelTally& tally) {
  std::vector<ObservedMoment> out;
  const std::size_t h = tally.moments_periods;
  if (h == 0) return out;
  auto cell = [&](StageIndex s, std::size_t d, bool alive) { return tally.moments[(s * (h + 1) + d) * 2 + alive]; };
  for (const auto& rows : journey.time_in_stage) {
    if (rows.derived) continue;
    for (std::size_t b = 0; b + 1 < rows.buckets.size(); ++b) {
      const int k = rows.buckets[b].last;
      if (k >= static_cast<int>(h)) continue;
      ObservedMoment m;
      m.stage = rows.stage;
      m.within = k;
      m.periods = static_cast<int>(h);
      for (std::size_t d = 0; d <= h; ++d)
        for (bool alive : {false, true}) {
          const std::uint64_t n = cell(rows.stage, d, alive);
          m.entrants += n;
          if (d == 0) continue;
          auto& group = d <= static_cast<std::size_t>(k) ? m.within_customers : m.later_customers;
          auto& kept = d <= static_cast<std::size_t>(k) ? m.within_alive : m.later_alive;
          group += n;
          if (alive) kept += n;
        }
      if (m.within_customers + m.later_customers > 0) out.push_back(m);
    }
  }
  return out;
}

}  // namespace journeysim
