# Every entry point of the project.  Pieces live in mk/*.mk; each adds its
# test suites to SUITES (run by `make test` through tests/run_suites.py).

ifeq ($(origin CC),default)
CC := clang
endif
ifeq ($(origin CXX),default)
CXX := clang++
endif
PYTHON ?= python3
BUILD ?= build

SUITES :=

.PHONY: all deps test gen check-gen run debug bench format clean
all:

deps:
	@./tools/install-deps.sh

include $(sort $(wildcard mk/*.mk))

test: deps
	@$(PYTHON) tests/run_suites.py "$(MAKE)" $(SUITES)

format:
	clang-format -i $$(git ls-files '*.c' '*.h' | grep -v '^include/.*/generated/')

clean:
	rm -rf $(BUILD)
