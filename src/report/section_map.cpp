// Section 2: the journey map — one column per non-terminal stage, descriptive lanes from the
// model, the emotion curve, the fixes addressing each pain point, then the data lanes.
#include <algorithm>
#include <cctype>

#include "html.hpp"
#include "journeysim/chart/emotion_curve.hpp"
#include "map_lanes.hpp"

namespace journeysim::report_detail {
namespace {

std::string normalised(const std::string& text) {
  std::string out;
  for (char ch : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const auto first = out.find_first_not_of(" \t"), last = out.find_last_not_of(" \t");
  return first == std::string::npos ? "" : out.substr(first, last - first + 1);
}

/// Items of a lane, each followed by the fixes whose `addresses` name it and their NPV.
std::string addressed_items(const ReportContext& c, const std::vector<std::string>& items) {
  if (items.empty()) return "";
  std::string out = "<ul>";
  for (const auto& item : items) {
    out += "<li>" + escape_html(item);
    if (c.input.fixes)
      for (const auto& fix : c.input.fixes->fixes) {
        const bool match = std::any_of(fix.addresses.begin(), fix.addresses.end(),
                                       [&](const std::string& a) { return normalised(a) == normalised(item); });
        if (!match) continue;
        const ScenarioSummary* s = c.fix_scenario(fix.id);
        std::string npv, tip;
        if (s && s->vs_baseline.count("npv")) {
          const MetricSummary& m = s->versus("npv");
          npv = ": NPV " + c.money_short(m.mean);
          tip = "NPV mean " + c.money(m.mean) + ", " + c.low_label + " " + c.money(m.low) + ", " + c.high_label + " " + c.money(m.high) +
                ", P(NPV>0) " + format_percent(s->prob_npv_positive);
        }
        const bool loses = s && s->vs_baseline.count("npv") && s->versus("npv").mean < 0;
        out += "<span class=\"fix-tag" + std::string(loses ? " loses" : "") + "\" title=\"" + escape_html(tip) + "\">&#8594; " +
               escape_html(fix.name.empty() ? fix.id : fix.name) + escape_html(npv) + "</span>";
      }
    out += "</li>";
  }
  return out + "</ul>";
}

std::string touchpoints(const Stage& stage) {
  std::string out;
  for (const auto& t : stage.touchpoints) {
    std::string detail;
    for (const std::string* part : {&t.channel, &t.owner, &t.system})
      if (!part->empty()) detail += (detail.empty() ? "" : " · ") + *part;
    out += "<div class=\"touchpoint\"><strong>" + escape_html(t.name) + "</strong><br><span>" + escape_html(detail) +
           "</span></div>";
  }
  return out;
}

/// Fix addresses that match no pain point or opportunity on the map (typos, or items elsewhere).
std::vector<std::string> unmatched_addresses(const ReportContext& c) {
  std::vector<std::string> out;
  if (!c.input.fixes) return out;
  for (const auto& fix : c.input.fixes->fixes)
    for (const auto& a : fix.addresses) {
      bool found = false;
      for (const auto& stage : c.journey.stages)
        for (const auto* lane : {&stage.pain_points, &stage.opportunities})
          for (const auto& item : *lane) found = found || normalised(item) == normalised(a);
      if (!found) out.push_back((fix.name.empty() ? fix.id : fix.name) + ": \"" + a + "\"");
    }
  return out;
}

}  // namespace

std::string section_journey_map(const ReportContext& c) {
  std::vector<StageIndex> stages;
  for (StageIndex s = 0; s < c.journey.stages.size(); ++s)
    if (!c.journey.stages[s].terminal) stages.push_back(s);
  const double width = map_label_width + map_column_width * static_cast<double>(stages.size());
  std::string t = "<div class=\"map-scroll\"><table class=\"journey-map\" style=\"width:" + svg_number(width) +
                  "px\"><colgroup><col style=\"width:" + svg_number(map_label_width) + "px\">";
  for (std::size_t i = 0; i < stages.size(); ++i) t += "<col style=\"width:" + svg_number(map_column_width) + "px\">";
  t += "</colgroup><thead><tr><th class=\"lane\">Stage</th>";
  for (auto s : stages) {
    const Stage& st = c.journey.stages[s];
    t += "<th class=\"stage\" data-stage=\"" + escape_html(st.id) + "\">" + escape_html(st.name.empty() ? st.id : st.name);
    if (!st.entry.empty() || !st.exit.empty())
      t += "<span class=\"entry-exit\">" + escape_html(st.entry) + " &#8594; " + escape_html(st.exit) + "</span>";
    t += "</th>";
  }
  t += "</tr></thead><tbody>";
  auto lane = [&](const std::string& name, const std::string& css, auto content) {
    t += "<tr class=\"" + css + "\"><th class=\"lane\">" + escape_html(name) + "</th>";
    for (auto s : stages) t += "<td>" + content(c.journey.stages[s]) + "</td>";
    t += "</tr>";
  };
  lane("Goals", "lane-goals", [](const Stage& s) { return bullet_list(s.goals); });
  lane("Questions", "lane-questions", [](const Stage& s) { return bullet_list(s.questions); });
  lane("Touchpoints (channel · owner · system)", "lane-touchpoints", [](const Stage& s) { return touchpoints(s); });
  EmotionCurve curve;
  curve.column_width = map_column_width;
  for (auto s : stages) {
    curve.stage_names.push_back(c.journey.stages[s].name);
    curve.emotion.push_back(c.journey.stages[s].emotion);
  }
  t += "<tr class=\"lane-emotion\"><th class=\"lane\">Emotion (-1 … +1)</th><td class=\"emotion-cell\" colspan=\"" +
       std::to_string(stages.size()) + "\">" + render_emotion_curve(curve) + "</td></tr>";
  lane("Pain points", "lane-pain", [&](const Stage& s) { return addressed_items(c, s.pain_points); });
  lane("Opportunities", "lane-opportunities", [&](const Stage& s) { return addressed_items(c, s.opportunities); });
  t += map_data_rows(c, stages);
  t += "</tbody></table></div>";

  std::string body = "<p class=\"lead\">One column per stage of the journey. The upper lanes come from the model; "
                     "&#8594; marks a proposed fix that addresses the item, with its simulated NPV. The lower "
                     "lanes are data: per-" + escape_html(c.period) + " probabilities of the model" +
                     (c.journey.calibration.present ? " as calibrated (95% interval)" : " (not calibrated: no intervals)") +
                     ", time in stage, customers in the stage at the horizon (simulated), and targets.</p>" + t;
  const auto unmatched = unmatched_addresses(c);
  if (!unmatched.empty())
    body += "<p class=\"note\">Fixes whose <code>addresses</code> match nothing on the map:</p>" + bullet_list(unmatched);
  return section("journey-map", "The journey map", body);
}

}  // namespace journeysim::report_detail
