# minihyp: the example hypervisor, its guests, QEMU system tests, benchmark.
#   make minihyp    build build/minihyp/minihyp.elf and the guests
#   make run        boot minihyp + the demo guest under QEMU (console on stdout);
#                   make run VMS=F: the VMs of VM file F (mk/vms.mk)
#   make debug      the same, stopped under QEMU's gdbstub, with gdb-multiarch
#   make test-qemu  QEMU system tests (TAP), and a GCC build of minihyp booted once
#   make minihyp MH_TOOLCHAIN=gcc   the GCC build, in build/minihyp-gcc
#   make test-adversarial  the adversarial guest (guests/hostile) and its checks (TAP),
#                   on a GICv2 and a GICv3 board
#   make bench      deterministic benchmark (-icount shift=0), build/bench/bench.json
#   GIC=3           make run, debug, bench (and run-linux) on -machine gic-version=3
#                   (make bench without GIC=: GICv2 and GICv3 side by side)

SUITES += qemu adversarial

MH_DIR := examples/minihyp
QEMU_CPU ?= cortex-a57
# The board's GIC (QEMU -machine gic-version): minihyp finds it in QEMU's
# device tree and gives its guest the same version.
GIC ?= 2
# make bench: both GICs side by side, or the one GIC=N names.
MH_BENCH_GICS = $(if $(filter file,$(origin GIC)),2$(MH_COMMA)3,$(GIC))
MH_COMMA := ,

# The target toolchain: clang + ld.lld (default, build/minihyp) or Debian's
# GCC cross compiler and binutils (MH_TOOLCHAIN=gcc, build/minihyp-gcc).
# GCC's Linux target defaults to PIE and to out-of-line atomics (calls
# into libgcc): a freestanding EL2 image wants neither.
MH_TOOLCHAIN ?= clang
ifeq ($(MH_TOOLCHAIN),gcc)
MH_BUILD := $(BUILD)/minihyp-gcc
MH_CC := aarch64-linux-gnu-gcc
MH_LD := aarch64-linux-gnu-ld
MH_OBJCOPY := aarch64-linux-gnu-objcopy
MH_TC_CFLAGS := -fno-pie -mno-outline-atomics -fno-asynchronous-unwind-tables
# One RWX load segment is what the linker scripts ask for (flat images).
MH_LD += --no-warn-rwx-segments
else
MH_BUILD := $(BUILD)/minihyp
MH_CC := clang --target=aarch64-none-elf
MH_LD := ld.lld
MH_OBJCOPY := llvm-objcopy
MH_TC_CFLAGS :=
endif
MH_CFLAGS := -std=c11 -O2 -g -ffreestanding -nostdlib -mgeneral-regs-only -mstrict-align \
	-fno-stack-protector -fno-pic $(MH_TC_CFLAGS) -Wall -Wextra -Werror -Iinclude -I$(MH_DIR)
MH_ASFLAGS := -g -Iinclude -I$(MH_DIR)

MH_HYP_SRCS := $(MH_DIR)/boot.S asm/el2_vectors.S $(MH_DIR)/main.c $(MH_DIR)/vm.c \
	$(MH_DIR)/vcpu.c $(MH_DIR)/exit_early.c $(MH_DIR)/psci.c $(MH_DIR)/smccc.c $(MH_DIR)/aborts.c $(MH_DIR)/sysreg.c \
	$(MH_DIR)/vgic_host.c $(MH_DIR)/vgic_host3.c $(MH_DIR)/gic3.c $(MH_DIR)/exit_early3.c $(MH_DIR)/firmware.c $(MH_DIR)/console.c $(MH_DIR)/console_input.c \
	$(MH_DIR)/mm.c $(MH_DIR)/vdev.c $(MH_DIR)/common/fmt.c $(MH_DIR)/common/string.c \
	$(MH_DIR)/fdt.c $(MH_DIR)/demo_guest.S $(MH_DIR)/gic.c $(MH_DIR)/vm_config.c $(MH_DIR)/vmfile.c \
	$(MH_DIR)/vgic.c $(wildcard $(MH_DIR)/linux_boot.c $(MH_DIR)/linux_boot_dtb.c)
