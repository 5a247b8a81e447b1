/*
 * The device-tree reader (include/fdt/fdt.h) and minihyp's use of it
 * (examples/minihyp/fdt.c) on blobs that dtc compiled from the .dts files beside it.
 * The expected tokens and values are read off the .dts files and the
 * Devicetree Specification's header layout (v0.4, 5.2), not off the reader.
 *
 * Usage: test_fdt tree.dtb tree-v16.dtb gicv3.dtb
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <fdt/fdt.h>

#include "fdt.h" /* examples/minihyp */

static const char *paths[3];

struct blob {
	uint8_t *p; /* exactly size bytes on the heap: ASan sees any read past it */
	size_t size;
};

static struct blob load(const char *path)
{
	struct blob b = {NULL, 0};
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b.size = (size_t)n;
	b.p = malloc(b.size);
	assert_non_null(b.p);
	assert_int_equal(fread(b.p, 1, b.size, f), b.size);
	fclose(f);
	return b;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Header fields by their offsets in the specification (5.2). */
enum {
	H_MAGIC = 0,
	H_TOTALSIZE = 4,
	H_OFF_STRUCT = 8,
	H_OFF_STRINGS = 12,
	H_VERSION = 20,
	H_LAST_COMP = 24,
	H_SIZE_STRINGS = 32,
	H_SIZE_STRUCT = 36,
};

static uint32_t hdr(const struct blob *b, unsigned off)
{
	const uint8_t *p = b->p + off;

	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The offset of the bytes s (with their NUL) in the blob. */
static uint32_t find(const struct blob *b, const char *s)
{
	size_t n = strlen(s) + 1, i;

	for (i = 0; i + n <= b->size; i++)
		if (!memcmp(b->p + i, s, n))
			return (uint32_t)i;
	fail_msg("%s not in the blob", s);
	return 0;
}

/* Walks to the end: the last tag or error; *steps: the tokens seen. */
static int walk(const struct fdt *f, unsigned *steps)
{
	struct fdt_cursor c;
	struct fdt_token t;
	int tag;

	*steps = 0;
	fdt_cursor_init(f, &c);
	while ((tag = fdt_next(f, &c, &t)) > 0 && tag != FDT_END)
		++*steps;
	return tag;
}

struct want {
	uint32_t tag;
	unsigned depth;
	const char *name;
	uint32_t len;
	const char *value; /* NULL: not compared */
};

/* tree.dts, token by token. */
static const struct want tree[] = {
	{FDT_BEGIN_NODE, 1, "", 0, NULL},
	{FDT_PROP, 1, "#address-cells", 4, "\0\0\0\2"},
	{FDT_PROP, 1, "#size-cells", 4, "\0\0\0\2"},
	{FDT_PROP, 1, "compatible", 17, "linux,dummy-virt"},
	{FDT_BEGIN_NODE, 2, "memory@80000000", 0, NULL},
	{FDT_PROP, 2, "device_type", 7, "memory"},
	{FDT_PROP, 2, "reg", 16, "\0\0\0\0\x80\0\0\0\0\0\0\1\0\0\0\0"},
	{FDT_END_NODE, 2, NULL, 0, NULL},
	{FDT_BEGIN_NODE, 2, "intc@8000000", 0, NULL},
	{FDT_PROP, 2, "compatible", 32, "vendor,other\0arm,cortex-a15-gic"},
	{FDT_PROP, 2, "reg", 16, "\0\0\0\0\x08\0\0\0\0\0\0\0\0\1\0\0"},
	{FDT_PROP, 2, "interrupt-controller", 0, NULL},
	{FDT_PROP, 2, "#interrupt-cells", 4, "\0\0\0\3"},
	{FDT_PROP, 2, "#address-cells", 4, "\0\0\0\0"},
	{FDT_END_NODE, 2, NULL, 0, NULL},
	{FDT_BEGIN_NODE, 2, "chosen", 0, NULL},
	{FDT_PROP, 2, "bootargs", 16, "console=ttyAMA0"},
	{FDT_END_NODE, 2, NULL, 0, NULL},
	{FDT_END_NODE, 1, NULL, 0, NULL},
	{FDT_END, 0, NULL, 0, NULL},
};

static void check_tree(const char *path, uint32_t version)
{
	struct blob b = load(path);
	struct fdt f;
	struct fdt_cursor c;
	struct fdt_token t;
	size_t i;

	assert_int_equal(fdt_open(&f, b.p, b.size), 0);
	assert_int_equal(f.version, version);
	assert_int_equal(f.totalsize, b.size);
	fdt_cursor_init(&f, &c);
	for (i = 0; i < sizeof(tree) / sizeof(tree[0]); i++) {
		const struct want *w = &tree[i];

		assert_int_equal(fdt_next(&f, &c, &t), (int)w->tag);
		assert_int_equal(t.depth, w->depth);
		if (w->name)
			assert_string_equal(t.name, w->name);
		if (w->tag == FDT_PROP) {
			assert_int_equal(t.len, w->len);
			if (w->value)
				assert_memory_equal(t.value, w->value, w->len);
		}
	}
	assert_int_equal(fdt_next(&f, &c, &t), FDT_END); /* and stays there */
	free(b.p);
}

static void walk_v17(void **state)
{
	(void)state;
	check_tree(paths[0], 17);
}

static void walk_v16(void **state)
{
	(void)state;
	check_tree(paths[1], 16);
}

/* minihyp's two questions, as main.c asks them of QEMU's tree. */
static void minihyp_queries(void **state)
{
	struct blob t = load(paths[0]), g = load(paths[2]);
	uint64_t base = 1, size = 1;

	(void)state;
	assert_true(fdt_memory_range(t.p, t.size, &base, &size));
	assert_int_equal(base, 0x80000000u);
	assert_int_equal(size, 0x100000000ull);
	assert_int_equal(fdt_gic_version(t.p, t.size), 2);
	assert_int_equal(fdt_gic_version(g.p, g.size), 3);
	assert_false(fdt_memory_range(g.p, g.size, &base, &size)); /* no memory node */
	assert_int_equal(fdt_gic_version(t.p, 39), 0);		   /* not a whole header */
	t.p[0] ^= 1;
	assert_int_equal(fdt_gic_version(t.p, t.size), 0); /* not a device tree */
	free(t.p);
	free(g.p);
}

static void header_errors(void **state)
{
	struct blob b = load(paths[0]);
	uint8_t *save = malloc(b.size);
	uint32_t total = hdr(&b, H_TOTALSIZE);
	struct fdt f;
	static const struct {
		unsigned off;
		uint32_t value;
		int want;
	} bad[] = {
		{H_MAGIC, 0xd00dfeecu, FDT_ERR_MAGIC},
		{H_TOTALSIZE, 39, FDT_ERR_TOTALSIZE},
		{H_VERSION, 15, FDT_ERR_VERSION},
		{H_LAST_COMP, 18, FDT_ERR_VERSION},
		{H_OFF_STRUCT, 36, FDT_ERR_BLOCKS}, /* inside the header */
		{H_OFF_STRUCT, 0xfffffff0u, FDT_ERR_BLOCKS},
		{H_SIZE_STRUCT, 0xfffffff0u, FDT_ERR_BLOCKS},
		{H_OFF_STRINGS, 0xfffffff0u, FDT_ERR_BLOCKS},
		{H_SIZE_STRINGS, 0xfffffff0u, FDT_ERR_BLOCKS},
	};
	size_t i;

	(void)state;
	assert_non_null(save);
	memcpy(save, b.p, b.size);
	assert_int_equal(fdt_open(&f, b.p, 39), FDT_ERR_TRUNCATED);
	assert_int_equal(fdt_open(&f, b.p, total - 1), FDT_ERR_TOTALSIZE);
	assert_int_equal(f.totalsize, total); /* said for the message */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(b.p, save, b.size);
		put_be32(b.p + bad[i].off, bad[i].value);
		assert_int_equal(fdt_open(&f, b.p, b.size), bad[i].want);
	}
	/* the strings block exactly at the end is fine, one byte more is not */
	memcpy(b.p, save, b.size);
	put_be32(b.p + H_SIZE_STRINGS, total - hdr(&b, H_OFF_STRINGS));
	assert_int_equal(fdt_open(&f, b.p, b.size), 0);
	put_be32(b.p + H_SIZE_STRINGS, total - hdr(&b, H_OFF_STRINGS) + 1);
	assert_int_equal(fdt_open(&f, b.p, b.size), FDT_ERR_BLOCKS);
	free(save);
	free(b.p);
}

static void structure_errors(void **state)
{
	struct blob b = load(paths[0]);
	uint8_t *save = malloc(b.size);
	uint32_t st, str, size_st, size_str, mem, prop;
	struct fdt f;
	struct fdt_cursor c;
	struct fdt_token t;
	unsigned n;

	(void)state;
	assert_non_null(save);
	memcpy(save, b.p, b.size);
	st = hdr(&b, H_OFF_STRUCT);
	str = hdr(&b, H_OFF_STRINGS);
	size_st = hdr(&b, H_SIZE_STRUCT);
	size_str = hdr(&b, H_SIZE_STRINGS);
	/* the root: BEGIN_NODE, "" padded to 4; then PROP, len, nameoff */
	prop = st + 8;

	/* an unknown token, said with its value and offset */
	put_be32(b.p + st, 0x77);
	assert_int_equal(fdt_open(&f, b.p, b.size), 0);
	fdt_cursor_init(&f, &c);
	assert_int_equal(fdt_next(&f, &c, &t), FDT_ERR_BADTOKEN);
	assert_int_equal(t.tag, 0x77);
	assert_int_equal(t.offset, st);

	/* END_NODE with no node open */
	memcpy(b.p, save, b.size);
	put_be32(b.p + st, FDT_END_NODE);
	assert_int_equal(fdt_open(&f, b.p, b.size), 0);
	assert_int_equal(walk(&f, &n), FDT_ERR_NESTING);

	/* FDT_END with the root still open: its END_NODE made a NOP */
	memcpy(b.p, save, b.size);
	put_be32(b.p + st + size_st - 8, FDT_NOP);
	assert_int_equal(fdt_open(&f, b.p, b.size), 0);
	assert_int_equal(walk(&f, &n), FDT_ERR_NESTING);

	/* no FDT_END: the block ends first */
	memcpy(b.p, save, b.size);
	put_be32(b.p + H_SIZE_STRUCT, size_st - 4);
	assert_int_equal(fdt_open(&f, b.p, b.size), 0);
	assert_int_equal(walk(&f, &n), FDT_ERR_TRUNCATED);

	/* a node name cut by the block's end */
	memcpy(b.p, save, b.size);
	mem = find(&b, "memory@80000000");
	put_be32(b.p + H_SIZE_STRUCT, mem + 6 - st);
	assert_int_equal(fdt_open(&f, b.p, b.size), 0);
	assert_int_equal(walk(&f, &n), FDT_ERR_TRUNCATED);
	assert_int_equal(n, 4); /* the root and its three properties */

	/* a property's value past the block */
	memcpy(b.p, save, b.size);
	put_be32(b.p + prop + 4, size_st);
	assert_int_equal(fdt_open(&f, b.p, b.size), 0);
	assert_int_equal(walk(&f, &n), FDT_ERR_TRUNCATED);
	put_be32(b.p + prop + 4, 0xfffffffcu); /* and one that wraps */
	assert_int_equal(walk(&f, &n), FDT_ERR_TRUNCATED);

	/* a property name outside the strings block, or without its NUL there */
	memcpy(b.p, save, b.size);
	put_be32(b.p + prop + 8, size_str);
	assert_int_equal(fdt_open(&f, b.p, b.size), 0);
	assert_int_equal(walk(&f, &n), FDT_ERR_TRUNCATED);
	put_be32(b.p + prop + 8, 0u - str); /* strings + nameoff wraps to 0 */
	assert_int_equal(walk(&f, &n), FDT_ERR_TRUNCATED);
	memcpy(b.p, save, b.size);
	put_be32(b.p + H_SIZE_STRINGS, find(&b, "#address-cells") - str + 3);
	assert_int_equal(fdt_open(&f, b.p, b.size), 0);
	assert_int_equal(walk(&f, &n), FDT_ERR_TRUNCATED);

	free(save);
	free(b.p);
}

/* Whatever one word of the blob holds, opening and walking it end: the walk
 * gives a tag or an error within a token per 4 bytes, and ASan sees no
 * read outside the blob. */
static void every_word_mutated(void **state)
{
	static const uint32_t values[] = {0,	       FDT_BEGIN_NODE, FDT_END_NODE,
					  FDT_PROP,    FDT_NOP,	       FDT_END,
					  0x7fffffffu, 0xffffffffu,    0xfffffffcu};
	struct blob b = load(paths[0]);
	uint8_t *save = malloc(b.size);
	size_t off, v;
	unsigned n;
	struct fdt f;

	(void)state;
	assert_non_null(save);
	memcpy(save, b.p, b.size);
	for (off = 0; off + 4 <= b.size; off += 2) {
		for (v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
			memcpy(b.p, save, b.size);
			put_be32(b.p + off, values[v]);
			if (fdt_open(&f, b.p, b.size))
				continue;
			walk(&f, &n);
			assert_true(n <= b.size / 4);
		}
	}
	free(save);
	free(b.p);
}

static void helpers(void **state)
{
	static const uint8_t list[] = "vendor,other\0arm,gic-400"; /* two strings */
	static const uint8_t cells[] = {0, 0, 0, 1, 0x80, 0, 0, 2};

	(void)state;
	assert_true(fdt_stringlist_has(list, sizeof(list), "vendor,other"));
	assert_true(fdt_stringlist_has(list, sizeof(list), "arm,gic-400"));
	assert_false(fdt_stringlist_has(list, sizeof(list), "arm,gic"));
	assert_false(fdt_stringlist_has(list, sizeof(list), "vendor"));
	assert_false(fdt_stringlist_has(list, sizeof(list) - 1, "arm,gic-400")); /* no NUL */
	assert_false(fdt_stringlist_has(list, 0, ""));
	assert_true(fdt_prop_is_str((const uint8_t *)"memory", 7, "memory"));
	assert_false(fdt_prop_is_str((const uint8_t *)"memory", 6, "memory"));
	assert_false(fdt_prop_is_str((const uint8_t *)"memory\0x", 9, "memory"));
	assert_false(fdt_prop_is_str((const uint8_t *)"memorz", 7, "memory"));
	assert_true(fdt_node_is("memory@40000000", "memory"));
	assert_true(fdt_node_is("memory", "memory"));
	assert_false(fdt_node_is("memory-controller@0", "memory"));
	assert_false(fdt_node_is("mem", "memory"));
	assert_true(fdt_str_eq("cpus", "cpus"));
	assert_false(fdt_str_eq("cpus", "cpu"));
	assert_int_equal(fdt_cells(cells, 1), 1);
	assert_int_equal(fdt_cells(cells, 2), 0x180000002ull);
	assert_int_equal(fdt_be32(cells + 4), 0x80000002u);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(walk_v17),	    cmocka_unit_test(walk_v16),
		cmocka_unit_test(minihyp_queries),  cmocka_unit_test(header_errors),
		cmocka_unit_test(structure_errors), cmocka_unit_test(every_word_mutated),
		cmocka_unit_test(helpers),
	};

	if (argc != 4) {
		fprintf(stderr, "usage: %s tree.dtb tree-v16.dtb gicv3.dtb\n", argv[0]);
		return 2;
	}
	paths[0] = argv[1];
	paths[1] = argv[2];
	paths[2] = argv[3];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
