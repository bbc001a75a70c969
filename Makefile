# Entry points for people and CI. `make demo` and `make test` work on a fresh Debian 12 machine.
BUILD    ?= build
JOBS     ?= $(shell nproc)
CMAKE_FLAGS ?=
# CI: warnings are errors, and the release and ASan builds compile in unity batches (about half
# the time of a clean build; CMakeLists.txt). The TSan build stays file by file, so every library
# and CLI source is still compiled on its own once per CI run (a missing #include cannot hide
# behind its batch); the unit tests of modules TSan does not run are compiled only in batches.
# The option is cached: drop -DJOURNEYSIM_UNITY_BUILD=ON from a build tree with cmake -D...=OFF.
ifeq ($(CI),true)
  CMAKE_FLAGS += -DJOURNEYSIM_WERROR=ON -DJOURNEYSIM_UNITY_BUILD=ON
endif
JS       := $(BUILD)/journeysim
EXAMPLE  := scenarios/b2b-saas
DEMO_OUT ?= $(BUILD)/demo

.PHONY: all bootstrap configure build demo test bench clean asan tsan fuzz

all: build

bootstrap:
	@scripts/bootstrap build test

configure: bootstrap
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@scripts/demo $(JS) $(EXAMPLE) $(DEMO_OUT)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@scripts/bootstrap bench
	@benchmarks/run_all $(BUILD)

# Sanitizer and fuzzing builds (issue #6, docs/RELIABILITY.md). clang-14 from Debian; one
# ASan+UBSan build serves both the whole test suite and the libFuzzer targets.
SAN_CMAKE := -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++-14 \
             -DCMAKE_CXX_FLAGS_RELEASE=-O1 -DJOURNEYSIM_BUILD_BENCHMARKS=OFF $(CMAKE_FLAGS)
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
SECONDS ?= 60
# halt_on_error: the first report fails the test; detect_leaks stays on (LSan).
export ASAN_OPTIONS ?= halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS ?= halt_on_error=1:print_stacktrace=1
export TSAN_OPTIONS ?= halt_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/tests/tsan.supp

asan:
	@scripts/bootstrap build test fuzz
	@cmake -S . -B $(ASAN_BUILD) $(SAN_CMAKE) -DJOURNEYSIM_SANITIZE=address,undefined -DJOURNEYSIM_BUILD_FUZZERS=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

# Reduced set: the tests that run the parallel engine (replicates, individual-mode blocks,
# thread-count invariance through the CLI) and the parallel event reader and panel (blocks,
# shards, buckets, batches); see docs/RELIABILITY.md for what TSan cannot see.
TSAN_TESTS := ^(sim|roi|io|calibrate):|^cli: (simulate|interrupt|calibrate)_test
tsan:
	@scripts/bootstrap build test fuzz
	@cmake -S . -B $(TSAN_BUILD) $(SAN_CMAKE) -DJOURNEYSIM_SANITIZE=thread -DJOURNEYSIM_UNITY_BUILD=OFF >/dev/null
	@cmake --build $(TSAN_BUILD) -j $(JOBS) --target journeysim_cli unit_sim unit_roi unit_io unit_calibrate
	@cd $(TSAN_BUILD) && ctest --output-on-failure -j $(JOBS) -R "$(TSAN_TESTS)"

# Each libFuzzer target for SECONDS seconds, from its seed corpus (fuzz/corpus/<target>),
# JOBS targets at a time.
fuzz:
	@scripts/bootstrap build fuzz
	@cmake -S . -B $(ASAN_BUILD) $(SAN_CMAKE) -DJOURNEYSIM_SANITIZE=address,undefined -DJOURNEYSIM_BUILD_FUZZERS=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS) --target fuzz_model fuzz_fixes fuzz_events fuzz_run_summary
	@FUZZ_JOBS=$(JOBS) fuzz/run $(ASAN_BUILD)/fuzz $(SECONDS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD)
