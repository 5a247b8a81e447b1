/* SPDX-License-Identifier: MIT */
/*
 * minihyp: the VM file blob's checks against the board (docs/vm-file.md).
 * tools/vmfile.py checks the same rules against the board the file names;
 * these run at boot against the board QEMU really gives, and against a blob
 * that may not come from the tool at all.  Freestanding; host-tested by
 * tests/vmfile/host_test_vmfile.c.
 */
#include "vmfile.h"

#include "console.h"
#include "linux_boot.h"
#include "platform.h"
#include <vgic/vgic.h>

#define SPI_END 1020u /* INTIDs 1020-1023 are special (GIC architecture) */

struct range {
	const char *pre, *name, *post; /* printed as one label: devices[uart] */
	uint64_t base, size;
};

struct ctx {
	const struct vm_board *b;
	unsigned ipa_bits, bad;
	const struct vmfile_header *h;
};

/* One line per problem: "minihyp: VM file: <where>: <field>: <rule>". */
#define BAD_AT(c, where_fmt, where, ...)                                                           \
	do {                                                                                       \
		hyp_printf("minihyp: VM file: " where_fmt ": ", where);                            \
		hyp_printf(__VA_ARGS__);                                                           \
		hyp_printf("\n");                                                                  \
		(c)->bad++;                                                                        \
	} while (0)
#define BAD(c, where, ...) BAD_AT(c, "%s", where, __VA_ARGS__)
#define BAD_VM(c, v, ...)  BAD_AT(c, "vm %s", (v)->name, __VA_ARGS__)
#define BAD_SHM(c, s, ...) BAD_AT(c, "shared %s", (s)->name, __VA_ARGS__)

