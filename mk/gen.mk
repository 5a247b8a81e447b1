# Register generator (gen/regen.py): regeneration, check, and its test suites.
#   make gen             regenerate include/ and docs/regs/ from regs/*.yaml
#   make check-gen       fail (listing the files) if the tree is not up to date
#   make test-gen        generator unit tests (Python unittest, TAP)
#   make test-hostregs   generated accessors on the host (cmocka, mock backend)
#   make test-crossregs  sysreg accessors compiled for AArch64, checked with objdump
#   make test-headers    every header under include/ compiles alone, 6 configurations

SUITES += gen hostregs crossregs headers

CLANG ?= clang
CLANGXX ?= clang++
HOST_GCC ?= gcc
HOST_GXX ?= g++
LLVM_OBJDUMP ?= llvm-objdump
CROSS_GCC ?= aarch64-linux-gnu-gcc

GEN_BUILD := $(BUILD)/gen
GEN_TEST_SPECS := $(sort $(wildcard tests/gen/specs/*.yaml))
GEN_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
GEN_HOST_CFLAGS := -std=c11 -Wall -Wextra -Werror -g -O1 -DAARCH64_SYSREG_MOCK -Iinclude
GEN_CROSS_CFLAGS := --target=aarch64-none-elf -O2 -ffreestanding -std=c11 -Wall -Wextra -Werror \
	-Iinclude

.PHONY: gen check-gen test-gen test-hostregs test-crossregs test-headers gen-test-sources

gen:
	$(PYTHON) gen/regen.py

check-gen:
	@$(PYTHON) gen/regen.py --check

test-gen:
	@$(PYTHON) tests/gen/test_regen.py

# Test sources generated from the specs, never into the tree:
#   $(GEN_BUILD)/regs/     from regs/*.yaml (headers: the tree's include/)
#   $(GEN_BUILD)/gentest/  from tests/gen/specs/*.yaml (headers generated there too)
gen-test-sources:
	@mkdir -p $(GEN_BUILD)/regs $(GEN_BUILD)/gentest
	@$(PYTHON) gen/regen.py --check >/dev/null 2>&1 || \
		echo "# warning: generated files in include/ are stale (run make gen);" \
			"these tests use the tree's headers"
	@$(PYTHON) gen/regen.py --validate-only --emit-tests $(GEN_BUILD)/regs
	@$(PYTHON) gen/regen.py --specs $(GEN_TEST_SPECS) --out $(GEN_BUILD)/gentest \
		--emit-tests $(GEN_BUILD)/gentest/tests

test-hostregs: gen-test-sources
	@rc=0; \
	$(CC) $(GEN_HOST_CFLAGS) $(GEN_SAN) -o $(GEN_BUILD)/regs/test_regs_gen \
		$(GEN_BUILD)/regs/test_regs_gen.c -lcmocka || rc=1; \
	$(CC) $(GEN_HOST_CFLAGS) $(GEN_SAN) -I$(GEN_BUILD)/gentest/include \
		-o $(GEN_BUILD)/gentest/test_regs_gen $(GEN_BUILD)/gentest/tests/test_regs_gen.c \
		-lcmocka || rc=1; \
	$(CC) $(GEN_HOST_CFLAGS) $(GEN_SAN) -o $(GEN_BUILD)/test_regs_known \
		tests/host/test_regs_known.c -lcmocka || rc=1; \
	rm -f $(GEN_BUILD)/regs/test_regs_gen.gcc; \
	if $(HOST_GCC) $(GEN_HOST_CFLAGS) -O2 -o $(GEN_BUILD)/regs/test_regs_gen.gcc \
		$(GEN_BUILD)/regs/test_regs_gen.c -lcmocka; then \
		echo "ok - generated register tests build with gcc -O2"; \
	else rc=1; echo "not ok - generated register tests build with gcc -O2"; fi; \
	for pair in "$(CLANG) $(CLANGXX)" "$(HOST_GCC) $(HOST_GXX)"; do \
		set -- $$pair; out=$(GEN_BUILD)/mocklink-$$(basename $$1); \
		$$1 -std=c11 -Wall -Wextra -Werror -DAARCH64_SYSREG_MOCK -Iinclude -c \
			tests/host/test_regs_mocklink_a.c -o $$out-a.o && \
		$$2 -std=c++17 -Wall -Wextra -Werror -DAARCH64_SYSREG_MOCK -Iinclude \
			-DCOMPILER='"'$$1'"' tests/host/test_regs_mocklink_b.cc $$out-a.o -o $$out && \
		./$$out || { rc=1; echo "not ok - mock register file links and is shared ($$1)"; }; \
	done; \
	for t in $(GEN_BUILD)/regs/test_regs_gen $(GEN_BUILD)/gentest/test_regs_gen \
		 $(GEN_BUILD)/test_regs_known $(GEN_BUILD)/regs/test_regs_gen.gcc; do \
		echo "# $$t"; \
		if [ -x $$t ]; then CMOCKA_MESSAGE_OUTPUT=TAP ./$$t || rc=1; else rc=1; fi; \
	done; \
	exit $$rc

test-crossregs: gen-test-sources
	@rc=0; \
	for d in regs gentest; do \
		inc=; [ $$d = gentest ] && inc=-I$(GEN_BUILD)/gentest/include; \
		src=$(GEN_BUILD)/$$d; [ $$d = gentest ] && src=$(GEN_BUILD)/gentest/tests; \
		echo "# cross: $$src/cross_regs.c"; \
		$(CLANG) $(GEN_CROSS_CFLAGS) $$inc -c $$src/cross_regs.c -o $$src/cross_regs.o || \
			{ rc=1; continue; }; \
		names=; [ $$d = gentest ] && names=--no-names; \
		$(PYTHON) tests/cross/check_objdump.py $$names $$src/cross_regs.json \
			$$src/cross_regs.o $(LLVM_OBJDUMP) || rc=1; \
	done; \
	echo "# generated constants in assembly (tests/cross/asm_consts.S)"; \
	for as in "$(CLANG) --target=aarch64-none-elf" "$(CROSS_GCC)"; do \
		if $$as -Iinclude -c tests/cross/asm_consts.S -o $(GEN_BUILD)/asm_consts.o; then \
			echo "ok - asm_consts.S assembles with $$as"; \
		else rc=1; echo "not ok - asm_consts.S assembles with $$as"; fi; \
	done; \
	exit $$rc

test-headers: gen-test-sources
	@rc=0; \
	$(PYTHON) tests/cross/check_headers.py --include include --clang $(CLANG) \
		--clangxx $(CLANGXX) --gcc $(HOST_GCC) --gxx $(HOST_GXX) || rc=1; \
	for cc in "$(CLANG) -x c -std=c11" "$(CLANGXX) -x c++ -std=c++17" "$(HOST_GCC) -x c -std=c11"; do \
		if printf '#include <aarch64_sysreg/sysregs.h>\n#include <gicv2/gicv2_regs.h>\n#include <pl011/pl011_regs.h>\n' | \
			$$cc -Wall -Wextra -Werror -pedantic -DREGGEN_NO_FIELD_FUNCS -fsyntax-only -Iinclude -; \
		then echo "ok - every header with REGGEN_NO_FIELD_FUNCS ($$cc)"; \
		else rc=1; echo "not ok - every header with REGGEN_NO_FIELD_FUNCS ($$cc)"; fi; \
	done; \
	echo "# generator test headers ($(GEN_BUILD)/gentest/include)"; \
	$(PYTHON) tests/cross/check_headers.py --include $(GEN_BUILD)/gentest/include -I include \
		--clang $(CLANG) --clangxx $(CLANGXX) --gcc $(HOST_GCC) --gxx $(HOST_GXX) || rc=1; \
	exit $$rc
