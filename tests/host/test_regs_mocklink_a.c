/*
 * One translation unit (C) of the mock-link test: the mock register file
 * defined (weakly) by sysreg_core.h in several units must be one array.
 */
#include "aarch64_sysreg/sysregs.h"

void mocklink_c_write(uint64_t v);
uint64_t mocklink_c_read(void);
uint64_t *mocklink_c_file(void);

void mocklink_c_write(uint64_t v)
{
	hcr_el2_write(v);
}

uint64_t mocklink_c_read(void)
{
	return ich_lr_el2_read(3);
}

uint64_t *mocklink_c_file(void)
{
	return aarch64_sysreg_mock_file;
}
