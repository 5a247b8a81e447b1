# A real Linux guest: Debian's arm64 kernel and busybox, our initramfs and the
# guest board's device tree.  See docs/linux-guest.md.
#
#   make linux-fetch          Debian kernel Image + busybox into build/linux/
#                             (private apt tree; cached: no network once fetched)
#   make linux-initramfs      build/linux/initramfs.cpio.gz (busybox + /init)
#   make linux-dtb            build/linux/guest.dtb and guest-test.dtb (guest board)
#   make run-linux-direct     boot KERNEL + INITRD directly under QEMU (EL1) to a shell
#   make test-linux-direct    scripted guest test, directly under QEMU (TAP)
#   make test-linux-guest-dtb the same test, booted with our guest board's DTB
#   make test-linux-dtb       compare the guest DTB with QEMU's virt DTB (TAP)
#   make bench-linux-direct   kernel uptime when /init starts, under -icount shift=0
#   make test-linux-tools     host checks of the tools (no network, no QEMU)
#
# Under minihyp (tools/linux/minihyp-boot.py decides the guest layout from the
# Image header and writes the guest DTB and a v2 boot descriptor that agree):
#   make run-linux            boot KERNEL + INITRD under minihyp to a shell
#   make test-linux           scripted guest test under minihyp, SMP=2 and SMP=4,
#                             on a GICv2 and on a GICv3 board
#   make bench-linux          boot under minihyp vs directly, -icount shift=0:
#                             table + build/bench/linux-boot.json
#   make test-linux-loader    host unit test of examples/minihyp/linux_boot*.c (TAP)
#
# Variables: KERNEL, INITRD (empty: none), APPEND, SMP, MEM, GIC (2 or 3: the
# board's and the guest's GIC, for run-linux) (and
# LINUX_INITRD_ADDR, the guest-physical address of the initrd written into the
# DTB of the direct-boot targets).
#
# In SUITES: the host checks of the tools, the guest-DTB comparison, the
# loader's unit test (no network, a second each) and `linux`: the scripted
# boot test under minihyp at 2 and 4 vCPUs (fetches Debian's packages once;
# about 10 s per boot).  Nothing here runs when the Makefile is parsed.

SUITES += linux-tools linux-dtb linux-loader linux

LINUX_OUT := $(BUILD)/linux
LINUX_DIR := examples/minihyp/linux
LINUX_TOOLS := tools/linux

KERNEL ?= $(LINUX_OUT)/Image
INITRD ?= $(LINUX_OUT)/initramfs.cpio.gz
APPEND ?= console=ttyAMA0
SMP ?= 2
MEM ?= 1G
LINUX_INITRD_ADDR ?= 0x48000000
LINUX_TEST_TIMEOUT ?= 300
LINUX_TEST_APPEND = console=ttyAMA0 panic=-1 minihyp.test=1 minihyp.cpus=$(SMP)
LINUX_BENCH_APPEND = console=ttyAMA0 panic=-1 minihyp.bench=1

LINUX_DIRECT_ARGS = --kernel $(KERNEL) --initrd $(INITRD) --smp $(SMP) --mem $(MEM)

.PHONY: run-linux test-linux bench-linux test-linux-loader
.PHONY: linux-fetch linux-initramfs linux-dtb run-linux-direct test-linux-direct \
	test-linux-guest-dtb test-linux-dtb test-linux-tools bench-linux-direct linux-clean linux-FORCE

linux-fetch:
	@$(PYTHON) $(LINUX_TOOLS)/fetch.py --out $(LINUX_OUT)

$(LINUX_OUT)/Image $(LINUX_OUT)/busybox &: $(LINUX_TOOLS)/fetch.py
	@$(PYTHON) $(LINUX_TOOLS)/fetch.py --out $(LINUX_OUT)
	@touch $(LINUX_OUT)/Image $(LINUX_OUT)/busybox

linux-initramfs: $(LINUX_OUT)/initramfs.cpio.gz

$(LINUX_OUT)/initramfs.cpio.gz: $(LINUX_OUT)/busybox $(LINUX_DIR)/init $(LINUX_TOOLS)/mkinitramfs.sh
	@$(LINUX_TOOLS)/mkinitramfs.sh $(LINUX_OUT)/busybox $(LINUX_DIR)/init $@

# The guest board: guest.dtb with APPEND, guest-test.dtb with the test
# command line.  A file of the generator's arguments, rewritten only when
# they change, makes a new SMP/MEM/APPEND/INITRD rebuild the DTB.
linux-dtb: $(LINUX_OUT)/guest.dtb $(LINUX_OUT)/guest-test.dtb

define linux_dtb_rule
$(LINUX_OUT)/$(1).args: linux-FORCE
	@mkdir -p $$(@D)
	@echo '--cpus $(SMP) --mem $(MEM) --bootargs "$(2)" --initrd-start $(LINUX_INITRD_ADDR)' \
		| cmp -s - $$@ || echo '--cpus $(SMP) --mem $(MEM) --bootargs "$(2)" --initrd-start $(LINUX_INITRD_ADDR)' >$$@

