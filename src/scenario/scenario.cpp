#include "journeysim/scenario/scenario.hpp"

#include <algorithm>

namespace journeysim {

std::string to_string(Scenario::Kind kind) {
  switch (kind) {
    case Scenario::Kind::baseline: return "baseline";
    case Scenario::Kind::fix: return "fix";
    case Scenario::Kind::portfolio: return "portfolio";
  }
  return "baseline";
}

std::vector<Scenario> build_scenarios(const FixesFile& fixes) {
  std::vector<Scenario> scenarios;
  scenarios.push_back({"baseline", "Baseline (no fix)", Scenario::Kind::baseline, {}, {}, ""});
  for (std::size_t f = 0; f < fixes.fixes.size(); ++f) {
    const Fix& fix = fixes.fixes[f];
    scenarios.push_back({fix.id, fix.name, Scenario::Kind::fix, {f}, {fix.id}, fix.owner});
  }
  for (const auto& portfolio : fixes.portfolios) {
    std::vector<std::string> owners;
    for (auto f : portfolio.fixes) {
      const std::string& owner = fixes.fixes[f].owner;
      if (!owner.empty() && std::find(owners.begin(), owners.end(), owner) == owners.end()) owners.push_back(owner);
    }
    std::string owner;
    for (const auto& o : owners) owner += (owner.empty() ? "" : ", ") + o;
    std::vector<std::string> ids;
    for (auto f : portfolio.fixes) ids.push_back(fixes.fixes[f].id);
    scenarios.push_back({portfolio.id, portfolio.name, Scenario::Kind::portfolio, portfolio.fixes, ids, owner});
  }
  return scenarios;
}

}  // namespace journeysim
