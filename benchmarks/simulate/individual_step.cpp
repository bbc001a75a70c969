// The ceiling of individual mode: customer-periods per second of the RNG draw plus the
// transition step alone (no tallies, no arrivals, no metrics), on the example's monthly
// transition matrix, per thread and on every core. Usage: bench_individual_step [MODEL]
#include <tbb/parallel_for.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "journeysim/analytic/chain.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/rng/stream.hpp"
#include "journeysim/sim/step.hpp"

using namespace journeysim;

namespace {

/// Steps `customers` customers through `periods` periods; returns a checksum so the work stays.
std::uint64_t step_customers(const std::vector<double>& cumulative, const std::vector<unsigned char>& terminal,
                             int n, std::uint64_t first, std::uint64_t customers, int periods, std::uint64_t& steps) {
  const std::uint64_t digest = key_digest(StreamKey{1, 0, 0, Purpose::customer});
  std::uint64_t checksum = 0;
  for (std::uint64_t c = first; c < first + customers; ++c) {
    ChildStream stream(digest, c);
    int s = 0;
    for (int t = 0; t < periods && !terminal[static_cast<std::size_t>(s)]; ++t) {
      const double u = stream.uniform();
      const double* row = cumulative.data() + s * n;
      s = next_stage(row, n, u);
      ++steps;
    }
    checksum += static_cast<std::uint64_t>(s);
  }
  return checksum;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "scenarios/b2b-saas/journey.yaml";
  const Chain chain = make_chain(read_journey(path));
  const int n = static_cast<int>(chain.transition.rows());
  std::vector<double> cumulative(static_cast<std::size_t>(n * n));
  for (int s = 0; s < n; ++s) {
    double sum = 0;
    for (int d = 0; d < n; ++d) cumulative[static_cast<std::size_t>(s * n + d)] = sum += chain.transition(s, d);
    cumulative[static_cast<std::size_t>(s * n + n - 1)] = 2.0;
  }
  std::vector<unsigned char> terminal(chain.terminal.begin(), chain.terminal.end());
  const std::uint64_t customers = 4'000'000;
  // Start everyone in 'adoption'-like long-lived stages would flatter the figure; start at the
  // first stage, as new prospects do.
  auto run = [&](unsigned threads) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::uint64_t> steps(threads, 0), sums(threads, 0);
    tbb::parallel_for(0u, threads, [&](unsigned k) {
      sums[k] = step_customers(cumulative, terminal, n, k * customers, customers, 36, steps[k]);
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::uint64_t total = 0, checksum = 0;
    for (unsigned k = 0; k < threads; ++k) {
      total += steps[k];
      checksum += sums[k];
    }
    std::printf("threads=%u customer_periods=%llu seconds=%.3f million_per_s=%.1f checksum=%llu\n", threads,
                static_cast<unsigned long long>(total), seconds, static_cast<double>(total) / seconds / 1e6,
                static_cast<unsigned long long>(checksum));
  };
  run(1);
  run(std::max(1u, std::thread::hardware_concurrency()));
  return 0;
}
