/* SPDX-License-Identifier: MIT */
#include "fmt.h"

#include <stdint.h>

struct fmt_state {
	fmt_putc_fn out;
	void *ctx;
	int n;
};

static void put(struct fmt_state *s, char c)
{
	s->out(s->ctx, c);
	s->n++;
}

static void put_field(struct fmt_state *s, const char *str, int len, int width, int left, char pad)
{
	int i;

	if (!left)
		for (i = len; i < width; i++)
			put(s, pad);
	for (i = 0; i < len; i++)
		put(s, str[i]);
	if (left)
		for (i = len; i < width; i++)
			put(s, ' ');
}

static int utoa(char *buf, uint64_t v, unsigned base, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, i;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

int fmt_vformat(fmt_putc_fn out, void *ctx, const char *f, va_list ap)
{
	struct fmt_state s = {out, ctx, 0};
	char buf[24];

	for (; *f; f++) {
		int left = 0, width = 0, lng = 0, len;
		char pad = ' ';
		uint64_t u;
		int64_t d;

		if (*f != '%') {
			put(&s, *f);
			continue;
		}
		f++;
		for (;; f++) {
			if (*f == '-')
				left = 1;
			else if (*f == '0')
				pad = '0';
			else
				break;
		}
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (*f++ - '0');
		while (*f == 'l' || *f == 'z') {
			lng++;
			f++;
		}
		switch (*f) {
		case 'c':
			buf[0] = (char)va_arg(ap, int);
			put_field(&s, buf, 1, width, left, ' ');
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);

			if (!str)
				str = "(null)";
			for (len = 0; str[len]; len++)
				;
			put_field(&s, str, len, width, left, ' ');
			break;
		}
		case 'd':
		case 'i':
			d = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
			if (d < 0) {
				buf[0] = '-';
				len = 1 + utoa(buf + 1, (uint64_t)0 - (uint64_t)d, 10, 0);
			} else {
				len = utoa(buf, (uint64_t)d, 10, 0);
			}
			put_field(&s, buf, len, width, left, pad);
			break;
		case 'u':
		case 'x':
		case 'X':
			u = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
			len = utoa(buf, u, *f == 'u' ? 10 : 16, *f == 'X');
			put_field(&s, buf, len, width, left, pad);
			break;
		case 'p':
			u = (uintptr_t)va_arg(ap, void *);
			buf[0] = '0';
			buf[1] = 'x';
			len = 2 + utoa(buf + 2, u, 16, 0);
			put_field(&s, buf, len, width, left, ' ');
			break;
		case '%':
			put(&s, '%');
			break;
		case '\0':
			return s.n;
		default:
			put(&s, '%');
			put(&s, *f);
			break;
		}
	}
	return s.n;
}

struct sn_ctx {
	char *buf;
	size_t size, pos;
};

static void sn_putc(void *ctx, char c)
{
	struct sn_ctx *s = ctx;

	if (s->pos + 1 < s->size)
		s->buf[s->pos] = c;
	s->pos++;
}

int fmt_snprintf(char *buf, size_t size, const char *f, ...)
{
	struct sn_ctx s = {buf, size, 0};
	va_list ap;
	int n;

	va_start(ap, f);
	n = fmt_vformat(sn_putc, &s, f, ap);
	va_end(ap);
	if (size)
		buf[s.pos < size ? s.pos : size - 1] = '\0';
	return n;
}
