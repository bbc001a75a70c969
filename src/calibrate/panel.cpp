#include "journeysim/calibrate/panel.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "journeysim/calibrate/period_clock.hpp"
#include "journeysim/core/error.hpp"
#include "journeysim/model/limits.hpp"

namespace journeysim {

void PanelTally::resize(std::size_t stages, std::size_t periods) {
  counts.assign(stages * stages, 0);
  first_half.assign(stages * stages, 0);
  second_half.assign(stages * stages, 0);
  revenue_sum.assign(stages, 0.0);
  revenue_periods.assign(stages, 0);
  at_as_of.assign(stages, 0);
  arrivals.assign(periods, std::vector<std::uint64_t>(stages, 0));
}

void PanelTally::add(const PanelTally& other) {
  customers += other.customers;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    counts[i] += other.counts[i];
    first_half[i] += other.first_half[i];
    second_half[i] += other.second_half[i];
  }
  for (std::size_t s = 0; s < revenue_sum.size(); ++s) {
    revenue_sum[s] += other.revenue_sum[s];
    revenue_periods[s] += other.revenue_periods[s];
    at_as_of[s] += other.at_as_of[s];
  }
  for (std::size_t p = 0; p < arrivals.size(); ++p)
    for (std::size_t s = 0; s < arrivals[p].size(); ++s) arrivals[p][s] += other.arrivals[p][s];
}

