#pragma once
/// \file Hard bounds on inputs and runs (issue #6: never crash, never hang, never run out of
/// memory). Each bound sits far above any real journey and far below what would overflow a
/// number, exhaust memory or take days; an input beyond one is refused with a message that
/// names the value and the limit. docs/RELIABILITY.md lists them with their reasons.
#include <cstddef>
#include <cstdint>

namespace journeysim::limits {

/// Bytes of a model or fixes YAML file. yaml-cpp builds the whole tree before any check can
/// run, at about 1-2 MB/s and 100 bytes of memory per byte of text (measured: 12 MB took
/// 11 s and 1.4 GB), so the worst file that reaches the parser is refused within a second.
/// 1 MiB hold a 1000-stage journey at 1 KB a stage, or a calibration block of 50 000 counts.
inline constexpr std::size_t yaml_file_bytes = 1u << 20;

/// Bytes of an event log's header row: a longer first line is a file without newlines (or
/// not a CSV), refused before its "columns" are split and kept.
inline constexpr std::size_t csv_header_bytes = 64u << 10;

/// Bytes of calibrate's per-period tallies (periods spanned by the log × stages × segments
/// × blocks): a wrong date far in the past or future must not turn a small log into an
/// out-of-memory kill.
inline constexpr double panel_bytes = 2e9;

/// Stages of a journey. The analytic core uses dense n×n matrices (fundamental matrix, LU):
/// 1000 stages are 8 MB per matrix and about a second per factorization.
inline constexpr std::size_t stages = 1000;

// Periods projected: max_horizon (100000) in model/validate.hpp, also the bound of --horizon.

/// Segments of a journey; each holds its own n×n transition matrix per replicate.
inline constexpr std::size_t segments = 100;

/// Fixes, and portfolios, in a fixes file: each adds a scenario simulated in every replicate.
inline constexpr std::size_t fixes = 1000;

/// Customers in one stage at the start, or entering it per period (also after fix effects).
/// Population sums stay exact in doubles (< 2^53) and within the binomial sampler's range.
inline constexpr double stage_population = 1e12;

/// Customers one segment can hold in a cohort-mode replicate (initial + all inflow): the
/// binomial sampler is exact up to 10^15 trials and int64 sums cannot overflow.
inline constexpr double cohort_customers = 1e15;

/// Customers one segment can hold in an individual-mode replicate: every customer is stepped
/// one period at a time (about 10^8 customer-periods per second per core).
inline constexpr double individual_customers = 1e8;

/// Any amount of money (revenue or cost per customer per period, fix costs), and calibration
/// counts: sums over 10^12 customers × 10^5 periods stay far from overflow.
inline constexpr double amount = 1e15;

}  // namespace journeysim::limits
