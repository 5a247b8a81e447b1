# GICv3 drivers (include/gicv3/{distributor,redistributor,cpu_interface}.h):
# host unit tests (cmocka, ASan/UBSan, buffers standing for the distributor
# and redistributor frames, the mock system-register file), clang and GCC.
# The headers' compile checks are those of every header (suite headers).
#   make test-gicv3     build and run them, TAP output

SUITES += gicv3

GICV3_BUILD := $(BUILD)/gicv3
GICV3_TEST_SRCS := $(sort $(wildcard tests/host/test_gicv3_*.c))
GICV3_TEST_BINS := $(foreach t,$(patsubst tests/host/%.c,%,$(GICV3_TEST_SRCS)), \
	$(GICV3_BUILD)/$(t)-clang $(GICV3_BUILD)/$(t)-gcc)
GICV3_CFLAGS := -std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -Iinclude \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: test-gicv3

$(GICV3_BUILD)/%-clang: tests/host/%.c $(wildcard include/gicv3/*.h include/aarch64_sysreg/*.h)
	@mkdir -p $(dir $@)
	clang $(GICV3_CFLAGS) -o $@ $< -lcmocka

$(GICV3_BUILD)/%-gcc: tests/host/%.c $(wildcard include/gicv3/*.h include/aarch64_sysreg/*.h)
	@mkdir -p $(dir $@)
	gcc $(GICV3_CFLAGS) -o $@ $< -lcmocka

test-gicv3: $(GICV3_TEST_BINS)
	@rc=0; for t in $(GICV3_TEST_BINS); do \
		echo "# $$t"; CMOCKA_MESSAGE_OUTPUT=TAP ./$$t || rc=1; \
	done; exit $$rc
