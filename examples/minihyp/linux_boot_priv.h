/* SPDX-License-Identifier: MIT */
/* What linux_boot.c and linux_boot_dtb.c share: guest memory, read only
 * through ipa_to_hva() (linux_boot.c), and the device tree's summary. */
#ifndef MINIHYP_LINUX_BOOT_PRIV_H
#define MINIHYP_LINUX_BOOT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "console.h"
#include "linux_boot.h"

#define LB_PAGE 0x1000ull

struct lb {
	void *(*ipa_to_hva)(uint64_t ipa);
	uint64_t ram_ipa, ram_end; /* [ram_ipa, ram_end) */
};

#define lb_err(...) hyp_log("linux: " __VA_ARGS__)

/* Copies [ipa, ipa+n) of guest RAM into buf, a page at a time; false if a
 * byte of it has no hypervisor address. */
static inline bool lb_read(const struct lb *c, uint64_t ipa, void *buf, size_t n)
{
	uint8_t *d = buf;

	while (n) {
		size_t chunk = (size_t)(LB_PAGE - (ipa & (LB_PAGE - 1)));
		const volatile uint8_t *s;
		size_t i;

		if (chunk > n)
			chunk = n;
		s = c->ipa_to_hva(ipa);
		if (!s)
			return false;
		for (i = 0; i < chunk; i++)
			d[i] = s[i];
		d += chunk;
		ipa += chunk;
		n -= chunk;
	}
	return true;
}

static inline uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* [ipa, ipa+size) non-empty and inside guest RAM, without overflow. */
static inline bool lb_in_ram(const struct lb *c, uint64_t ipa, uint64_t size)
{
	return size && ipa >= c->ram_ipa && ipa < c->ram_end && size <= c->ram_end - ipa;
}

static inline bool ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return as && bs && a < b + bs && b < a + as;
}

/* The hypervisor's address of [ipa, ipa + size), when ipa_to_hva() maps it
 * to one contiguous range (checked a page at a time); NULL otherwise. */
static inline const uint8_t *lb_map(const struct lb *c, uint64_t ipa, uint64_t size)
{
	const uint8_t *base = c->ipa_to_hva(ipa);
	uint64_t page = ipa & ~(LB_PAGE - 1);

	if (!base)
		return NULL;
	for (page += LB_PAGE; page < ipa + size; page += LB_PAGE)
		if ((const uint8_t *)c->ipa_to_hva(page) != base + (page - ipa))
			return NULL;
	return base;
}

/* What linux_boot_dtb.c found in the device tree. */
struct lb_fdt {
	const struct lb *c;
	uint64_t ipa;			 /* the blob */
	uint32_t addr_cells, size_cells; /* the root's */
	unsigned memory_ranges, cpus;
	bool has_initrd_start, has_initrd_end;
	uint64_t initrd_start, initrd_end;
	int err;
};

/* Checks the DTB of `d` (header, blocks, memory and cpus nodes, the
 * initrd's /chosen properties) into *f: 0 or a negative enum
 * linux_boot_error, said with lb_err(). */
int lb_check_dtb(const struct lb *c, const struct minihyp_boot_desc *d, struct lb_fdt *f);

#endif
