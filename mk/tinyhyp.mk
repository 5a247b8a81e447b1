# tinyhyp: the smallest hypervisor built on the library (examples/tinyhyp,
# docs/using-the-library.md): include/ and asm/el2_vectors.S, nothing of
# minihyp.  Built with the target toolchain of mk/minihyp.mk (MH_CC, ...).
#   make tinyhyp        build build/tinyhyp/tinyhyp.elf (its guest built in)
#   make run-tinyhyp    boot it under QEMU (console on stdout)
#   make test-tinyhyp   boot it and check what it and its guest report (TAP),
#                       built with clang, then with GCC (MH_TOOLCHAIN=gcc)

SUITES += tinyhyp

TH_DIR := examples/tinyhyp
TH_BUILD := $(BUILD)/tinyhyp$(if $(filter gcc,$(MH_TOOLCHAIN)),-gcc)
TH_CFLAGS := $(filter-out -I$(MH_DIR) -DMINIHYP_%,$(MH_CFLAGS))
TH_ASFLAGS := -g -Iinclude
TH_DEPS := $(wildcard include/*/*.h $(TH_DIR)/*.h)
TH_HYP_SRCS := $(TH_DIR)/boot.S asm/el2_vectors.S $(TH_DIR)/tinyhyp.c
TH_GUEST_SRCS := $(TH_DIR)/guest/start.S $(TH_DIR)/guest/guest.c

.PHONY: tinyhyp run-tinyhyp test-tinyhyp

all: tinyhyp
tinyhyp: $(TH_BUILD)/tinyhyp.elf

$(TH_BUILD)/%.c.o: %.c $(TH_DEPS)
	@mkdir -p $(dir $@)
	$(MH_CC) $(TH_CFLAGS) -c -o $@ $<

$(TH_BUILD)/%.S.o: %.S $(TH_DEPS)
	@mkdir -p $(dir $@)
	$(MH_CC) $(TH_ASFLAGS) -c -o $@ $<

$(TH_BUILD)/guest.elf: $(patsubst %,$(TH_BUILD)/%.o,$(TH_GUEST_SRCS)) $(TH_DIR)/guest/guest.ld
	$(MH_LD) -T $(TH_DIR)/guest/guest.ld -o $@ $(filter %.o,$^)

$(TH_BUILD)/guest.bin: $(TH_BUILD)/guest.elf
	$(MH_OBJCOPY) -O binary $< $@

# boot.S carries the guest's image.
$(TH_BUILD)/$(TH_DIR)/boot.S.o: $(TH_DIR)/boot.S $(TH_BUILD)/guest.bin $(TH_DEPS)
	@mkdir -p $(dir $@)
	$(MH_CC) $(TH_ASFLAGS) -DTINYHYP_GUEST_BIN='"$(TH_BUILD)/guest.bin"' -c -o $@ $<

$(TH_BUILD)/tinyhyp.elf: $(patsubst %,$(TH_BUILD)/%.o,$(TH_HYP_SRCS)) $(TH_DIR)/tinyhyp.ld
	$(MH_LD) -T $(TH_DIR)/tinyhyp.ld -o $@ $(filter %.o,$^)

run-tinyhyp: $(TH_BUILD)/tinyhyp.elf
	$(QEMU_BOARD) --cpu $(QEMU_CPU) --no-reboot --kernel $<

test-tinyhyp: $(TH_BUILD)/tinyhyp.elf $(TH_BUILD)/guest.elf
	@rc=0; $(PYTHON) tests/tinyhyp/run.py --qemu $(QEMU) $^ || rc=1; \
	$(MAKE) --no-print-directory -s MH_TOOLCHAIN=gcc tinyhyp || rc=1; \
	$(PYTHON) tests/tinyhyp/run.py --qemu $(QEMU) --label "tinyhyp (GCC)" \
		$(BUILD)/tinyhyp-gcc/tinyhyp.elf $(BUILD)/tinyhyp-gcc/guest.elf || rc=1; \
	exit $$rc
