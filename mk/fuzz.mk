# libFuzzer harnesses (tests/fuzz/, clang -fsanitize=fuzzer,address,undefined):
# the vGIC distributor, list-register scheduling against the architectural
# GICH model, the exit (ESR/ISS) decoders, PSCI dispatch, the device-tree
# reader.  docs/fuzzing.md.
#   make fuzz        each harness for FUZZ_SECONDS (600) from the saved corpus;
#                    new inputs in build/fuzz/corpus/, crashes in build/fuzz/crashes/
#   make test-fuzz   replays the saved corpus and crash inputs, then a short
#                    deterministic run of each (-runs, -seed): TAP

SUITES += fuzz

FUZZ_HARNESSES := vgic_dist vgic_lr exit psci fdt
FUZZ_BUILD := $(BUILD)/fuzz
FUZZ_SECONDS ?= 600
FUZZ_TEST_RUNS ?= 20000
FUZZ_CC := clang
FUZZ_CFLAGS := -std=c11 -Wall -Wextra -Werror -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Iinclude -Itests/fuzz -Itests/host
FUZZ_BINS := $(patsubst %,$(FUZZ_BUILD)/fuzz_%,$(FUZZ_HARNESSES))
FUZZ_DEPS := $(wildcard tests/fuzz/*.h tests/host/vgic_gich_model.h include/*/*.h)

.PHONY: fuzz fuzz-build test-fuzz

fuzz-build: $(FUZZ_BINS)

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DEPS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $<

# A campaign: the saved corpus seeds a working corpus under build/ (the
# saved one is never written); exec counts at the end of each log.
fuzz: $(FUZZ_BINS)
	@rc=0; for h in $(FUZZ_HARNESSES); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$h $(FUZZ_BUILD)/crashes/$$h; \
		echo "fuzz: $$h for $(FUZZ_SECONDS) s"; \
		$(FUZZ_BUILD)/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_BUILD)/crashes/$$h/ \
			$(FUZZ_BUILD)/corpus/$$h tests/fuzz/corpus/$$h \
			> $(FUZZ_BUILD)/$$h.log 2>&1 || rc=1; \
		grep -E '^stat::number_of_executed_units|^Done|ERROR' $(FUZZ_BUILD)/$$h.log; \
	done; exit $$rc

# Replay, then a bounded deterministic run.  A harness that did not build
# is a failure, not a skip.
test-fuzz:
	@$(MAKE) --no-print-directory -s -k fuzz-build >/dev/null 2>&1; rc=0; \
	for h in $(FUZZ_HARNESSES); do \
		bin=$(FUZZ_BUILD)/fuzz_$$h; \
		if [ ! -x $$bin ]; then echo "not ok - fuzz $$h: harness built (clang with libFuzzer)"; \
			rc=1; continue; fi; \
		inputs=$$(find tests/fuzz/corpus/$$h tests/fuzz/crashes/$$h -type f 2>/dev/null | sort); \
		if [ -n "$$inputs" ] && $$bin $$inputs > $(FUZZ_BUILD)/$$h.replay.log 2>&1; then \
			echo "ok - fuzz $$h: replays $$(echo $$inputs | wc -w) saved inputs"; \
		else echo "not ok - fuzz $$h: replays the saved inputs ($(FUZZ_BUILD)/$$h.replay.log)"; rc=1; fi; \
		rm -rf $(FUZZ_BUILD)/test-corpus/$$h; mkdir -p $(FUZZ_BUILD)/test-corpus/$$h; \
		if $$bin -runs=$(FUZZ_TEST_RUNS) -seed=1 -artifact_prefix=$(FUZZ_BUILD)/ \
			$(FUZZ_BUILD)/test-corpus/$$h tests/fuzz/corpus/$$h \
			> $(FUZZ_BUILD)/$$h.test.log 2>&1; then \
			echo "ok - fuzz $$h: $(FUZZ_TEST_RUNS) runs, seed 1"; \
		else echo "not ok - fuzz $$h: $(FUZZ_TEST_RUNS) runs, seed 1 ($(FUZZ_BUILD)/$$h.test.log)"; rc=1; fi; \
	done; exit $$rc
