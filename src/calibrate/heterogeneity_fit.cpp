#include "journeysim/calibrate/heterogeneity_fit.hpp"

#include <algorithm>
#include <cmath>

#include "journeysim/calibrate/estimate.hpp"

namespace journeysim {

std::optional<HeterogeneityChoice> parse_heterogeneity(const std::string& text, std::string& problem) {
  HeterogeneityChoice choice;
  if (text == "none") return choice;
  if (text == "beta") {
    choice.mode = HeterogeneityChoice::Mode::beta;
    return choice;
  }
  const std::string prefix = "classes:";
  if (text.rfind(prefix, 0) == 0) {
    const std::string k = text.substr(prefix.size());
    const bool digits = !k.empty() && k.size() <= 2 && std::all_of(k.begin(), k.end(), [](char c) { return c >= '0' && c <= '9'; });
    const int classes = digits ? std::stoi(k) : 0;
    if (classes >= 2 && classes <= 10) {
      choice.mode = HeterogeneityChoice::Mode::classes;
      choice.classes = classes;
      return choice;
    }
    problem = "'" + text + "': the number of latent classes must be a whole number from 2 to 10 (classes:2)";
    return std::nullopt;
  }
  problem = "'" + text + "' is not none, beta or classes:K (K latent classes, e.g. classes:2)";
  return std::nullopt;
}

std::size_t heterogeneity_tenure_periods(std::size_t complete_periods) {
  return std::clamp<std::size_t>(complete_periods + 1, 2, static_cast<std::size_t>(max_time_in_stage_period));
}

namespace {

double geometric_log_likelihood(double p, double exits, double survivals) {
  double ll = 0;
  if (exits > 0) ll += exits * std::log(p);
  if (survivals > 0) ll += survivals * std::log1p(-p);
  return ll;
}

/// The tallies of `from`'s exit to `to` by period in stage, trailing empty periods dropped.
void tally_exit(const PanelTally& tally, StageIndex from, StageIndex to, StagePropensityFit& fit) {
  for (std::size_t t = 1; t <= tally.tenure_periods; ++t) {
    const auto row = tally.tenure_row(from, t);
    double all = 0;
    for (auto c : row) all += static_cast<double>(c);
    fit.exits.push_back(static_cast<double>(row[to]));
    fit.survivals.push_back(all - static_cast<double>(row[to]));
  }
  while (fit.exits.size() > 1 && fit.exits.back() + fit.survivals.back() == 0) {
    fit.exits.pop_back();
    fit.survivals.pop_back();
  }
}

}  // namespace

std::vector<StagePropensityFit> fit_heterogeneity(const Journey& journey, const PanelTally& tally,
                                                  const std::set<StageIndex>& skip) {
  std::vector<StagePropensityFit> fits;
  if (tally.tenure_periods == 0) return fits;
  const std::size_t n = journey.stage_count();
  for (StageIndex from = 0; from < n; ++from) {
    if (journey.stages[from].terminal || skip.count(from)) continue;
    // The exit that differs: the terminal stage this one loses most customers to.
    std::vector<double> to_terminal(n, 0.0);
    for (std::size_t t = 1; t <= tally.tenure_periods; ++t) {
      const auto row = tally.tenure_row(from, t);
      for (StageIndex to = 0; to < n; ++to)
        if (journey.stages[to].terminal) to_terminal[to] += static_cast<double>(row[to]);
    }
    const auto most = std::max_element(to_terminal.begin(), to_terminal.end());
    if (*most < heterogeneity_min_exits) continue;
    StagePropensityFit fit;
    fit.stage = from;
    fit.to = static_cast<StageIndex>(most - to_terminal.begin());
    tally_exit(tally, from, fit.to, fit);
    double exits = 0, survivals = 0;
    for (std::size_t t = 0; t < fit.exits.size(); ++t) exits += fit.exits[t], survivals += fit.survivals[t];
    fit.geometric = exits / (exits + survivals);
    fit.geometric_log_likelihood = geometric_log_likelihood(fit.geometric, exits, survivals);
    fit.sbg = fit_sbg_hazard(fit.exits, fit.survivals);
    // The geometric model is sBG's limit, so G ≥ 0 up to the optimiser's tolerance.
    fit.statistic = std::max(0.0, 2 * (fit.sbg.log_likelihood - fit.geometric_log_likelihood));
    fit.p_value = fit.statistic > 0 ? 0.5 * std::erfc(std::sqrt(fit.statistic / 2)) : 1.0;
    fits.push_back(std::move(fit));
  }
  std::vector<HomogeneityResult> family;
  for (const auto& fit : fits)
    family.push_back({fit.stage, fit.statistic, 1, fit.p_value, fit.p_value, HomogeneityMethod::chi_square});
  holm_adjust(family);
  for (std::size_t i = 0; i < fits.size(); ++i) {
    fits[i].adjusted_p_value = family[i].adjusted_p_value;
    // Kept only with shapes the data determine: standard errors, each at most 10 times its
    // estimate (the model file refuses wider ones, and their draws would say nothing).
    const SbgFit& f = fits[i].sbg;
    fits[i].kept = fits[i].adjusted_p_value < heterogeneity_level && f.alpha_se > 0 && f.alpha_se <= 10 * f.alpha &&
                   f.beta_se <= 10 * f.beta;
  }
  return fits;
}

}  // namespace journeysim
