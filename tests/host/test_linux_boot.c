/* SPDX-License-Identifier: MIT */
/*
 * Host unit test of examples/minihyp/linux_boot.c: linux_boot_prepare() on
 * crafted kernel Image headers, device trees and layouts in a 64 MiB guest
 * RAM buffer.  linux_boot.c is compiled in with LINUX_BOOT_EXTERNAL_MMFR0;
 * this file provides hyp_log() (captured, to check the messages) and
 * linux_boot_mmfr0() (the CPU's granule and endianness support).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "console.h"
#include "linux_boot.h"

#define RAM_IPA	 0x40000000ull
#define RAM_SIZE 0x04000000ull /* 64 MiB */
#define MiB	 0x100000ull

/* ---- shims ---------------------------------------------------------------- */

static char logbuf[16384];
static size_t loglen;
static uint64_t mmfr0; /* TGran4 = 0, TGran64 = 0: 4K and 64K; TGran16 = 0: no 16K */

void hyp_log(const char *f, ...)
{
	size_t start = loglen, room = sizeof(logbuf) - loglen;
	va_list ap;
	int n;

	if (room < 2)
		return;
	va_start(ap, f);
	n = vsnprintf(logbuf + loglen, room - 1, f, ap);
	va_end(ap);
	if (n > 0)
		loglen += (size_t)n < room - 2 ? (size_t)n : room - 2;
	logbuf[loglen++] = '\n';
	logbuf[loglen] = 0;
	if (getenv("LINUX_BOOT_TEST_VERBOSE"))
		fprintf(stderr, "minihyp: %s", logbuf + start);
}

uint64_t linux_boot_mmfr0(void)
{
	return mmfr0;
}

static uint8_t *ram;
static uint64_t ram_size = RAM_SIZE; /* what linux_boot_prepare is told */
static unsigned hva_calls;

static uint64_t moved_page; /* not 0: this guest page is mapped elsewhere */
static uint8_t elsewhere[0x1000];

static void *ipa_to_hva(uint64_t ipa)
{
	hva_calls++;
	if (ipa < RAM_IPA || ipa >= RAM_IPA + RAM_SIZE)
		return NULL; /* (ram_size may claim more, for the window test) */
	if (moved_page && (ipa & ~0xfffull) == moved_page)
		return elsewhere + (ipa & 0xfff);
	return ram + (ipa - RAM_IPA);
}

/* ---- guest memory builders ---------------------------------------------------- */

