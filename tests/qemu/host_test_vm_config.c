/* SPDX-License-Identifier: MIT */
/*
 * Host unit tests of minihyp's VM configuration checks
 * (examples/minihyp/vm_config.c): the shipped configurations are valid on
 * the boards they are meant for, and each kind of mistake is refused with
 * its own message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "platform.h"
#include "vm_config.h"

/* console.h, as vm_config.c uses it: the lines are collected. */
#include "../host/console_capture.h"

void hyp_log(const char *f, ...)
{
	(void)f;
}

static const struct vm_board board4 = {4, 288, BOARD_RAM_BASE, 0x08000000, 2, false};

static unsigned check(const struct vm_config *c, unsigned nr_vcpus, uint64_t ram,
		      const struct vm_board *b)
{
	console_capture_reset();
	return vm_config_check(c, nr_vcpus, ram, b);
}

static void test_shipped_configs_valid(void **state)
{
	unsigned i, n;

	(void)state;
	assert_true(vm_nr_configs >= 2);
	for (i = 0; i < vm_nr_configs; i++)
		for (n = 1; n <= 4; n++) {
			assert_int_equal(check(&vm_configs[i], n, vm_configs[i].ram_size, &board4),
					 0);
			assert_int_equal(out_len, 0);
		}
	assert_ptr_equal(vm_config_for_kind(0), &vm_configs[0]);
	assert_string_equal(vm_config_for_kind(1)->name, "linux");
	assert_null(vm_config_for_kind(7));
}

static void test_regions_lookup(void **state)
{
	const struct vm_config *c = vm_config_for_kind(0), *l = vm_config_for_kind(1);

	(void)state;
	assert_int_equal(vm_config_region(c, GUEST_GICD_IPA + 0xf00)->dev, VM_DEV_GICD);
	assert_int_equal(vm_config_region(c, GUEST_GICC_IPA + 0x1000)->kind, VM_REGION_PASSTHROUGH);
	assert_int_equal(vm_config_region(c, GUEST_GICC_IPA + 0x1000)->pa, BOARD_GICV_BASE);
	assert_null(vm_config_region(c, GUEST_GICC_IPA + 0x2000));
	assert_int_equal(vm_config_region(c, GUEST_VIRTIO_IPA + 31 * 0x200)->dev, VM_DEV_VIRTIO);
	assert_null(vm_config_region(c, GUEST_VIRTIO_IPA + 32 * 0x200));
	assert_int_equal(vm_config_region(c, GUEST_UART_IPA)->kind, VM_REGION_EMULATED);
	assert_int_equal(vm_config_region(l, GUEST_UART_IPA)->kind, VM_REGION_PASSTHROUGH);
	assert_int_equal(l->nr_irqs_forwarded, 1);
	assert_int_equal(l->irqs[0].pirq, BOARD_UART_INTID);
}

static void test_too_many_vcpus(void **state)
{
	const struct vm_board board2 = {2, 288, BOARD_RAM_BASE, 0x08000000, 2, false};
	const struct vm_board board16 = {16, 288, BOARD_RAM_BASE, 0x08000000, 2, false};

	(void)state;
	assert_int_equal(check(&vm_configs[0], 3, 0x04000000, &board2), 1);
	assert_non_null(strstr(out, "\"guest\": 3 vCPUs, but the board has 2 physical CPUs"));
	assert_int_equal(check(&vm_configs[0], 9, 0x04000000, &board16), 1);
	assert_non_null(strstr(out, "9 vCPUs: a GICv2 has at most 8"));
	assert_int_equal(check(&vm_configs[0], 0, 0x04000000, &board2), 1);
	assert_non_null(strstr(out, "no vCPU"));
}

static void test_bad_ram(void **state)
{
	(void)state;
	/* 128 MiB of guest RAM from PA 0x44000000 ends past the machine's RAM */
	assert_int_equal(check(&vm_configs[0], 1, 0x08000000, &board4), 1);
	assert_non_null(strstr(out, "not inside the machine's RAM"));
	assert_int_equal(check(&vm_configs[0], 1, 0x00100000, &board4), 1);
	assert_non_null(strstr(out, "not 2 MiB aligned"));
}

