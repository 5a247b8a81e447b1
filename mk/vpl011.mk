# The virtual PL011 (include/vpl011/vpl011.h): host unit tests against the
# PL011 TRM (cmocka, ASan/UBSan), clang and GCC.  The header's compile
# checks are those of every header (suite headers).
#   make test-vpl011    build and run them, TAP output

SUITES += vpl011

VPL011_BUILD := $(BUILD)/vpl011
VPL011_TEST_BINS := $(VPL011_BUILD)/test_vpl011-clang $(VPL011_BUILD)/test_vpl011-gcc
VPL011_CFLAGS := -std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -Iinclude \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: test-vpl011

$(VPL011_BUILD)/test_vpl011-%: tests/host/test_vpl011.c $(wildcard include/vpl011/*.h include/pl011/*.h)
	@mkdir -p $(dir $@)
	$* $(VPL011_CFLAGS) -o $@ $< -lcmocka

test-vpl011: $(VPL011_TEST_BINS)
	@rc=0; for t in $(VPL011_TEST_BINS); do \
		echo "# $$t"; CMOCKA_MESSAGE_OUTPUT=TAP ./$$t || rc=1; \
	done; exit $$rc
