# vCPU library (include/vcpu/): host unit tests (cmocka, under ASan/UBSan)
# and a check of the FP/SIMD save/restore's code.  The headers compile alone
# in every configuration: suite `headers` (tests/cross/check_headers.py).
#   make test-vcpu      build and run everything, TAP output

SUITES += vcpu

VCPU_BUILD := $(BUILD)/vcpu
VCPU_TEST_SRCS := $(sort $(wildcard tests/vcpu/test_vcpu_*.c))
VCPU_TEST_BINS := $(patsubst tests/vcpu/%.c,$(VCPU_BUILD)/%,$(VCPU_TEST_SRCS))
VCPU_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
VCPU_CFLAGS := -std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -Iinclude -Itests/vcpu $(VCPU_SAN)
VCPU_WFLAGS := -Wall -Wextra -Werror -pedantic -Iinclude

.PHONY: test-vcpu vcpu-tests vcpu-fpsimd-check

vcpu-tests: $(VCPU_TEST_BINS)

$(VCPU_BUILD)/%: tests/vcpu/%.c $(wildcard include/vcpu/*.h include/aarch64_sysreg/*.h) tests/vcpu/vcpu_test.h
	@mkdir -p $(dir $@)
	$(CC) $(VCPU_CFLAGS) -o $@ $< -lcmocka

test-vcpu: $(VCPU_TEST_BINS)
	@rc=0; \
	for t in $(VCPU_TEST_BINS); do \
		echo "# $$t"; \
		CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 ./$$t || rc=1; \
	done; \
	$(MAKE) --no-print-directory -s vcpu-fpsimd-check || rc=1; \
	exit $$rc

# Every header compiles alone in every configuration: suite `headers`
# (tests/cross/check_headers.py).  Here: the FP/SIMD save/restore compiles to
# the instructions it must (checked with llvm-objdump).
vcpu-fpsimd-check:
	@mkdir -p $(VCPU_BUILD)/hdr; rc=0; \
	if clang --target=aarch64-none-elf -ffreestanding -mgeneral-regs-only -std=c11 $(VCPU_WFLAGS) -O2 \
		-c -o $(VCPU_BUILD)/hdr/fpsimd_asm.o tests/vcpu/fpsimd_asm_check.c 2>$(VCPU_BUILD)/hdr/fpsimd_asm.log && \
	   llvm-objdump -d $(VCPU_BUILD)/hdr/fpsimd_asm.o > $(VCPU_BUILD)/hdr/fpsimd_asm.dis && \
	   grep -q 'stp	q30, q31' $(VCPU_BUILD)/hdr/fpsimd_asm.dis && \
	   grep -q 'ldp	q30, q31' $(VCPU_BUILD)/hdr/fpsimd_asm.dis && \
	   grep -q 'msr	FPCR' $(VCPU_BUILD)/hdr/fpsimd_asm.dis && \
	   grep -q 'mrs	x[0-9]*, FPSR' $(VCPU_BUILD)/hdr/fpsimd_asm.dis; then \
		echo "ok - fpsimd save/restore assembles for aarch64 under -mgeneral-regs-only"; \
	else \
		echo "not ok - fpsimd save/restore assembles for aarch64 under -mgeneral-regs-only"; \
		sed 's/^/# /' $(VCPU_BUILD)/hdr/fpsimd_asm.log | head -20; rc=1; \
	fi; \
	exit $$rc
