#include "event_repeats.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace journeysim {

void RepeatedRows::add(const RepeatedRows& other) {
  count += other.count;
  examples.insert(examples.end(), other.examples.begin(), other.examples.end());
  std::sort(examples.begin(), examples.end());
  if (examples.size() > max_examples) examples.resize(max_examples);
}

}  // namespace journeysim

namespace journeysim::event_io {
namespace {

/// Revenue as a key: every blank (NaN) alike, and 0 and -0 alike.
std::uint64_t revenue_key(const std::vector<double>& revenue, std::uint32_t i) {
  if (revenue.empty() || std::isnan(revenue[i])) return ~std::uint64_t{0};
  const double value = revenue[i] == 0 ? 0.0 : revenue[i];
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

void add_example(RepeatedRows& rows, std::uint32_t line, std::uint32_t earlier) {
  ++rows.count;
  if (rows.examples.size() == RepeatedRows::max_examples && line >= rows.examples.back().first) return;
  rows.examples.emplace_back(line, earlier);
  std::sort(rows.examples.begin(), rows.examples.end());
  if (rows.examples.size() > RepeatedRows::max_examples) rows.examples.pop_back();
}

/// One customer's events at one time (`group`, in file order): marks the later copies of
/// exact duplicates in `drop` and counts a tie when the rest hold more than one stage.
void check_group(const std::vector<EventRecord>& events, const std::vector<double>& revenue,
                 const std::vector<std::uint32_t>& lines, std::vector<std::uint32_t>& group, std::vector<char>& drop,
                 RepeatedRows& duplicates, RepeatedRows& ties) {
  auto same = [&](std::uint32_t a, std::uint32_t b) {
    return events[a].stage == events[b].stage && events[a].segment == events[b].segment &&
           revenue_key(revenue, a) == revenue_key(revenue, b);
  };
  auto key_less = [&](std::uint32_t a, std::uint32_t b) {
    const EventRecord &x = events[a], &y = events[b];
    if (x.stage != y.stage) return x.stage < y.stage;
    if (x.segment != y.segment) return x.segment < y.segment;
    const std::uint64_t rx = revenue_key(revenue, a), ry = revenue_key(revenue, b);
    return rx != ry ? rx < ry : a < b;  // equal keys in file order: the first copy leads
  };
  std::vector<std::uint32_t> by_key = group;
  std::sort(by_key.begin(), by_key.end(), key_less);
  std::uint32_t first_copy = by_key.front();
  for (std::size_t k = 1; k < by_key.size(); ++k) {
    const std::uint32_t i = by_key[k];
    if (!same(i, first_copy)) {
      first_copy = i;
      continue;
    }
    drop[i] = 1;
    add_example(duplicates, lines[i], lines[first_copy]);
  }
  const std::uint32_t first = group.front();  // never dropped: the earliest copy stays
  for (const std::uint32_t i : group)
    if (!drop[i] && events[i].stage != events[first].stage) {
      add_example(ties, lines[i], lines[first]);
      return;
    }
}

}  // namespace

void drop_repeats(std::vector<EventRecord>& events, std::vector<double>& revenue, std::vector<std::uint32_t>& lines,
                  RepeatedRows& duplicates, RepeatedRows& ties) {
  const std::size_t n = events.size();
  if (n < 2) return;
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const EventRecord &x = events[a], &y = events[b];
    if (x.customer != y.customer) return x.customer < y.customer;
    return x.time != y.time ? x.time < y.time : a < b;
  });
  std::vector<char> drop;
  std::vector<std::uint32_t> group;
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin + 1;
    const EventRecord& e = events[order[begin]];
    while (end < n && events[order[end]].customer == e.customer && events[order[end]].time == e.time) ++end;
    if (end - begin > 1) {
      if (drop.empty()) drop.assign(n, 0);
      group.assign(order.begin() + static_cast<std::ptrdiff_t>(begin), order.begin() + static_cast<std::ptrdiff_t>(end));
      check_group(events, revenue, lines, group, drop, duplicates, ties);
    }
    begin = end;
  }
  if (drop.empty()) return;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (drop[i]) continue;
    events[kept] = events[i];
    lines[kept] = lines[i];
    if (!revenue.empty()) revenue[kept] = revenue[i];
    ++kept;
  }
  events.resize(kept);
  lines.resize(kept);
  if (!revenue.empty()) revenue.resize(kept);
}

}  // namespace journeysim::event_io
