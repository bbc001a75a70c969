#include "journeysim/calibrate/panel.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>

#include "journeysim/calibrate/period_clock.hpp"
#include "journeysim/core/error.hpp"
#include "journeysim/core/parallel.hpp"
#include "journeysim/model/limits.hpp"

namespace journeysim {

void PanelTally::resize(std::size_t stages, std::size_t periods, bool with_counts, std::size_t tenure_t,
                        std::size_t moments_h) {
  counts.assign(with_counts ? stages * stages : 0, 0);
  moments_periods = moments_h;
  moments.assign(moments_h > 0 ? stages * (moments_h + 1) * 2 : 0, 0);
  tenure_periods = tenure_t;
  tenure.assign(stages * stages * tenure_t, 0);
  truncated_spells.assign(tenure_t > 0 ? stages : 0, 0);
  truncated_steps.assign(tenure_t > 0 ? stages : 0, 0);
  at_as_of_by_period.assign(stages * tenure_t, 0);
  at_as_of_unknown.assign(tenure_t > 0 ? stages : 0, 0);
  first_half.assign(stages * stages, 0);
  second_half.assign(stages * stages, 0);
  revenue_sum.assign(stages, 0.0);
  revenue_periods.assign(stages, 0);
  at_as_of.assign(stages, 0);
  arrivals.assign(periods, std::vector<std::uint64_t>(stages, 0));
}

void PanelTally::add(const PanelTally& other) {
  customers += other.customers;
  for (std::size_t i = 0; i < other.counts.size(); ++i) counts[i] += other.counts[i];  // lanes keep none
  for (std::size_t i = 0; i < first_half.size(); ++i) {
    first_half[i] += other.first_half[i];
    second_half[i] += other.second_half[i];
  }
  for (std::size_t s = 0; s < revenue_sum.size(); ++s) {
    revenue_sum[s] += other.revenue_sum[s];
    revenue_periods[s] += other.revenue_periods[s];
    at_as_of[s] += other.at_as_of[s];
  }
  for (std::size_t i = 0; i < other.tenure.size(); ++i) tenure[i] += other.tenure[i];
  for (std::size_t s = 0; s < other.truncated_spells.size(); ++s) {
    truncated_spells[s] += other.truncated_spells[s];
    truncated_steps[s] += other.truncated_steps[s];
    at_as_of_unknown[s] += other.at_as_of_unknown[s];
  }
  for (std::size_t i = 0; i < other.at_as_of_by_period.size(); ++i) at_as_of_by_period[i] += other.at_as_of_by_period[i];
  for (std::size_t i = 0; i < other.moments.size(); ++i) moments[i] += other.moments[i];
  for (std::size_t p = 0; p < other.arrivals.size(); ++p)  // lanes keep none (PanelBuilder)
    for (std::size_t s = 0; s < arrivals[p].size(); ++s) arrivals[p][s] += other.arrivals[p][s];
}

std::vector<std::uint64_t> PanelTally::tenure_row(std::size_t from, std::size_t t) const {
  const std::size_t n = revenue_periods.size();
  const auto first = tenure.begin() + static_cast<std::ptrdiff_t>((from * tenure_periods + t - 1) * n);
  return {first, first + static_cast<std::ptrdiff_t>(n)};
}

/// A lane's tallies are a member of PanelBuilder::State, so their type cannot have internal
/// linkage (GCC's -Wsubobject-linkage, seen when sources are compiled in unity batches).
namespace panel_lanes {

/// What one lane contributes. Each customer is tallied once, in its own group (0: no segment,
/// 1 + s: segment s); all customers' tallies are the sum of the groups, made at the end. The
/// lanes count only halves: `counts` = first half + second half.
struct Partial {
  std::vector<PanelTally> groups;
  /// The customer being walked: its spells of known start, (stage, period entered, d) as in
  /// PanelTally::moments (reused from customer to customer).
  std::vector<std::array<std::int64_t, 3>> spells;
  std::size_t customers = 0, events_used = 0, after_as_of = 0, after_terminal = 0, changing_segment = 0;
};

}  // namespace panel_lanes

using panel_lanes::Partial;

namespace {

/// Integer tallies are summed by lane (a fixed number, so memory does not grow with the thread
/// count); lane k walks buckets k, k + lanes, … Integer sums do not depend on the order.
constexpr std::size_t lanes = 16;

/// What one bucket contributes beyond integers: floating-point sums, whose order matters, and
/// the examples, chosen by customer index.
struct BucketSums {
  double* revenue = nullptr;  ///< [group][stage], group 0 = all customers, 1 + s = segment s
  std::vector<LateEvent> examples;
};

/// Shared, read-only context of the walk.
struct Walk {
  const std::vector<EventRecord>& events;  // the batch's
  const std::vector<double>& revenue;
  const std::vector<bool>& terminal;
  const Panel& panel;  // period, as_of, window
  Panel* totals;       // where arrivals are counted
  std::size_t stages;
  std::size_t max_examples;
  /// Start of periods first_period … last_complete_period + 2: every kept event (time ≤ as_of)
  /// falls inside, so bucketing is a search in a short table instead of calendar arithmetic.
  const std::vector<UtcMillis>& starts;
  std::size_t tenure_periods;  // T: tally by period in stage 1 … T (0: not)
  std::size_t moments_periods;  // H: tally spells for moments of truth (0: not)
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

/// How many of a customer's events (`idx`, sorted by time) count: none after as_of, none after
/// the first terminal stage (those are tallied, with examples, as late events). A prefix.
inline std::size_t kept_events(const Walk& w, const std::uint32_t* idx, std::size_t count, Partial& part,
                               BucketSums& sums) {
  const auto& events = w.events;
  std::size_t m = count;
  while (m > 0 && events[idx[m - 1]].time > w.panel.as_of) --m;  // a suffix, as times are sorted
  part.after_as_of += count - m;
  for (std::size_t k = 0; k < m; ++k) {
    if (!w.terminal[events[idx[k]].stage]) continue;
    for (std::size_t late = k + 1; late < m; ++late) {
      const EventRecord& e = events[idx[late]];
      if (sums.examples.size() < w.max_examples) sums.examples.push_back({e.customer, e.stage, e.time});
    }
    part.after_terminal += m - (k + 1);
    return k + 1;
  }
  return m;
}

/// The customer's segment: the first one its kept events name (no_segment if none). A customer
/// whose events name two is counted in `changing_segment` and stays in the first.
inline std::uint16_t customer_segment(const std::vector<EventRecord>& events, const std::uint32_t* idx, std::size_t m,
                                      Partial& part) {
  std::uint16_t segment = EventRecord::no_segment;
  for (std::size_t k = 0; k < m; ++k) {
    const std::uint16_t s = events[idx[k]].segment;
    if (s == EventRecord::no_segment) continue;
    if (segment == EventRecord::no_segment) segment = s;
    else if (s != segment) { ++part.changing_segment; break; }
  }
  return segment;
}

/// periods[k] = the period (index since the epoch, in the panel's unit) of kept event k: one
/// search in the table of period starts, then a forward scan, as the times ascend.
inline void assign_periods(const Walk& w, const std::uint32_t* idx, std::size_t m, std::vector<std::int64_t>& periods) {
  const auto& events = w.events;
  periods.resize(m);
  // The log's time range covers every event, so the first is never before the table; a log
  // changed behind the reader's back could break that (checked here, once per customer).
  if (events[idx[0]].time < w.starts.front())
    throw InternalError("panel: an event precedes the log's earliest time (the events and the log disagree)");
  std::size_t slot = static_cast<std::size_t>(
      std::upper_bound(w.starts.begin(), w.starts.end(), events[idx[0]].time) - w.starts.begin() - 1);
  for (std::size_t k = 0; k < m; ++k) {
    while (slot + 1 < w.starts.size() && w.starts[slot + 1] <= events[idx[k]].time) ++slot;
    periods[k] = w.panel.first_period + static_cast<std::int64_t>(slot);
  }
}

/// One customer's walk through its periods: where it is in its kept events, the revenue per
/// period last reported (NaN: none yet), and where its tallies go. Lives on the stack; the
/// steps below are inlined into walk_customer, as the lambdas they replace were.
struct CustomerWalk {
  const Walk& w;
  const std::uint32_t* idx;
  const std::int64_t* periods;  // by kept event
  std::size_t m;                // kept events
  PanelTally& t;                // the customer's group
  BucketSums& sums;
  std::uint16_t segment;
  bool with_revenue;  // the log has a revenue column: sums.revenue is set
  std::size_t i = 0;  // next kept event
  double revenue = std::numeric_limits<double>::quiet_NaN();
  std::int64_t entered = 0;  // the period the current stage was entered (its period 1)
  bool truncated = false;    // the current spell may have begun before the log: tenure unknown
  std::vector<std::array<std::int64_t, 3>>* spells = nullptr;  // moments of truth: Partial::spells
  std::int64_t absorbed = std::numeric_limits<std::int64_t>::max();  // the period it entered a terminal stage
};

/// Moments of truth: a spell of known start begins in stage `a` at period `p`.
inline void open_spell(CustomerWalk& c, std::uint16_t a, std::int64_t p) {
  if (c.spells && !c.truncated && !c.w.terminal[a]) c.spells->push_back({a, p, 0});
}

/// Moments of truth: the open spell (the last one recorded, if it is `a`'s from `entered`) ends
/// at period `q` by a move to `b`.
inline void close_spell(CustomerWalk& c, std::uint16_t a, std::uint16_t b, std::int64_t q) {
  if (!c.spells || c.spells->empty()) return;
  auto& spell = c.spells->back();
  if (spell[0] != a || spell[1] != c.entered || spell[2] != 0) return;
  const std::int64_t d = q - c.entered;
  if (!c.w.terminal[b] && d <= static_cast<std::int64_t>(c.w.moments_periods)) spell[2] = d;
}

/// Moments of truth: tallies the customer's spells whose H periods are observed.
inline void tally_spells(CustomerWalk& c) {
  if (!c.spells) return;
  const auto h = static_cast<std::int64_t>(c.w.moments_periods);
  for (const auto& [stage, entered, d] : *c.spells) {
    if (entered + h > c.w.panel.last_complete_period) continue;  // its outcome is not known yet
    const bool alive = c.absorbed > entered + h;
    ++c.t.moments[(static_cast<std::size_t>(stage) * (c.w.moments_periods + 1) + static_cast<std::size_t>(d)) * 2 + alive];
  }
  c.spells->clear();
}

/// Tallies `k` transitions a → `to` starting at periods in stage t, t + 1, …, t + k − 1 (those
/// past T in T), or, for a spell of unknown start, as truncated steps.
inline void add_tenure(CustomerWalk& c, std::uint16_t a, std::uint16_t to, std::int64_t t, std::uint64_t k) {
  const std::size_t big_t = c.w.tenure_periods;
  if (big_t == 0 || k == 0) return;
  if (c.truncated) {
    c.t.truncated_steps[a] += k;
    return;
  }
  const std::size_t n = c.w.stages;
  const auto cell = [&](std::size_t period) { return (std::size_t{a} * big_t + period - 1) * n + to; };
  auto period = static_cast<std::size_t>(t);
  for (; k > 0 && period < big_t; --k, ++period) ++c.t.tenure[cell(period)];
  c.t.tenure[cell(big_t)] += k;  // every later period is in the last one
}

/// Moves the state to the end of period `q`: the last event inside it wins.
inline std::uint16_t consume(CustomerWalk& c, std::int64_t q) {
  std::uint16_t stage = 0;
  for (; c.i < c.m && c.periods[c.i] == q; ++c.i) {
    stage = c.w.events[c.idx[c.i]].stage;
    if (c.with_revenue && !std::isnan(c.w.revenue[c.idx[c.i]])) c.revenue = c.w.revenue[c.idx[c.i]];
  }
  return stage;
}

/// Adds `periods_in_stage` periods in `stage` at the last revenue seen (none before any, none
/// in a terminal stage).
inline void add_revenue(CustomerWalk& c, std::uint16_t stage, std::uint64_t periods_in_stage) {
  if (std::isnan(c.revenue) || c.w.terminal[stage]) return;
  c.t.revenue_periods[stage] += periods_in_stage;
  // Sums per bucket (pooled, then the segment), added in bucket order at the end.
  c.sums.revenue[stage] += c.revenue * static_cast<double>(periods_in_stage);
  if (c.segment != EventRecord::no_segment)
    c.sums.revenue[(std::size_t{1} + c.segment) * c.w.stages + stage] +=
        c.revenue * static_cast<double>(periods_in_stage);
}

/// Counts the customer's arrival in stage `a` in period `p`. Arrivals go straight to the totals
/// (atomically: one per customer, rarely contended), so no lane needs its own periods × stages
/// table.
inline void count_arrival(const Walk& w, std::int64_t p, std::uint16_t a, std::uint16_t segment) {
  const auto period_index = static_cast<std::size_t>(p - w.panel.first_period);
  std::atomic_ref<std::uint64_t>(w.totals->pooled.arrivals[period_index][a]).fetch_add(1, std::memory_order_relaxed);
  if (segment != EventRecord::no_segment)
    std::atomic_ref<std::uint64_t>(w.totals->segments[segment].arrivals[period_index][a])
        .fetch_add(1, std::memory_order_relaxed);
}

/// From stage `a` at the end of period `p`, tallies every period-to-period step (stays and
/// moves, in the half of the window its end falls in) up to the last complete period or a
/// terminal stage, with the revenue of each period spent in a non-terminal stage.
inline void tally_steps(CustomerWalk& c, std::int64_t p, std::uint16_t a) {
  const std::int64_t last = c.w.panel.last_complete_period, half = c.w.panel.half_boundary;
  const std::size_t n = c.w.stages;
  while (true) {
    add_revenue(c, a, 1);
    if (c.w.terminal[a]) {
      c.absorbed = p;
      break;
    }
    const std::int64_t q = c.i < c.m ? c.periods[c.i] : std::numeric_limits<std::int64_t>::max();
    const std::int64_t last_stay = std::min(q - 1, last);
    if (last_stay > p) {  // stays into periods p+1 .. last_stay
      const auto k = static_cast<std::uint64_t>(last_stay - p);
      const auto k1 = static_cast<std::uint64_t>(std::clamp<std::int64_t>(half - p, 0, last_stay - p));
      const std::size_t cell = std::size_t{a} * n + a;
      c.t.first_half[cell] += k1;
      c.t.second_half[cell] += k - k1;
      add_tenure(c, a, a, p - c.entered + 1, k);
      add_revenue(c, a, k);
      p = last_stay;
    }
    if (q > last) break;
    const std::uint16_t b = consume(c, q);
    const std::size_t cell = std::size_t{a} * n + b;
    ++(q <= half ? c.t.first_half : c.t.second_half)[cell];
    add_tenure(c, a, b, p - c.entered + 1, 1);
    if (b != a) {  // a new spell, begun inside the window: its periods in stage are known
      close_spell(c, a, b, q);
      c.entered = q;
      c.truncated = false;
      open_spell(c, b, q);
    }
    a = b;
    p = q;
  }
}

/// Tallies the customer's period in stage in the as-of period (PanelTally::at_as_of_by_period).
/// Its spell began in the first period of the last run of periods whose end found it in its
/// as-of stage (the end of a period is its last event there, as in tally_steps); a run reaching
/// back to the log's first period has an unknown start and is counted at the periods observed.
inline void tally_as_of(const Walk& w, const std::uint32_t* idx, const std::int64_t* periods, std::size_t m, PanelTally& t) {
  const std::size_t big_t = w.tenure_periods;
  const std::uint16_t stage = w.events[idx[m - 1]].stage;
  if (big_t == 0 || w.terminal[stage]) return;
  std::int64_t entered = periods[0];
  for (std::size_t end = m; end > 0;) {  // [begin, end): the events of one period, latest first
    std::size_t begin = end - 1;
    while (begin > 0 && periods[begin - 1] == periods[end - 1]) --begin;
    if (w.events[idx[end - 1]].stage != stage) break;  // this period ended elsewhere
    entered = periods[begin];
    end = begin;
  }
  const auto k = static_cast<std::size_t>(std::max<std::int64_t>(w.panel.as_of_period - entered + 1, 1));
  ++t.at_as_of_by_period[std::size_t{stage} * big_t + std::min(k, big_t) - 1];
  if (entered == w.panel.first_period) ++t.at_as_of_unknown[stage];
}

/// Adds one customer's panel (events `idx`, sorted by time then file order) to `part`.
inline void walk_customer(const Walk& w, const std::uint32_t* idx, std::size_t count, Partial& part, BucketSums& sums,
                          std::vector<std::int64_t>& periods) {
  const std::size_t m = kept_events(w, idx, count, part, sums);
  if (m == 0) return;
  part.customers += 1;
  part.events_used += m;
  const std::uint16_t segment = customer_segment(w.events, idx, m, part);
  PanelTally& t = part.groups[segment == EventRecord::no_segment ? 0 : std::size_t{1} + segment];
  ++t.customers;
  ++t.at_as_of[w.events[idx[m - 1]].stage];
  assign_periods(w, idx, m, periods);
  tally_as_of(w, idx, periods.data(), m, t);
  const std::int64_t p = periods[0];
  if (p > w.panel.last_complete_period) return;  // first seen in the incomplete last period: no complete period yet
  CustomerWalk c{w, idx, periods.data(), m, t, sums, segment, sums.revenue != nullptr};
  const std::uint16_t a = consume(c, p);
  count_arrival(w, p, a, segment);
  c.entered = p;
  // First seen in the log's first period: the customer may have been in stage `a` for a while.
  c.truncated = p == w.panel.first_period;
  if (c.truncated && w.tenure_periods > 0 && !w.terminal[a]) ++t.truncated_spells[a];
  if (w.moments_periods > 0) {
    c.spells = &part.spells;
    open_spell(c, a, p);
  }
  tally_steps(c, p, a);
  tally_spells(c);
}

/// The totals keep per-period arrival tallies (window × stages, per segment):
/// a log whose dates span millennia (1970 … 9999 by day, one bad cell is enough) asked for
/// 9.4 GB from two rows. Refused before allocating, naming the span and the way out.
void check_panel_memory(const EventLog& log, const Panel& panel, std::size_t stages, std::size_t window,
                        std::size_t tenure_periods) {
  const double bytes = static_cast<double>(1 + log.segments.size()) *
                       static_cast<double>(window) * (static_cast<double>(stages) * 8 + 24);
  if (bytes > limits::panel_bytes)
    throw InputError("the events span " + std::to_string(window) + " " + to_string(panel.period) + "s (" +
                       format_iso_date(period_start(panel.first_period, panel.period)) + " to " +
                       format_iso_date(panel.as_of) + "), which would need about " +
                       std::to_string(static_cast<long long>(bytes / 1e9) + 1) +
                       " GB of per-period tallies (limit 2 GB): check the log for wrong dates, or use a longer "
                       "--period or an earlier --as-of",
                   SourceLocation{log.file, 0, 0});
  // Per segment: stage × stage tallies in each lane and in the totals, and revenue sums per
  // bucket. A segment column with an id per customer (a template without segments accepts
  // any) asked for 1.2 GB from a 2 MB log.
  const double groups = static_cast<double>(1 + log.segments.size()), n = static_cast<double>(stages);
  const double tallies = groups * (static_cast<double>(lanes) * (2 * n * n + 2 * n) * 8 + (3 * n * n + 3 * n) * 8 +
                                   (log.has_revenue_column ? customer_buckets * n * 8 : 0));
  if (tallies > limits::panel_bytes)
    throw InputError("the log has " + std::to_string(log.segments.size()) + " segments, which with " +
                         std::to_string(stages) + " stages would need about " +
                         std::to_string(static_cast<long long>(tallies / 1e9) + 1) +
                         " GB of per-segment tallies (limit 2 GB): check the segment column, or list the segments "
                         "in the model so that unknown ones are reported as bad rows",
                     SourceLocation{log.file, 0, 0});
  // Tallies by period in stage (--time-in-stage): stage × stage × periods, per lane and group.
  const double tenure = groups * static_cast<double>(lanes + 1) * n * n * static_cast<double>(tenure_periods) * 8;
  if (tenure > limits::panel_bytes)
    throw InputError("tallies by time in stage for " + std::to_string(tenure_periods) + " periods, " +
                         std::to_string(stages) + " stages and " + std::to_string(log.segments.size()) +
                         " segments would need about " + std::to_string(static_cast<long long>(tenure / 1e9) + 1) +
                         " GB (limit 2 GB): start the open-ended bucket of --time-in-stage earlier",
                     SourceLocation{log.file, 0, 0});
}

/// The panel's tallies: all customers, then each segment.
std::vector<PanelTally*> all_tallies(Panel& panel) {
  std::vector<PanelTally*> tallies{&panel.pooled};
  for (PanelTally& t : panel.segments) tallies.push_back(&t);
  return tallies;
}

}  // namespace

struct PanelBuilder::State {
  // Not the log itself: a streamed log moves to the caller before finish().
  std::size_t stages = 0, segments = 0;
  std::vector<bool> terminal;
  PanelOptions options;
  Panel panel;
  std::size_t window = 1;
  std::vector<UtcMillis> starts;
  std::vector<Partial> partials;  // by lane
  /// Customers by bucket, ascending index within a bucket; bucket b is
  /// [bucket_begin[b], bucket_begin[b + 1]). `rank[c]` is customer c's place in that order.
  std::vector<std::uint32_t> by_bucket, rank;
  std::array<std::uint32_t, customer_buckets + 1> bucket_begin{};
  std::vector<double> revenue;  // [bucket][group][stage], when the log has revenue
  std::vector<std::vector<LateEvent>> examples;  // by bucket
  std::vector<bool> added;  // by bucket

