// Chart geometry: linear scales and nice ticks.
#include <catch2/catch.hpp>
#include <cmath>

#include "journeysim/chart/scale.hpp"

using namespace journeysim;

TEST_CASE("LinearScale maps the domain onto the range, also backwards", "[scale]") {
  const LinearScale x(0, 100, 50, 550);
  CHECK(x(0) == 50);
  CHECK(x(100) == 550);
  CHECK(x(25) == Approx(175));
  CHECK(x(-10) == Approx(0));  // extrapolates
  const LinearScale y(-1, 1, 200, 0);  // y grows upwards on screen
  CHECK(y(-1) == 200);
  CHECK(y(1) == 0);
  CHECK(y(0) == Approx(100));
}

TEST_CASE("LinearScale with an empty domain maps to the middle of the range", "[scale]") {
  const LinearScale x(5, 5, 0, 100);
  CHECK(x(5) == 50);
  CHECK(std::isfinite(x(7)));
}

TEST_CASE("nice_ticks uses 1-2-5 steps that cover the data", "[scale]") {
  const Ticks t = nice_ticks(0, 1.93e6);
  CHECK(t.step == 5e5);
  CHECK(t.values == std::vector<double>{0, 5e5, 1e6, 1.5e6, 2e6});
  CHECK(t.largest() == 2e6);

  const Ticks n = nice_ticks(-10.47e6, 25.18e6, 6);
  CHECK(n.step == 1e7);
  CHECK(n.min() == -2e7);
  CHECK(n.max() == 3e7);

  const Ticks s = nice_ticks(0, 1, 5);
  CHECK(s.step == Approx(0.2));
  CHECK(s.values.size() == 6);
}

TEST_CASE("nice_ticks properties over many ranges", "[scale]") {
  for (double low : {-7.3e6, -1.0, 0.0, 0.004, 13.0, 2.2e9})
    for (double span : {1e-3, 0.7, 12.0, 950.0, 3.3e6}) {
      const double high = low + span;
      const Ticks t = nice_ticks(low, high, 5);
      INFO("low " << low << " high " << high << " step " << t.step);
      CHECK(t.min() <= low);
      CHECK(t.max() >= high);
      CHECK(t.values.size() >= 2);
      CHECK(t.values.size() <= 12);
      const double mantissa = t.step / std::pow(10.0, std::floor(std::log10(t.step)));
      CHECK((std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 || std::abs(mantissa - 5) < 1e-9));
      for (std::size_t i = 1; i < t.values.size(); ++i) CHECK(t.values[i] - t.values[i - 1] == Approx(t.step));
    }
}

TEST_CASE("nice_ticks widens a single value and swaps reversed bounds", "[scale]") {
  const Ticks point = nice_ticks(7, 7);
  CHECK(point.min() < 7);
  CHECK(point.max() > 7);
  const Ticks zero = nice_ticks(0, 0);
  CHECK(zero.min() <= -1);
  CHECK(zero.max() >= 1);
  CHECK(nice_ticks(10, 0).values == nice_ticks(0, 10).values);
  for (double v : nice_ticks(-1, 1).values)
    if (v == 0) CHECK(!std::signbit(v));  // "-0" would print as a tick label
}
