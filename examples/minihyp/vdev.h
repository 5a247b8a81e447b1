/* SPDX-License-Identifier: MIT */
/*
 * minihyp: emulated devices.  A guest access to an IPA that stage 2 does not
 * map exits with a data abort; the run loop finds the device whose range
 * holds the IPA and calls its read or write handler with the offset and the
 * access size (1, 2, 4 or 8 bytes).
 */
#ifndef MINIHYP_VDEV_H
#define MINIHYP_VDEV_H

#include <stdbool.h>
#include <stdint.h>

#include <vpl011/vpl011.h>

#include "console_esc.h"
#include "smp.h"

struct vdev {
	const char *name;
	uint64_t base, size;
	/* false: the access is not valid (logged; the guest gets an abort) */
	bool (*read)(struct vdev *d, uint64_t off, unsigned size, uint64_t *val);
	bool (*write)(struct vdev *d, uint64_t off, unsigned size, uint64_t val);
	void *priv;
};

/* An emulated PL011: the library's model (include/vpl011/vpl011.h), its
 * UARTINTR a level-sensitive virtual SPI of its VM's vGIC; the console
 * PL011 also takes the console input (console.c), and what its FIFO had no
 * room for waits in `vdevs.waiting`.  `lock` serialises the guest's accesses and
 * the console input (another physical CPU). */
struct vdev_uart {
	struct vpl011 u;
	spinlock_t lock;
	struct vgic *vgic;
	uint32_t irq;		     /* its virtual SPI, 0: none */
	bool console;		     /* its output goes to the console, prefixed by the VM's name */
	struct console_rxq *waiting; /* the console PL011's: &vdevs.waiting; else NULL */
};

/* The state of a test device. */

struct testdev {
	_Alignas(8) uint8_t scratch[64];
	uint64_t count;
};

/* A VM's emulated devices: its own, state included (nothing is shared
 * between VMs).  The GIC's and at most VMFILE_MAX_DEVICES of the file's. */
#define VDEV_MAX 10u
struct vdevs {
	unsigned nr;
	struct vdev_uart *console;  /* the console PL011, NULL: none */
	struct console_rxq waiting; /* its input waiting for room in its FIFO */
	struct vdev dev[VDEV_MAX];
	union {
		struct vdev_uart uart;
		struct testdev test;
	} state[VDEV_MAX];
};

struct vmfile_vm;
struct vgic;

/* Builds the emulated devices of VM `v` in `ds` (the GICD, and on a GICv3
 * the GICR, are `vgic`).  0, or -1 for a device it cannot emulate. */
int vdev_setup(struct vdevs *ds, const struct vmfile_vm *v, struct vgic *vgic,
	       unsigned gic_version);

/* Console input for the console PL011 `d`: the characters go to its
 * receive FIFO, those it has no room for wait (console_esc.h).  Called
 * with d->lock held. */
void vdev_uart_input(struct vdev_uart *d, const uint8_t *c, unsigned n);

/* The emulated device of `ds` holding `ipa`, NULL when nothing is there. */
static inline struct vdev *vdev_find(struct vdevs *ds, uint64_t ipa)
{
	unsigned i;

	for (i = 0; i < ds->nr; i++)
		if (ipa - ds->dev[i].base < ds->dev[i].size)
			return &ds->dev[i];
	return 0;
}

/* ---- the minihyp test device (GUEST_TESTDEV_IPA) --------------------- */
#define TESTDEV_SCRATCH		  0x00 /* 64 bytes of read/write scratch, any size */
#define TESTDEV_SCRATCH_LEN	  0x40
#define TESTDEV_PATTERN_NEG	  0x40 /* RO 0x8899aabbccddeeff: every byte has bit 7 set */
#define TESTDEV_PATTERN_POS	  0x48 /* RO 0x7f6e5d4c3b2a1908: every lane positive */
#define TESTDEV_COUNT		  0x50 /* RO number of accesses to the device so far */
#define TESTDEV_ID		  0x58 /* RO "MHTESTDV" */
#define TESTDEV_PATTERN_NEG_VALUE 0x8899aabbccddeeffull
#define TESTDEV_PATTERN_POS_VALUE 0x7f6e5d4c3b2a1908ull
#define TESTDEV_ID_VALUE	  0x5644545345544d48ull /* "HMTESTDV" little-endian */

#endif
