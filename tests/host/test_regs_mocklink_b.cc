/*
 * The other translation unit (C++) of the mock-link test, with main(): a
 * value written through an accessor in one unit is seen in the other, in both
 * directions, and both units see the same array.  Prints TAP.
 */
#include <stdio.h>

#include "aarch64_sysreg/sysregs.h"

extern "C" {
void mocklink_c_write(uint64_t v);
uint64_t mocklink_c_read(void);
uint64_t *mocklink_c_file(void);
}

static int n, failed;

static void check(bool ok, const char *what)
{
	n++;
	if (!ok)
		failed++;
	printf("%s %d - mock register file: %s (%s)\n", ok ? "ok" : "not ok", n, what, COMPILER);
}

int main(void)
{
	aarch64_sysreg_mock_reset();
	check(mocklink_c_file() == aarch64_sysreg_mock_file, "one array in C and C++ units");
	mocklink_c_write(UINT64_C(0x80000011));
	check(hcr_el2_read() == UINT64_C(0x80000011), "C write seen by C++ read");
	ich_lr_el2_write(3, UINT64_C(0x4000000000000020));
	check(mocklink_c_read() == UINT64_C(0x4000000000000020), "C++ write seen by C read");
	aarch64_sysreg_mock_reset();
	check(mocklink_c_read() == 0 && hcr_el2_read() == 0, "reset clears both");
	return failed ? 1 : 0;
}
