# VM files (docs/vm-file.md): YAML descriptions of minihyp's VMs, checked
# and turned into the blob minihyp loads by tools/vmfile.py; minihyp's own
# checks of the blob (examples/minihyp/vmfile.c).
#   make vmfile VMS=F   check F and write $(BUILD)/vmfile/<F's name>.vmb; print the
#                       QEMU loader options for it and its images
#   make test-vmfile    malformed files (one per rule), the examples, the blob's
#                       layout and round trip through minihyp's parser, host tests
#                       of vmfile.c (TAP; no guest is booted)
#
# Image paths in a VM file are relative to the build folder (--root $(BUILD)):
# the examples in examples/minihyp/vms/ name $(BUILD)/linux/ and
# $(BUILD)/minihyp/guests/ files, which these targets build first.

SUITES += vmfile

VMFILE_BUILD := $(BUILD)/vmfile
VMFILE_CCS := clang gcc
VMFILE_DUMPS := $(VMFILE_CCS:%=$(VMFILE_BUILD)/vmfile_dump-%)
VMFILE_HOST_TESTS := $(VMFILE_CCS:%=$(VMFILE_BUILD)/host_test_vmfile-%)
VMFILE_IMAGES := $(LINUX_OUT)/Image $(LINUX_OUT)/initramfs.cpio.gz \
	$(MH_BUILD)/guests/hello.bin $(MH_BUILD)/guests/rt.bin
VMFILE_TOOL := $(PYTHON) tools/vmfile.py

.PHONY: vmfile test-vmfile

vmfile: $(VMFILE_IMAGES)
	@test -n "$(VMS)" || { echo "make vmfile VMS=<a VM file>" >&2; exit 2; }
	@mkdir -p $(VMFILE_BUILD)
	@$(VMFILE_TOOL) build --root $(BUILD) $(VMS) -o $(VMFILE_BUILD)/$(basename $(notdir $(VMS))).vmb
	@$(VMFILE_TOOL) qemu-args --root $(BUILD) $(VMS) \
		--blob $(VMFILE_BUILD)/$(basename $(notdir $(VMS))).vmb

# The C end of the blob on the host: minihyp's vmfile.c, with each compiler.
$(VMFILE_BUILD)/vmfile_dump-%: tests/vmfile/vmfile_dump.c $(MH_DIR)/vmfile.c $(MH_HEADERS)
	@mkdir -p $(dir $@)
	$* $(MH_HOST_CFLAGS) -I$(MH_DIR) -o $@ $< $(MH_DIR)/vmfile.c

$(VMFILE_BUILD)/host_test_vmfile-%: tests/vmfile/host_test_vmfile.c $(MH_DIR)/vmfile.c \
		tests/host/console_capture.h $(MH_HEADERS)
	@mkdir -p $(dir $@)
	$* $(MH_HOST_CFLAGS) -I$(MH_DIR) -o $@ $< $(MH_DIR)/vmfile.c -lcmocka

# vmfile.c as minihyp compiles it (freestanding AArch64, both toolchains;
# minihyp links it: docs/vm-file.md, "minihyp at boot").
VMFILE_CROSS = "clang --target=aarch64-none-elf" "aarch64-linux-gnu-gcc -fno-pie -mno-outline-atomics"

test-vmfile: $(VMFILE_DUMPS) $(VMFILE_HOST_TESTS) $(VMFILE_IMAGES)
	@rc=0; for t in $(VMFILE_HOST_TESTS); do \
		echo "# $$t"; CMOCKA_MESSAGE_OUTPUT=TAP $$t || rc=1; \
	done; \
	for cc in $(VMFILE_CROSS); do \
		if $$cc $(filter-out $(MH_TC_CFLAGS),$(MH_CFLAGS)) -c -o $(VMFILE_BUILD)/vmfile-aarch64.o \
			$(MH_DIR)/vmfile.c; then echo "ok - vmfile.c builds for minihyp with $$cc"; \
		else rc=1; echo "not ok - vmfile.c builds for minihyp with $$cc"; fi; \
	done; \
	$(PYTHON) tests/vmfile/test_vmfile.py --build $(BUILD) \
		$(VMFILE_DUMPS:%=--dump %) || rc=1; \
	exit $$rc
