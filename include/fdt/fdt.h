/* SPDX-License-Identifier: MIT */
/*
 * A reader of flattened device trees (Devicetree Specification v0.4,
 * chapter 5): the header is checked once by fdt_open(), then fdt_next()
 * walks the structure block token by token.
 *
 * A blob may come from a guest: every offset, length and name is checked
 * against the blob's blocks before it is used, nothing is written, and no
 * walk recurses, so a malformed tree gives an error and never a read out of
 * bounds.  Freestanding: no libc, no allocation.  Unlike dtc's libfdt it only
 * reads, and only front to back.
 */
#ifndef FDT_FDT_H
#define FDT_FDT_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FDT_MAGIC	 0xd00dfeedu
#define FDT_HEADER_SIZE	 40u /* version 17 */
#define FDT_MIN_VERSION	 16u /* node names without their path */
#define FDT_LAST_VERSION 17u /* the last_comp_version this reader reads */

/* Structure block tokens (spec 5.4.1). */
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP	       4u
#define FDT_END	       9u

enum fdt_error {
	FDT_ERR_TRUNCATED = -1, /* a header, token, name or value past its block */
	FDT_ERR_MAGIC = -2,	/* no FDT_MAGIC */
	FDT_ERR_TOTALSIZE = -3, /* totalsize below a header or above what is there */
	FDT_ERR_VERSION = -4,	/* version < 16 or last_comp_version > 17 */
	FDT_ERR_BLOCKS = -5,	/* structure or strings block outside totalsize */
	FDT_ERR_BADTOKEN = -6,	/* an unknown token (fdt_token.tag holds it) */
	FDT_ERR_NESTING = -7,	/* END_NODE with no node open, END with nodes open */
};

/* An opened blob.  fdt_open() fills in the header's fields as it checks
 * them, so after an error the caller can say which value was wrong. */
struct fdt {
	const uint8_t *blob;
	uint32_t magic, totalsize, version, last_comp_version;
	uint32_t off_struct, size_struct;   /* structure block, from blob */
	uint32_t off_strings, size_strings; /* strings block, from blob */
};

/* Where a walk is: the offset of the next token and how many nodes are open. */
struct fdt_cursor {
	uint32_t next;
	unsigned depth;
};

/* One token.  name: the node's name with its unit address (BEGIN_NODE) or
 * the property's name (PROP), NUL-terminated inside its block.  depth: the
 * node's own depth, the root being 1 (BEGIN_NODE, END_NODE), or that of the
 * node the property belongs to (PROP). */
struct fdt_token {
	uint32_t tag;
	uint32_t offset; /* of the token, from blob */
	unsigned depth;
	const char *name;
	const uint8_t *value; /* PROP: len bytes */
	uint32_t len;
};

static inline uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = (const uint8_t *)p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

/* A value of n big-endian 32-bit cells (n <= 2). */
static inline uint64_t fdt_cells(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--) {
		v = v << 32 | fdt_be32(p);
		p += 4;
	}
	return v;
}

/* Whether [off, off + len) lies inside [0, size). */
static inline bool fdt_within(uint32_t off, uint32_t len, uint32_t size)
{
	return off <= size && len <= size - off;
}

/* Checks the header of the blob at `blob`, of which `avail` bytes may be
 * read: 0 or a negative enum fdt_error. */
static inline int fdt_open(struct fdt *f, const void *blob, size_t avail)
{
	const uint8_t *h = (const uint8_t *)blob;

	f->blob = h;
	f->magic = f->totalsize = f->version = f->last_comp_version = 0;
	f->off_struct = f->size_struct = f->off_strings = f->size_strings = 0;
	if (avail < FDT_HEADER_SIZE)
		return FDT_ERR_TRUNCATED;
	f->magic = fdt_be32(h);
	if (f->magic != FDT_MAGIC)
		return FDT_ERR_MAGIC;
	f->totalsize = fdt_be32(h + 4);
	if (f->totalsize < FDT_HEADER_SIZE || f->totalsize > avail)
		return FDT_ERR_TOTALSIZE;
	f->version = fdt_be32(h + 20);
	f->last_comp_version = fdt_be32(h + 24);
	if (f->version < FDT_MIN_VERSION || f->last_comp_version > FDT_LAST_VERSION)
		return FDT_ERR_VERSION;
	f->off_struct = fdt_be32(h + 8);
	f->off_strings = fdt_be32(h + 12);
	f->size_strings = fdt_be32(h + 32);
	if (f->version >= 17) /* size_dt_struct: new in version 17 */
		f->size_struct = fdt_be32(h + 36);
	else
		f->size_struct = f->off_struct < f->totalsize ? f->totalsize - f->off_struct : 0;
	if (f->off_struct < FDT_HEADER_SIZE ||
	    !fdt_within(f->off_struct, f->size_struct, f->totalsize) ||
	    !fdt_within(f->off_strings, f->size_strings, f->totalsize))
		return FDT_ERR_BLOCKS;
	return 0;
}

