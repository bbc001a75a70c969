#include "calibrate_report.hpp"


#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "calibrate_log_notes.hpp"
#include "diagnostics.hpp"
#include "journeysim/analytic/moments_of_truth.hpp"
#include "journeysim/calibrate/period_clock.hpp"
#include "journeysim/core/number_text.hpp"
#include "table.hpp"

namespace journeysim::cli {
namespace {

std::string percent(double share) { return format_percent(share, 1); }

/// "consideration 12.1% [11.8–12.4]" for each estimated move out of the row.
std::string moves(const Journey& model, StageIndex from, const RowEstimate& row) {
  std::string text;
  for (StageIndex to = 0; to < row.probability.size(); ++to) {
    if (to == from || !row.estimated[to]) continue;
    char interval[64];
    std::snprintf(interval, sizeof interval, " [%.1f–%.1f]", row.low[to] * 100, row.high[to] * 100);
    text += (text.empty() ? "" : ", ") + model.stages[to].id + " " + percent(row.probability[to]) + interval;
  }
  return text;
}

void print_rows(std::ostream& out, const Journey& model, const GroupEstimate& group, const std::string& period) {
  Table table({"from", period + "s observed", "exits", "stay", "moves per " + period + " [95% interval, %]"});
  for (StageIndex s = 0; s < model.stage_count(); ++s) {
    if (model.stages[s].terminal) continue;
    const RowEstimate& row = group.rows[s];
    std::string flag = row.flagged ? " (flagged)" : "";
    if (row.probability.empty()) {
      table.add({model.stages[s].id + flag, "0", "0", "-", "no data: template kept"});
      continue;
    }
    table.add({model.stages[s].id + flag, format_grouped(static_cast<double>(row.observations)),
               format_grouped(static_cast<double>(row.exits)), percent(row.probability[s]), moves(model, s, row)});
  }
  table.print(out);
}

/// `text` broken at spaces into lines of at most `width` characters.
std::string wrap_text(const std::string& text, std::size_t width) {
  std::string out, line, word;
  std::istringstream words(text);
  while (words >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  return out + line;
}

std::string format_p(double p) {
  char text[32];
  std::snprintf(text, sizeof text, p < 1e-4 ? "%.1e" : "%.4f", p);
  return text;
}

/// One group's homogeneity table, and what each changed row means; returns the changed rows.
std::size_t print_homogeneity_table(std::ostream& out, const Journey& model, const GroupEstimate& group) {
  Table table({"from", "chi-square", "df", "test", "p-value", "Holm p", ""});
  std::vector<std::string> changed;
  for (const auto& test : group.homogeneity) {
    // An exact test has no chi-square statistic: printing the one it replaced read as a
    // contradiction (19.26 on 2 df next to p = 0.0147).
    const bool exact = test.method == HomogeneityMethod::exact;
    table.add({model.stages[test.from].id, exact ? "—" : format_grouped(test.statistic, 2), std::to_string(test.degrees_of_freedom),
               test.method == HomogeneityMethod::exact ? "exact" : "chi-square", format_p(test.p_value),
               format_p(test.adjusted_p_value), row_changed(test) ? "changed" : ""});
    if (row_changed(test)) changed.push_back(model.stages[test.from].id);
  }
  table.print(out);
  for (const std::string& stage : changed)
    out << "\n" << wrap_text((group.segment.empty() ? "" : "In segment " + group.segment + ", ") + homogeneity_meaning(stage), 100)
        << "\n";
  return changed.size();
}

void print_homogeneity(std::ostream& out, const Journey& model, const std::vector<GroupEstimate>& groups) {
  std::size_t tests = 0;
  for (const auto& group : groups) tests += group.homogeneity.size();
  if (tests == 0) return;
  out << "\nIs the past a stable guide? Transitions in the first vs second half of the window, per row\n"
         "(Pearson chi-square, or Fisher's exact test where an expected count is below 5), p-values\n"
         "adjusted by Holm's method across all " << tests << " rows tested (all customers and each segment);\n"
         "a row is \"changed\" when its Holm p is below " << format_grouped(homogeneity_level, 2) << ".\n";
  for (const auto& group : groups) {
    if (group.homogeneity.empty()) continue;
    out << "\n" << (group.segment.empty() ? std::string("All customers") : "Segment " + group.segment) << ":\n";
    print_homogeneity_table(out, model, group);
  }
}

/// The automatic choice per stage: statistic, df, p, Holm p and what was written.
void print_time_in_stage_tests(std::ostream& out, const Journey& model, const std::vector<StageTenureFit>& fits) {
  out << "\nAutomatic choice: per stage, the candidate buckets 1, 2, 3, 4-6, 7-12, 13+ (merged where fewer than "
      << automatic_min_exits << " exits)\nagainst one row, by a likelihood-ratio test (G, df = (buckets - 1) x "
      << "(destinations - 1)), Holm-adjusted\nacross the stages tested; buckets are kept when the Holm p is below "
      << format_grouped(time_in_stage_level, 2) << ".\n\n";
  Table table({"stage", "buckets", "G", "df", "p-value", "Holm p", "written"});
  for (const StageTenureFit& fit : fits) {
    std::string labels;
    for (const auto& bucket : fit.buckets) labels += (labels.empty() ? "" : ",") + bucket.label();
    const bool testable = fit.degrees_of_freedom > 0;
    table.add({model.stages[fit.stage].id, labels, testable ? format_grouped(fit.statistic, 2) : "—",
               std::to_string(fit.degrees_of_freedom), testable ? format_p(fit.p_value) : "—",
               testable ? format_p(fit.adjusted_p_value) : "—", fit.kept ? "by time in stage" : "one row"});
  }
  table.left_align({0, 1, 6});
  table.print(out);
}

/// The as-of state written by period in stage, and how many of those customers had an unknown
/// period in stage (under way since the log's first period: counted at the periods observed).
void print_initial_by_period(std::ostream& out, const Journey& model, const CalibrationResult& fit,
                             const std::string& period) {
  const Population& population = fit.journey.population;
  if (population.initial_by_period.empty()) return;
  out << "at as_of, by " << period << " in stage (population.initial):";
  bool any = false;
  for (const auto& [stage, counts] : population.initial_by_period) {
    if (const TimeInStageRows* rows = fit.journey.time_in_stage_of(stage); rows && rows->derived) continue;
    std::string cells;
    for (std::size_t k = 0; k < counts.size(); ++k)
      cells += (k ? " " : "") + std::to_string(k + 1) + (k + 1 == counts.size() ? "+" : "") + ":" + format_grouped(counts[k]);
    const std::uint64_t unknown = fit.panel.pooled.at_as_of_unknown[stage];
    out << (any ? "; " : " ") << model.stages[stage].id << " " << format_grouped(population.initial[stage]) << " customers ("
        << cells << "), of which " << format_grouped(static_cast<double>(unknown)) << " of unknown time in stage";
    any = true;
  }
  out << "\n(unknown: in the stage since the log's first " << period << "; counted at the " << period
      << "s observed, a lower bound)\n";
}

/// Rows by time in stage, the spells left out for unknown time in stage, and (auto) the tests.
void print_time_in_stage(std::ostream& out, const Journey& model, const CalibrationResult& fit, const std::string& period) {
  if (fit.time_in_stage.empty()) return;
  out << "\nBy time in stage: transitions by the customer's " << period << " in its stage at the " << period
      << " end they start from\n(1 = the " << period << " it entered the stage). Customers first seen in the log's first "
      << period << " (" << format_iso_date(period_start(fit.panel.first_period, fit.panel.period))
      << ") may have been in that\nstage before the log began: their first spell is left out of these counts (time in stage "
         "unknown).\n\n";
  Table table({"from", "bucket", period + "s observed", "exits", "stay", "moves per " + period + " [95% interval, %]"});
  for (const StageTenureFit& stage : fit.time_in_stage) {
    if (!stage.kept) continue;
    for (std::size_t b = 0; b < stage.buckets.size(); ++b) {
      const RowEstimate& row = stage.rows[b];
      table.add({b == 0 ? model.stages[stage.stage].id : "", stage.buckets[b].label() + (row.flagged ? " (flagged)" : ""),
                 format_grouped(static_cast<double>(row.observations)), format_grouped(static_cast<double>(row.exits)),
                 percent(row.probability[stage.stage]), moves(model, stage.stage, row)});
    }
  }
  table.left_align({0, 1});
  table.print(out);
  out << "left out (first spell of a customer first seen in the first " << period << "):";
  const PanelTally& pooled = fit.panel.pooled;
  bool any = false;
  for (StageIndex s = 0; s < pooled.truncated_spells.size(); ++s) {
    if (pooled.truncated_spells[s] == 0) continue;
    out << (any ? ", " : " ") << model.stages[s].id << " " << format_grouped(static_cast<double>(pooled.truncated_spells[s]))
        << " customers (" << format_grouped(static_cast<double>(pooled.truncated_steps[s])) << " transitions)";
    any = true;
  }
  out << (any ? "" : " none") << "\n";
  print_initial_by_period(out, model, fit, period);
  for (const StageTenureFit& stage : fit.time_in_stage)
    if (!stage.merged.empty()) {
      std::string labels;
      for (const auto& label : stage.merged) labels += (labels.empty() ? "" : ", ") + label;
      out << model.stages[stage.stage].id << ": bucket(s) " << labels << " merged into a neighbour (too few data)\n";
    }
  bool tested = false;
  for (const StageTenureFit& stage : fit.time_in_stage) tested = tested || stage.tested;
  if (tested) print_time_in_stage_tests(out, model, fit.time_in_stage);
}

/// Moments of truth counted on the log beside the written model's (the same k and horizon as
/// analyze): do the customers who move on quickly stay longer, and does the model say so too?
void print_observed_moments(std::ostream& out, const Journey& model, const CalibrationResult& fit,
                            const std::string& period) {
  if (fit.observed_moments.empty()) return;
  const int h = fit.observed_moments.front().periods;
  const auto modelled = moments_of_truth(make_chain(fit.journey), fit.journey, h);
  out << "\nMoments of truth: still a customer " << h << " " << period << "s after entering the stage, by how soon "
      << "customers moved on\n(from the data: spells of known start whose " << h << " " << period
      << "s are in the log, ± one binomial standard error; from the model: the rows written)\n\n";
  Table table({"stage", "moved on within", "customers", "retained (data)", "retained (model)", "later: customers",
               "retained (data)", "retained (model)"});
  auto share = [](std::uint64_t kept, std::uint64_t n) {
    if (n == 0) return std::string("-");
    const double p = static_cast<double>(kept) / static_cast<double>(n);
    return format_percent(p, 1) + " ± " + format_percent(std::sqrt(p * (1 - p) / static_cast<double>(n)), 1);
  };
  for (const ObservedMoment& m : fit.observed_moments) {
    std::string within_model = "-", later_model = "-";
    for (const MomentOfTruth& mt : modelled)
      if (mt.stage == m.stage && mt.within == m.within) {
        within_model = format_percent(mt.retention_within, 1);
        later_model = mt.share_later > 0 ? format_percent(mt.retention_later, 1) : "-";
      }
    table.add({model.stages[m.stage].id, std::to_string(m.within) + " " + period + (m.within == 1 ? "" : "s"),
               format_grouped(static_cast<double>(m.within_customers)), share(m.within_alive, m.within_customers),
               within_model, format_grouped(static_cast<double>(m.later_customers)), share(m.later_alive, m.later_customers),
               later_model});
  }
  table.left_align({0, 1});
  table.print(out);
}

/// --heterogeneity beta: per stage, the sBG fit, its test against one probability, and what
/// was written.
void print_heterogeneity(std::ostream& out, const Journey& model, const CalibrationResult& fit, const std::string& period) {
  if (fit.heterogeneity.empty()) return;
  out << "\nCustomers who differ (--heterogeneity beta): each customer's probability of the stage's main exit to a\n"
      << "terminal stage is its own, Beta(alpha, beta) across customers (sBG). Fitted from every " << period
      << " of a spell of\nknown start (left to the exit or not); tested against one probability for every " << period
      << " (G, p = P(chi2_1 > G)/2,\nthe homogeneous model being on the boundary), Holm-adjusted across stages; kept when "
         "the Holm p is below "
      << format_grouped(heterogeneity_level, 2) << ".\n\n";
  Table table({"stage", "exit", "alpha [se]", "beta [se]", "first " + period, "one probability", "G", "p-value", "Holm p",
               "written"});
  for (const StagePropensityFit& f : fit.heterogeneity) {
    // Shapes past the limit only say "no heterogeneity" (the geometric model): shown as such.
    const bool geometric = f.sbg.alpha + f.sbg.beta >= sbg_geometric_limit;
    const bool se = f.sbg.alpha_se > 0;
    auto shape = [&](double value, double error) {
      if (geometric) return std::string("-> inf");
      return format_significant(value, 4) + (se ? " [" + format_significant(error, 2) + "]" : "");
    };
    table.add({model.stages[f.stage].id, model.stages[f.to].id, shape(f.sbg.alpha, f.sbg.alpha_se),
               shape(f.sbg.beta, f.sbg.beta_se), percent(f.sbg.alpha / (f.sbg.alpha + f.sbg.beta)), percent(f.geometric),
               format_grouped(f.statistic, 2), format_p(f.p_value), format_p(f.adjusted_p_value),
               f.kept ? "Beta propensity" : "one probability"});
  }
  table.left_align({0, 1, 9});
  table.print(out);
  const Population& population = fit.journey.population;
  for (const BetaPropensity& p : fit.journey.propensities) {
    const auto by_period = population.initial_by_period.find(p.stage);
    if (by_period == population.initial_by_period.end()) continue;
    out << "at as_of: " << model.stages[p.stage].id << " " << format_grouped(population.initial[p.stage])
        << " customers, written by " << period << " in stage (1 to " << p.initial_periods << " here), of which "
        << format_grouped(static_cast<double>(fit.panel.pooled.at_as_of_unknown[p.stage]))
        << " of unknown time in stage (counted at the " << period << "s observed, a lower bound)\n";
  }
}

}  // namespace

std::string format_skipped_row(const BadRow& bad) {
  return "journeysim: " + bad.where.file + ":" + std::to_string(bad.where.line) + ":" +
         std::to_string(bad.where.column) + ": warning: skipped bad row: " + bad.message + "\n";
}

std::string bad_row_reason(const std::string& message) {
  std::string reason = message.substr(0, message.find_first_of("'\":("));
  while (!reason.empty() && (reason.back() == ' ' || reason.back() == ',')) reason.pop_back();
  return reason.empty() ? message : reason;
}

void print_calibration_report(std::ostream& out, std::ostream& warnings, const Journey& model, const EventLog& log,
                              const CalibrationResult& fit, const CalibrationTiming& timing, const std::string& path,
                              std::optional<Period> revenue_per) {
  const Panel& panel = fit.panel;
  const std::string period = to_string(panel.period);
  const GroupEstimate& all = fit.groups.front();
  std::uint64_t counted = 0;
  for (const auto& row : all.counts)
    for (double c : row) counted += static_cast<std::uint64_t>(c);
  const double mb = static_cast<double>(log.bytes) / 1e6;
  out << "calibrated " << model.file << " from " << log.file << " -> " << path << "\n"
      << "  rows:        " << format_grouped(static_cast<double>(log.rows)) << " (" << format_grouped(mb, 1)
      << " MB) read in " << format_grouped(timing.read_seconds, 2) << " s: "
      << format_grouped(static_cast<double>(log.rows) / timing.read_seconds / 1e6, 2) << "M rows/s, "
      << format_grouped(mb / timing.read_seconds, 0) << " MB/s on " << timing.threads << " thread"
      << (timing.threads == 1 ? "" : "s") << "; total " << format_grouped(timing.total_seconds, 2) << " s\n";
  if (log.passes > 1)
    out << "  passes:      " << log.passes << " (the events did not fit in --event-memory at once; each pass read "
        << "a group of customers)\n";
  std::map<std::string, std::pair<std::size_t, std::size_t>> reasons;  // reason → (count, first line)
  for (const BadRow& bad : log.skipped) {
    auto& [count, line] = reasons[bad_row_reason(bad.message)];
    if (count++ == 0) line = static_cast<std::size_t>(bad.where.line);
  }
  std::string by_reason;
  for (const auto& [reason, seen] : reasons)
    by_reason += (by_reason.empty() ? ": " : "; ") + format_grouped(static_cast<double>(seen.first)) + " " + reason +
                 " (first at line " + std::to_string(seen.second) + ")";
  out << "  bad rows:    " << log.skipped.size() << " skipped" << by_reason << "\n";
  print_ignored_stages(out, log);
  out << "  customers:   " << format_grouped(static_cast<double>(panel.customers)) << " ("
      << format_grouped(static_cast<double>(panel.events_used)) << " events used, "
      << format_grouped(static_cast<double>(panel.events_after_as_of)) << " after as-of, "
      << format_grouped(static_cast<double>(panel.events_after_terminal)) << " after a terminal stage)\n"
      << "  periods:     " << format_grouped(static_cast<double>(panel.complete_periods())) << " complete " << period
      << "s, " << format_iso_date(period_start(panel.first_period, panel.period)) << " to "
      << format_iso_date(period_start(panel.last_complete_period + 1, panel.period) - 1) << "; as of "
      << fit.journey.calibration.as_of << "\n"
      << "  transitions: " << format_grouped(static_cast<double>(counted)) << " counted (customer-" << period
      << "s, stays included)\n"
      << "  inflow:      ";
  bool any = false;
  for (StageIndex s = 0; s < model.stage_count(); ++s) {
    if (all.inflow_mean[s] <= 0) continue;
    out << (any ? ", " : "") << model.stages[s].id << " " << format_grouped(all.inflow_mean[s], 1) << "/" << period
        << " (sd " << format_grouped(all.inflow_sd[s], 1) << ")";
    any = true;
  }
  out << (any ? "" : "none") << " over " << fit.inflow_periods << " " << period << "s\n";
  if (log.has_revenue_column) {
    out << "  revenue:     mean per customer-" << period << ":";
    for (StageIndex s = 0; s < model.stage_count(); ++s)
      if (all.revenue[s]) out << " " << model.stages[s].id << " " << format_money(*all.revenue[s], model.info.currency);
    if (revenue_per && *revenue_per != panel.period)
      out << " (the column is per " << to_string(*revenue_per) << ", converted to per " << period << ")";
    out << "\n";
  }
  out << "\nAll customers:\n";
  print_rows(out, model, all, period);
  for (std::size_t g = 1; g < fit.groups.size(); ++g) {
    out << "\nSegment " << fit.groups[g].segment << " (" << format_grouped(static_cast<double>(fit.groups[g].customers))
        << " customers):\n";
    print_rows(out, model, fit.groups[g], period);
  }
  print_homogeneity(out, model, fit.groups);
  print_time_in_stage(out, model, fit, period);
  print_observed_moments(out, model, fit, period);
  print_heterogeneity(out, model, fit, period);
  out << "\nIntervals: " << fit.journey.calibration.interval_method << ". Flagged rows have fewer exits than "
      << "--min-exits; treat them with care.\n";

  for (const std::string& note : fit.notes) warnings << format_warning(note);
  warn_log_labels_and_repeats(warnings, log);
  if (log.has_revenue_column) warn_revenue_scale(warnings, model, fit, revenue_per);
  if (panel.events_after_terminal > 0) {
    std::string examples;
    for (const LateEvent& e : panel.after_terminal_examples)
      examples += std::string(examples.empty() ? "" : "; ") + std::string(log.customers[e.customer]) + " " +
                  log.stage_ids[e.stage] + " at " + format_iso_timestamp(e.time);
    warnings << format_warning(format_grouped(static_cast<double>(panel.events_after_terminal)) +
                               " events come after their customer's terminal stage and were not used (e.g. " +
                               examples + ")");
  }
  for (const UnexpectedMove& move : fit.unexpected)
    warnings << format_warning(format_grouped(static_cast<double>(move.count)) + " moves " +
                               model.stages[move.from].id + " -> " + model.stages[move.to].id +
                               " are in the data but not in the template; they are estimated (check the template)");
  if (panel.customers_changing_segment > 0)
    warnings << format_warning(format_grouped(static_cast<double>(panel.customers_changing_segment)) +
                               " customers change segment; each is counted in the segment of its first event");
  if (!log.ignored_columns.empty()) {
    std::string names;
    for (const auto& name : log.ignored_columns) names += (names.empty() ? "" : ", ") + name;
    out << "(columns not used: " << names << ")\n";
  }
}

}  // namespace journeysim::cli