static void put_le(uint64_t ipa, uint64_t v, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		ram[ipa - RAM_IPA + i] = (uint8_t)(v >> (8 * i));
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* An Image header as Linux's head.S writes it. */
static void put_image(uint64_t ipa, uint64_t text_offset, uint64_t image_size, uint64_t flags)
{
	memset(ram + (ipa - RAM_IPA), 0, 64);
	put_le(ipa, 0xfa405a4d, 4);		 /* code0: "MZ" + ccmp (EFI-capable) */
	put_le(ipa + 4, 0x14000000 | 0x4000, 4); /* code1: b stext */
	put_le(ipa + 0x08, text_offset, 8);
	put_le(ipa + 0x10, image_size, 8);
	put_le(ipa + 0x18, flags, 8);
	put_le(ipa + 0x38, 0x644d5241, 4);
	put_le(ipa + 0x3c, 0x40, 4);
}

/* A minimal flattened device tree writer. */
struct fdtb {
	uint8_t st[4096];
	size_t stn;
	char strs[512];
	size_t strn;
};

static void fdtb_u32(struct fdtb *b, uint32_t v)
{
	put_be32(b->st + b->stn, v);
	b->stn += 4;
}

static void fdtb_begin(struct fdtb *b, const char *name)
{
	size_t n = strlen(name) + 1;

	fdtb_u32(b, 1);
	memset(b->st + b->stn, 0, (n + 3) & ~3u);
	memcpy(b->st + b->stn, name, n);
	b->stn += (n + 3) & ~3u;
}

static void fdtb_end(struct fdtb *b)
{
	fdtb_u32(b, 2);
}

static uint32_t fdtb_string(struct fdtb *b, const char *s)
{
	size_t i, n = strlen(s) + 1;

	for (i = 0; i < b->strn; i += strlen(b->strs + i) + 1)
		if (!strcmp(b->strs + i, s))
			return (uint32_t)i;
	memcpy(b->strs + b->strn, s, n);
	b->strn += n;
	return (uint32_t)(b->strn - n);
}

static void fdtb_prop(struct fdtb *b, const char *name, const void *val, size_t len)
{
	fdtb_u32(b, 3);
	fdtb_u32(b, (uint32_t)len);
	fdtb_u32(b, fdtb_string(b, name));
	memset(b->st + b->stn, 0, (len + 3) & ~(size_t)3);
	memcpy(b->st + b->stn, val, len);
	b->stn += (len + 3) & ~(size_t)3;
}

static void fdtb_cells(struct fdtb *b, const char *name, unsigned n, const uint32_t *cells)
{
	uint8_t v[64];
	unsigned i;

	for (i = 0; i < n; i++)
		put_be32(v + 4 * i, cells[i]);
	fdtb_prop(b, name, v, 4 * n);
}

static void fdtb_str(struct fdtb *b, const char *name, const char *s)
{
	fdtb_prop(b, name, s, strlen(s) + 1);
}

/* Writes the blob at ipa; returns its totalsize. */
static uint32_t fdtb_finish(struct fdtb *b, uint64_t ipa, uint32_t version)
{
	uint8_t *p = ram + (ipa - RAM_IPA);
	uint32_t off_rsv = 40, off_st = 56, off_strs, total;

	fdtb_u32(b, 9);
	off_strs = off_st + (uint32_t)b->stn;
	total = off_strs + (uint32_t)b->strn;
	memset(p, 0, total);
	put_be32(p, 0xd00dfeed);
	put_be32(p + 4, total);
	put_be32(p + 8, off_st);
	put_be32(p + 12, off_strs);
	put_be32(p + 16, off_rsv);
	put_be32(p + 20, version);
	put_be32(p + 24, 16);
	put_be32(p + 28, 0);
	put_be32(p + 32, (uint32_t)b->strn);
	put_be32(p + 36, (uint32_t)b->stn);
	memcpy(p + off_st, b->st, b->stn);
	memcpy(p + off_strs, b->strs, b->strn);
	return total;
}

/* The guest DTB's parts that linux_boot_prepare reads, in QEMU virt's style. */
struct dt_opts {
	uint64_t mem_base, mem_size;
	bool initrd; /* /chosen linux,initrd-start/-end */
	uint64_t initrd_start, initrd_end;
	bool initrd_u32; /* as 32-bit cells */
	unsigned cpus;
	bool memory_by_type; /* node "mem" with device_type "memory" */
	bool no_memory;
	bool size_cells_1; /* #size-cells = 1 */
};

static uint32_t put_dtb(uint64_t ipa, const struct dt_opts *o)
{
	struct fdtb b;
	uint32_t two = 2, one = 1, reg[4];
	unsigned i;

	memset(&b, 0, sizeof(b));
	fdtb_begin(&b, "");
	fdtb_cells(&b, "#address-cells", 1, &two);
	fdtb_cells(&b, "#size-cells", 1, o->size_cells_1 ? &one : &two);
	fdtb_str(&b, "compatible", "linux,dummy-virt");
	fdtb_begin(&b, "chosen");
	fdtb_str(&b, "bootargs", "console=ttyAMA0");
	if (o->initrd) {
		if (o->initrd_u32) {
			reg[0] = (uint32_t)o->initrd_start;
			fdtb_cells(&b, "linux,initrd-start", 1, reg);
			reg[0] = (uint32_t)o->initrd_end;
			fdtb_cells(&b, "linux,initrd-end", 1, reg);
		} else {
			reg[0] = (uint32_t)(o->initrd_start >> 32);
			reg[1] = (uint32_t)o->initrd_start;
			fdtb_cells(&b, "linux,initrd-start", 2, reg);
			reg[0] = (uint32_t)(o->initrd_end >> 32);
			reg[1] = (uint32_t)o->initrd_end;
			fdtb_cells(&b, "linux,initrd-end", 2, reg);
		}
	}
	fdtb_end(&b);
	if (!o->no_memory) {
		fdtb_begin(&b, o->memory_by_type ? "mem" : "memory@40000000");
		reg[0] = (uint32_t)(o->mem_base >> 32);
		reg[1] = (uint32_t)o->mem_base;
		reg[2] = (uint32_t)(o->mem_size >> 32);
		reg[3] = (uint32_t)o->mem_size;
		if (o->size_cells_1) {
			reg[2] = reg[3];
			fdtb_cells(&b, "reg", 3, reg);
		} else {
			fdtb_cells(&b, "reg", 4, reg);
		}
		fdtb_str(&b, "device_type", "memory");
		fdtb_end(&b);
	}
	fdtb_begin(&b, "cpus");
	fdtb_cells(&b, "#address-cells", 1, &one);
	for (i = 0; i < o->cpus; i++) {
		char name[16];

		snprintf(name, sizeof(name), "cpu@%u", i);
		fdtb_begin(&b, name);
		fdtb_str(&b, "device_type", "cpu");
		fdtb_end(&b);
	}
	fdtb_begin(&b, "cpu-map");
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_end(&b);
	return fdtb_finish(&b, ipa, 17);
}

/* ---- the default, valid guest ---------------------------------------------------- */

#define IMG_IPA	   0x40200000ull
#define IMG_FILE   0x00100000ull /* 1 MiB loaded */
#define IMG_SIZE   0x00300000ull /* image_size: 3 MiB (BSS etc.) */
#define IMG_FLAGS  0xaull	 /* LE, 4K, anywhere: as Debian's */
#define DTB_IPA	   0x40600000ull
#define INITRD_IPA 0x40800000ull
#define INITRD_SZ  0x00012345ull

static struct minihyp_boot_desc desc;
static struct dt_opts dt;
static uint64_t entry;
static uint64_t x[4];

static void build(void)
{
	uint32_t total;

	put_image(desc.image_ipa, 0, IMG_SIZE, IMG_FLAGS);
	total = put_dtb(desc.dtb_ipa, &dt);
	if (!desc.dtb_size)
		desc.dtb_size = total;
}

static int setup(void **state)
{
	(void)state;
	memset(ram, 0, RAM_SIZE);
	loglen = 0;
	logbuf[0] = 0;
	mmfr0 = 0;
	ram_size = RAM_SIZE;
	hva_calls = 0;
	moved_page = 0;
	memset(&desc, 0, sizeof(desc));
	desc.magic = MINIHYP_BOOT_MAGIC;
	desc.version = MINIHYP_BOOT_VERSION;
	desc.size = sizeof(desc);
	desc.kind = MINIHYP_BOOT_KIND_LINUX;
	desc.nr_vcpus = 2;
	desc.ram_size = RAM_SIZE;
	desc.image_ipa = IMG_IPA;
	desc.image_size = IMG_FILE;
	desc.dtb_ipa = DTB_IPA;
	desc.dtb_size = 0x1000;
	desc.initrd_ipa = INITRD_IPA;
	desc.initrd_size = INITRD_SZ;
	memset(&dt, 0, sizeof(dt));
	dt.mem_base = RAM_IPA;
	dt.mem_size = RAM_SIZE;
	dt.initrd = true;
	dt.initrd_start = INITRD_IPA;
	dt.initrd_end = INITRD_IPA + INITRD_SZ;
	dt.cpus = 2;
	entry = 0x1111;
	x[0] = x[1] = x[2] = x[3] = 0x2222;
	return 0;
}

static int prepare(void)
{
	return linux_boot_prepare(&desc, RAM_IPA, ram_size, ipa_to_hva, &entry, x);
}

static void expect_fail(int want, const char *msg)
{
	int r = prepare();

	if (r != want || !strstr(logbuf, msg))
		print_message("# result %d (want %d), log:\n%s", r, want, logbuf);
	assert_int_equal(r, want);
	assert_non_null(strstr(logbuf, msg));
	/* nothing handed out on failure */
	assert_int_equal(entry, 0x1111);
	assert_int_equal(x[0], 0x2222);
	assert_int_equal(x[3], 0x2222);
}

static void expect_ok(void)
{
	int r = prepare();

	if (r)
		print_message("# result %d, log:\n%s", r, logbuf);
	assert_int_equal(r, 0);
}

/* ---- tests ---------------------------------------------------------------------- */

static void test_valid_guest(void **state)
{
	(void)state;
	build();
	expect_ok();
	assert_int_equal(entry, IMG_IPA);
	assert_int_equal(x[0], DTB_IPA);
	assert_int_equal(x[1], 0);
	assert_int_equal(x[2], 0);
	assert_int_equal(x[3], 0);
	assert_non_null(strstr(logbuf, "text_offset 0, image_size 300000, flags a"));
	assert_null(strstr(logbuf, "warning"));
}

static void test_text_offset_respected(void **state)
{
	(void)state;
	/* 0x80000 above a 2 MiB aligned base is fine; at the base it is not */
	desc.image_ipa = IMG_IPA + 0x80000;
	build();
	put_image(desc.image_ipa, 0x80000, IMG_SIZE, IMG_FLAGS);
	expect_ok();
	assert_int_equal(entry, IMG_IPA + 0x80000);

	setup(NULL);
	build();
	put_image(desc.image_ipa, 0x80000, IMG_SIZE, IMG_FLAGS);
	expect_fail(LINUX_BOOT_EPLACE, "2 MiB aligned base (e.g. at 40280000)");
}

static void test_misaligned_image(void **state)
{
	(void)state;
	desc.image_ipa = IMG_IPA + 0x1000;
	build();
	expect_fail(LINUX_BOOT_EPLACE, "2 MiB aligned base");
}

static void test_base_below_ram(void **state)
{
	(void)state;
	/* Image at RAM + 0x80000 with text_offset 0x280000: base below RAM */
	desc.image_ipa = RAM_IPA + 0x80000;
	build();
	put_image(desc.image_ipa, 0x280000, IMG_SIZE, IMG_FLAGS);
	expect_fail(LINUX_BOOT_EPLACE, "below guest RAM");
}

static void test_image_size_beyond_ram(void **state)
{
	(void)state;
	/* the loaded file fits, image_size (BSS) runs past the end of RAM */
	desc.image_ipa = RAM_IPA + RAM_SIZE - 4 * MiB;
	desc.dtb_ipa = DTB_IPA;
	build();
	put_image(desc.image_ipa, 0, 6 * MiB, IMG_FLAGS);
	expect_fail(LINUX_BOOT_EPLACE, "beyond the end of guest RAM");
}

static void test_image_outside_ram(void **state)
{
	(void)state;
	build();
	desc.image_ipa = RAM_IPA - 2 * MiB;
	expect_fail(LINUX_BOOT_EPLACE, "is not inside guest RAM");
	setup(NULL);
	build();
	desc.image_ipa = 0xffffffffffe00000ull; /* wraps */
	expect_fail(LINUX_BOOT_EPLACE, "is not inside guest RAM");
}

static void test_no_image(void **state)
{
	(void)state;
	build();
	desc.image_size = 0;
	expect_fail(LINUX_BOOT_EIMAGE, "no kernel Image");
	setup(NULL);
	build();
	desc.image_size = 63;
	expect_fail(LINUX_BOOT_EIMAGE, "shorter than its 64-byte header");
}

static void test_bad_magic(void **state)
{
	(void)state;
	build();
	put_le(IMG_IPA + 0x38, 0x644d5242, 4);
	expect_fail(LINUX_BOOT_EIMAGE, "magic at offset 0x38 is 644d5242");
}

static void test_compressed_kernels_named(void **state)
{
	(void)state;
	build();
	memset(ram + (IMG_IPA - RAM_IPA), 0, 64);
	ram[IMG_IPA - RAM_IPA] = 0x1f;
	ram[IMG_IPA - RAM_IPA + 1] = 0x8b;
	expect_fail(LINUX_BOOT_EIMAGE, "gzip-compressed");

	setup(NULL);
	build();
	memset(ram + (IMG_IPA - RAM_IPA), 0, 64);
	memcpy(ram + (IMG_IPA - RAM_IPA), "MZ\0\0zimg", 8);
	expect_fail(LINUX_BOOT_EIMAGE, "EFI zboot");

	setup(NULL);
	build();
	memset(ram + (IMG_IPA - RAM_IPA), 0, 64);
	memcpy(ram + (IMG_IPA - RAM_IPA), "\177ELF", 4);
	expect_fail(LINUX_BOOT_EIMAGE, "ELF file");
}

static void test_old_kernel_without_image_size(void **state)
{
	(void)state;
	/* image_size 0: text_offset is taken as 0x80000 whatever the field says */
	desc.image_ipa = IMG_IPA + 0x80000;
	build();
	put_image(desc.image_ipa, 0x12345, 0, 0);
	expect_ok();
	assert_int_equal(entry, IMG_IPA + 0x80000);
	assert_non_null(strstr(logbuf, "without image_size"));

	setup(NULL);
	build();
	put_image(desc.image_ipa, 0, 0, 0);
	expect_fail(LINUX_BOOT_EPLACE, "2 MiB aligned base");
}

static void test_page_size_vs_cpu(void **state)
{
	(void)state;
	/* 16K kernel: TGran16 = 0 means not implemented */
	build();
	put_image(IMG_IPA, 0, IMG_SIZE, 0x8 | (2 << 1));
	expect_fail(LINUX_BOOT_EIMAGE, "16K pages");
	setup(NULL);
	mmfr0 = 1ull << 20;
	build();
	put_image(IMG_IPA, 0, IMG_SIZE, 0x8 | (2 << 1));
	expect_ok();

	/* 64K kernel: TGran64 = 0xf means not implemented */
	setup(NULL);
	build();
	put_image(IMG_IPA, 0, IMG_SIZE, 0x8 | (3 << 1));
	expect_ok();
	setup(NULL);
	mmfr0 = 0xfull << 24;
	build();
	put_image(IMG_IPA, 0, IMG_SIZE, 0x8 | (3 << 1));
	expect_fail(LINUX_BOOT_EIMAGE, "64K pages");

	/* 4K kernel: TGran4 = 0xf means not implemented; 1 (52-bit) is fine */
	setup(NULL);
	mmfr0 = 0xfull << 28;
	build();
	expect_fail(LINUX_BOOT_EIMAGE, "4K pages");
	setup(NULL);
	mmfr0 = 1ull << 28;
	build();
	expect_ok();

	/* unspecified: not checked */
	setup(NULL);
	mmfr0 = 0xfull << 28 | 0xfull << 24;
	build();
	put_image(IMG_IPA, 0, IMG_SIZE, 0x8);
	expect_ok();
}

static void test_big_endian_kernel(void **state)
{
	(void)state;
	build();
	put_image(IMG_IPA, 0, IMG_SIZE, IMG_FLAGS | 1);
	expect_fail(LINUX_BOOT_EIMAGE, "big-endian");
	setup(NULL);
	mmfr0 = 1ull << 8; /* BigEnd: mixed-endian at EL1 */
	build();
	put_image(IMG_IPA, 0, IMG_SIZE, IMG_FLAGS | 1);
	expect_ok();
	assert_non_null(strstr(logbuf, "big-endian"));
}

static void test_placement_flag(void **state)
{
	(void)state;
	/* bit 3 clear and the base 32 MiB above RAM: a warning, not an error */
	desc.image_ipa = RAM_IPA + 32 * MiB;
	desc.dtb_ipa = RAM_IPA + 40 * MiB;
	desc.initrd_ipa = RAM_IPA + 42 * MiB;
	dt.initrd_start = desc.initrd_ipa;
	dt.initrd_end = desc.initrd_ipa + INITRD_SZ;
	build();
	put_image(desc.image_ipa, 0, IMG_SIZE, 1 << 1);
	expect_ok();
	assert_non_null(strstr(logbuf, "the 32 MiB below 42000000 are lost"));
}

static void test_dtb_missing(void **state)
{
	(void)state;
	build();
	desc.dtb_ipa = 0;
	expect_fail(LINUX_BOOT_EDTB, "no device tree in the boot descriptor");
}

static void test_dtb_misaligned(void **state)
{
	(void)state;
	desc.dtb_ipa = DTB_IPA + 4;
	build();
	expect_fail(LINUX_BOOT_EDTB, "not 8-byte aligned");
	setup(NULL);
	desc.dtb_ipa = DTB_IPA + 8; /* 8-byte aligned: fine */
	build();
	expect_ok();
	assert_int_equal(x[0], DTB_IPA + 8);
}

static void test_dtb_too_big(void **state)
{
	(void)state;
	build();
	desc.dtb_size = 2 * MiB + 8;
	expect_fail(LINUX_BOOT_EDTB, "larger than the 2 MiB");
	setup(NULL);
	build();
	desc.dtb_size = 2 * MiB; /* exactly 2 MiB: allowed */
	desc.initrd_ipa = DTB_IPA + 2 * MiB;
	dt.initrd_start = desc.initrd_ipa;
	dt.initrd_end = desc.initrd_ipa + INITRD_SZ;
	put_dtb(DTB_IPA, &dt);
	expect_ok();
}

static void test_dtb_outside_ram(void **state)
{
	(void)state;
	build();
	desc.dtb_ipa = RAM_IPA + RAM_SIZE - 0x800; /* straddles the end */
	expect_fail(LINUX_BOOT_EDTB, "is not inside guest RAM");
}

static void test_dtb_bad_header(void **state)
{
	(void)state;
	build();
	ram[DTB_IPA - RAM_IPA] = 0xee;
	expect_fail(LINUX_BOOT_EDTB, "magic ee0dfeed, not d00dfeed");

	setup(NULL);
	build();
	desc.dtb_size = 0x100; /* totalsize is larger than what was loaded */
	expect_fail(LINUX_BOOT_EDTB, "does not fit the 256 bytes loaded");

	setup(NULL);
	build();
	put_be32(ram + (DTB_IPA - RAM_IPA) + 20, 15);
	expect_fail(LINUX_BOOT_EDTB, "version 15");

	setup(NULL);
	build();
	put_be32(ram + (DTB_IPA - RAM_IPA) + 36, 0x10000); /* struct block too big */
	expect_fail(LINUX_BOOT_EDTB, "blocks outside its totalsize");
}

static void test_dtb_bad_structure(void **state)
{
	(void)state;
	build();
	/* the first token (BEGIN_NODE of the root) becomes garbage */
	put_be32(ram + (DTB_IPA - RAM_IPA) + 56, 0x77);
	expect_fail(LINUX_BOOT_EDTB, "unknown structure token 77");

	setup(NULL);
	build();
	/* FDT_END removed: the walk must stop at the block's end */
	{
		uint8_t *p = ram + (DTB_IPA - RAM_IPA);
		uint32_t size_st = (uint32_t)p[36] << 24 | p[37] << 16 | p[38] << 8 | p[39];

		put_be32(p + 36, size_st - 4);
	}
	expect_fail(LINUX_BOOT_EDTB, "malformed or truncated");
}

static void test_dtb_not_contiguous(void **state)
{
	(void)state;
	/* the DTB's second page is not where its first one continues in the
	 * hypervisor's map: it is refused, not read across the gap */
	build();
	desc.dtb_size = 0x2000;
	moved_page = DTB_IPA + 0x1000;
	expect_fail(LINUX_BOOT_EDTB, "not one contiguous range");

	setup(NULL);
	build();
	desc.dtb_size = 0x2000;
	moved_page = DTB_IPA + 0x2000; /* the page after it: no matter */
	expect_ok();
}

static void test_dtb_inside_image_bss(void **state)
{
	(void)state;
	/* The DTB sits after the loaded file but inside image_size: the kernel
	 * would clear it with its BSS. */
	desc.dtb_ipa = IMG_IPA + IMG_FILE + 0x1000;
	build();
	expect_fail(LINUX_BOOT_EOVERLAP, "overlaps the kernel Image's image_size span");
	/* right at the end of image_size: fine */
	setup(NULL);
	desc.dtb_ipa = IMG_IPA + IMG_SIZE;
	build();
	expect_ok();
}

static void test_initrd_overlaps(void **state)
{
	(void)state;
	desc.initrd_ipa = IMG_IPA + IMG_SIZE - 0x1000;
	dt.initrd_start = desc.initrd_ipa;
	dt.initrd_end = desc.initrd_ipa + INITRD_SZ;
	build();
	expect_fail(LINUX_BOOT_EOVERLAP, "initrd [");

	setup(NULL);
	desc.initrd_ipa = DTB_IPA + 0x800; /* inside the 4 KiB DTB */
	dt.initrd_start = desc.initrd_ipa;
	dt.initrd_end = desc.initrd_ipa + INITRD_SZ;
	build();
	expect_fail(LINUX_BOOT_EOVERLAP, "overlaps DTB");

	setup(NULL);
	desc.initrd_ipa = DTB_IPA + 0x1000; /* right after it: fine */
	dt.initrd_start = desc.initrd_ipa;
	dt.initrd_end = desc.initrd_ipa + INITRD_SZ;
	build();
	expect_ok();
}

static void test_initrd_outside_ram(void **state)
{
	(void)state;
	desc.initrd_ipa = RAM_IPA + RAM_SIZE - 0x1000;
	dt.initrd_start = desc.initrd_ipa;
	dt.initrd_end = desc.initrd_ipa + INITRD_SZ;
	build();
	expect_fail(LINUX_BOOT_EINITRD, "initrd [");
}

static void test_initrd_window(void **state)
{
	(void)state;
	/* RAM claimed up to 48 GiB (ipa_to_hva still only maps the first 64 MiB,
	 * the initrd's contents are not read): an initrd 40 GiB above the Image
	 * is outside any 32 GiB window that covers both. */
	ram_size = 48ull << 30;
	desc.initrd_ipa = RAM_IPA + (40ull << 30);
	dt.mem_size = ram_size;
	dt.initrd_start = desc.initrd_ipa;
	dt.initrd_end = desc.initrd_ipa + INITRD_SZ;
	build();
	expect_fail(LINUX_BOOT_EINITRD, "32 GiB window");

	setup(NULL);
	ram_size = 48ull << 30;
	desc.initrd_ipa = RAM_IPA + (30ull << 30);
	dt.mem_size = ram_size;
	dt.initrd_start = desc.initrd_ipa;
	dt.initrd_end = desc.initrd_ipa + INITRD_SZ;
	build();
	expect_ok();
}

static void test_no_initrd(void **state)
{
	(void)state;
	desc.initrd_ipa = 0;
	desc.initrd_size = 0;
	dt.initrd = false;
	build();
	expect_ok();
	/* size 0 means none, whatever the address */
	setup(NULL);
	desc.initrd_ipa = 0x1234;
	desc.initrd_size = 0;
	dt.initrd = false;
	build();
	expect_ok();
}

static void test_dtb_memory_vs_ram(void **state)
{
	(void)state;
	dt.mem_size = 2 * RAM_SIZE; /* the DTB promises more than is mapped */
	build();
	expect_fail(LINUX_BOOT_EDTBINFO, "describes RAM [40000000, 48000000)");

	setup(NULL);
	dt.mem_size = RAM_SIZE / 2; /* less: fine */
	build();
	expect_ok();

	setup(NULL);
	dt.memory_by_type = true; /* found by device_type, with #size-cells 1 */
	dt.size_cells_1 = true;
	dt.mem_base = RAM_IPA - MiB;
	build();
	expect_fail(LINUX_BOOT_EDTBINFO, "DTB mem describes RAM [3ff00000");

	setup(NULL);
	dt.no_memory = true;
	build();
	expect_fail(LINUX_BOOT_EDTBINFO, "no memory node");
}

static void test_dtb_initrd_vs_descriptor(void **state)
{
	(void)state;
	dt.initrd_end = INITRD_IPA + INITRD_SZ + 1;
	build();
	expect_fail(LINUX_BOOT_EDTBINFO, "the DTB's /chosen says the initrd is");

	setup(NULL);
	dt.initrd = false;
	build();
	expect_fail(LINUX_BOOT_EDTBINFO, "no linux,initrd-start/-end");

	setup(NULL);
	desc.initrd_size = 0;
	build();
	expect_fail(LINUX_BOOT_EDTBINFO, "but none is loaded");

	setup(NULL);
	dt.initrd_u32 = true; /* 32-bit cells are as good */
	build();
	expect_ok();
}

static void test_cpu_count_warning(void **state)
{
	(void)state;
	dt.cpus = 4;
	build();
	expect_ok();
	assert_non_null(strstr(logbuf, "warning: the DTB describes 4 CPUs, the VM has 2 vCPUs"));
	setup(NULL);
	desc.nr_vcpus = 0; /* the default: not compared */
	dt.cpus = 4;
	build();
	expect_ok();
	assert_null(strstr(logbuf, "warning"));
	assert_non_null(strstr(logbuf, "4 CPUs in the DTB"));
}

static void test_descriptor_checks(void **state)
{
	(void)state;
	build();
	desc.version = 1;
	desc.size = MINIHYP_BOOT_SIZE_V1;
	expect_fail(LINUX_BOOT_EDESC, "needs version 2");
	setup(NULL);
	build();
	desc.size = MINIHYP_BOOT_SIZE_V2 - 8;
	expect_fail(LINUX_BOOT_EDESC, "needs version 2");
	setup(NULL);
	build();
	desc.kind = MINIHYP_BOOT_KIND_RAW;
	expect_fail(LINUX_BOOT_EDESC, "kind 0 is not LINUX");
	setup(NULL);
	build();
	ram_size = 0;
	expect_fail(LINUX_BOOT_EDESC, "empty or wraps");
	setup(NULL);
	build();
	assert_int_equal(linux_boot_prepare(NULL, RAM_IPA, RAM_SIZE, ipa_to_hva, &entry, x),
			 LINUX_BOOT_EDESC);
}

static void test_layout_v2(void **state)
{
	(void)state;
	/* the layout the makefile's tools agree on (mkbootdesc.py packs it) */
	assert_int_equal(sizeof(struct minihyp_boot_desc), 120);
	assert_int_equal(offsetof(struct minihyp_boot_desc, ram_size), 56);
	assert_int_equal(offsetof(struct minihyp_boot_desc, kind), 64);
	assert_int_equal(offsetof(struct minihyp_boot_desc, nr_vcpus), 68);
	assert_int_equal(offsetof(struct minihyp_boot_desc, image_ipa), 72);
	assert_int_equal(offsetof(struct minihyp_boot_desc, dtb_ipa), 88);
	assert_int_equal(offsetof(struct minihyp_boot_desc, initrd_size), 112);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_valid_guest, setup),
		cmocka_unit_test_setup(test_text_offset_respected, setup),
		cmocka_unit_test_setup(test_misaligned_image, setup),
		cmocka_unit_test_setup(test_base_below_ram, setup),
		cmocka_unit_test_setup(test_image_size_beyond_ram, setup),
		cmocka_unit_test_setup(test_image_outside_ram, setup),
		cmocka_unit_test_setup(test_no_image, setup),
		cmocka_unit_test_setup(test_bad_magic, setup),
		cmocka_unit_test_setup(test_compressed_kernels_named, setup),
		cmocka_unit_test_setup(test_old_kernel_without_image_size, setup),
		cmocka_unit_test_setup(test_page_size_vs_cpu, setup),
		cmocka_unit_test_setup(test_big_endian_kernel, setup),
		cmocka_unit_test_setup(test_placement_flag, setup),
		cmocka_unit_test_setup(test_dtb_missing, setup),
		cmocka_unit_test_setup(test_dtb_misaligned, setup),
		cmocka_unit_test_setup(test_dtb_too_big, setup),
		cmocka_unit_test_setup(test_dtb_outside_ram, setup),
		cmocka_unit_test_setup(test_dtb_bad_header, setup),
		cmocka_unit_test_setup(test_dtb_bad_structure, setup),
		cmocka_unit_test_setup(test_dtb_not_contiguous, setup),
		cmocka_unit_test_setup(test_dtb_inside_image_bss, setup),
		cmocka_unit_test_setup(test_initrd_overlaps, setup),
		cmocka_unit_test_setup(test_initrd_outside_ram, setup),
		cmocka_unit_test_setup(test_initrd_window, setup),
		cmocka_unit_test_setup(test_no_initrd, setup),
		cmocka_unit_test_setup(test_dtb_memory_vs_ram, setup),
		cmocka_unit_test_setup(test_dtb_initrd_vs_descriptor, setup),
		cmocka_unit_test_setup(test_cpu_count_warning, setup),
		cmocka_unit_test_setup(test_descriptor_checks, setup),
		cmocka_unit_test(test_layout_v2),
	};
	int r;

	ram = calloc(1, RAM_SIZE);
	if (!ram)
		return 1;
	r = cmocka_run_group_tests_name("linux_boot", tests, NULL, NULL);
	free(ram);
	return r;
}
