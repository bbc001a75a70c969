#include "calibrate_log_notes.hpp"

#include <cmath>

#include "diagnostics.hpp"
#include "journeysim/core/number_text.hpp"

namespace journeysim::cli {
namespace {

std::string count_text(std::size_t n) { return format_grouped(static_cast<double>(n)); }

std::string line_pairs(const RepeatedRows& rows, const char* verb) {
  std::string text;
  for (const auto& [line, earlier] : rows.examples)
    text += (text.empty() ? "" : ", ") + std::string("line ") + std::to_string(line) + " " + verb + " line " +
            std::to_string(earlier);
  return text;
}

}  // namespace

void print_ignored_stages(std::ostream& out, const EventLog& log) {
  if (log.ignored_stages.empty()) return;
  std::string by_label;
  for (const LabelRows& label : log.ignored_stages)
    by_label += (by_label.empty() ? "" : ", ") + label.label + " (" + count_text(label.rows) + ")";
  out << "  ignored:     " << count_text(log.ignored_rows) << " row" << (log.ignored_rows == 1 ? "" : "s")
      << " with stages the model lacks: " << by_label << "\n";
}

void warn_log_labels_and_repeats(std::ostream& warnings, const EventLog& log) {
  for (const CaseMatch& match : log.case_matches)
    warnings << format_warning(match.kind + " '" + match.label + "' in the log is read as the model's '" + match.id +
                               "' (they differ only in case; " + count_text(match.rows) + " row" +
                               (match.rows == 1 ? "" : "s") + ", first at line " +
                               std::to_string(match.first.line) + ")");
  if (log.duplicates.count > 0)
    warnings << format_warning(count_text(log.duplicates.count) + " exact duplicate row" +
                               (log.duplicates.count == 1 ? "" : "s") +
                               " (same customer, timestamp, stage, segment and revenue) dropped, the first copy "
                               "kept: " + line_pairs(log.duplicates, "repeats") +
                               (log.duplicates.count > log.duplicates.examples.size() ? ", ..." : ""));
  if (log.ties.count > 0)
    warnings << format_warning(
        count_text(log.ties.count) + " time" + (log.ties.count == 1 ? "" : "s") +
        " a customer entered different stages at the same timestamp; file order decides which came last (" +
        line_pairs(log.ties, "ties with") + (log.ties.count > log.ties.examples.size() ? ", ..." : "") +
        "): give the events distinct times if the order matters");
}

void warn_revenue_scale(std::ostream& warnings, const Journey& model, const CalibrationResult& fit,
                        std::optional<Period> revenue_per) {
  const GroupEstimate& all = fit.groups.front();
  const Period period = fit.panel.period;
  // The template's revenue per its own period, as revenue per calibrated period.
  const double to_period = static_cast<double>(periods_per_year(model.info.period)) / periods_per_year(period);
  double log_sum = 0;
  std::size_t compared = 0;
  std::string example;
  for (StageIndex s = 0; s < model.stage_count(); ++s) {
    const double expected = model.stages[s].revenue_per_period * to_period;
    if (!all.revenue[s] || !(*all.revenue[s] > 0) || !(expected > 0)) continue;
    log_sum += std::log(*all.revenue[s] / expected);
    if (compared++ == 0)
      example = model.stages[s].id + " " + format_money(*all.revenue[s], model.info.currency, 2) + " vs " +
                format_money(expected, model.info.currency, 2);
  }
  if (compared == 0) return;
  const double ratio = std::exp(log_sum / static_cast<double>(compared));
  if (ratio < 3 && ratio > 1.0 / 3) return;
  // The column read as `read`; were it per P, each value would be × ppy(P)/ppy(read).
  const Period read = revenue_per.value_or(period);
  std::string hint = "check the revenue column's unit and the period it is per (--revenue-per)";
  double best = std::log(2.0);  // a period that brings the two within 2× of each other
  for (const Period p : {Period::day, Period::week, Period::month, Period::quarter, Period::year}) {
    const double corrected = ratio * periods_per_year(p) / periods_per_year(read);
    if (p != read && std::abs(std::log(corrected)) < best) {
      best = std::abs(std::log(corrected));
      hint = "if the revenue column is per " + to_string(p) + ", add --revenue-per " + to_string(p);
    }
  }
  char factor[32];
  std::snprintf(factor, sizeof factor, ratio >= 1 ? "%.1f× the template's" : "1/%.1f of the template's",
                ratio >= 1 ? ratio : 1 / ratio);
  warnings << format_warning("the log's revenue per customer-" + to_string(period) + " is " + factor +
                             " (geometric mean over " + std::to_string(compared) + " stage" +
                             (compared == 1 ? "" : "s") + "; " + example + "), read as revenue per " +
                             to_string(read) + ": " + hint);
}

}  // namespace journeysim::cli
