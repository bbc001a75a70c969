#pragma once
/// \file From events to a panel: each customer's stage at the end of each period, and the
/// transition counts between consecutive observed period ends (SPEC §4).
///
/// Rules (each customer, events ordered by time, ties by file order):
/// - the stage at the end of period p is the last stage entered by then, so several events
///   inside one period collapse to the net move;
/// - a customer is observed from the period of its first event to the last complete period
///   (the last period that ends by `as_of`), or until it enters a terminal stage; periods
///   outside that window are not counted (censoring);
/// - events after `as_of` are left out; events after a terminal stage are left out and
///   reported (count and examples), since a terminal stage never ends;
/// - moves backwards in the stage order are ordinary transitions (journeys loop);
/// - a customer's segment is that of its first event with a segment.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "journeysim/core/civil_time.hpp"
#include "journeysim/io/event_log.hpp"
#include "journeysim/model/period.hpp"

namespace journeysim {

/// Counts for one group of customers (all customers, or one segment). n = number of stages;
/// matrices are row-major n×n, [from * n + to], stays on the diagonal.
struct PanelTally {
  std::size_t customers = 0;
  std::vector<std::uint64_t> counts;       ///< transitions between consecutive period ends
  std::vector<std::uint64_t> first_half;   ///< those ending in the first half of the window
  std::vector<std::uint64_t> second_half;  ///< …and in the second half
  std::vector<double> revenue_sum;         ///< per stage: Σ revenue over customer-periods with revenue
  std::vector<std::uint64_t> revenue_periods;  ///< per stage: those customer-periods
  std::vector<std::uint64_t> at_as_of;     ///< per stage: customers whose stage at as_of it is
  /// New customers per complete period of the window (index = period − first_period) and
  /// by the stage they are in at the end of their first period.
  std::vector<std::vector<std::uint64_t>> arrivals;
  /// With PanelOptions::tenure_periods = T > 0: the transitions again, by the customer's period
  /// in its stage at the period end they start from (1 = the period it entered the stage),
  /// [(from * T + t − 1) * n + to], t = 1 … T, the last holding every later period too. Spells
  /// of unknown start (left truncation, see `truncated_spells`) are left out.
  std::vector<std::uint64_t> tenure;
  /// Per stage: customers whose first event falls in the log's first period, in that first
  /// stage, and the transitions out of that first spell. They may have been in the stage before
  /// the log began, so their period in stage is unknown: counted here instead of in `tenure`.
  std::vector<std::uint64_t> truncated_spells, truncated_steps;
  /// With T > 0: the customers of `at_as_of` again, by their period in stage in the as-of period
  /// (Panel::as_of_period; same rule as `tenure`), [stage * T + k − 1], k = 1 … T, the last
  /// holding every later period too; terminal stages are not tallied. A spell under way since the
  /// log's first period has an unknown period in stage: it is counted at the periods observed (a
  /// lower bound: as_of_period − first_period + 1) and in `at_as_of_unknown` too.
  std::vector<std::uint64_t> at_as_of_by_period, at_as_of_unknown;
  std::size_t tenure_periods = 0;  ///< T
  /// With PanelOptions::moments_periods = H > 0 (moments of truth from the data): the spells of
  /// known start in each non-terminal stage that began at least H periods before the last
  /// complete period, [(stage * (H + 1) + d) * 2 + alive]: d = the periods in the stage before
  /// the customer first left it for a non-terminal stage (1 … H), 0 when it did not within H
  /// (it left for a terminal stage, or was still there, or moved on later); alive = 1 when the
  /// customer was not in a terminal stage at the end of the H-th period after entering.
  std::vector<std::uint64_t> moments;
  std::size_t moments_periods = 0;  ///< H

  /// Transitions out of `from` at period in stage t (1 … T), per destination.
  std::vector<std::uint64_t> tenure_row(std::size_t from, std::size_t t) const;

