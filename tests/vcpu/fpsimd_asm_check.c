/* SPDX-License-Identifier: MIT */
/* Compiled (not run) for aarch64-none-elf with -mgeneral-regs-only by
 * `make vcpu-header-check`: the real save/restore must assemble. */
#include <vcpu/fpsimd.h>

void check_fpsimd_save(struct vcpu_fpsimd *f);
void check_fpsimd_restore(const struct vcpu_fpsimd *f);

void check_fpsimd_save(struct vcpu_fpsimd *f)
{
	vcpu_fpsimd_save(f);
}

void check_fpsimd_restore(const struct vcpu_fpsimd *f)
{
	vcpu_fpsimd_restore(f);
}
