# (Named to be read after minihyp.mk and linux.mk: it uses their variables.)
# minihyp's console input (docs/minihyp.md, "Console"): the escape sequence
# and the waiting buffer on the host; two Linux VMs at once under QEMU.
#   make test-console-esc   host unit tests of examples/minihyp/console_esc.h
#                           (cmocka, ASan/UBSan), clang and GCC (TAP)
#   make test-console       tests/console/run.py on a GICv2 and on a GICv3
#                           board: two Linux VMs from a VM file, each checks
#                           its CPUs, timers, IPIs and its PL011's receive
#                           interrupt; then the runner types into the first
#                           VM's shell, switches the input with Ctrl-A three
#                           times, types into the second (TAP)

SUITES += console-esc console

CONSOLE_BUILD := $(BUILD)/console
CONSOLE_ESC_BINS := $(CONSOLE_BUILD)/test_console_esc-clang $(CONSOLE_BUILD)/test_console_esc-gcc
CONSOLE_ESC_CFLAGS := -std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -I$(MH_DIR) \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: test-console-esc test-console

$(CONSOLE_BUILD)/test_console_esc-%: tests/host/test_console_esc.c $(MH_DIR)/console_esc.h
	@mkdir -p $(dir $@)
	$* $(CONSOLE_ESC_CFLAGS) -o $@ $< -lcmocka

test-console-esc: $(CONSOLE_ESC_BINS)
	@rc=0; for t in $(CONSOLE_ESC_BINS); do \
		echo "# $$t"; CMOCKA_MESSAGE_OUTPUT=TAP ./$$t || rc=1; \
	done; exit $$rc

test-console: $(MH_BUILD)/minihyp.elf $(KERNEL) $(INITRD)
	@mkdir -p $(CONSOLE_BUILD)
	@rc=0; for g in 2 3; do \
		$(PYTHON) tests/console/run.py --build $(MH_BUILD) --root $(BUILD) --qemu $(QEMU) \
			--gic $$g --out $(CONSOLE_BUILD) || rc=1; \
	done; exit $$rc
