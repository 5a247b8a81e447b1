# Multi-vCPU guests for minihyp's virtual GICv2 / timer / PSCI (issue 4),
# runnable directly under QEMU at EL1 (PSCI through HVC) as well.
#   make smpguest          build/smpguest/{smp,smp-minihyp,smpbench}.{elf,bin}
#   make test-smp-direct   the test guest directly under QEMU, -smp 2 and 4, on its
#                          GICv2 and its GICv3 (TAP)
#   make bench-smp-direct  the bench guest directly under QEMU, -icount shift=0
#                          (bare-hardware baseline), build/smpguest/bench-direct.json

SUITES += smp-direct

SG_DIR := examples/minihyp/guests
SG_BUILD := $(BUILD)/smpguest
SG_CC := clang --target=aarch64-none-elf
SG_CFLAGS := -std=c11 -O2 -g -ffreestanding -nostdlib -mgeneral-regs-only -mstrict-align \
	-fno-stack-protector -fno-pic -Wall -Wextra -Werror -Iinclude
SG_COMMON := $(SG_DIR)/smpcommon/smp_start.S $(SG_DIR)/smpcommon/smp_lib.c $(SG_DIR)/common/runtime.c \
	$(SG_DIR)/common/gic.c \
	examples/minihyp/common/fmt.c
SG_HEADERS := $(SG_DIR)/smpcommon/smp_guest.h $(SG_DIR)/common/runtime.h $(SG_DIR)/common/start.S \
	$(SG_DIR)/common/gic.h \
	examples/minihyp/common/fmt.h
SG_LDS := $(SG_DIR)/smpcommon/smp_guest.ld

.PHONY: smpguest test-smp-direct bench-smp-direct

all: smpguest

smpguest: $(SG_BUILD)/smp.bin $(SG_BUILD)/smp-minihyp.bin $(SG_BUILD)/smpbench.bin \
	$(SG_BUILD)/smpbench3.bin

# $(1): output name, $(2): sources, $(3): extra CFLAGS
define sg_image
$(SG_BUILD)/$(1).elf: $(2) $(SG_HEADERS) $(SG_LDS)
	@mkdir -p $(SG_BUILD)/$(1).o
	@set -e; objs=; for s in $(2); do \
		o=$(SG_BUILD)/$(1).o/$$$$(echo $$$$s | tr / _).o; \
		$(SG_CC) $(SG_CFLAGS) $(3) -c -o $$$$o $$$$s; objs="$$$$objs $$$$o"; \
	done; ld.lld -T $(SG_LDS) -o $$@ $$$$objs

$(SG_BUILD)/$(1).bin: $(SG_BUILD)/$(1).elf
	llvm-objcopy -O binary $$< $$@
endef

$(eval $(call sg_image,smp,$(SG_COMMON) $(SG_DIR)/smp/main.c,))
# The same test guest expecting what minihyp implements where QEMU's own GIC
# and PSCI differ (PSCI 1.0 exactly; ISPENDR for PPIs): run it under minihyp.
$(eval $(call sg_image,smp-minihyp,$(SG_COMMON) $(SG_DIR)/smp/main.c,-DSMP_UNDER_MINIHYP))
# The benchmark's GIC is fixed at build time (no run-time test on its
# measured paths): GICv2, and for a GICv3 board (ICC_* registers,
# redistributors) smpbench3.  The test guest finds its GIC at run time.
$(eval $(call sg_image,smpbench,$(SG_COMMON) $(SG_DIR)/smpbench/main.c,-DGUEST_GIC_VERSION=2))
$(eval $(call sg_image,smpbench3,$(SG_COMMON) $(SG_DIR)/smpbench/main.c,-DSMP_GIC3 -DGUEST_GIC_VERSION=3))

# On QEMU's own GICv2 and GICv3 (the guest reads ID_AA64PFR0_EL1.GIC).
test-smp-direct: $(SG_BUILD)/smp.elf
	@rc=0; \
	$(PYTHON) tests/qemu/smp_direct.py --qemu $(QEMU) --guest $(SG_BUILD)/smp.elf --smp 2 4 || rc=1; \
	$(PYTHON) tests/qemu/smp_direct.py --qemu $(QEMU) --guest $(SG_BUILD)/smp.elf --smp 2 4 \
		--gic 3 || rc=1; \
	exit $$rc

bench-smp-direct: $(SG_BUILD)/smpbench.elf
	@$(PYTHON) tests/qemu/smp_direct.py --qemu $(QEMU) --guest $(SG_BUILD)/smpbench.elf \
		--smp 2 4 --bench $(SG_BUILD)/bench-direct.json