uint32_t vmfile_crc32(uint32_t crc, const void *p, size_t n)
{
	const uint8_t *b = p;
	unsigned k;

	crc = ~crc;
	while (n--) {
		crc ^= *b++;
		for (k = 0; k < 8; k++)
			crc = crc >> 1 ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

const struct vmfile_vm *vmfile_vm(const void *blob, unsigned i)
{
	return (const struct vmfile_vm *)((const char *)blob + sizeof(struct vmfile_header)) + i;
}

const struct vmfile_shared *vmfile_shared(const void *blob, unsigned i)
{
	const struct vmfile_header *h = blob;

	return (const struct vmfile_shared *)vmfile_vm(blob, h->nr_vms) + i;
}

static bool overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

/* base..base+size, non-empty and not wrapping, inside lo..lo+lsize */
static bool inside(uint64_t base, uint64_t size, uint64_t lo, uint64_t lsize)
{
	return size && base + size > base && base >= lo && base + size <= lo + lsize;
}

static bool same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static bool terminated(const char *s, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!s[i])
			return i > 0;
	return false;
}

static bool check_header(struct ctx *c, const void *blob, size_t len)
{
	const struct vmfile_header *h = blob;
	struct vmfile_header z;
	uint32_t crc;
	uint64_t want;

	if ((uintptr_t)blob % 8 || len < sizeof(*h)) {
		BAD(c, "blob",
		    "%lu bytes at %p: not an 8-byte aligned blob of at least a "
		    "header (%lu bytes)",
		    (unsigned long)len, blob, (unsigned long)sizeof(*h));
		return false;
	}
	if (h->magic != VMFILE_MAGIC) {
		BAD(c, "header", "magic: 0x%lx is not \"MHVMFILE\" (tools/vmfile.py build)",
		    (unsigned long)h->magic);
		return false;
	}
	if (h->version != VMFILE_VERSION) {
		BAD(c, "header", "version: %u, this minihyp reads version %u", h->version,
		    VMFILE_VERSION);
		return false;
	}
	if (h->header_size != sizeof(*h) || h->vm_size != sizeof(struct vmfile_vm) ||
	    h->shared_size != sizeof(struct vmfile_shared)) {
		BAD(c, "header", "struct sizes %u/%u/%u: this minihyp's are %lu/%lu/%lu",
		    h->header_size, h->vm_size, h->shared_size, (unsigned long)sizeof(*h),
		    (unsigned long)sizeof(struct vmfile_vm),
		    (unsigned long)sizeof(struct vmfile_shared));
		return false;
	}
	if (h->nr_vms == 0 || h->nr_vms > VMFILE_MAX_VMS || h->nr_shared > VMFILE_MAX_SHARED) {
		BAD(c, "header", "%u VMs and %u shared regions: 1..%u VMs, at most %u regions",
		    h->nr_vms, h->nr_shared, VMFILE_MAX_VMS, VMFILE_MAX_SHARED);
		return false;
	}
	want = sizeof(*h) + (uint64_t)h->nr_vms * sizeof(struct vmfile_vm) +
	       (uint64_t)h->nr_shared * sizeof(struct vmfile_shared);
	if (h->total_size != want || h->total_size > len) {
		BAD(c, "header",
		    "total_size: %u bytes, but %u VMs and %u shared regions take "
		    "%lu (%lu loaded)",
		    h->total_size, h->nr_vms, h->nr_shared, (unsigned long)want,
		    (unsigned long)len);
		return false;
	}
	z = *h;
	z.crc32 = 0;
	crc = vmfile_crc32(0, &z, sizeof(z));
	crc = vmfile_crc32(crc, h + 1, h->total_size - sizeof(*h));
	if (crc != h->crc32) {
		BAD(c, "header", "crc32: 0x%x, but the blob's is 0x%x: damaged or truncated",
		    h->crc32, crc);
		return false;
	}
	if (h->console_input >= h->nr_vms)
		BAD(c, "console", "input: VM %u of %u", h->console_input, h->nr_vms);
	if (h->board_gic != c->b->gic_version)
		BAD(c, "board",
		    "gic: version %u, but the board's GIC is version %u (QEMU gic-version): the "
		    "Linux VMs' device trees describe the file's",
		    h->board_gic, c->b->gic_version);
	return true;
}

/* A virtual SPI of v, and the first use of it. */
static void check_virq(struct ctx *c, const struct vmfile_vm *v, uint8_t used[(SPI_END + 7) / 8],
		       uint32_t virq, const char *pre, const char *name, const char *post)
{
	if (virq < VGIC_NR_PRIVATE || virq >= v->gic_irqs || virq >= SPI_END) {
		BAD_VM(c, v, "%s%s%s: virtual INTID %u is not an SPI of the VM (32..%u, gic.irqs)",
		       pre, name, post, virq, v->gic_irqs - 1);
		return;
	}
	if (used[virq / 8] & (1u << virq % 8))
		BAD_VM(c, v, "%s%s%s: virtual INTID %u is used twice in the VM", pre, name, post,
		       virq);
	used[virq / 8] |= (uint8_t)(1u << virq % 8);
}

static void check_images(struct ctx *c, const struct vmfile_vm *v)
{
	static const char *const names[VMFILE_NR_IMAGES] = {"kernel", "initramfs", "dtb"};
	const struct vmfile_image *im = v->images;
	unsigned i, j;

	if (v->kind == VMFILE_KIND_BAREMETAL) {
		if (!inside(im[0].ipa, im[0].size, v->ram_ipa, v->ram_size))
			BAD_VM(c, v, "image.ipa: 0x%lx-0x%lx is not inside the VM's RAM", im[0].ipa,
			       im[0].ipa + im[0].size);
		if (v->entry_ipa % 4 || v->entry_ipa - im[0].ipa >= im[0].size)
			BAD_VM(c, v,
			       "image.entry: 0x%lx is not a 4-byte aligned address in the image",
			       v->entry_ipa);
		for (i = 1; i < VMFILE_NR_IMAGES; i++)
			if (im[i].size)
				BAD_VM(c, v, "image: a bare-metal VM has one image, not %s",
				       names[i]);
	} else if (v->kind == VMFILE_KIND_LINUX) {
		if (v->entry_ipa != im[VMFILE_IMG_KERNEL].ipa)
			BAD_VM(c, v, "image.kernel.ipa: 0x%lx, but the entry is 0x%lx",
			       im[VMFILE_IMG_KERNEL].ipa, v->entry_ipa);
		if (!im[VMFILE_IMG_KERNEL].size)
			BAD_VM(c, v, "image.kernel: missing");
		if (im[VMFILE_IMG_DTB].ipa % LINUX_FDT_ALIGN ||
		    im[VMFILE_IMG_DTB].size > LINUX_FDT_MAX_SIZE || !im[VMFILE_IMG_DTB].size)
			BAD_VM(c, v,
			       "image.dtb.ipa: 0x%lx, %lu bytes: not 8-byte aligned and at most "
			       "2 MiB (arm64 boot protocol)",
			       im[VMFILE_IMG_DTB].ipa, im[VMFILE_IMG_DTB].size);
		for (i = 0; i < VMFILE_NR_IMAGES; i++)
			if (im[i].size && !inside(im[i].ipa, im[i].size, v->ram_ipa, v->ram_size))
				BAD_VM(c, v, "image.%s.ipa: 0x%lx-0x%lx is not inside the VM's RAM",
				       names[i], im[i].ipa, im[i].ipa + im[i].size);
		if (!terminated(v->cmdline, VMFILE_CMDLINE_LEN) && v->cmdline[0])
			BAD_VM(c, v, "image.cmdline: not NUL-terminated within %u bytes",
			       VMFILE_CMDLINE_LEN);
	} else {
		BAD_VM(c, v, "image.type: kind %u is neither bare metal (0) nor Linux (1)",
		       v->kind);
		return;
	}
	for (i = 0; i < VMFILE_NR_IMAGES; i++) {
		if (im[i].file_size > im[i].size)
			BAD_VM(c, v, "image.%s: a %lu-byte file in %lu bytes",
			       v->kind == VMFILE_KIND_LINUX ? names[i] : "file", im[i].file_size,
			       im[i].size);
		for (j = 0; j < i; j++)
			if (im[i].size && im[j].size &&
			    overlap(im[i].ipa, im[i].size, im[j].ipa, im[j].size))
				BAD_VM(c, v, "image.%s.ipa: 0x%lx-0x%lx overlaps image.%s",
				       names[i], im[i].ipa, im[i].ipa + im[i].size, names[j]);
	}
}

static bool passthrough(const struct vmfile_device *d)
{
	return d->type == VMFILE_DEV_PASSTHROUGH;
}

/*
 * The board's MMIO ranges that are the hypervisor's, by GIC version (0:
 * both): no VM may have them passed through.  QEMU virt's addresses
 * (platform.h); GICv2: its four frames, and the GICv2m MSI frame, whose
 * writes raise SPIs at minihyp's distributor; GICv3: the distributor, the
 * ITS and the redistributors.  The UART is minihyp's console.
 * tools/vmfile.py's HYP_MMIO is the same list.
 */
static const struct hyp_mmio {
	const char *name;
	uint64_t base, size;
	unsigned gic;
	bool console; /* the UART: a VM's in the built-in Linux configuration */
} hyp_mmio[] = {
	{"GIC distributor", BOARD_GICD_BASE, BOARD_GICD_SIZE, 0, false},
	{"GICv2 CPU interface", BOARD_GICC_BASE, BOARD_GICC_SIZE, 2, false},
	{"GICv2m MSI frame", BOARD_GICV2M_BASE, BOARD_GICV2M_SIZE, 2, false},
	{"GICv2 hypervisor interface", BOARD_GICH_BASE, BOARD_GICH_SIZE, 2, false},
	{"GICv2 virtual CPU interface", BOARD_GICV_BASE, BOARD_GICV_SIZE, 2, false},
	{"GICv3 ITS", BOARD_GITS_BASE, BOARD_GITS_SIZE, 3, false},
	{"GICv3 redistributors", BOARD_GICR_BASE, BOARD_GICR_SIZE, 3, false},
	{"PL011 UART (minihyp's console)", BOARD_UART_BASE, BOARD_UART_SIZE, 0, true},
};

/* A passed-through range: none of the board's RAM, the hypervisor's least. */
static void check_passthrough_pa(struct ctx *c, const struct vmfile_vm *v,
				 const struct vmfile_device *d)
{
	const char *n = d->name;
	unsigned i;

	if (overlap(d->pa, d->size, BOARD_RAM_BASE, GUEST_RAM_PA - BOARD_RAM_BASE))
		BAD_VM(c, v,
		       "devices[%s].pa: 0x%lx-0x%lx overlaps the hypervisor's memory "
		       "0x%lx-0x%lx",
		       n, d->pa, d->pa + d->size, BOARD_RAM_BASE, GUEST_RAM_PA);
	else if (overlap(d->pa, d->size, c->b->ram_base, c->b->ram_size))
		BAD_VM(c, v, "devices[%s].pa: 0x%lx-0x%lx is in the board's RAM", n, d->pa,
		       d->pa + d->size);
	for (i = 0; i < sizeof(hyp_mmio) / sizeof(hyp_mmio[0]); i++) {
		const struct hyp_mmio *r = &hyp_mmio[i];

		if ((r->gic && r->gic != c->b->gic_version) || (r->console && c->b->vm_has_uart))
			continue;
		if (overlap(d->pa, d->size, r->base, r->size))
			BAD_VM(c, v,
			       "devices[%s].pa: 0x%lx-0x%lx overlaps the board's %s "
			       "0x%lx-0x%lx: the hypervisor's",
			       n, d->pa, d->pa + d->size, r->name, r->base, r->base + r->size);
	}
}

static void check_device(struct ctx *c, const struct vmfile_vm *v, const struct vmfile_device *d)
{
	const char *n = d->name;
	uint64_t want = 0;

	switch (d->type) {
	case VMFILE_DEV_PL011:
		want = GUEST_UART_SIZE;
		break;
	case VMFILE_DEV_TESTDEV:
		want = GUEST_TESTDEV_SIZE;
		break;
	case VMFILE_DEV_VIRTIO:
		if (d->size % GUEST_VIRTIO_SLOT_SIZE == 0 && d->size / GUEST_VIRTIO_SLOT_SIZE <= 32)
			want = d->size;
		break;
	case VMFILE_DEV_PASSTHROUGH:
		want = d->size;
		break;
	default:
		BAD_VM(c, v, "devices[%s].type: %u is not a device type (0..%u)", n, d->type,
		       VMFILE_NR_DEV_TYPES - 1);
		return;
	}
	if (!d->size || d->size != want)
		BAD_VM(c, v, "devices[%s].size: 0x%lx is not the size of its type", n, d->size);
	if (d->ipa % PAGE_SIZE)
		BAD_VM(c, v, "devices[%s].ipa: 0x%lx is not 4 KiB aligned (stage-2 pages)", n,
		       d->ipa);
	if (!passthrough(d)) {
		if (d->pa)
			BAD_VM(c, v, "devices[%s].pa: an emulated device has no PA", n);
		return;
	}
	if (d->pa % PAGE_SIZE || d->size % PAGE_SIZE || d->pa + d->size < d->pa)
		BAD_VM(c, v,
		       "devices[%s].pa: 0x%lx-0x%lx is not 4 KiB aligned and sized (stage-2 "
		       "pages)",
		       n, d->pa, d->pa + d->size);
	check_passthrough_pa(c, v, d);
}

/* RAM and the GIC, devices and shared regions of v, by IPA; returns how many. */
static unsigned ipa_ranges(const struct vmfile_header *h, const void *blob, unsigned vi,
			   struct range *r)
{
	const struct vmfile_vm *v = vmfile_vm(blob, vi);
	unsigned i, j, n = 0;

	r[n++] = (struct range){"ram", "", "", v->ram_ipa, v->ram_size};
	r[n++] = (struct range){"gic.gicd", "", "", v->gicd_ipa, GUEST_GICD_SIZE};
	r[n++] = (struct range){"gic.gicc", "", "", v->gicc_ipa, GUEST_GICC_SIZE};
	for (i = 0; i < v->nr_devices; i++)
		r[n++] = (struct range){"devices[", v->devices[i].name, "]", v->devices[i].ipa,
					v->devices[i].size};
	for (i = 0; i < h->nr_shared; i++)
		for (j = 0; j < 2; j++)
			if (vmfile_shared(blob, i)->ends[j].vm == vi)
				r[n++] = (struct range){"shared ", vmfile_shared(blob, i)->name, "",
							vmfile_shared(blob, i)->ends[j].ipa,
							vmfile_shared(blob, i)->size};
	return n;
}

static void check_vm(struct ctx *c, const void *blob, unsigned vi)
{
	const struct vmfile_vm *v = vmfile_vm(blob, vi);
	struct range r[3 + VMFILE_MAX_DEVICES + 2 * VMFILE_MAX_SHARED];
	uint8_t used[(SPI_END + 7) / 8] = {0};
	unsigned i, j, n;

	for (i = 0; i < vi; i++)
		if (same(vmfile_vm(blob, i)->name, v->name))
			BAD_VM(c, v, "name: given to two VMs");
	if (v->nr_cpus == 0 || v->nr_cpus > VMFILE_MAX_CPUS || v->nr_cpus > VGIC_MAX_VCPUS)
		BAD_VM(c, v, "cpus: %u vCPUs, a VM has 1..%u (GICv2)", v->nr_cpus, VGIC_MAX_VCPUS);
	for (i = 0; i < v->nr_cpus && i < VMFILE_MAX_CPUS; i++) {
		if (v->cpus[i] >= c->b->nr_cpus)
			BAD_VM(c, v, "cpus: physical CPU %u is beyond the board's %u (QEMU -smp)",
			       v->cpus[i], c->b->nr_cpus);
		for (j = 0; j < i; j++)
			if (v->cpus[j] == v->cpus[i])
				BAD_VM(c, v, "cpus: physical CPU %u given twice", v->cpus[i]);
	}

	if (v->ram_ipa % VMFILE_RAM_ALIGN || v->ram_pa % VMFILE_RAM_ALIGN ||
	    v->ram_size % VMFILE_RAM_ALIGN)
		BAD_VM(c, v,
		       "ram: IPA 0x%lx, PA 0x%lx, 0x%lx bytes: not 2 MiB aligned (stage-2 "
		       "blocks)",
		       v->ram_ipa, v->ram_pa, v->ram_size);
	if (!inside(v->ram_pa, v->ram_size, c->b->ram_base, c->b->ram_size))
		BAD_VM(c, v,
		       "ram.pa: 0x%lx-0x%lx is not inside the board's RAM 0x%lx-0x%lx (QEMU -m)",
		       v->ram_pa, v->ram_pa + v->ram_size, c->b->ram_base,
		       c->b->ram_base + c->b->ram_size);
	if (overlap(v->ram_pa, v->ram_size, BOARD_RAM_BASE, GUEST_RAM_PA - BOARD_RAM_BASE))
		BAD_VM(c, v, "ram.pa: 0x%lx-0x%lx overlaps the hypervisor's memory 0x%lx-0x%lx",
		       v->ram_pa, v->ram_pa + v->ram_size, BOARD_RAM_BASE, GUEST_RAM_PA);
	if (v->gic_irqs % 32 || v->gic_irqs < 32 || v->gic_irqs > VGIC_MAX_IRQS)
		BAD_VM(c, v, "gic.irqs: %u interrupt IDs: must be a multiple of 32 from 32 to %u",
		       v->gic_irqs, VGIC_MAX_IRQS);
	if (v->gicd_ipa % PAGE_SIZE || v->gicc_ipa % PAGE_SIZE)
		BAD_VM(c, v, "gic: GICD 0x%lx, GICC 0x%lx: not 4 KiB aligned (stage-2 pages)",
		       v->gicd_ipa, v->gicc_ipa);
	if (v->flags & ~VMFILE_VM_CNTVOFF_BOOT)
		BAD_VM(c, v, "counter: flags 0x%x: unknown bits", v->flags);
	check_images(c, v);

	for (i = 0; i < v->nr_devices; i++) {
		const struct vmfile_device *d = &v->devices[i];

		for (j = 0; j < i; j++)
			if (same(v->devices[j].name, d->name))
				BAD_VM(c, v, "devices[%s].name: given to two devices of this VM",
				       d->name);
		check_device(c, v, d);
		if (d->irq)
			check_virq(c, v, used, d->irq, "devices[", d->name, "].irq");
	}
	if (v->console != VMFILE_NONE &&
	    (v->console >= v->nr_devices || v->devices[v->console].type != VMFILE_DEV_PL011))
		BAD_VM(c, v, "console: device %u is not a pl011 device of this VM", v->console);
	for (i = 0; i < v->nr_irqs; i++) {
		const struct vmfile_irq *q = &v->irqs[i];

		check_virq(c, v, used, q->virq, "interrupts[", q->name, "].virq");
		if (q->pirq < VGIC_NR_PRIVATE || q->pirq >= c->b->nr_irqs || q->pirq >= SPI_END)
			BAD_VM(c, v,
			       "interrupts[%s].pirq: physical INTID %u is not an SPI of the "
			       "board (32..%u)",
			       q->name, q->pirq,
			       (c->b->nr_irqs < SPI_END ? c->b->nr_irqs : SPI_END) - 1);
		if (q->flags & ~VMFILE_IRQ_EDGE)
			BAD_VM(c, v, "interrupts[%s].trigger: flags 0x%x: unknown bits", q->name,
			       q->flags);
	}
	for (i = 0; i < c->h->nr_shared; i++)
		for (j = 0; j < 2; j++)
			if (vmfile_shared(blob, i)->ends[j].vm == vi)
				check_virq(c, v, used, vmfile_shared(blob, i)->ends[j].doorbell,
					   "shared ", vmfile_shared(blob, i)->name, " doorbell");

	n = ipa_ranges(c->h, blob, vi, r);
	for (i = 0; i < n; i++) {
		if (r[i].base + r[i].size > 1ull << c->ipa_bits ||
		    r[i].base + r[i].size < r[i].base)
			BAD_VM(c, v, "%s%s%s: IPA 0x%lx-0x%lx is beyond the %u-bit IPA space",
			       r[i].pre, r[i].name, r[i].post, r[i].base, r[i].base + r[i].size,
			       c->ipa_bits);
		for (j = 0; j < i; j++)
			if (overlap(r[i].base, r[i].size, r[j].base, r[j].size))
				BAD_VM(c, v, "%s%s%s: IPA 0x%lx-0x%lx overlaps %s%s%s", r[i].pre,
				       r[i].name, r[i].post, r[i].base, r[i].base + r[i].size,
				       r[j].pre, r[j].name, r[j].post);
	}
}

/* The physical resources two VMs must not share: CPUs, SPIs, RAM and
 * passed-through devices (and shared regions: only through their ends). */
static void check_across(struct ctx *c, const void *blob)
{
	unsigned i, j, k, l;

	for (i = 0; i < c->h->nr_vms; i++) {
		const struct vmfile_vm *v = vmfile_vm(blob, i);

		for (j = 0; j < i; j++) {
			const struct vmfile_vm *w = vmfile_vm(blob, j);

			for (k = 0; k < v->nr_cpus && k < VMFILE_MAX_CPUS; k++)
				for (l = 0; l < w->nr_cpus && l < VMFILE_MAX_CPUS; l++)
					if (v->cpus[k] == w->cpus[l])
						BAD_VM(c, v,
						       "cpus: physical CPU %u is also vm %s's",
						       v->cpus[k], w->name);
			for (k = 0; k < v->nr_irqs; k++)
				for (l = 0; l < w->nr_irqs; l++)
					if (v->irqs[k].pirq == w->irqs[l].pirq)
						BAD_VM(c, v,
						       "interrupts[%s].pirq: physical INTID %u is "
						       "also vm %s's",
						       v->irqs[k].name, v->irqs[k].pirq, w->name);
			if (overlap(v->ram_pa, v->ram_size, w->ram_pa, w->ram_size))
				BAD_VM(c, v, "ram.pa: 0x%lx-0x%lx overlaps vm %s's RAM", v->ram_pa,
				       v->ram_pa + v->ram_size, w->name);
			for (k = 0; k < v->nr_devices; k++)
				for (l = 0; l < w->nr_devices; l++)
					if (passthrough(&v->devices[k]) &&
					    passthrough(&w->devices[l]) &&
					    overlap(v->devices[k].pa, v->devices[k].size,
						    w->devices[l].pa, w->devices[l].size))
						BAD_VM(c, v,
						       "devices[%s].pa: 0x%lx is also vm %s's "
						       "devices[%s]: a device given to two VMs",
						       v->devices[k].name, v->devices[k].pa,
						       w->name, w->devices[l].name);
		}
	}
}

/* The counts and names every later message relies on. */
static void check_names(struct ctx *c, const void *blob)
{
	static const char rule[] = "not a NUL-terminated string of 1..15 characters";
	_Static_assert(VMFILE_NAME_LEN == 16, "the rule's 15");
	unsigned i, j;

	for (i = 0; i < c->h->nr_vms; i++) {
		const struct vmfile_vm *v = vmfile_vm(blob, i);

		if (!terminated(v->name, VMFILE_NAME_LEN)) {
			BAD_AT(c, "vm #%u", i, "name: %s", rule);
			continue;
		}
		if (v->nr_devices > VMFILE_MAX_DEVICES || v->nr_irqs > VMFILE_MAX_IRQS) {
			BAD_VM(c, v, "devices, interrupts: %u and %u, at most %u and %u",
			       v->nr_devices, v->nr_irqs, VMFILE_MAX_DEVICES, VMFILE_MAX_IRQS);
			continue;
		}
		for (j = 0; j < v->nr_devices; j++)
			if (!terminated(v->devices[j].name, VMFILE_NAME_LEN))
				BAD_VM(c, v, "devices[#%u].name: %s", j, rule);
		for (j = 0; j < v->nr_irqs; j++)
			if (!terminated(v->irqs[j].name, VMFILE_NAME_LEN))
				BAD_VM(c, v, "interrupts[#%u].name: %s", j, rule);
	}
	for (i = 0; i < c->h->nr_shared; i++)
		if (!terminated(vmfile_shared(blob, i)->name, VMFILE_NAME_LEN))
			BAD_AT(c, "shared #%u", i, "name: %s", rule);
}

static void check_shared(struct ctx *c, const void *blob, unsigned si)
{
	const struct vmfile_shared *s = vmfile_shared(blob, si);
	unsigned i, j;

	if (s->pa % PAGE_SIZE || s->size % PAGE_SIZE ||
	    !inside(s->pa, s->size, c->b->ram_base, c->b->ram_size))
		BAD_SHM(c, s,
			"pa: 0x%lx-0x%lx is not 4 KiB aligned and sized inside the board's RAM",
			s->pa, s->pa + s->size);
	if (overlap(s->pa, s->size, BOARD_RAM_BASE, GUEST_RAM_PA - BOARD_RAM_BASE))
		BAD_SHM(c, s, "pa: 0x%lx-0x%lx overlaps the hypervisor's memory", s->pa,
			s->pa + s->size);
	for (i = 0; i < c->h->nr_vms; i++)
		if (overlap(s->pa, s->size, vmfile_vm(blob, i)->ram_pa,
			    vmfile_vm(blob, i)->ram_size))
			BAD_SHM(c, s, "pa: 0x%lx-0x%lx overlaps vm %s's RAM", s->pa,
				s->pa + s->size, vmfile_vm(blob, i)->name);
	for (i = 0; i < si; i++)
		if (overlap(s->pa, s->size, vmfile_shared(blob, i)->pa,
			    vmfile_shared(blob, i)->size))
			BAD_SHM(c, s, "pa: 0x%lx-0x%lx overlaps shared %s", s->pa, s->pa + s->size,
				vmfile_shared(blob, i)->name);
	for (j = 0; j < 2; j++) {
		if (s->ends[j].vm >= c->h->nr_vms)
			BAD_SHM(c, s, "between[%u].vm: VM %u of %u", j, s->ends[j].vm,
				c->h->nr_vms);
		if (s->ends[j].ipa % PAGE_SIZE)
			BAD_SHM(c, s, "between[%u].ipa: 0x%lx is not 4 KiB aligned", j,
				s->ends[j].ipa);
	}
	if (s->ends[0].vm == s->ends[1].vm)
		BAD_SHM(c, s, "between[1].vm: both ends are the same VM");
}

unsigned vmfile_check(const void *blob, size_t len, const struct vm_board *board, unsigned ipa_bits)
{
	struct ctx c = {board, ipa_bits, 0, blob};
	unsigned i;

	if (!check_header(&c, blob, len))
		return c.bad;
	check_names(&c, blob);
	if (c.bad)
		return c.bad;
	/* A VM's checks take in the ends of shared regions that name it (an end
	 * naming no VM is the shared region's problem, reported below). */
	for (i = 0; i < c.h->nr_vms; i++)
		check_vm(&c, blob, i);
	check_across(&c, blob);
	for (i = 0; i < c.h->nr_shared; i++)
		check_shared(&c, blob, i);
	return c.bad;
}