namespace {

/// What one block of customers contributes; blocks are combined in order.
struct Partial {
  PanelTally pooled;
  std::vector<PanelTally> segments;
  std::size_t customers = 0, events_used = 0, after_as_of = 0, after_terminal = 0, changing_segment = 0;
  std::vector<LateEvent> examples;
};

/// Shared, read-only context of the walk.
struct Walk {
  const EventLog& log;
  const std::vector<bool>& terminal;
  const Panel& panel;  // period, as_of, window
  std::size_t stages;
  std::size_t max_examples;
  /// Start of periods first_period … last_complete_period + 2: every kept event (time ≤ as_of)
  /// falls inside, so bucketing is a search in a short table instead of calendar arithmetic.
  std::vector<UtcMillis> starts;
};

/// Sorts a customer's event indices by time; ties keep file order (indices ascend).
void sort_by_time(const std::vector<EventRecord>& events, std::uint32_t* idx, std::size_t count) {
  auto before = [&](std::uint32_t x, std::uint32_t y) {
    return events[x].time < events[y].time || (events[x].time == events[y].time && x < y);
  };
  if (count > 32) {
    std::sort(idx, idx + count, before);
    return;
  }
  for (std::size_t i = 1; i < count; ++i)  // logs are mostly in time order already
    for (std::size_t j = i; j > 0 && before(idx[j], idx[j - 1]); --j) std::swap(idx[j], idx[j - 1]);
}

/// Adds one customer's panel (events `idx`, sorted by time then file order) to `part`.
void walk_customer(const Walk& w, const std::uint32_t* idx, std::size_t count, Partial& part,
                   std::vector<std::int64_t>& periods) {
  const auto& events = w.log.events;
  std::size_t m = count;
  while (m > 0 && events[idx[m - 1]].time > w.panel.as_of) --m;  // a suffix, as times are sorted
  part.after_as_of += count - m;
  for (std::size_t k = 0; k < m; ++k) {
    if (!w.terminal[events[idx[k]].stage]) continue;
    for (std::size_t late = k + 1; late < m; ++late) {
      const EventRecord& e = events[idx[late]];
      if (part.examples.size() < w.max_examples) part.examples.push_back({e.customer, e.stage, e.time});
    }
    part.after_terminal += m - (k + 1);
    m = k + 1;
    break;
  }
  if (m == 0) return;
  part.customers += 1;
  part.events_used += m;
  std::uint16_t segment = EventRecord::no_segment;
  for (std::size_t k = 0; k < m; ++k) {
    const std::uint16_t s = events[idx[k]].segment;
    if (s == EventRecord::no_segment) continue;
    if (segment == EventRecord::no_segment) segment = s;
    else if (s != segment) { ++part.changing_segment; break; }
  }
  PanelTally* tallies[2] = {&part.pooled, segment == EventRecord::no_segment ? nullptr : &part.segments[segment]};
  auto for_each_tally = [&](auto&& f) {
    for (PanelTally* t : tallies)
      if (t) f(*t);
  };
  const std::size_t n = w.stages;
  const std::uint16_t last_stage = events[idx[m - 1]].stage;
  for_each_tally([&](PanelTally& t) { ++t.customers; ++t.at_as_of[last_stage]; });

  periods.resize(m);
  std::size_t slot = static_cast<std::size_t>(
      std::upper_bound(w.starts.begin(), w.starts.end(), events[idx[0]].time) - w.starts.begin() - 1);
  for (std::size_t k = 0; k < m; ++k) {
    while (slot + 1 < w.starts.size() && w.starts[slot + 1] <= events[idx[k]].time) ++slot;
    periods[k] = w.panel.first_period + static_cast<std::int64_t>(slot);
  }
  const std::int64_t last = w.panel.last_complete_period, half = w.panel.half_boundary;
  std::int64_t p = periods[0];
  if (p > last) return;  // first seen in the incomplete last period: no complete period yet

  const bool with_revenue = !w.log.revenue.empty();
  double revenue = std::numeric_limits<double>::quiet_NaN();
  std::size_t i = 0;
  // Moves the state to the end of period `q`: the last event inside it wins.
  auto consume = [&](std::int64_t q) {
    std::uint16_t stage = 0;
    for (; i < m && periods[i] == q; ++i) {
      stage = events[idx[i]].stage;
      if (with_revenue && !std::isnan(w.log.revenue[idx[i]])) revenue = w.log.revenue[idx[i]];
    }
    return stage;
  };
  auto add_revenue = [&](std::uint16_t stage, std::uint64_t periods_in_stage) {
    if (std::isnan(revenue) || w.terminal[stage]) return;
    for_each_tally([&](PanelTally& t) {
      t.revenue_sum[stage] += revenue * static_cast<double>(periods_in_stage);
      t.revenue_periods[stage] += periods_in_stage;
    });
  };
  std::uint16_t a = consume(p);
  for_each_tally([&](PanelTally& t) { ++t.arrivals[static_cast<std::size_t>(p - w.panel.first_period)][a]; });
  while (true) {
    add_revenue(a, 1);
    if (w.terminal[a]) break;
    const std::int64_t q = i < m ? periods[i] : std::numeric_limits<std::int64_t>::max();
    const std::int64_t last_stay = std::min(q - 1, last);
    if (last_stay > p) {  // stays into periods p+1 .. last_stay
      const auto k = static_cast<std::uint64_t>(last_stay - p);
      const auto k1 = static_cast<std::uint64_t>(std::clamp<std::int64_t>(half - p, 0, last_stay - p));
      const std::size_t cell = std::size_t{a} * n + a;
      for_each_tally([&](PanelTally& t) {
        t.counts[cell] += k;
        t.first_half[cell] += k1;
        t.second_half[cell] += k - k1;
      });
      add_revenue(a, k);
      p = last_stay;
    }
    if (q > last) break;
    const std::uint16_t b = consume(q);
    const std::size_t cell = std::size_t{a} * n + b;
    for_each_tally([&](PanelTally& t) {
      ++t.counts[cell];
      ++(q <= half ? t.first_half : t.second_half)[cell];
    });
    a = b;
    p = q;
  }
}

/// Event indices grouped by customer (counting sort; file order within a customer).
void group_by_customer(const EventLog& log, std::vector<std::uint32_t>& offsets, std::vector<std::uint32_t>& order) {
  offsets.assign(log.customers.size() + 1, 0);
  for (const EventRecord& e : log.events) ++offsets[e.customer + 1];
  for (std::size_t c = 0; c < log.customers.size(); ++c) offsets[c + 1] += offsets[c];
  order.resize(log.events.size());
  std::vector<std::uint32_t> next(offsets.begin(), offsets.end() - 1);
  for (std::uint32_t i = 0; i < log.events.size(); ++i) order[next[log.events[i].customer]++] = i;
}

/// Each block and the total keep per-period arrival tallies (window × stages, per segment):
/// a log whose dates span millennia (1970 … 9999 by day, one bad cell is enough) asked for
/// 9.4 GB from two rows. Refused before allocating, naming the span and the way out.
void check_panel_memory(const EventLog& log, const Panel& panel, std::size_t stages, std::size_t window,
                        std::size_t blocks) {
  const double bytes = static_cast<double>(blocks + 1) * static_cast<double>(1 + log.segments.size()) *
                       static_cast<double>(window) * (static_cast<double>(stages) * 8 + 24);
  if (bytes <= limits::panel_bytes) return;
  throw InputError("the events span " + std::to_string(window) + " " + to_string(panel.period) + "s (" +
                       format_iso_date(period_start(panel.first_period, panel.period)) + " to " +
                       format_iso_date(panel.as_of) + "), which would need about " +
                       std::to_string(static_cast<long long>(bytes / 1e9) + 1) +
                       " GB of per-period tallies (limit 2 GB): check the log for wrong dates, or use a longer "
                       "--period or an earlier --as-of",
                   SourceLocation{log.file, 0, 0});
}

}  // namespace

