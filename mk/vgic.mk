# GICv2 drivers (include/gicv2/{distributor,cpu_interface,hyp_interface}.h)
# and the vGIC (include/vgic/): host unit tests (cmocka, under ASan/UBSan,
# buffers standing for the GIC frames; each test program compiles the vGIC's
# implementation) and a freestanding AArch64 build of the vGIC's
# implementation.  The headers compile alone in every configuration: suite
# `headers` (tests/cross/check_headers.py).
#   make test-vgic      build and run everything, TAP output

SUITES += vgic

VGIC_BUILD := $(BUILD)/vgic
VGIC_DEPS := $(wildcard include/vgic/*.h include/gicv2/*.h include/gicv3/*.h include/aarch64_sysreg/*.h)
VGIC_TEST_SRCS := $(sort $(wildcard tests/host/test_gic_*.c tests/host/test_vgic_*.c))
VGIC_TEST_BINS := $(patsubst tests/host/%.c,$(VGIC_BUILD)/%,$(VGIC_TEST_SRCS))
VGIC_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
VGIC_CFLAGS := -std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -Iinclude $(VGIC_SAN)
VGIC_XFLAGS := -ffreestanding -mgeneral-regs-only -std=c11 -O2 -Wall -Wextra -Werror -pedantic \
	-Iinclude

.PHONY: test-vgic vgic-tests vgic-cross-check

vgic-tests: $(VGIC_TEST_BINS)

# test_vgic_* compile the vGIC (VGIC_IMPLEMENTATION in vgic_test.h).
$(VGIC_BUILD)/test_vgic_%: tests/host/test_vgic_%.c $(VGIC_DEPS) $(wildcard tests/host/vgic_*.h)
	@mkdir -p $(dir $@)
	$(CC) $(VGIC_CFLAGS) -Itests/host -o $@ $< -lcmocka

$(VGIC_BUILD)/test_gic_%: tests/host/test_gic_%.c $(wildcard include/gicv2/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(VGIC_CFLAGS) -o $@ $< -lcmocka

test-vgic: $(VGIC_TEST_BINS)
	@rc=0; \
	for t in $(VGIC_TEST_BINS); do \
		echo "# $$t"; \
		CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 ./$$t || rc=1; \
	done; \
	$(MAKE) --no-print-directory -s vgic-cross-check || rc=1; \
	exit $$rc

# The vGIC's implementation as minihyp builds it: freestanding AArch64, no
# FP/SIMD registers, clang and GCC; the object may only call memset/memcpy
# (which compilers may emit).
vgic-cross-check:
	@mkdir -p $(VGIC_BUILD)/aarch64; rc=0; s=$(VGIC_BUILD)/aarch64/vgic_impl.c; \
	printf '#define VGIC_IMPLEMENTATION\n#include <vgic/vgic.h>\n' > $$s; \
	for cc in "clang --target=aarch64-none-elf" \
		  "aarch64-linux-gnu-gcc -fno-pie -mno-outline-atomics"; do \
		name=$${cc%% *}; o=$(VGIC_BUILD)/aarch64/vgic_impl.$$name.o; \
		if $$cc $(VGIC_XFLAGS) -c $$s -o $$o && \
		   ! llvm-nm --undefined-only $$o | grep -v -E ' (memset|memcpy)$$' | grep -q .; then \
			echo "ok - include/vgic (VGIC_IMPLEMENTATION) builds for AArch64, freestanding ($$name)"; \
		else echo "not ok - include/vgic (VGIC_IMPLEMENTATION) builds for AArch64, freestanding ($$name)"; rc=1; fi; \
	done; exit $$rc
