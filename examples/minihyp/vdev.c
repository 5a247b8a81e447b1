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
 * The library's PL011 r1p5 (include/vpl011/vpl011.h): what a guest writes
 * to UARTDR goes to the hypervisor console (line-buffered, prefixed with
 * the VM's name, console.c); the console input fills its receive FIFO
 * (vdev_uart_input); UARTINTR is the level of a virtual SPI.  Accesses the
 * model refuses (64-bit, misaligned) abort.
 */
static void uart_tx(void *ctx, uint8_t c)
{
	struct vdev_uart *d = ctx;

	if (d->console)
		guest_console_putc((char)c);
}

static void uart_set_irq(void *ctx, bool level)
{
	struct vdev_uart *d = ctx;

	if (d->irq)
		vgic_set_level(d->vgic, 0, d->irq, level);
}

static const struct vpl011_ops uart_ops = {uart_tx, uart_set_irq};

/* What waits goes to the FIFO as it makes room. */
static void uart_refill(struct vdev_uart *d)
{
	if (!d->waiting)
		return;
	while (!console_rxq_empty(d->waiting) && vpl011_rx_room(&d->u)) {
		vpl011_rx_push(&d->u, console_rxq_peek(d->waiting));
		console_rxq_pop(d->waiting);
	}
}

void vdev_uart_input(struct vdev_uart *d, const uint8_t *c, unsigned n)
{
	unsigned i;

	uart_refill(d);
	for (i = 0; i < n; i++) {
		/* in order: behind what waits already */
		if (console_rxq_empty(d->waiting) && vpl011_rx_room(&d->u))
			vpl011_rx_push(&d->u, c[i]);
		else
			console_rxq_put(d->waiting, c[i]);
	}
}

static bool pl011_read(struct vdev *d, uint64_t off, unsigned size, uint64_t *val)
{
	struct vdev_uart *u = d->priv;
	uint32_t v;
	bool ok;

	spin_lock(&u->lock);
	ok = vpl011_read(&u->u, (uint32_t)off, size, &v);
	if (ok && off == PL011_DR_OFFSET)
		uart_refill(u);
	spin_unlock(&u->lock);
	*val = v;
	return ok;
}

static bool pl011_write(struct vdev *d, uint64_t off, unsigned size, uint64_t val)
{
	struct vdev_uart *u = d->priv;
	bool ok;

	spin_lock(&u->lock);
	ok = vpl011_write(&u->u, (uint32_t)off, size, (uint32_t)val);
	if (ok && off == PL011_CR_OFFSET)
		uart_refill(u); /* the receiver may be on now */
	spin_unlock(&u->lock);
	return ok;
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
	ds->console = 0;
	for (i = 0; i < v->nr_devices && i < VMFILE_MAX_DEVICES; i++) {
		const struct vmfile_device *d = &v->devices[i];
		void *st = &ds->state[ds->nr];

		switch (d->type) {
		case VMFILE_DEV_PL011: {
			struct vdev_uart *u = &ds->state[ds->nr].uart;

			/* under its lock: on a VM's reset, the console input
			 * may be at it from another CPU */
			spin_lock(&u->lock);
			u->vgic = vgic;
			u->irq = d->irq;
			u->console = v->console == i;
			u->waiting = 0;
			if (u->console) {
				ds->waiting.head = ds->waiting.count = 0;
				u->waiting = &ds->waiting;
			}
			vpl011_init(&u->u, &uart_ops, u);
			spin_unlock(&u->lock);
			if (u->console)
				ds->console = u;
			vdev_add(ds, d->name, d->ipa, d->size, pl011_read, pl011_write, st);
			break;
		}
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