$(LINUX_OUT)/$(1).dtb: $(LINUX_OUT)/$(1).args $(LINUX_DIR)/guest-board.dts.j2 $(LINUX_TOOLS)/gen-dts.py $(INITRD)
	@eval $(PYTHON) $(LINUX_TOOLS)/gen-dts.py $$$$(cat $(LINUX_OUT)/$(1).args) --initrd $(INITRD) -o $(LINUX_OUT)/$(1).dts
	@dtc -q -I dts -O dtb -o $$@ $(LINUX_OUT)/$(1).dts
endef
$(eval $(call linux_dtb_rule,guest,$(APPEND)))
$(eval $(call linux_dtb_rule,guest-test,$(LINUX_TEST_APPEND)))

run-linux-direct: $(KERNEL) $(INITRD)
	@$(QEMU_BOARD) --direct $(LINUX_DIRECT_ARGS) --append "$(APPEND)"

test-linux-direct: $(KERNEL) $(INITRD)
	@$(PYTHON) $(LINUX_TOOLS)/run-test.py --name linux-direct --timeout $(LINUX_TEST_TIMEOUT) \
		--log $(LINUX_OUT)/test-direct.log $(LINUX_DIRECT_ARGS) --append "$(LINUX_TEST_APPEND)"

# Directly under QEMU at EL1 (whose PSCI answers hvc there), but with the
# guest board's device tree instead of QEMU's: checks that tree with the real
# kernel before any hypervisor is involved.
test-linux-guest-dtb: $(KERNEL) $(INITRD) $(LINUX_OUT)/guest-test.dtb
	@$(PYTHON) $(LINUX_TOOLS)/run-test.py --name linux-guest-dtb --timeout $(LINUX_TEST_TIMEOUT) \
		--log $(LINUX_OUT)/test-guest-dtb.log $(LINUX_DIRECT_ARGS) --dtb $(LINUX_OUT)/guest-test.dtb \
		--append "$(LINUX_TEST_APPEND)"

test-linux-dtb: $(LINUX_OUT)/guest.dtb
	@$(PYTHON) $(LINUX_TOOLS)/compare-dtb.py --qemu $(QEMU) --cpus $(SMP) --mem $(MEM) $<

bench-linux-direct: $(KERNEL) $(INITRD)
	@$(PYTHON) $(LINUX_TOOLS)/bench-boot.py --name linux-direct --log $(LINUX_OUT)/bench-direct.log \
		$(LINUX_DIRECT_ARGS) --append "$(LINUX_BENCH_APPEND)"

