# The device-tree reader (include/fdt/fdt.h) and minihyp's use of it
# (examples/minihyp/fdt.c): host unit test (cmocka, ASan/UBSan, clang and
# GCC) on blobs that dtc compiles from tests/fdt/*.dts.
#   make test-fdt      build and run it, TAP output

SUITES += fdt

FDT_BUILD := $(BUILD)/fdt
FDT_DTBS := $(FDT_BUILD)/tree.dtb $(FDT_BUILD)/tree-v16.dtb $(FDT_BUILD)/gicv3.dtb
FDT_TESTS := $(FDT_BUILD)/test_fdt-clang $(FDT_BUILD)/test_fdt-gcc
FDT_CFLAGS := -std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -Iinclude -Iexamples/minihyp \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FDT_DEPS := tests/fdt/test_fdt.c examples/minihyp/fdt.c examples/minihyp/fdt.h include/fdt/fdt.h

.PHONY: test-fdt

$(FDT_BUILD)/%.dtb: tests/fdt/%.dts
	@mkdir -p $(@D)
	dtc -q -I dts -O dtb -o $@ $<

$(FDT_BUILD)/tree-v16.dtb: tests/fdt/tree.dts
	@mkdir -p $(@D)
	dtc -q -I dts -O dtb -V 16 -o $@ $<

$(FDT_BUILD)/test_fdt-%: $(FDT_DEPS)
	@mkdir -p $(@D)
	$* $(FDT_CFLAGS) -o $@ tests/fdt/test_fdt.c examples/minihyp/fdt.c -lcmocka

test-fdt: $(FDT_TESTS) $(FDT_DTBS)
	@rc=0; for t in $(FDT_TESTS); do \
		echo "# $$t"; \
		CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 \
			./$$t $(FDT_DTBS) || rc=1; \
	done; exit $$rc
