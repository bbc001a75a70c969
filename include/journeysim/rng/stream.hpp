#pragma once
/// \file Keyed random streams: one engine per logical work item, never per thread, so results
/// do not depend on the thread count. The scenario is never part of a key (common random
/// numbers): baseline and every fix see the same numbers.
#include <cstdint>

namespace journeysim {

/// What a stream is used for; part of the key so different uses never share numbers.
enum class Purpose : std::uint64_t {
  transition_row = 1,  ///< Dirichlet draw of one transition row (item = segment, row)
  fix_effect = 2,      ///< effect draws of one fix (item = a hash of the fix id, so adding or
                       ///< reordering fixes never changes another fix's draws)
  cohort_move = 3,     ///< multinomial move of one stage in one period (cohort mode)
  cohort_inflow = 4,   ///< Poisson inflow of one stage in one period (cohort mode)
  customer = 5,        ///< one customer's path (individual mode)
  arrivals = 6,        ///< number of arrivals in one period (individual mode)
  initial = 7,         ///< rounding of initial populations
  synth = 8,           ///< event-log synthesis
  inflow_level = 9,    ///< gamma multiplier of one segment's inflow per replicate (item = segment)
  propensity = 10,     ///< (ln α, ln β) of one Beta propensity per replicate (item = segment, stage)
  fix_cost = 11,       ///< cost draws of one fix (item = a hash of the fix id, as fix_effect)
  trigger_hold_out = 12,  ///< who of a trigger's customers is held out (cohort: per cell; individual: per customer)
  independent = 99,    ///< test-only: streams that differ per scenario (no CRN)
};

/// The identity of a stream.
struct StreamKey {
  std::uint64_t seed = 0;
  std::uint64_t replicate = 0;
  std::uint64_t item = 0;
  Purpose purpose = Purpose::transition_row;
};

/// Where one (replicate, segment) of a kernel draws its random numbers: the one form in which
/// the seed travels from the run to the kernels. `scenario_salt` is 0 (common random numbers)
/// except in the test-only independent-streams mode.
struct StreamBase {
  std::uint64_t seed = 0;
  std::uint64_t replicate = 0;
  std::uint64_t segment = 0;
  std::uint64_t scenario_salt = 0;
  /// Cells per period in the key when not 0 (else the kernel's own state count): the same for
  /// every segment of a run, so segments with different numbers of states (time-in-stage rows)
  /// never share a key. sim/parameters.hpp's row_key_stride: the stage count when no segment
  /// has extra states, so keys are those of the plain model.
  std::uint64_t state_stride = 0;

  /// The item of a (period, stage) cell, for streams keyed per cell: cohort moves and inflow,
  /// individual-mode arrivals and arrival cohorts. Periods run 0..horizon (horizon itself keys
  /// the initial population), so cells of different segments never share an item; the salt
  /// sits above any cell index of a run that fits in memory.
  /// States at or past the stride (those a scenario's triggered fixes add after every state of
  /// the model, scenario/trigger_states.hpp) are numbered apart, above bit 39, so they never take
  /// the key of a cell of the model.
  std::uint64_t cell_item(int horizon, std::uint64_t stages, int period, std::uint64_t stage) const {
    const std::uint64_t width = state_stride != 0 ? state_stride : stages;
    if (stage >= width) {
      const std::uint64_t added =
          (segment * static_cast<std::uint64_t>(horizon + 1) + static_cast<std::uint64_t>(period)) * stages + (stage - width);
      return (added | (std::uint64_t{1} << 39)) ^ (scenario_salt << 40);
    }
    const std::uint64_t cell =
        (segment * static_cast<std::uint64_t>(horizon + 1) + static_cast<std::uint64_t>(period)) * width + stage;
    return cell ^ (scenario_salt << 40);
  }
  /// The key of a cell's stream for `purpose`.
  StreamKey cell_key(int horizon, std::uint64_t stages, int period, std::uint64_t stage, Purpose purpose) const {
    return StreamKey{seed, replicate, cell_item(horizon, stages, period, stage), purpose};
  }
};

/// SplitMix64 step: advances `state` and returns a well-mixed 64-bit value.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// The 64-bit digest of a key (what Stream seeds itself from); parents of many cheap streams.
/// Each key field passes through its own SplitMix64 round so nearby keys decorrelate.
inline std::uint64_t key_digest(const StreamKey& key) {
  std::uint64_t h = key.seed;
  std::uint64_t mix = splitmix64(h);
  h = mix ^ key.replicate;
  mix = splitmix64(h);
  h = mix ^ key.item;
  mix = splitmix64(h);
  h = mix ^ static_cast<std::uint64_t>(key.purpose);
  return splitmix64(h);
}

/// A tiny stream for hot loops that need one stream per customer: SplitMix64 whose state is
/// the scrambled (parent digest, index) pair, so seeding costs one round instead of eight.
/// Example: `ChildStream s(key_digest(parent_key), customer_index); double u = s.uniform();`
class ChildStream {
 public:
  using result_type = std::uint64_t;
  ChildStream(std::uint64_t parent_digest, std::uint64_t index) : state_(parent_digest ^ (index * 0xD1B54A32D192ED03ULL)) {
    state_ = splitmix64(state_);  // scramble so neighbouring indices start far apart
  }
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() { return splitmix64(state_); }
  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

/// xoshiro256** seeded from a StreamKey through SplitMix64. Satisfies
/// UniformRandomBitGenerator, so Boost.Random distributions accept it.
/// Example: `Stream s(StreamKey{seed, r, customer, Purpose::customer}); double u = s.uniform();`
class Stream {
 public:
  using result_type = std::uint64_t;

  explicit Stream(const StreamKey& key) {
    std::uint64_t h = key_digest(key);
    for (auto& word : state_) word = splitmix64(h);
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }

  result_type operator()() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
};

}  // namespace journeysim
