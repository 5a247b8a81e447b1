# vCPU library (include/vcpu/): host unit tests (cmocka, under ASan/UBSan)
# and a compile check of every header alone (C11 and C++, clang and GCC,
# host and aarch64-none-elf).
#   make test-vcpu      build and run everything, TAP output

SUITES += vcpu

VCPU_BUILD := $(BUILD)/vcpu
VCPU_TEST_SRCS := $(sort $(wildcard tests/vcpu/test_vcpu_*.c))
VCPU_TEST_BINS := $(patsubst tests/vcpu/%.c,$(VCPU_BUILD)/%,$(VCPU_TEST_SRCS))
VCPU_HEADERS := exit.h psci.h stage2.h sysregs.h fpsimd.h hw.h
VCPU_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
VCPU_CFLAGS := -std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -Iinclude -Itests/vcpu $(VCPU_SAN)
VCPU_WFLAGS := -Wall -Wextra -Werror -pedantic -Iinclude

.PHONY: test-vcpu vcpu-tests vcpu-header-check

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
	$(MAKE) --no-print-directory -s vcpu-header-check || rc=1; \
	exit $$rc

# Each header compiled alone in each configuration: one TAP line per case.
vcpu-header-check:
	@mkdir -p $(VCPU_BUILD)/hdr; rc=0; \
	for h in $(VCPU_HEADERS); do \
		printf '#include <vcpu/%s>\n' $$h > $(VCPU_BUILD)/hdr/$$h.c; \
		cp $(VCPU_BUILD)/hdr/$$h.c $(VCPU_BUILD)/hdr/$$h.cc; \
		for cfg in "clang-c11:clang -x c -std=c11" "clang-c++:clang++ -x c++ -std=c++11" \
			   "gcc-c11:gcc -x c -std=c11" "g++-c++:g++ -x c++ -std=c++11" \
			   "aarch64-c11:clang --target=aarch64-none-elf -ffreestanding -x c -std=c11" \
			   "aarch64-c11-gpr:clang --target=aarch64-none-elf -ffreestanding -mgeneral-regs-only -x c -std=c11" \
			   "aarch64-c++:clang++ --target=aarch64-none-elf -ffreestanding -fno-exceptions -x c++ -std=c++11" \
			   "mock-c11:clang -DAARCH64_SYSREG_MOCK -x c -std=c11"; do \
			name=$${cfg%%:*}; cmd=$${cfg#*:}; \
			if $$cmd $(VCPU_WFLAGS) -c -o $(VCPU_BUILD)/hdr/$$h.$$name.o $(VCPU_BUILD)/hdr/$$h.c \
				> $(VCPU_BUILD)/hdr/$$h.$$name.log 2>&1; then \
				echo "ok - header vcpu/$$h compiles alone ($$name)"; \
			else \
				echo "not ok - header vcpu/$$h compiles alone ($$name)"; \
				sed 's/^/# /' $(VCPU_BUILD)/hdr/$$h.$$name.log | head -20; rc=1; \
			fi; \
		done; \
	done; \
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
