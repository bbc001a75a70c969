// Reading a log in batches of whole customers (memory bounded by customers, not rows) gives
// the panel of the log read whole, bit for bit. Oracle: build_panel on the whole log, which the
// hand-derived panel tests pin; the batched path must match it for every memory limit and
// thread count, and must really take several passes when the limit is small.
#include <tbb/global_control.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "journeysim/calibrate/calibrate.hpp"
#include "journeysim/calibrate/panel.hpp"
#include "journeysim/synth/synth.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/io/source_file.hpp"
#include "journeysim/output/journey_yaml_writer.hpp"
#include "test_paths.hpp"

using namespace journeysim;

namespace {

Journey example() { return read_journey(test::source_path("scenarios/b2b-saas/journey.yaml")); }

/// A synth log (segments, revenue) with the untidy rows real exports have appended: rows out
/// of time order, events after a terminal stage, a customer whose segment changes, bad rows.
std::string untidy_log(const Journey& model) {
  SynthOptions options;
  options.customers = 4000;
  options.periods = 18;
  options.seed = 5;
  options.segment_column = true;
  std::ostringstream out;
  write_synthetic_events(model, options, out);
  out << "x-order,2024-06-01T00:00:00Z,consideration,smb,7\n"
      << "x-order,2024-03-01T00:00:00Z,awareness,smb,0\n"  // out of time order
      << "x-lost,2024-02-01,lost,smb,\n"
      << "x-lost,2024-04-01,awareness,smb,5\n"  // after its terminal stage
      << "x-seg,2024-02-01,awareness,smb,1.25\n"
      << "x-seg,2024-03-01,consideration,enterprise,\n"  // its segment changes
      << "\"x, \"\"quoted\"\"\nid\",2024-02-01,awareness,smb,2\n"  // an id that needs unescaping
      << "\"x, \"\"quoted\"\"\nid\",2024-04-01,consideration,smb,3\n"
      << "c9,2024-03-03,nowhere,smb,0\n"  // bad: unknown stage
      << "c10,not-a-date,awareness,smb,0\n";  // bad: timestamp
  return out.str();
}

std::vector<bool> terminal_of(const Journey& model) {
  std::vector<bool> terminal;
  for (const auto& stage : model.stages) terminal.push_back(stage.terminal);
  return terminal;
}

EventLogOptions log_options(const Journey& model) {
  EventLogOptions options;
  options.max_bad_rows = 2;
  for (const auto& s : model.segments) options.known_segments.push_back(s.id);
  return options;
}

bool same_bits(double x, double y) { return std::memcmp(&x, &y, sizeof x) == 0; }

void check_same_tally(const PanelTally& a, const PanelTally& b) {
  CHECK(a.customers == b.customers);
  CHECK(a.counts == b.counts);
  CHECK(a.first_half == b.first_half);
  CHECK(a.second_half == b.second_half);
  CHECK(a.revenue_periods == b.revenue_periods);
  CHECK(a.at_as_of == b.at_as_of);
  CHECK(a.arrivals == b.arrivals);
  REQUIRE(a.revenue_sum.size() == b.revenue_sum.size());
  for (std::size_t s = 0; s < a.revenue_sum.size(); ++s) CHECK(same_bits(a.revenue_sum[s], b.revenue_sum[s]));
}

void check_same_panel(const Panel& a, const Panel& b) {
  CHECK(a.as_of == b.as_of);
  CHECK(a.first_period == b.first_period);
  CHECK(a.last_complete_period == b.last_complete_period);
  CHECK(a.customers == b.customers);
  CHECK(a.events_used == b.events_used);
  CHECK(a.events_after_as_of == b.events_after_as_of);
  CHECK(a.events_after_terminal == b.events_after_terminal);
  CHECK(a.customers_changing_segment == b.customers_changing_segment);
  REQUIRE(a.after_terminal_examples.size() == b.after_terminal_examples.size());
  for (std::size_t i = 0; i < a.after_terminal_examples.size(); ++i) {
    CHECK(a.after_terminal_examples[i].customer == b.after_terminal_examples[i].customer);
    CHECK(a.after_terminal_examples[i].time == b.after_terminal_examples[i].time);
  }
  check_same_tally(a.pooled, b.pooled);
  REQUIRE(a.segments.size() == b.segments.size());
  for (std::size_t g = 0; g < a.segments.size(); ++g) check_same_tally(a.segments[g], b.segments[g]);
}

}  // namespace

