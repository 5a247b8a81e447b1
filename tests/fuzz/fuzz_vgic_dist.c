/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: the emulated GICv2 distributor.  Any sequence of
 * guest accesses (any offset, width, value, vCPU) and device injections:
 * no fault (ASan/UBSan), the pending sets stay consistent (no interrupt
 * queued twice), and a read changes nothing.
 */
#define VGIC_IMPLEMENTATION /* the vGIC is compiled here */
#include "fuzz_input.h"
#include "fuzz_vgic_check.h"

static struct vgic vm, before, after;

/* Offsets worth hitting often: the start of each register block. */
static const uint16_t offsets[] = {
	GICD_CTLR_OFFSET,	  GICD_TYPER_OFFSET,	     GICD_IIDR_OFFSET,
	GICD_IGROUPR_OFFSET(0),	  GICD_ISENABLER_OFFSET(0),  GICD_ICENABLER_OFFSET(0),
	GICD_ISPENDR_OFFSET(0),	  GICD_ICPENDR_OFFSET(0),    GICD_ISACTIVER_OFFSET(0),
	GICD_ICACTIVER_OFFSET(0), GICD_IPRIORITYR_OFFSET(0), GICD_ITARGETSR_OFFSET(0),
	GICD_ICFGR_OFFSET(0),	  GICD_NSACR_OFFSET(0),	     GICD_SGIR_OFFSET,
	GICD_CPENDSGIR_OFFSET(0), GICD_SPENDSGIR_OFFSET(0),  GICD_PIDR4_OFFSET,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	unsigned int nr_vcpus = 1 + fuzz_u8(&in) % VGIC_MAX_VCPUS;
	unsigned int nr_irqs = 32 * (1 + fuzz_u8(&in) % (VGIC_MAX_IRQS / 32));

	FUZZ_CHECK(vgic_init(&vm, nr_vcpus, nr_irqs, 0, NULL, NULL) == 0);
	while (fuzz_more(&in)) {
		uint8_t op = fuzz_u8(&in), sz = fuzz_u8(&in);
		unsigned int vcpu = fuzz_u8(&in) % (nr_vcpus + 1); /* one past: refused */
		uint32_t off = fuzz_u32(&in), v = fuzz_u32(&in), got = 0;
		unsigned int width = 1u << (sz % 4); /* 1, 2, 4, 8 */

		if (op & 0x10) /* near a register block rather than anywhere */
			off = offsets[(off >> 16) % (sizeof(offsets) / sizeof(offsets[0]))] +
			      (off & 0x7f);
		else
			off &= 0x1fff;
		switch (op % 5) {
		case 0:
		case 1:
			FUZZ_CHECK(vgic_dist_mmio_write(&vm, vcpu, off, width, v) ==
				   (vcpu < nr_vcpus ? 0 : -VGIC_EINVAL));
			break;
		case 2:
			snapshot(&vm, &before);
			FUZZ_CHECK(vgic_dist_mmio_read(&vm, vcpu, off, width, &got) ==
				   (vcpu < nr_vcpus ? 0 : -VGIC_EINVAL));
			snapshot(&vm, &after);
			FUZZ_CHECK(memcmp(&before, &after, sizeof(before)) == 0);
			if (width == 4 && vcpu < nr_vcpus) { /* and reads the same again */
				uint32_t again = ~got;

				vgic_dist_mmio_read(&vm, vcpu, off, width, &again);
				FUZZ_CHECK(again == got);
			}
			break;
		case 3:
			vgic_inject_edge(&vm, vcpu, v % 1024);
			break;
		case 4:
			vgic_set_level(&vm, vcpu, v % 1024, sz & 0x80);
			break;
		}
		check_lists(&vm);
	}
	return 0;
}
