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

# The drivers on QEMU's own GICv3 (virt, gic-version=3): a bare-metal test at
# EL2 (tests/gicv3) that sets the GIC up and takes an SGI, an SPI and a PPI.
GICV3_HW_SRCS := tests/gicv3/start.S tests/gicv3/el1call.S tests/gicv3/main.c examples/minihyp/common/fmt.c
GICV3_HW_CFLAGS := --target=aarch64-none-elf -std=c11 -O2 -g -ffreestanding -nostdlib \
	-mgeneral-regs-only -mstrict-align -fno-stack-protector -fno-pic -Wall -Wextra -Werror \
	-Iinclude -Iexamples/minihyp

$(GICV3_BUILD)/hw.elf: $(GICV3_HW_SRCS) tests/gicv3/link.ld $(wildcard include/gicv3/*.h)
	@mkdir -p $(GICV3_BUILD)/hw
	@set -e; objs=; for s in $(GICV3_HW_SRCS); do \
		o=$(GICV3_BUILD)/hw/$$(basename $$s).o; \
		clang $(GICV3_HW_CFLAGS) -c -o $$o $$s; objs="$$objs $$o"; \
	done; ld.lld -T tests/gicv3/link.ld -o $@ $$objs

test-gicv3: test-gicv3-hw
.PHONY: test-gicv3-hw
test-gicv3-hw: $(GICV3_BUILD)/hw.elf
	@$(PYTHON) tests/gicv3/run.py $<