  /// Zeroed tallies for `stages` stages and `periods` complete periods (`counts` left empty
  /// without `with_counts`: they can be made from the halves).
  void resize(std::size_t stages, std::size_t periods, bool with_counts = true, std::size_t tenure_periods = 0,
              std::size_t moments_periods = 0);
  /// Adds another group's tallies of the same shape (used to combine blocks in order).
  void add(const PanelTally& other);
};

/// An event left out because it came after the customer's terminal stage.
struct LateEvent {
  std::uint32_t customer = 0;
  std::uint16_t stage = 0;
  UtcMillis time = 0;
};

/// How to build the panel.
struct PanelOptions {
  Period period = Period::month;
  /// Last instant of data (inclusive); default: the latest timestamp in the log.
  std::optional<UtcMillis> as_of;
  std::size_t max_examples = 5;
  /// Tally transitions by period in stage 1 … tenure_periods too (PanelTally::tenure); 0: not.
  std::size_t tenure_periods = 0;
  /// Tally spells for moments of truth H periods after entering (PanelTally::moments); 0: not.
  std::size_t moments_periods = 0;
};

/// The panel's counts and what was left out.
struct Panel {
  Period period = Period::month;
  UtcMillis as_of = 0;
  std::int64_t first_period = 0;          ///< period of the earliest event
  std::int64_t last_complete_period = 0;  ///< last period that ends by as_of
  std::int64_t half_boundary = 0;  ///< transitions into periods ≤ this are the first half
  /// The period holding as_of: the state at as_of (PanelTally::at_as_of) is the state at its end
  /// (it is last_complete_period when as_of is a period's last millisecond).
  std::int64_t as_of_period = 0;
  std::size_t customers = 0;       ///< with at least one event by as_of
  std::size_t events_used = 0;
  std::size_t events_after_as_of = 0;
  std::size_t events_after_terminal = 0;
  std::size_t customers_changing_segment = 0;
  std::vector<LateEvent> after_terminal_examples;  ///< the first few, by customer index
  PanelTally pooled;
  std::vector<PanelTally> segments;  ///< one per EventLog::segments entry
  /// Periods first_period … last_complete_period (0 when as_of ends before the first one).
  std::size_t complete_periods() const {
    return last_complete_period >= first_period ? static_cast<std::size_t>(last_complete_period - first_period + 1) : 0;
  }
};

/// Builds a panel batch by batch, each batch holding every event of its customers (from
/// read_event_log_in_batches), so the whole log never has to be in memory. Customers are
/// walked bucket by bucket in parallel (TBB); floating-point sums are kept per bucket and
/// added in bucket order, so the panel is bit-for-bit the same for any thread count and any
/// split into batches.
///
/// Example:
///   std::unique_ptr<PanelBuilder> builder;
///   EventLog log = read_event_log_in_batches(path, ids, options, [&](const EventBatch& batch) {
///     if (!builder) builder = std::make_unique<PanelBuilder>(batch.log, terminal, panel_options);
///     builder->add(batch);
///   });
///   Panel panel = builder->finish();
class PanelBuilder {
 public:
  /// `log` must have its customers, segments and time range (true once a batch arrives).
  /// `terminal[s]` says whether stage s is terminal.
  PanelBuilder(const EventLog& log, const std::vector<bool>& terminal, const PanelOptions& options);
  ~PanelBuilder();
  PanelBuilder(const PanelBuilder&) = delete;
  PanelBuilder& operator=(const PanelBuilder&) = delete;
  /// Adds the customers of one batch (buckets not added before).
  void add(const EventBatch& batch);
  /// The panel of every batch added.
  Panel finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// The panel of a log read whole (read_event_log), as the reader returned it (its time range,
/// counts and customer buckets are used; a log edited afterwards is refused with an
/// InternalError); the same as one batch of every bucket.
Panel build_panel(const EventLog& log, const std::vector<bool>& terminal, const PanelOptions& options);

}  // namespace journeysim
