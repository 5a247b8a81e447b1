# Several VMs at once (docs/vm-file.md): minihyp booted from a VM file.
#   make run VMS=F    boot what the VM file F describes (tools/vmfile.py build
#                     and qemu-args; -smp, -m and the GIC from the blob, which
#                     has F's board and board.gic; GIC=2|3 on the command
#                     line overrides board.gic;
#                     QEMU's escape key is Ctrl-T (-echr 20): Ctrl-A is
#                     minihyp's, see docs/minihyp.md "Console input")
#   make test-vms     tests/vms/run.py on a GICv2 and on a GICv3 board: three
#                     bare-metal VMs at once, a VM's SYSTEM_OFF leaves the others
#                     running, the machine powers off after the last; a VM's
#                     SYSTEM_RESET restarts it alone from its images; two VMs
#                     talk through a shared region and its doorbells; broken blobs
#                     refused at boot (TAP)
#   make test-isolation  tests/vms/isolation.py on a GICv2 and on a GICv3 board:
#                     hostile VMs (eve, tests/vms/eve_guest.c; mallory, the
#                     adversarial guest) beside a victim that keeps its timer
#                     deadlines and checks its data (TAP)

SUITES += vms isolation

VMS_BUILD := $(BUILD)/vms
VMS_IMAGES := $(MH_BUILD)/minihyp.elf $(foreach g,tests psci hello,$(MH_BUILD)/guests/$(g).bin) \
	$(VMS_BUILD)/reset_guest.bin $(VMS_BUILD)/chan0.bin $(VMS_BUILD)/chan1.bin

# The reset guest (tests/vms/reset_guest.S): a raw image at IPA 0x40000000.
$(VMS_BUILD)/reset_guest.bin: tests/vms/reset_guest.S
	@mkdir -p $(dir $@)
	$(MH_CC) -c -o $(VMS_BUILD)/reset_guest.o $<
	$(MH_LD) -Ttext=0x40000000 -e _start -o $(VMS_BUILD)/reset_guest.elf $(VMS_BUILD)/reset_guest.o
	$(MH_OBJCOPY) -O binary $(VMS_BUILD)/reset_guest.elf $@

# The channel guest (tests/vms/chan_guest.c), once per end: CHAN_ROLE 0
# (alpha) and 1 (beta), with the test guests' runtime (hello's objects).
VMS_CHAN_COMMON := $(patsubst %,$(MH_BUILD)/guests/hello/%.o,$(MH_GUEST_COMMON))

$(VMS_BUILD)/chan%.o: tests/vms/chan_guest.c $(MH_HEADERS)
	@mkdir -p $(dir $@)
	$(MH_CC) $(MH_CFLAGS) -DCHAN_ROLE=$* -c -o $@ $<

$(VMS_BUILD)/chan%.elf: $(VMS_BUILD)/chan%.o $(VMS_CHAN_COMMON) $(MH_DIR)/guests/common/guest.ld
	$(MH_LD) -T $(MH_DIR)/guests/common/guest.ld -o $@ $(VMS_CHAN_COMMON) $<

$(VMS_BUILD)/chan%.bin: $(VMS_BUILD)/chan%.elf
	$(MH_OBJCOPY) -O binary $< $@

# The isolation suite's guests: the victim (tests/vms/victim_guest.c) and
# eve (tests/vms/eve_guest.c), with the same runtime.
$(VMS_BUILD)/victim.o $(VMS_BUILD)/eve.o: $(VMS_BUILD)/%.o: tests/vms/%_guest.c $(MH_HEADERS)
	@mkdir -p $(dir $@)
	$(MH_CC) $(MH_CFLAGS) -c -o $@ $<

$(VMS_BUILD)/victim.elf $(VMS_BUILD)/eve.elf: $(VMS_BUILD)/%.elf: $(VMS_BUILD)/%.o \
		$(VMS_CHAN_COMMON) $(MH_DIR)/guests/common/guest.ld
	$(MH_LD) -T $(MH_DIR)/guests/common/guest.ld -o $@ $(VMS_CHAN_COMMON) $<

$(VMS_BUILD)/victim.bin $(VMS_BUILD)/eve.bin: $(VMS_BUILD)/%.bin: $(VMS_BUILD)/%.elf
	$(MH_OBJCOPY) -O binary $< $@

ISOLATION_IMAGES := $(MH_BUILD)/minihyp.elf \
	$(foreach g,hostile hello,$(MH_BUILD)/guests/$(g).bin) \
	$(VMS_BUILD)/victim.bin $(VMS_BUILD)/eve.bin

.PHONY: test-vms run-vms test-isolation

test-vms: $(VMS_IMAGES)
	@rc=0; for g in 2 3; do \
		$(PYTHON) tests/vms/run.py --build $(MH_BUILD) --root $(BUILD) --qemu $(QEMU) \
			--gic $$g --out $(VMS_BUILD)/gic$$g || rc=1; \
	done; exit $$rc

test-isolation: $(ISOLATION_IMAGES)
	@rc=0; for g in 2 3; do \
		$(PYTHON) tests/vms/isolation.py --build $(MH_BUILD) --root $(BUILD) --qemu $(QEMU) \
			--gic $$g --out $(VMS_BUILD)/isolation-gic$$g || rc=1; \
	done; exit $$rc

# make run VMS=F: the blob and the loader options of F, then QEMU on F's board.
# The blob carries the GIC (board.gic, or GIC=N: vmfile.py --gic), and
# minihyp refuses a blob made for another GIC than the board's.
VMS_GIC = $(if $(filter command line environment,$(origin GIC)),--gic $(GIC))

run-vms: $(VMS_IMAGES)
	@mkdir -p $(VMS_BUILD)
	@$(VMFILE_TOOL) build $(VMS_GIC) --root $(BUILD) $(VMS) \
		-o $(VMS_BUILD)/$(basename $(notdir $(VMS))).vmb
	$(QEMU_BOARD) --cpu $(QEMU_CPU) --no-reboot --kernel $(MH_BUILD)/minihyp.elf \
		$$($(VMFILE_TOOL) dump $(VMS_BUILD)/$(basename $(notdir $(VMS))).vmb | \
			$(PYTHON) -c 'import json,sys; h=json.load(sys.stdin)["header"]; \
			print("--gic", h["board_gic"], "--smp", h["board_cpus"], \
			      "--mem", "%dM" % (h["board_ram_size"] >> 20))') \
		-- -echr 20 $$($(VMFILE_TOOL) qemu-args $(VMS_GIC) --root $(BUILD) $(VMS) \
			--blob $(VMS_BUILD)/$(basename $(notdir $(VMS))).vmb)