static inline void fdt_cursor_init(const struct fdt *f, struct fdt_cursor *c)
{
	c->next = f->off_struct;
	c->depth = 0;
}

/* Length of the NUL-terminated string at off, which must end before `end`;
 * -1 when it does not. */
static inline int64_t fdt_strlen_before(const struct fdt *f, uint32_t off, uint32_t end)
{
	uint32_t i;

	for (i = off; i < end; i++)
		if (!f->blob[i])
			return (int64_t)(i - off);
	return -1;
}

/*
 * The next token after the cursor, NOPs skipped, into *t: returns its tag
 * (FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, then FDT_END for good) or a
 * negative enum fdt_error, after which the cursor does not move.
 */
static inline int fdt_next(const struct fdt *f, struct fdt_cursor *c, struct fdt_token *t)
{
	const uint32_t end = f->off_struct + f->size_struct;

	for (;;) {
		uint32_t pos = c->next, tag;
		int64_t n;

		t->offset = pos;
		t->name = NULL;
		t->value = NULL;
		t->len = 0;
		if (!fdt_within(pos, 4, end))
			return FDT_ERR_TRUNCATED;
		t->tag = tag = fdt_be32(f->blob + pos);
		pos += 4;
		switch (tag) {
		case FDT_NOP:
			c->next = pos;
			continue;
		case FDT_BEGIN_NODE:
			n = fdt_strlen_before(f, pos, end);
			if (n < 0)
				return FDT_ERR_TRUNCATED;
			t->name = (const char *)f->blob + pos;
			t->depth = c->depth + 1;
			/* the name, its NUL and padding to 4 bytes, at most to the
			 * block's end (where the next call stops) */
			c->next = (uint64_t)pos + (((uint64_t)n + 4u) & ~(uint64_t)3) < end
					  ? pos + (((uint32_t)n + 4u) & ~3u)
					  : end;
			c->depth++;
			return (int)tag;
		case FDT_END_NODE:
			if (!c->depth)
				return FDT_ERR_NESTING;
			t->depth = c->depth--;
			c->next = pos;
			return (int)tag;
		case FDT_PROP: {
			uint32_t len, nameoff, pad;

			if (!fdt_within(pos, 8, end))
				return FDT_ERR_TRUNCATED;
			len = fdt_be32(f->blob + pos);
			nameoff = fdt_be32(f->blob + pos + 4);
			pos += 8;
			if (!fdt_within(pos, len, end) || nameoff >= f->size_strings)
				return FDT_ERR_TRUNCATED;
			if (fdt_strlen_before(f, f->off_strings + nameoff,
					      f->off_strings + f->size_strings) < 0)
				return FDT_ERR_TRUNCATED;
			t->name = (const char *)f->blob + f->off_strings + nameoff;
			t->value = f->blob + pos;
			t->len = len;
			t->depth = c->depth;
			/* the value and its padding to 4 bytes; a cut padding leaves the
			 * cursor at the block's end, where the next call stops */
			pad = (4u - len % 4u) % 4u;
			c->next = end - pos - len >= pad ? pos + len + pad : end;
			return (int)tag;
		}
		case FDT_END:
			if (c->depth)
				return FDT_ERR_NESTING;
			t->depth = 0;
			return (int)tag; /* the cursor stays: FDT_END again */
		default:
			return FDT_ERR_BADTOKEN;
		}
	}
}

static inline bool fdt_str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Whether a node's name is `base` or `base@unit-address`. */
static inline bool fdt_node_is(const char *name, const char *base)
{
	while (*base && *name == *base) {
		name++;
		base++;
	}
	return !*base && (!*name || *name == '@');
}

/* Whether the property value is exactly the string s (with its NUL). */
static inline bool fdt_prop_is_str(const uint8_t *value, uint32_t len, const char *s)
{
	uint32_t i;

	for (i = 0; i < len; i++) {
		if (value[i] != (uint8_t)s[i])
			return false;
		if (!s[i])
			return i + 1 == len;
	}
	return false;
}

/* Whether the string list value[0, len) holds s (a "compatible", say); a
 * last string without its NUL does not count. */
static inline bool fdt_stringlist_has(const uint8_t *value, uint32_t len, const char *s)
{
	uint32_t i = 0;

	while (i < len) {
		uint32_t j = 0;

		while (i + j < len && value[i + j] && s[j] && value[i + j] == (uint8_t)s[j])
			j++;
		if (i + j < len && !value[i + j] && !s[j])
			return true;
		while (i < len && value[i])
			i++;
		i++; /* past the NUL */
	}
	return false;
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* FDT_FDT_H */
