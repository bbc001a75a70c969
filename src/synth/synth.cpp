#include "journeysim/synth/synth.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <string>
#include <vector>

#include "journeysim/calibrate/period_clock.hpp"
#include "journeysim/core/error.hpp"
#include "journeysim/core/number_text.hpp"
#include "journeysim/core/parallel.hpp"
#include "journeysim/analytic/chain.hpp"
#include "journeysim/rng/stream.hpp"
#include "journeysim/sim/step.hpp"

namespace journeysim {
namespace {

/// One segment ready to simulate: cumulative transition rows, revenue text per stage.
struct Group {
  std::string id;  ///< "" for the model without segments or the unclaimed share
  std::vector<double> cumulative;  ///< states², sim's cumulative_rows of the segment's P
  StateLayout states;              ///< one state per period in stage for time-in-stage rows
  std::vector<std::string> revenue;
};

/// Everything the per-customer loop reads; built once.
struct Plan {
  std::vector<Group> groups;
  std::vector<double> entry_cumulative;          ///< over (group, stage) pairs
  std::vector<std::pair<std::size_t, StageIndex>> entries;
  std::vector<std::string> stage_ids;
  std::vector<bool> terminal;
  std::vector<UtcMillis> period_starts;          ///< periods + 1 boundaries
  bool with_revenue = false, with_segment = false;
};

Plan make_plan(const Journey& journey, const SynthOptions& options) {
  Plan plan;
  plan.stage_ids = journey.stage_ids();
  for (const auto& stage : journey.stages) plan.terminal.push_back(stage.terminal);
  // A propensity's rows must reach every period in stage a synthesised customer can live.
  const Journey covered = covering(journey, options.periods);
  std::vector<SegmentJourney> parts = segment_journeys(covered);
  if (parts.empty()) parts.push_back({"", covered});
  double total = 0;
  for (std::size_t g = 0; g < parts.size(); ++g) {
    const Journey& part = parts[g].journey;
    Group group;
    group.id = parts[g].id == "default" ? "" : parts[g].id;
    const Chain chain = make_chain(part);
    group.cumulative = cumulative_rows(chain.transition);
    group.states = chain.states;
    for (const auto& stage : part.stages) {
      group.revenue.push_back(format_significant(stage.revenue_per_period, 10));
      plan.with_revenue |= stage.revenue_per_period > 0;
    }
    for (StageIndex s = 0; s < part.stage_count(); ++s) {
      if (part.population.inflow[s] <= 0) continue;
      plan.entry_cumulative.push_back(total += part.population.inflow[s]);
      plan.entries.emplace_back(g, s);
    }
    plan.groups.push_back(std::move(group));
  }
  if (total <= 0)
    throw ConfigError("the model has no population.inflow: synth draws new customers' entry stages from it");
  for (double& c : plan.entry_cumulative) c /= total;
  plan.entry_cumulative.back() = 2.0;
  plan.with_segment = options.segment_column;
  const std::int64_t first = period_of(options.start, journey.info.period);
  for (int t = 0; t <= options.periods; ++t) plan.period_starts.push_back(period_start(first + t, journey.info.period));
  return plan;
}

std::size_t pick(const std::vector<double>& cumulative, double u) {
  return static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
}

/// Simulates customer `index` and appends its rows to `out`; returns the number of rows.
std::uint64_t simulate_customer(const Plan& plan, const SynthOptions& options, std::uint64_t index, std::string& out) {
  // Customer i's events depend only on (seed, i): the log is the same whatever the threads.
  Stream rng(StreamKey{options.seed, 0, index, Purpose::synth});
  const int periods = options.periods;
  const int arrival = std::min(periods - 1, static_cast<int>(rng.uniform() * periods));
  const auto [g, entry] = plan.entries[pick(plan.entry_cumulative, rng.uniform())];
  const Group& group = plan.groups[g];
  char id[24];
  id[0] = 'c';
  const auto id_end = std::to_chars(id + 1, id + sizeof id, index + 1).ptr;
  std::uint64_t rows = 0;
  auto row = [&](int t, StageIndex stage) {
    const UtcMillis begin = plan.period_starts[static_cast<std::size_t>(t)];
    const UtcMillis length = plan.period_starts[static_cast<std::size_t>(t) + 1] - begin;
    out.append(id, id_end);
    out += ',';
    // Whole seconds, so the written log reads back to exactly the simulated instants.
    append_iso_timestamp(out, begin + static_cast<UtcMillis>(rng.uniform() * static_cast<double>(length / 1000)) * 1000);
    out += ',';
    out += plan.stage_ids[stage];
    if (plan.with_segment) (out += ',') += group.id;
    if (plan.with_revenue) (out += ',') += group.revenue[stage];
    out += '\n';
    ++rows;
  };
  // The customer walks the chain's states (a period in stage each, for time-in-stage rows) and
  // writes a row whenever its stage changes.
  std::size_t state = group.states.first_state(entry);
  const int states = static_cast<int>(group.states.stage.size());
  row(arrival, entry);
  for (int t = arrival + 1; t < periods && !plan.terminal[group.states.stage_of(state)]; ++t) {
    const auto next = static_cast<std::size_t>(
        next_stage(group.cumulative.data() + state * static_cast<std::size_t>(states), states, rng.uniform()));
    const bool moved = group.states.stage_of(next) != group.states.stage_of(state);
    state = next;
    if (moved) row(t, group.states.stage_of(state));
  }
  return rows;
}

}  // namespace

SynthSummary write_synthetic_events(const Journey& journey, const SynthOptions& options, std::ostream& out) {
  if (options.periods < 1) throw ConfigError("--periods must be at least 1");
  if (options.customers < 1) throw ConfigError("--customers must be at least 1");
  // Timestamps are written as four-digit years; past 9999 the text was ':000-02-10T...'.
  const std::int64_t first_period = period_of(options.start, journey.info.period);
  const UtcMillis year_10000 = days_from_civil({10000, 1, 1}) * millis_per_day;
  if (options.periods > 1'000'000 || period_start(first_period + options.periods, journey.info.period) > year_10000)
    throw ConfigError("--start " + format_iso_date(options.start) + " with --periods " + std::to_string(options.periods) +
                      " runs past 9999-12-31, the last date an event log can hold");
  const Plan plan = make_plan(journey, options);
  SynthSummary summary;
  std::string header = "customer_id,timestamp,stage";
  if (plan.with_segment) header += ",segment";
  if (plan.with_revenue) header += ",revenue";
  header += '\n';
  out << header;
  summary.bytes = header.size();
  // Blocks of customers are formatted in parallel and written in order, a wave at a time so
  // memory stays bounded whatever N is.
  constexpr std::uint64_t block = 8192, wave_blocks = 64;
  const std::uint64_t blocks = (options.customers + block - 1) / block;
  std::vector<std::string> texts(wave_blocks);
  std::vector<std::uint64_t> rows(wave_blocks);
  for (std::uint64_t wave = 0; wave < blocks; wave += wave_blocks) {
    const std::uint64_t count = std::min(wave_blocks, blocks - wave);
    parallel_for(std::uint64_t{0}, count, [&](std::uint64_t b) {
      texts[b].clear();
      rows[b] = 0;
      const std::uint64_t first = (wave + b) * block;
      const std::uint64_t last = std::min(options.customers, first + block);
      for (std::uint64_t c = first; c < last; ++c) rows[b] += simulate_customer(plan, options, c, texts[b]);
    });
    for (std::uint64_t b = 0; b < count; ++b) {
      out.write(texts[b].data(), static_cast<std::streamsize>(texts[b].size()));
      summary.rows += rows[b];
      summary.bytes += texts[b].size();
    }
  }
  summary.customers = options.customers;
  return summary;
}

}  // namespace journeysim
