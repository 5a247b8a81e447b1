/* SPDX-License-Identifier: MIT */
#include "vdev.h"
#include "console.h"
#include "platform.h"
#include "smp.h"
#include <vgic/vgic.h>
#include "vm.h"
#include "vmfile.h"

#include <pl011/pl011.h>

/* ---- emulated PL011 ---------------------------------------------------
 * Enough for a guest console (and for Linux's amba-pl011 driver to probe):
 * UARTDR writes go to the hypervisor console (line-buffered), the flag
 * register says "transmit FIFO empty, receive FIFO empty", the control
 * registers read back what was written, the PrimeCell ID registers identify
 * a PL011 r1p5.
 */
static const uint8_t pl011_id[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

static uint32_t *pl011_reg(struct vpl011 *u, uint64_t off)
{
	switch (off) {
	case PL011_ILPR_OFFSET:
		return &u->ilpr;
	case PL011_IBRD_OFFSET:
		return &u->ibrd;
	case PL011_FBRD_OFFSET:
		return &u->fbrd;
	case PL011_LCR_H_OFFSET:
		return &u->lcr_h;
	case PL011_CR_OFFSET:
		return &u->cr;
	case PL011_IFLS_OFFSET:
		return &u->ifls;
	case PL011_IMSC_OFFSET:
		return &u->imsc;
	case PL011_DMACR_OFFSET:
		return &u->dmacr;
	default:
		return 0;
	}
}

static bool pl011_read(struct vdev *d, uint64_t off, unsigned size, uint64_t *val)
{
	struct vpl011 *u = d->priv;
	uint32_t *r;

	if (size > 4)
		return false;
	if (off >= PL011_PERIPHID_OFFSET(0) && off < PL011_PCELLID_OFFSET(PL011_PCELLID_COUNT)) {
		*val = (off & 3) ? 0 : pl011_id[(off - PL011_PERIPHID_OFFSET(0)) / 4];
		return true;
	}
	switch (off) {
	case PL011_DR_OFFSET:
	case PL011_RSR_OFFSET:
		*val = 0;
		return true;
	case PL011_FR_OFFSET:
		*val = PL011_FR_TXFE_MASK | PL011_FR_RXFE_MASK;
		return true;
	case PL011_RIS_OFFSET:
		*val = PL011_RIS_TX_MASK;
		return true;
	case PL011_MIS_OFFSET:
		*val = PL011_RIS_TX_MASK & u->imsc;
		return true;
	}
	r = pl011_reg(u, off);
	*val = r ? *r : 0; /* reserved offsets read as zero */
	return true;
}

static bool pl011_write(struct vdev *d, uint64_t off, unsigned size, uint64_t val)
{
	struct vpl011 *u = d->priv;
	uint32_t *r;

	if (size > 4)
		return false;
	if (off == PL011_DR_OFFSET) {
		if (u->console)
			guest_console_putc((char)(val & 0xff));
		return true;
	}
	r = pl011_reg(u, off);
	if (r)
		*r = (uint32_t)val;
	return true; /* ICR, RSR/ECR and reserved offsets: ignored */
}

/* ---- test device ------------------------------------------------------ */
_Static_assert(sizeof(((struct testdev *)0)->scratch) == TESTDEV_SCRATCH_LEN, "scratch");

/* Little-endian load/store of `size` bytes at p (size-aligned): one access. */
static uint64_t bytes_get(const uint8_t *p, unsigned size)
{
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (size) {
	case 1:
		__builtin_memcpy(&v8, p, 1);
		return v8;
	case 2:
		__builtin_memcpy(&v16, p, 2);
		return v16;
	case 4:
		__builtin_memcpy(&v32, p, 4);
		return v32;
	default:
		__builtin_memcpy(&v64, p, 8);
		return v64;
	}
}

static void bytes_put(uint8_t *p, unsigned size, uint64_t v)
{
	uint8_t v8 = (uint8_t)v;
	uint16_t v16 = (uint16_t)v;
	uint32_t v32 = (uint32_t)v;

	switch (size) {
	case 1:
		__builtin_memcpy(p, &v8, 1);
		break;
	case 2:
		__builtin_memcpy(p, &v16, 2);
		break;
	case 4:
		__builtin_memcpy(p, &v32, 4);
		break;
	default:
		__builtin_memcpy(p, &v, 8);
		break;
	}
}

static bool testdev_read(struct vdev *d, uint64_t off, unsigned size, uint64_t *val)
{
	struct testdev *t = d->priv;
	uint64_t reg, v;

	t->count++;
	if (off % size)
		return false;
	if (off < TESTDEV_SCRATCH_LEN) {
		*val = bytes_get(&t->scratch[off], size);
		return true;
	}
	reg = off & ~7ull;
	switch (reg) {
	case TESTDEV_PATTERN_NEG:
		v = TESTDEV_PATTERN_NEG_VALUE;
		break;
	case TESTDEV_PATTERN_POS:
		v = TESTDEV_PATTERN_POS_VALUE;
		break;
	case TESTDEV_COUNT:
		v = t->count;
		break;
	case TESTDEV_ID:
		v = TESTDEV_ID_VALUE;
		break;
	default:
		return false;
	}
	v >>= 8 * (off - reg);
	*val = size == 8 ? v : v & ((1ull << (8 * size)) - 1);
	return true;
}

static bool testdev_write(struct vdev *d, uint64_t off, unsigned size, uint64_t val)
{
	struct testdev *t = d->priv;

	t->count++;
	if (off % size || off >= TESTDEV_SCRATCH_LEN)
		return false; /* misaligned, or a read-only register */
	bytes_put(&t->scratch[off], size, val);
	return true;
}

/* ---- the emulated GICv2 distributor: the vGIC ------------------------ */

static bool gicd_read(struct vdev *d, uint64_t off, unsigned size, uint64_t *val)
{
	uint32_t v = 0;

	/* widths and offsets the architecture does not allow: RAZ/WI (vgic) */
	vgic_dist_mmio_read(d->priv, this_slot()->n, (uint32_t)off, size, &v);
	*val = v;
	return true;
}

static bool gicd_write(struct vdev *d, uint64_t off, unsigned size, uint64_t val)
{
	vgic_dist_mmio_write(d->priv, this_slot()->n, (uint32_t)off, size, (uint32_t)val);
	return true;
}

/* ---- the emulated GICv3 distributor and redistributors: the vGIC -------
 * Offsets from the frame (GICD) or from vCPU 0's RD_base (GICR): the vGIC
 * finds whose redistributor it is. */

static bool gicd3_read(struct vdev *d, uint64_t off, unsigned size, uint64_t *val)
{
	return vgic3_dist_mmio_read(d->priv, this_slot()->n, (uint32_t)off, size, val) == 0;
}

static bool gicd3_write(struct vdev *d, uint64_t off, unsigned size, uint64_t val)
{
	return vgic3_dist_mmio_write(d->priv, this_slot()->n, (uint32_t)off, size, val) == 0;
}

static bool gicr_read(struct vdev *d, uint64_t off, unsigned size, uint64_t *val)
{
	return vgic3_redist_mmio_read(d->priv, this_slot()->n, (uint32_t)off, size, val) == 0;
}

static bool gicr_write(struct vdev *d, uint64_t off, unsigned size, uint64_t val)
{
	return vgic3_redist_mmio_write(d->priv, this_slot()->n, (uint32_t)off, size, val) == 0;
}

/* ---- empty virtio-mmio transports -------------------------------------
 * virtio-mmio (virtio 1.x, "MMIO Device Register Layout"): MagicValue
 * "virt" at 0x000, Version 2 at 0x004, DeviceID 0 at 0x008 = no device
 * behind the transport, so a driver skips it.  Everything else reads as zero
 * and ignores writes.  One slot every 0x200 bytes.
 */
#define VIRTIO_MMIO_MAGIC_VALUE 0x000
#define VIRTIO_MMIO_VERSION	0x004
#define VIRTIO_MMIO_DEVICE_ID	0x008
#define VIRTIO_MAGIC		0x74726976u
#define VIRTIO_VERSION_MODERN	2u

static bool virtio_read(struct vdev *d, uint64_t off, unsigned size, uint64_t *val)
{
	(void)d;
	off %= GUEST_VIRTIO_SLOT_SIZE;
	*val = 0;
	if (size == 4 && off == VIRTIO_MMIO_MAGIC_VALUE)
		*val = VIRTIO_MAGIC;
	else if (size == 4 && off == VIRTIO_MMIO_VERSION)
		*val = VIRTIO_VERSION_MODERN;
	return true;
}

static bool virtio_write(struct vdev *d, uint64_t off, unsigned size, uint64_t val)
{
	(void)d;
	(void)off;
	(void)size;
	(void)val;
	return true;
}

/* ---- the VM's devices ---------------------------------------------------- */

static void vdev_add(struct vdevs *ds, const char *name, uint64_t ipa, uint64_t size,
		     bool (*read)(struct vdev *, uint64_t, unsigned, uint64_t *),
		     bool (*write)(struct vdev *, uint64_t, unsigned, uint64_t), void *priv)
{
	ds->dev[ds->nr++] = (struct vdev){name, ipa, size, read, write, priv};
}

int vdev_setup(struct vdevs *ds, const struct vmfile_vm *v, struct vgic *vgic, unsigned gic_version)
{
	unsigned i;

	_Static_assert(VDEV_MAX >= 2 + VMFILE_MAX_DEVICES, "room for the GIC and the file's");
	ds->nr = 0;
	for (i = 0; i < v->nr_devices && i < VMFILE_MAX_DEVICES; i++) {
		const struct vmfile_device *d = &v->devices[i];
		void *st = &ds->state[ds->nr];

		switch (d->type) {
		case VMFILE_DEV_PL011:
			ds->state[ds->nr].uart = (struct vpl011){.cr = PL011_CR_RESET,
								 .ifls = PL011_IFLS_RESET,
								 .console = v->console == i};
			vdev_add(ds, d->name, d->ipa, d->size, pl011_read, pl011_write, st);
			break;
		case VMFILE_DEV_TESTDEV:
			ds->state[ds->nr].test = (struct testdev){{0}, 0};
			vdev_add(ds, d->name, d->ipa, d->size, testdev_read, testdev_write, st);
			break;
		case VMFILE_DEV_VIRTIO:
			vdev_add(ds, d->name, d->ipa, d->size, virtio_read, virtio_write, NULL);
			break;
		case VMFILE_DEV_PASSTHROUGH:
			break; /* stage 2 maps it */
		default:
			hyp_log("vm %s: devices[%s]: no emulation for type %u", v->name, d->name,
				d->type);
			return -1;
		}
	}
	/* last: the early MMIO handler looks for the others (vdev_find(), in
	 * order), the GIC's frames are looked up by the run loop */
	if (gic_version == 3) {
		vdev_add(ds, "gicd", v->gicd_ipa, GUEST_GICD_SIZE, gicd3_read, gicd3_write, vgic);
		vdev_add(ds, "gicr", GUEST_GICR_IPA, GUEST_GICR_SIZE, gicr_read, gicr_write, vgic);
	} else {
		vdev_add(ds, "gicd", v->gicd_ipa, GUEST_GICD_SIZE, gicd_read, gicd_write, vgic);
	}
	return 0;
}
