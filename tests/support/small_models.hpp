#pragma once
// Small journeys for tests, parsed from YAML text so that they go through the real reader.
#include <string>

#include "journeysim/io/fixes_reader.hpp"
#include "journeysim/io/model_reader.hpp"

namespace journeysim::test {

/// trial → paying → churned, trial → lost; 100 paying at start, 50 trials a month.
inline const char* trial_model_yaml() {
  return R"(journey: {name: trial, period: month, horizon: 12, discount_rate: 0.1, gross_margin: 0.8}
stages:
  - {id: trial, revenue_per_period: 0, cost_per_period: 5}
  - {id: paying, revenue_per_period: 100, cost_per_period: 10}
  - {id: lost, terminal: true}
  - {id: churned, terminal: true}
transitions:
  trial: {paying: 0.3, lost: 0.2}
  paying: {churned: 0.05}
population: {initial: {paying: 100}, inflow: {trial: 50}}
)";
}

/// One paying stage losing 10% a month, 1000 customers, no inflow: easy to follow by hand.
inline std::string decay_model_yaml(int horizon, double discount_rate) {
  return "journey: {name: decay, period: month, horizon: " + std::to_string(horizon) +
         ", discount_rate: " + std::to_string(discount_rate) + R"(, gross_margin: 0.8}
stages:
  - {id: paying, revenue_per_period: 100}
  - {id: churned, terminal: true}
transitions:
  paying: {churned: 0.1}
population: {initial: {paying: 1000}}
)";
}

/// The trial model split 60/40 into 'small' and 'large' (lower churn, higher revenue).
inline std::string segmented_trial_model_yaml() {
  return std::string(trial_model_yaml()) + R"(segments:
  - {id: small, share: 0.6}
  - id: large
    share: 0.4
    transitions: {paying: {churned: 0.02}}
    revenue: {paying: 400}
)";
}

/// Onboarding whose churn steps from 15% to 2% a month after month 3 (time-in-stage rows),
/// then an active stage; 1,000 onboarding at as_of, 50 arriving a month, horizon 12.
inline const char* tenure_model_yaml() {
  return R"(journey: {name: tenure, period: month, horizon: 12, discount_rate: 0}
stages:
  - {id: onboarding, revenue_per_period: 100}
  - {id: active, revenue_per_period: 100}
  - {id: churned, terminal: true}
transitions:
  onboarding:
    time_in_stage:
      "1-3": {churned: 0.15, active: 0.10}
      "4+": {churned: 0.02, active: 0.05}
  active: {churned: 0.01}
population: {initial: {onboarding: 1000}, inflow: {onboarding: 50}}
)";
}

inline Journey journey_from(const std::string& yaml) { return parse_journey(yaml, "test.yaml"); }

inline FixesFile fixes_from(const std::string& yaml, const Journey& journey) {
  return parse_fixes(yaml, "fixes.yaml", journey);
}

}  // namespace journeysim::test
