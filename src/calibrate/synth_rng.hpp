#pragma once
// Private to calibrate: the random stream of `synth`, one per (seed, customer).
//
// The shared keyed streams of the simulator (rng/stream.hpp) live in a later module, so synth
// keeps its own small generator: the key is hashed with SplitMix64 into the state of a
// xoshiro256++ engine (Blackman & Vigna). Customer i's events depend only on (seed, i), so the
// log is the same whatever the number of threads.
#include <cstdint>
#include <limits>

namespace journeysim::synth_detail {

/// SplitMix64 step: advances `state` and returns a well-mixed 64-bit value.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// xoshiro256++ keyed by (seed, customer); a UniformRandomBitGenerator.
class CustomerStream {
 public:
  using result_type = std::uint64_t;
  CustomerStream(std::uint64_t seed, std::uint64_t customer) {
    std::uint64_t key = seed;
    std::uint64_t mixed = splitmix64(key) ^ customer;
    for (auto& word : state_) word = splitmix64(mixed);
  }
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() {
    const std::uint64_t result = rotl(state_[0] + state_[3], 23) + state_[0];
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

}  // namespace journeysim::synth_detail