ifneq ($(wildcard $(MH_DIR)/linux_boot.c),)
MH_CFLAGS += -DMINIHYP_HAVE_LINUX_BOOT
endif
MH_HYP_OBJS := $(patsubst %,$(MH_BUILD)/hyp/%.o,$(MH_HYP_SRCS))
MH_HEADERS := $(wildcard include/*/*.h $(MH_DIR)/*.h $(MH_DIR)/common/*.h $(MH_DIR)/guests/common/*.h)

MH_GUESTS := hello tests bench psci hostile rt
MH_GUEST_COMMON := $(MH_DIR)/guests/common/start.S $(MH_DIR)/guests/common/runtime.c $(MH_DIR)/guests/common/gic.c \
	$(MH_DIR)/guests/common/lib.c $(MH_DIR)/guests/common/el0.S \
	$(MH_DIR)/common/fmt.c $(MH_DIR)/common/string.c

mh_guest_srcs = $(MH_GUEST_COMMON) $(sort $(wildcard $(MH_DIR)/guests/$(1)/*.c $(MH_DIR)/guests/$(1)/*.S))
mh_guest_objs = $(patsubst %,$(MH_BUILD)/guests/$(1)/%.o,$(call mh_guest_srcs,$(1)))

.PHONY: minihyp run debug test-qemu test-adversarial bench 

all: minihyp

minihyp: $(MH_BUILD)/minihyp.elf $(foreach g,$(MH_GUESTS),$(MH_BUILD)/guests/$(g).bin)

# A test build that faults at EL2 on purpose (the runner checks the report).
$(MH_BUILD)/el2fault/main.c.o: $(MH_DIR)/main.c $(MH_HEADERS)
	@mkdir -p $(dir $@)
	$(MH_CC) $(MH_CFLAGS) -DMINIHYP_TEST_EL2_FAULT -c -o $@ $<

MH_EL2FAULT_OBJS := $(filter-out %/main.c.o,$(MH_HYP_OBJS)) $(MH_BUILD)/el2fault/main.c.o

$(MH_BUILD)/minihyp-el2fault.elf: $(MH_EL2FAULT_OBJS) $(MH_DIR)/minihyp.ld
	$(MH_LD) -T $(MH_DIR)/minihyp.ld -o $@ $(MH_EL2FAULT_OBJS)

$(MH_BUILD)/hyp/%.c.o: %.c $(MH_HEADERS)
	@mkdir -p $(dir $@)
	$(MH_CC) $(MH_CFLAGS) -c -o $@ $<

$(MH_BUILD)/hyp/%.S.o: %.S $(MH_HEADERS)
	@mkdir -p $(dir $@)
	$(MH_CC) $(MH_ASFLAGS) -c -o $@ $<

# The demo guest is built into minihyp as a fallback (demo_guest.S).
$(MH_BUILD)/hyp/$(MH_DIR)/demo_guest.S.o: $(MH_DIR)/demo_guest.S $(MH_BUILD)/guests/hello.bin
	@mkdir -p $(dir $@)
	$(MH_CC) $(MH_ASFLAGS) -DDEMO_GUEST_BIN='"$(MH_BUILD)/guests/hello.bin"' -c -o $@ $<

$(MH_BUILD)/minihyp.elf: $(MH_HYP_OBJS) $(MH_DIR)/minihyp.ld
	$(MH_LD) -T $(MH_DIR)/minihyp.ld -o $@ $(MH_HYP_OBJS)

define mh_guest_rules
$(MH_BUILD)/guests/$(1)/%.c.o: %.c $(MH_HEADERS)
	@mkdir -p $$(dir $$@)
	$(MH_CC) $(MH_CFLAGS) -c -o $$@ $$<

$(MH_BUILD)/guests/$(1)/%.S.o: %.S $(MH_HEADERS)
	@mkdir -p $$(dir $$@)
	$(MH_CC) $(MH_ASFLAGS) -c -o $$@ $$<

$(MH_BUILD)/guests/$(1).elf: $(call mh_guest_objs,$(1)) $(MH_DIR)/guests/common/guest.ld
	$(MH_LD) -T $(MH_DIR)/guests/common/guest.ld -o $$@ $(call mh_guest_objs,$(1))

$(MH_BUILD)/guests/$(1).bin: $(MH_BUILD)/guests/$(1).elf
	$(MH_OBJCOPY) -O binary $$< $$@
endef
$(foreach g,$(MH_GUESTS),$(eval $(call mh_guest_rules,$(g))))

# QEMU command line (tools/qemu_board.py): minihyp as the ELF kernel, a guest
# image as raw bytes where minihyp looks for it.
mh_qemu = $(QEMU_BOARD) --gic $(GIC) --cpu $(1) --no-reboot --kernel $(MH_BUILD)/minihyp.elf --guest $(2)

# make run VMS=<a VM file>: what the file describes (mk/vms.mk).
ifeq ($(VMS),)
run: $(MH_BUILD)/minihyp.elf $(MH_BUILD)/guests/hello.bin
	$(call mh_qemu,$(QEMU_CPU),$(MH_BUILD)/guests/hello.bin)
else
run: run-vms
endif

debug: $(MH_BUILD)/minihyp.elf $(MH_BUILD)/guests/hello.bin
	$(call mh_qemu,$(QEMU_CPU),$(MH_BUILD)/guests/hello.bin) -- -s -S </dev/null & \
	qpid=$$!; sleep 1; \
	gdb-multiarch -q -x $(MH_DIR)/debug.gdb $(MH_BUILD)/minihyp.elf; \
	kill $$qpid 2>/dev/null; wait $$qpid 2>/dev/null; true

# Host unit tests of vcpu/vcpu.h (mock sysreg backend), clang and GCC.
MH_HOST_CFLAGS := -std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -Iinclude \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
MH_HOST_TESTS := $(MH_BUILD)/host/host_test_vcpu-clang $(MH_BUILD)/host/host_test_vcpu-gcc \
	$(MH_BUILD)/host/host_test_vm_config-clang $(MH_BUILD)/host/host_test_vm_config-gcc

$(MH_BUILD)/host/host_test_vcpu-%: tests/qemu/host_test_vcpu.c $(MH_HEADERS)
	@mkdir -p $(dir $@)
	$* $(MH_HOST_CFLAGS) -o $@ $< -lcmocka

# Host unit tests of the VM configuration checks (vm_config.c).
$(MH_BUILD)/host/host_test_vm_config-%: tests/qemu/host_test_vm_config.c $(MH_DIR)/vm_config.c \
		tests/host/console_capture.h $(MH_HEADERS)
	@mkdir -p $(dir $@)
	$* $(MH_HOST_CFLAGS) -I$(MH_DIR) -o $@ $< $(MH_DIR)/vm_config.c -lcmocka

# The multi-vCPU test and benchmark guests (mk/smpguest.mk).
MH_SMP_BINS := $(addprefix $(BUILD)/smpguest/,smp-minihyp.bin smpbench.bin smpbench.elf \
	smpbench3.bin smpbench3.elf)

test-qemu: minihyp $(MH_BUILD)/minihyp-el2fault.elf $(MH_HOST_TESTS) $(MH_SMP_BINS)
	@rc=0; for t in $(MH_HOST_TESTS); do \
		echo "# $$t"; CMOCKA_MESSAGE_OUTPUT=TAP $$t || rc=1; \
	done; \
	$(PYTHON) tests/qemu/run.py --build $(MH_BUILD) --qemu $(QEMU) || rc=1; \
	$(PYTHON) tests/qemu/run.py --build $(MH_BUILD) --qemu $(QEMU) --gic 3 || rc=1; \
	if $(MAKE) --no-print-directory -s MH_TOOLCHAIN=gcc minihyp; then \
		echo "ok - minihyp and its guests build with GCC (aarch64-linux-gnu, freestanding)"; \
		$(PYTHON) tests/qemu/run.py --build $(BUILD)/minihyp-gcc --qemu $(QEMU) --smoke gcc || rc=1; \
	else echo "not ok - minihyp and its guests build with GCC (aarch64-linux-gnu, freestanding)"; rc=1; fi; \
	exit $$rc

# On both GICs: the guest attacks the GIC the board has.
test-adversarial: minihyp
	@rc=0; \
	$(PYTHON) tests/qemu/run.py --build $(MH_BUILD) --qemu $(QEMU) --adversarial || rc=1; \
	$(PYTHON) tests/qemu/run.py --build $(MH_BUILD) --qemu $(QEMU) --adversarial --gic 3 || rc=1; \
	exit $$rc

bench: $(MH_BUILD)/minihyp.elf $(MH_BUILD)/guests/bench.bin $(MH_SMP_BINS) \
		$(MH_BUILD)/guests/rt.bin $(KERNEL) $(INITRD)
	@$(PYTHON) tests/qemu/run.py --build $(MH_BUILD) --qemu $(QEMU) --bench-gics $(MH_BENCH_GICS) \
		--bench $(BUILD)/bench/bench.json
	@for g in $(subst $(MH_COMMA), ,$(MH_BENCH_GICS)); do \
		$(PYTHON) tests/vms/bench_rt.py --build $(MH_BUILD) --root $(BUILD) --qemu $(QEMU) \
			--out $(BUILD)/bench/rt --gic $$g --json $(BUILD)/bench/rt-gic$$g.json || exit 1; \
	done
