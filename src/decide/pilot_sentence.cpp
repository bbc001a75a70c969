// The plain sentence of the pilot recommendation, shared by decide's summary, decision.json
// and the report.
#include "journeysim/core/number_text.hpp"
#include "journeysim/decide/decide.hpp"

namespace journeysim {
namespace {

std::string period_word(int periods_per_year, int count) {
  const char* word = periods_per_year == 52    ? "week"
                     : periods_per_year == 365 ? "day"
                     : periods_per_year == 4   ? "quarter"
                     : periods_per_year == 1   ? "year"
                     : periods_per_year == 12  ? "month"
                                               : "period";
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

}  // namespace

std::string pilot_sentence(const Journey& journey, const FixesFile& fixes, const DecisionResult& result) {
  if (!result.pilot) return "";
  const Pilot& p = *result.pilot;
  const Fix& fix = fixes.fixes[p.fix];
  const std::string& currency = journey.info.currency;
  const int per_year = economics_of(journey, result.horizon).periods_per_year;
  const std::string stage = journey.stages[fix.effects[p.effect].from].id;
  const std::string design = format_grouped(2 * p.per_arm) + " customers entering " + stage + " (" +
                             format_grouped(p.per_arm) + " with the fix, " + format_grouped(p.per_arm) +
                             " without), each followed " + period_word(per_year, p.follow);
  if (p.worth_running())
    return "Pilot " + fix.id + " on " + design + ", before funding it: expected value of that pilot " +
           format_money_short(p.net, currency) + " (its information is worth " + format_money_short(p.evsi, currency) +
           "; funding " + period_word(per_year, p.wait) + " later costs " +
           format_money_short(p.wait_cost + p.direct_cost, currency) + ").";
  double evppi = 0;
  for (const auto& info : result.information)
    if (info.cost.empty() && info.fix == p.fix && info.effect == p.effect) evppi = info.evppi;
  return "Fund now, without a pilot: knowing the effect of " + fix.id + " on " + stage + " exactly would be worth " +
         format_money_short(evppi, currency) +
         ", and no pilot of it earns back the cost of funding later (the best tried, " + design + ", is worth " +
         format_money_short(p.evsi, currency) + " of information and costs " +
         format_money_short(p.wait_cost + p.direct_cost, currency) + ").";
}

}  // namespace journeysim