static const struct vm_region overlapping[] = {
	{"a", VM_DEV_TESTDEV, VM_REGION_EMULATED, 0x0b000000, 0x2000, 0},
	{"b", VM_DEV_PL011, VM_REGION_EMULATED, 0x0b001000, 0x1000, 0},
	{"in-ram", VM_DEV_TESTDEV, VM_REGION_EMULATED, 0x40100000, 0x1000, 0},
	{"crooked", VM_DEV_GICC, VM_REGION_PASSTHROUGH, GUEST_GICC_IPA + 0x800, 0x2000,
	 BOARD_GICV_BASE},
	{"ram-pa", VM_DEV_PL011, VM_REGION_PASSTHROUGH, GUEST_UART_IPA, 0x1000, GUEST_RAM_PA},
};

static void test_bad_regions(void **state)
{
	struct vm_config c = vm_configs[0];

	(void)state;
	c.regions = overlapping;
	c.nr_regions = 2;
	assert_int_equal(check(&c, 1, c.ram_size, &board4), 1);
	assert_non_null(strstr(out, "regions a (IPA b000000-b002000) and b (IPA b001000-b002000) "
				    "overlap"));
	c.regions = overlapping + 2;
	c.nr_regions = 1;
	assert_int_equal(check(&c, 1, c.ram_size, &board4), 1);
	assert_non_null(strstr(out, "region in-ram (IPA 40100000-40101000) overlaps RAM"));
	c.regions = overlapping + 3;
	assert_int_equal(check(&c, 1, c.ram_size, &board4), 1);
	assert_non_null(strstr(out, "passed-through region crooked"));
	assert_non_null(strstr(out, "is not page-aligned"));
	c.regions = overlapping + 4;
	assert_int_equal(check(&c, 1, c.ram_size, &board4), 1);
	assert_non_null(strstr(out, "passed-through region ram-pa (PA 44000000) is in the "
				    "machine's RAM"));
}

static const struct vm_irq bad_irqs[] = {
	{"ppi", 27, 33, false},	 /* virtual: not an SPI */
	{"far", 40, 300, false}, /* physical: past the board's 288 lines */
	{"big", 64, 34, false},	 /* virtual: past the VM's 64 IDs */
	{"dup", 40, 35, false},	 /* virtual 40 again */
};

static void test_bad_irqs(void **state)
{
	struct vm_config c = vm_configs[1];

	(void)state;
	c.nr_irqs = 64;
	c.irqs = bad_irqs;
	c.nr_irqs_forwarded = 4;
	assert_int_equal(check(&c, 1, c.ram_size, &board4), 4);
	assert_non_null(strstr(out, "interrupt ppi: virtual INTID 27 is not an SPI of the VM"));
	assert_non_null(strstr(out, "interrupt far: physical INTID 300 is not an SPI of the "
				    "board (32..287)"));
	assert_non_null(strstr(out, "interrupt big: virtual INTID 64 is not an SPI of the VM "
				    "(32..63)"));
	assert_non_null(strstr(out, "interrupts far and dup share an INTID"));
	c.irqs = bad_irqs;
	c.nr_irqs_forwarded = 0;
	c.nr_irqs = 40;
	assert_int_equal(check(&c, 1, c.ram_size, &board4), 1);
	assert_non_null(strstr(out, "40 interrupt IDs: must be a multiple of 32"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_configs_valid), cmocka_unit_test(test_regions_lookup),
		cmocka_unit_test(test_too_many_vcpus),	      cmocka_unit_test(test_bad_ram),
		cmocka_unit_test(test_bad_regions),	      cmocka_unit_test(test_bad_irqs),
	};

	return cmocka_run_group_tests_name("vm_config", tests, NULL, NULL);
}