Panel build_panel(const EventLog& log, const std::vector<bool>& terminal, const PanelOptions& options) {
  Panel panel;
  panel.period = options.period;
  const std::size_t n = log.stage_ids.size();
  const auto& events = log.events;
  if (options.as_of) {
    panel.as_of = *options.as_of;
  } else {
    panel.as_of = tbb::parallel_reduce(
        tbb::blocked_range<std::size_t>(0, events.size()), std::numeric_limits<UtcMillis>::min(),
        [&](const tbb::blocked_range<std::size_t>& r, UtcMillis best) {
          for (std::size_t i = r.begin(); i < r.end(); ++i) best = std::max(best, events[i].time);
          return best;
        },
        [](UtcMillis a, UtcMillis b) { return std::max(a, b); });
  }
  UtcMillis earliest = std::numeric_limits<UtcMillis>::max();
  for (const EventRecord& e : events) earliest = std::min(earliest, e.time);
  panel.first_period = events.empty() ? 0 : period_of(earliest, options.period);
  // A period is complete when its last millisecond is at or before as_of.
  panel.last_complete_period = period_of(panel.as_of + 1, options.period) - 1;
  panel.half_boundary = panel.first_period + (panel.last_complete_period - panel.first_period) / 2;
  const std::size_t window = std::max<std::size_t>(panel.complete_periods(), 1);

  std::vector<std::uint32_t> offsets, order;
  group_by_customer(log, offsets, order);
  // Fixed block count (from the data size, never the thread count) keeps sums reproducible.
  const std::size_t customers = log.customers.size();
  const std::size_t blocks = std::clamp<std::size_t>(customers / 4096, 1, 256);
  check_panel_memory(log, panel, n, window, blocks);
  std::vector<Partial> parts(blocks);
  Walk walk{log, terminal, panel, n, options.max_examples, {}};
  for (std::int64_t p = panel.first_period; p <= std::max(panel.last_complete_period, panel.first_period) + 2; ++p)
    walk.starts.push_back(period_start(p, panel.period));
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    Partial& part = parts[b];
    part.pooled.resize(n, window);
    part.segments.resize(log.segments.size());
    for (auto& t : part.segments) t.resize(n, window);
    std::vector<std::int64_t> periods;
    for (std::size_t c = customers * b / blocks; c < customers * (b + 1) / blocks; ++c) {
      std::uint32_t* idx = order.data() + offsets[c];
      const std::size_t count = offsets[c + 1] - offsets[c];
      sort_by_time(events, idx, count);
      walk_customer(walk, idx, count, part, periods);
    }
  });
  panel.pooled.resize(n, window);
  panel.segments.resize(log.segments.size());
  for (auto& t : panel.segments) t.resize(n, window);
  for (const Partial& part : parts) {
    panel.pooled.add(part.pooled);
    for (std::size_t s = 0; s < part.segments.size(); ++s) panel.segments[s].add(part.segments[s]);
    panel.customers += part.customers;
    panel.events_used += part.events_used;
    panel.events_after_as_of += part.after_as_of;
    panel.events_after_terminal += part.after_terminal;
    panel.customers_changing_segment += part.changing_segment;
    for (const LateEvent& e : part.examples)
      if (panel.after_terminal_examples.size() < options.max_examples) panel.after_terminal_examples.push_back(e);
  }
  return panel;
}

}  // namespace journeysim
