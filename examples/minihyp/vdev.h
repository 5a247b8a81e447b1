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

struct vdev {
	const char *name;
	uint64_t base, size;
	/* false: the access is not valid (logged; the guest gets an abort) */
	bool (*read)(struct vdev *d, uint64_t off, unsigned size, uint64_t *val);
	bool (*write)(struct vdev *d, uint64_t off, unsigned size, uint64_t val);
	void *priv;
};

struct vm_config;
struct vgic;

/* Builds the emulated devices of the VM's board from its configuration
 * (the GICD is `vgic`).  0, or -1 for a region it cannot emulate. */
int vdev_setup(const struct vm_config *c, struct vgic *vgic);

/* The emulated device holding `ipa`, NULL when nothing is there. */
struct vdev *vdev_find(uint64_t ipa);

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
