# Entry points for people and CI. `make demo` and `make test` work on a fresh Debian 12 machine.
BUILD    ?= build
JOBS     ?= $(shell nproc)
CMAKE_FLAGS ?=
ifeq ($(CI),true)
  CMAKE_FLAGS += -DJOURNEYSIM_WERROR=ON
endif
JS       := $(BUILD)/journeysim
EXAMPLE  := scenarios/b2b-saas
DEMO_OUT ?= $(BUILD)/demo

.PHONY: all bootstrap configure build demo test bench clean

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

clean:
	rm -rf $(BUILD)
