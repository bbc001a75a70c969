#pragma once
/// \file Absorbing-chain results: fundamental matrix, time to absorption, absorption
/// probabilities, value per customer, and the stationary law of chains without terminal stages.
#include <Eigen/Dense>
#include <optional>
#include <vector>

#include "journeysim/analytic/chain.hpp"

namespace journeysim {

/// Everything `analyze` reports that does not depend on the population.
struct AbsorptionAnalysis {
  std::vector<StageIndex> transient;  ///< non-terminal stages, file order
  std::vector<StageIndex> terminal;   ///< terminal stages, file order
  /// Transient stages that can never reach a terminal stage (empty when there is none).
  std::vector<StageIndex> never_absorbed;
  /// Stages over which the fundamental matrix is taken: those left for good with probability 1
  /// (equal to `transient` whenever every transient stage can reach a terminal stage).
  std::vector<StageIndex> fundamental_stages;
  /// N = (I − Q)^−1 over `fundamental_stages`: expected periods in stage j starting in i.
  Eigen::MatrixXd fundamental;
  /// Per stage: expected periods before entering a terminal stage; nullopt when infinite.
  std::vector<std::optional<double>> expected_periods_to_absorption;
  /// Per stage × terminal (columns in `terminal` order): probability of ending there.
  Eigen::MatrixXd absorption_probabilities;
  /// Per stage: Σ_t (P^t r)_s undiscounted and discounted; nullopt when infinite.
  std::vector<std::optional<double>> expected_revenue, expected_revenue_pv;
  /// Stationary distribution, only for chains without terminal stages and when unique.
  std::optional<Eigen::VectorXd> stationary;
  bool stationary_not_unique = false;
};

/// Exact analysis of the chain by linear algebra (no simulation).
AbsorptionAnalysis analyze_absorption(const Chain& chain);

}  // namespace journeysim