  State(const EventLog& log, const std::vector<bool>& t, const PanelOptions& o)
      : stages(log.stage_ids.size()), segments(log.segments.size()), terminal(t), options(o) {}
};

PanelBuilder::PanelBuilder(const EventLog& log, const std::vector<bool>& terminal, const PanelOptions& options)
    : state_(std::make_unique<State>(log, terminal, options)) {
  State& st = *state_;
  Panel& panel = st.panel;
  panel.period = options.period;
  const std::size_t n = log.stage_ids.size();
  panel.as_of = options.as_of ? *options.as_of : log.latest;
  panel.first_period = log.good_rows == 0 ? 0 : period_of(log.earliest, options.period);
  // A period is complete when its last millisecond is at or before as_of.
  panel.last_complete_period = period_of(panel.as_of + 1, options.period) - 1;
  panel.as_of_period = period_of(panel.as_of, options.period);
  panel.half_boundary = panel.first_period + (panel.last_complete_period - panel.first_period) / 2;
  st.window = std::max<std::size_t>(panel.complete_periods(), 1);
  check_panel_memory(log, panel, n, st.window, options.tenure_periods);
  panel.pooled.resize(n, st.window, true, options.tenure_periods, options.moments_periods);
  panel.segments.resize(log.segments.size());
  for (auto& t : panel.segments) t.resize(n, st.window, true, options.tenure_periods, options.moments_periods);
  if (terminal.size() != n) throw InternalError("panel: terminal flags for " + std::to_string(terminal.size()) +
                                                  " stages, log has " + std::to_string(n));
  for (std::int64_t p = panel.first_period; p <= std::max(panel.last_complete_period, panel.first_period) + 2; ++p)
    st.starts.push_back(period_start(p, panel.period));

  const std::size_t customers = log.customers.size();
  if (log.customer_bucket.size() != customers)
    throw InternalError("panel: the log has no bucket per customer (use the log read_event_log returns)");
  for (std::uint8_t b : log.customer_bucket) ++st.bucket_begin[std::size_t{b} + 1];
  for (std::size_t b = 0; b < customer_buckets; ++b) st.bucket_begin[b + 1] += st.bucket_begin[b];
  st.by_bucket.resize(customers);
  st.rank.resize(customers);
  auto next = st.bucket_begin;
  for (std::uint32_t c = 0; c < customers; ++c) {
    st.rank[c] = next[log.customer_bucket[c]]++;
    st.by_bucket[st.rank[c]] = c;
  }
  if (log.has_revenue_column) st.revenue.assign(customer_buckets * (1 + log.segments.size()) * n, 0.0);
  st.examples.resize(customer_buckets);
  st.added.assign(customer_buckets, false);
}

PanelBuilder::~PanelBuilder() = default;

void PanelBuilder::add(const EventBatch& batch) {
  State& st = *state_;
  const std::size_t n = st.stages;
  const std::size_t groups = 1 + st.segments;
  for (std::uint32_t b = batch.first_bucket; b < batch.last_bucket; ++b) {
    if (st.added[b]) throw InternalError("panel: bucket " + std::to_string(b) + " added twice");
    st.added[b] = true;
  }
  if (st.partials.empty()) {
    st.partials.resize(lanes);
    for (Partial& part : st.partials) {
      part.groups.resize(1 + st.segments);
      for (auto& t : part.groups) t.resize(n, 0, false, st.options.tenure_periods, st.options.moments_periods);
    }
  }
  parallel_for(std::size_t{0}, lanes, [&](std::size_t lane) {
    std::vector<std::int64_t> periods;
    std::vector<std::uint32_t> offsets, order;
    Partial& part = st.partials[lane];
    for (std::uint32_t b = batch.first_bucket + static_cast<std::uint32_t>(lane); b < batch.last_bucket;
         b += static_cast<std::uint32_t>(lanes)) {
      const BucketEvents& bucket = batch.buckets[b - batch.first_bucket];
      // The bucket's events grouped by customer (counting sort by the customer's place in the
      // bucket; file order within a customer). A bucket is small, so this stays in cache.
      const std::uint32_t base = st.bucket_begin[b];
      const std::size_t customers = st.bucket_begin[b + 1] - base;
      offsets.assign(customers + 1, 0);
      order.resize(bucket.events.size());
      for (const EventRecord& e : bucket.events) ++offsets[st.rank[e.customer] - base + 1];
      for (std::size_t c = 0; c < customers; ++c) offsets[c + 1] += offsets[c];
      for (std::uint32_t i = 0; i < bucket.events.size(); ++i)
        order[offsets[st.rank[bucket.events[i].customer] - base]++] = i;
      for (std::size_t c = customers; c > 0; --c) offsets[c] = offsets[c - 1];  // back to starts
      offsets[0] = 0;

      BucketSums sums;
      if (!st.revenue.empty()) sums.revenue = st.revenue.data() + std::size_t{b} * groups * n;
      const Walk walk{bucket.events, bucket.revenue, st.terminal, st.panel, &st.panel, n, st.options.max_examples, st.starts,
                        st.options.tenure_periods, st.options.moments_periods};
      for (std::size_t c = 0; c < customers; ++c) {
        std::uint32_t* idx = order.data() + offsets[c];
        const std::size_t count = offsets[c + 1] - offsets[c];
        sort_by_time(bucket.events, idx, count);
        walk_customer(walk, idx, count, part, sums, periods);
      }
      st.examples[b] = std::move(sums.examples);
    }
  });
}

Panel PanelBuilder::finish() {
  State& st = *state_;
  Panel panel = std::move(st.panel);  // finish() is the builder's last call
  const std::size_t n = st.stages;
  for (const Partial& part : st.partials) {
    for (std::size_t g = 0; g < part.groups.size(); ++g) {
      panel.pooled.add(part.groups[g]);
      if (g > 0) panel.segments[g - 1].add(part.groups[g]);
    }
    panel.customers += part.customers;
    panel.events_used += part.events_used;
    panel.events_after_as_of += part.after_as_of;
    panel.events_after_terminal += part.after_terminal;
    panel.customers_changing_segment += part.changing_segment;
  }
  const std::size_t groups = 1 + st.segments;
  for (std::size_t b = 0; b < customer_buckets && !st.revenue.empty(); ++b)
    for (std::size_t g = 0; g < groups; ++g) {
      PanelTally& tally = g == 0 ? panel.pooled : panel.segments[g - 1];
      for (std::size_t s = 0; s < n; ++s) tally.revenue_sum[s] += st.revenue[(b * groups + g) * n + s];
    }
  for (PanelTally* tally : all_tallies(panel))
    for (std::size_t c = 0; c < tally->counts.size(); ++c) tally->counts[c] = tally->first_half[c] + tally->second_half[c];
  // The first few late events by customer index (each bucket kept its first few).
  std::vector<LateEvent> examples;
  for (const auto& bucket : st.examples) examples.insert(examples.end(), bucket.begin(), bucket.end());
  std::stable_sort(examples.begin(), examples.end(),
                   [](const LateEvent& x, const LateEvent& y) { return x.customer < y.customer; });
  if (examples.size() > st.options.max_examples) examples.resize(st.options.max_examples);
  panel.after_terminal_examples = std::move(examples);
  return panel;
}

Panel build_panel(const EventLog& log, const std::vector<bool>& terminal, const PanelOptions& options) {
  // The builder takes the time range and customers from the log's summary: they must be the
  // events' own (a log whose events were edited after reading is refused, not misread).
  // (The reader dropped exact duplicate rows: they are good rows without an event.)
  if (log.events.size() + log.duplicates.count != log.good_rows ||
      (log.has_revenue_column && log.revenue.size() != log.events.size()))
    throw InternalError("build_panel: the log's events are not the ones it was read with");
  for (const EventRecord& e : log.events)
    if (e.time < log.earliest || e.time > log.latest || e.customer >= log.customers.size())
      throw InternalError("build_panel: the log's events are not the ones it was read with");
  // The whole log in one batch: its events grouped by bucket, file order kept.
  std::vector<BucketEvents> buckets(customer_buckets);
  const bool with_revenue = log.has_revenue_column;
  for (std::size_t i = 0; i < log.events.size(); ++i) {
    BucketEvents& bucket = buckets[log.customer_bucket[log.events[i].customer]];
    bucket.events.push_back(log.events[i]);
    if (with_revenue) bucket.revenue.push_back(log.revenue[i]);
  }
  PanelBuilder builder(log, terminal, options);
  builder.add(EventBatch{log, 0, customer_buckets, buckets.data()});
  return builder.finish();
}

}  // namespace journeysim