TEST_CASE("a log read in batches gives the panel of the log read whole, bit for bit") {
  const Journey model = example();
  const std::string text = untidy_log(model);
  const std::vector<bool> terminal = terminal_of(model);
  PanelOptions panel_options;
  panel_options.period = model.info.period;
  const EventLog whole = parse_event_log(text, "untidy.csv", model.stage_ids(), log_options(model));
  const Panel reference = build_panel(whole, terminal, panel_options);
  // The untidy rows did what they should, so the comparison covers those paths.
  CHECK(reference.events_after_terminal >= 1);
  CHECK(reference.customers_changing_segment >= 1);
  CHECK(whole.skipped.size() == 2);
  const std::size_t event_bytes = whole.events.size() * (sizeof(EventRecord) + sizeof(double));

  // No limit, about a third, and 1 byte (one bucket per pass: 256 passes).
  for (const std::size_t limit : {std::size_t{0}, event_bytes / 3, std::size_t{1}}) {
    for (const int threads : {1, 2, 3}) {
      tbb::global_control control(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
      EventLogOptions options = log_options(model);
      options.max_event_bytes = limit;
      options.block_bytes = 1 << 16;  // several blocks per pass
      options.piece_bytes = 1 << 12;
      std::size_t skipped_calls = 0;
      options.on_skipped = [&](const BadRow&) { ++skipped_calls; };
      std::unique_ptr<PanelBuilder> builder;
      std::uint32_t next_bucket = 0;
      std::size_t largest_batch = 0, batched_events = 0;
      const EventLog log = parse_event_log_in_batches(text, "untidy.csv", model.stage_ids(), options,
                                                      [&](const EventBatch& batch) {
        CHECK(batch.first_bucket == next_bucket);  // buckets in order, none twice
        next_bucket = batch.last_bucket;
        std::size_t size = 0;
        bool own_bucket = true;  // every event of bucket b is a customer of bucket b
        for (std::uint32_t b = batch.first_bucket; b < batch.last_bucket; ++b) {
          const BucketEvents& bucket = batch.buckets[b - batch.first_bucket];
          size += bucket.events.size();
          for (const EventRecord& e : bucket.events) own_bucket = own_bucket && batch.log.customer_bucket[e.customer] == b;
        }
        CHECK(own_bucket);
        largest_batch = std::max(largest_batch, size);
        batched_events += size;
        if (!builder) builder = std::make_unique<PanelBuilder>(batch.log, terminal, panel_options);
        builder->add(batch);
      });
      INFO("limit " << limit << " bytes, " << threads << " threads, " << log.passes << " passes");
      CHECK(next_bucket == customer_buckets);
      CHECK(batched_events == whole.events.size());
      CHECK(log.events.empty());  // nothing kept past its batch
      CHECK(skipped_calls == 2);  // each bad row reported once, not once per pass
      CHECK(log.skipped.size() == 2);
      CHECK(log.rows == whole.rows);
      CHECK(log.good_rows == whole.events.size());
      if (limit == 0) CHECK(log.passes == 1);
      if (limit == event_bytes / 3) {
        CHECK(log.passes >= 3);
        CHECK(largest_batch * (sizeof(EventRecord) + sizeof(double)) <= limit);
      }
      if (limit == 1) CHECK(log.passes == customer_buckets);
      check_same_panel(builder->finish(), reference);
    }
  }
}

TEST_CASE("calibrating a file in batches writes the same model as calibrating it whole") {
  const Journey model = example();
  const std::string path =
      (std::filesystem::temp_directory_path() / ("journeysim_untidy_" + std::to_string(::getpid()) + ".csv")).string();
  {
    std::ofstream out(path, std::ios::binary);
    out << untidy_log(model);
  }
  struct Remove {
    std::string path;
    ~Remove() { std::filesystem::remove(path); }
  } remove{path};
  const EventLog whole = read_event_log(path, model.stage_ids(), log_options(model));
  const CalibrationResult reference = calibrate_journey(model, whole, {});
  EventLogOptions options = log_options(model);
  options.max_event_bytes = 20000;  // ~830 events per pass
  const CalibratedLog streamed = calibrate_event_file(model, path, options, {});
  CHECK(streamed.log.passes > 10);
  const std::string text = read_yaml_file(model.file);
  CHECK(calibrated_journey_yaml(text, model, streamed.fit.journey) ==
        calibrated_journey_yaml(text, model, reference.journey));
}

TEST_CASE("a log that changes between passes is an error, not a silent mix") {
  const Journey model = example();
  const std::string path =
      (std::filesystem::temp_directory_path() / ("journeysim_changing_" + std::to_string(::getpid()) + ".csv")).string();
  const std::string text = untidy_log(model);
  auto write = [&](const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
  };
  write(text);
  struct Remove {
    std::string path;
    ~Remove() { std::filesystem::remove(path); }
  } remove{path};
  EventLogOptions options = log_options(model);
  options.max_event_bytes = 20000;  // several passes
  // After the first batch, the file is rewritten: one customer more, one row less, or — at the
  // same size, which a coarse modification time may not tell apart — every date moved to 1990
  // or every "awareness" made unknown (bad rows in a later pass would otherwise vanish).
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string out = text;
    for (std::size_t at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size()))
      out.replace(at, from.size(), to);
    return out;
  };
  for (const std::string& changed :
       {text + "someone-new,2024-05-01,awareness,smb,0\n", text.substr(0, text.rfind('\n', text.size() - 2) + 1),
        replaced(",2024-", ",1990-"), replaced(",awareness,", ",awarenesZ,")}) {
    write(text);
    int batches = 0;
    try {
      read_event_log_in_batches(path, model.stage_ids(), options, [&](const EventBatch&) {
        if (++batches == 1) write(changed);
      });
      FAIL("expected an error");
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find("the file changed while it was being read") != std::string::npos);
      CHECK(e.where().file == path);
    }
    CHECK(batches == 1);
  }
}