# Everything but the downloaded packages and the private apt tree.
linux-clean:
	rm -rf $(LINUX_OUT)/initramfs.cpio.gz $(LINUX_OUT)/guest*.dt* $(LINUX_OUT)/guest*.args \
		$(LINUX_OUT)/*.log

# Host checks of the tools above (apt sources, vmlinuz unpacking, DT
# generator): no network, no QEMU, well under a second.
test-linux-tools:
	@$(PYTHON) $(LINUX_TOOLS)/test_tools.py 2>/dev/null

# ---- under minihyp --------------------------------------------------------------

LINUX_MINIHYP_ELF := $(BUILD)/minihyp/minihyp.elf
LINUX_MH_SMP_TESTS ?= 2 4
# The Linux boot test runs on each of these boards' GICs (-machine gic-version).
LINUX_MH_GICS ?= 2 3
LINUX_MH_BOOT = $(PYTHON) $(LINUX_TOOLS)/minihyp-boot.py --kernel $(KERNEL) --initrd "$(INITRD)" \
	--mem $(MEM) --minihyp $(LINUX_MINIHYP_ELF) --qemu $(QEMU) --cpu $(or $(QEMU_CPU),cortex-a57) \
	--gic $(or $(GIC),2)

# Interactive: the guest's console is the terminal (Ctrl-A x leaves QEMU).
run-linux: $(LINUX_MINIHYP_ELF) $(KERNEL) $(INITRD)
	@$(LINUX_MH_BOOT) --out $(LINUX_OUT)/mh-run --smp $(SMP) --append "$(APPEND)" --show --exec

# The scripted test at each SMP of LINUX_MH_SMP_TESTS (TAP; logs in
# build/linux/test-minihyp-smpN.log), then minihyp refusing guests laid out
# against the boot protocol (tools/linux/test-refuse.py).
test-linux: $(LINUX_MINIHYP_ELF) $(KERNEL) $(INITRD)
	@rc=0; for g in $(LINUX_MH_GICS); do for n in $(LINUX_MH_SMP_TESTS); do \
		t=linux-minihyp$$([ $$g = 2 ] || echo -gic$$g)-smp$$n; \
		cmd=$$($(LINUX_MH_BOOT) --gic $$g --out $(LINUX_OUT)/mh-test-$$t --smp $$n --no-reboot --print \
			--append "console=ttyAMA0 panic=-1 minihyp.test=1 minihyp.cpus=$$n minihyp.gic=$$g") || { \
			echo "not ok - $$t: could not prepare the guest"; rc=1; continue; }; \
		$(PYTHON) $(LINUX_TOOLS)/run-test.py --name $$t \
			--timeout $(LINUX_TEST_TIMEOUT) --log $(LINUX_OUT)/test-$$t.log \
			-- $$cmd || rc=1; \
		if grep -q '^minihyp: unknown' $(LINUX_OUT)/test-$$t.log; then \
			grep '^minihyp: unknown' $(LINUX_OUT)/test-$$t.log | sed 's/^/# /'; \
			echo "not ok - $$t: minihyp knew every call the kernel made"; rc=1; \
		else \
			echo "ok - $$t: minihyp knew every call the kernel made"; \
		fi; \
	done; done; \
	$(PYTHON) $(LINUX_TOOLS)/test-refuse.py --kernel $(KERNEL) \
		--minihyp $(LINUX_MINIHYP_ELF) --qemu $(QEMU) --out $(LINUX_OUT)/mh-refuse || rc=1; \
	exit $$rc

# `make bench` includes the Linux boot ratio (minihyp vs. direct at EL1).
bench: bench-linux

bench-linux: $(LINUX_MINIHYP_ELF) $(KERNEL) $(INITRD)
	@$(PYTHON) $(LINUX_TOOLS)/bench-linux.py --kernel $(KERNEL) --initrd $(INITRD) --smp $(SMP) \
		--mem $(MEM) --minihyp $(LINUX_MINIHYP_ELF) --out $(LINUX_OUT) \
		--json $(BUILD)/bench/linux-boot.json

# Host unit test of the Linux loader (cmocka), clang and GCC, sanitizers.
LINUX_LOADER_SRCS := tests/host/test_linux_boot.c examples/minihyp/linux_boot.c \
	examples/minihyp/linux_boot_dtb.c
LINUX_LOADER_DEPS := $(LINUX_LOADER_SRCS) examples/minihyp/linux_boot.h examples/minihyp/linux_boot_priv.h \
	examples/minihyp/bootdesc.h examples/minihyp/console.h $(wildcard include/aarch64_sysreg/*.h include/fdt/*.h)
LINUX_LOADER_CFLAGS := -std=c11 -Wall -Wextra -Werror -pedantic -g -O1 \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-DLINUX_BOOT_EXTERNAL_MMFR0 -Iinclude -Iexamples/minihyp
LINUX_LOADER_TESTS := $(LINUX_OUT)/host/test_linux_boot-clang $(LINUX_OUT)/host/test_linux_boot-gcc

$(LINUX_OUT)/host/test_linux_boot-clang: $(LINUX_LOADER_DEPS)
	@mkdir -p $(@D)
	@clang $(LINUX_LOADER_CFLAGS) -o $@ $(LINUX_LOADER_SRCS) -lcmocka

$(LINUX_OUT)/host/test_linux_boot-gcc: $(LINUX_LOADER_DEPS)
	@mkdir -p $(@D)
	@gcc $(LINUX_LOADER_CFLAGS) -o $@ $(LINUX_LOADER_SRCS) -lcmocka

# The loader also has to build freestanding for minihyp (aarch64, no FP/SIMD).
$(LINUX_OUT)/host/%-aarch64.o: examples/minihyp/%.c $(LINUX_LOADER_DEPS)
	@mkdir -p $(@D)
	@clang --target=aarch64-none-elf -std=c11 -O2 -ffreestanding -nostdlib -mgeneral-regs-only \
		-mstrict-align -fno-stack-protector -fno-pic -Wall -Wextra -Werror -pedantic \
		-Iinclude -Iexamples/minihyp -c -o $@ $<

test-linux-loader:
	@rc=0; \
	if $(MAKE) --no-print-directory -s $(LINUX_OUT)/host/linux_boot-aarch64.o \
		$(LINUX_OUT)/host/linux_boot_dtb-aarch64.o; then \
		echo "ok - linux_boot.c and linux_boot_dtb.c build freestanding for aarch64-none-elf"; \
	else echo "not ok - linux_boot.c and linux_boot_dtb.c build freestanding for aarch64-none-elf"; rc=1; fi; \
	for t in $(LINUX_LOADER_TESTS); do \
		if $(MAKE) --no-print-directory -s $$t; then \
			echo "# $$t"; CMOCKA_MESSAGE_OUTPUT=TAP $$t || rc=1; \
		else echo "not ok - build $$t"; rc=1; fi; \
	done; exit $$rc
