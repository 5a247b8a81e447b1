/* SPDX-License-Identifier: MIT */
#include "console.h"
#include "smp.h"
#include "platform.h"
#include "common/fmt.h"

#include <aarch64_sysreg/timer.h>
#include <pl011/pl011.h>

#include <stdarg.h>
#include <stdint.h>

void console_putc(char c)
{
	if (c == '\n')
		console_putc('\r');
	while (pl011_fr_read(BOARD_UART_BASE) & PL011_FR_TXFF_MASK)
		;
	pl011_dr_write(BOARD_UART_BASE, (uint8_t)c);
}

void console_write(const char *s, size_t n)
{
	while (n--)
		console_putc(*s++);
}

void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

static void out_putc(void *ctx, char c)
{
	(void)ctx;
	console_putc(c);
}

int hyp_printf(const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = fmt_vformat(out_putc, NULL, f, ap);
	va_end(ap);
	return n;
}

/* One lock for the console, once the MMU is on (exclusives need Normal
 * memory); before that only the boot CPU runs. */
static spinlock_t console_lock_v;
static bool console_locking;

void console_enable_locking(void)
{
	console_locking = true;
}

/* The console's locks, once console_enable_locking() said the MMU is on. */
static void lock(spinlock_t *l)
{
	if (console_locking)
		spin_lock(l);
}

static void unlock(spinlock_t *l)
{
	if (console_locking)
		spin_unlock(l);
}

static void console_lock(void)
{
	lock(&console_lock_v);
}

static void console_unlock(void)
{
	unlock(&console_lock_v);
}

/* The guest line buffer whose VM's line is open on the console (streamed:
 * see guest_console_putc), or MAX_CPUS: under console_lock. */
static unsigned open_line = MAX_CPUS;

/* Under console_lock, before a whole line: ends a streamed line first. */
static void console_line_start(void)
{
	if (open_line != MAX_CPUS) {
		console_putc('\n');
		open_line = MAX_CPUS;
	}
}

void hyp_log(const char *f, ...)
{
	va_list ap;

	console_lock();
	console_line_start();
	console_puts("minihyp: ");
	va_start(ap, f);
	fmt_vformat(out_putc, NULL, f, ap);
	va_end(ap);
	console_putc('\n');
	console_unlock();
}

void hyp_log_vm(const char *vm, const char *f, ...)
{
	va_list ap;

	console_lock();
	console_line_start();
	console_puts("minihyp: ");
	if (vm) {
		console_puts("vm ");
		console_puts(vm);
		console_puts(": ");
	}
	va_start(ap, f);
	fmt_vformat(out_putc, NULL, f, ap);
	va_end(ap);
	console_putc('\n');
	console_unlock();
}

void hyp_panic(const char *f, ...)
{
	va_list ap;

	guest_console_flush();
	console_lock();
	console_line_start();
	console_puts("minihyp: PANIC: ");
	va_start(ap, f);
	fmt_vformat(out_putc, NULL, f, ap);
	va_end(ap);
	console_puts("\nminihyp: this CPU stops here\n");
	/* the same, for tests: the last line this CPU prints */
	console_puts("minihyp: event=cpu_stop reason=panic\n");
	console_unlock();
	for (;;)
		__asm__ volatile("wfi");
}

/*
 * Guest output: one line buffer per VM (not per CPU: a VM's vCPUs share
 * its console, and a line its kernel starts on one vCPU may end on
 * another), found by the VM's name, which guest_console_set_name gives
 * each physical CPU.  Lines go out whole, as "<VM name>: " + the line +
 * newline, so
 * that a guest line can never be taken for a hypervisor line ("minihyp: ")
 * nor glued to one: a partial line that has to go out (buffer full, or
 * guest_console_flush() at the end of the VM) is ended with a newline, and
 * its rest becomes a line of its own.  Every byte outside printable ASCII
 * (0x20..0x7e) but tab is escaped as \xHH (a backslash as \\), so a
 * guest cannot send escape sequences, NULs or carriage returns to the
 * terminal; CR itself is dropped (CRLF line ends).
 *
 * The exception: the VM being typed at (it has the console input,
 * console_input.c, and a key reached it in the last
 * GUEST_CONSOLE_TYPING_S seconds): its shell's prompt and echo must show as
 * they come, not at the end of the line.  Its bytes go out at once (nothing
 * of its line buffered), after "<VM name>: " at the start of its line; that
 * line stays open on the console until its newline, and any other line
 * (another VM's, minihyp's) ends it first with a newline
 * (console_line_start), so that the rest comes after a prefix of its own.
 * A key typed (and the input moving to a VM) also sends out at once what
 * the VM has buffered of its line (its prompt), the same way.  A VM nobody
 * types at keeps whole lines (a test guest's TAP lines stay whole).
 *
 * Each VM's lines are rate-limited, so that a VM flooding its console
 * neither holds the board's one UART (and the console lock, which every
 * other VM's line and minihyp's own wait for) nor buries the others' lines:
 * a bucket of GUEST_CONSOLE_BURST bytes a VM, refilled at GUEST_CONSOLE_RATE
 * bytes a second of the counter.  A line the bucket cannot pay for is
 * dropped and counted, and so is every line after it until the bucket is
 * half full again (so that a VM writing on never makes minihyp report a
 * drop per line); the count goes out, as a minihyp line naming the VM,
 * before the VM's next line that does (or at guest_console_flush()).
 * Enough for a Linux boot log; a VM that keeps writing more gets its
 * share of the UART's time and no more.
 */
#define GUEST_CONSOLE_BURST    (64u << 10)
#define GUEST_CONSOLE_RATE     (16u << 10) /* bytes a second */
#define GUEST_CONSOLE_TYPING_S 5u	   /* a VM streams this long after a key */
extern uint64_t counter_hz;		   /* CNTFRQ_EL0 (main.c) */
#define GUEST_LINE_MAX 1024u
static char guest_line[MAX_CPUS][GUEST_LINE_MAX];
static size_t guest_len[MAX_CPUS];
static const char *guest_owner[MAX_CPUS];    /* the VM name of each buffer */
static const char *guest_prefix[MAX_CPUS];   /* the VM name of each physical CPU */
static spinlock_t guest_lock_v;		     /* the buffers; taken before console_lock */
static uint64_t guest_tokens[MAX_CPUS];	     /* bytes the VM may print now */
static uint64_t guest_refilled[MAX_CPUS];    /* the counter at the last refill */
static uint64_t guest_dropped[MAX_CPUS];     /* lines dropped, not yet reported */
static bool guest_muted[MAX_CPUS];	     /* dropping until half a burst is back */
static uint64_t guest_typed_until[MAX_CPUS]; /* the counter: streamed until */

void guest_console_set_name(unsigned cpu, const char *name)
{
	guest_prefix[cpu % MAX_CPUS] = name;
}

/* The buffer of the VM this CPU runs (at most one VM a CPU: MAX_CPUS
 * buffers are enough). */
static unsigned guest_buf(void)
{
	const char *name = guest_prefix[cpu_id() % MAX_CPUS];
	unsigned i, free = MAX_CPUS;

	for (i = 0; i < MAX_CPUS; i++) {
		if (guest_owner[i] == name)
			return i;
		if (!guest_owner[i] && free == MAX_CPUS)
			free = i;
	}
	if (free == MAX_CPUS)
		free = cpu_id() % MAX_CPUS;
	guest_owner[free] = name;
	guest_len[free] = 0;
	guest_tokens[free] = GUEST_CONSOLE_BURST;
	guest_refilled[free] = cntpct_el0_read();
	guest_dropped[free] = 0;
	guest_muted[free] = false;
	guest_typed_until[free] = 0;
	return free;
}

/* Whether buffer c's VM may print `bytes` now (its bucket refilled first). */
static bool guest_may_print(unsigned c, uint64_t bytes)
{
	uint64_t now = cntpct_el0_read();
	uint64_t add = (now - guest_refilled[c]) * GUEST_CONSOLE_RATE / counter_hz;

	if (add) {
		guest_tokens[c] += add;
		if (guest_tokens[c] > GUEST_CONSOLE_BURST)
			guest_tokens[c] = GUEST_CONSOLE_BURST;
		guest_refilled[c] = now;
	}
	if (guest_muted[c] && guest_tokens[c] >= GUEST_CONSOLE_BURST / 2)
		guest_muted[c] = false;
	if (guest_muted[c] || guest_tokens[c] < bytes) {
		guest_muted[c] = true;
		return false;
	}
	guest_tokens[c] -= bytes;
	return true;
}

static void guest_report_dropped(unsigned c)
{
	if (!guest_dropped[c])
		return;
	hyp_log_vm(guest_owner[c] ? guest_owner[c] : "guest",
		   "console: %lu line%s dropped (over %u bytes at once, %u a second)",
		   guest_dropped[c], guest_dropped[c] > 1 ? "s" : "", GUEST_CONSOLE_BURST,
		   GUEST_CONSOLE_RATE);
	guest_dropped[c] = 0;
}

/* Under console_lock: the start of a line of buffer c's VM. */
static void guest_line_open(unsigned c)
{
	console_line_start();
	console_puts(guest_owner[c] ? guest_owner[c] : "guest");
	console_puts(": ");
}

static void guest_line_out(unsigned c)
{
	if (!guest_may_print(c, guest_len[c] + 1)) {
		guest_dropped[c]++;
		guest_len[c] = 0;
		return;
	}
	guest_report_dropped(c);
	console_lock();
	guest_line_open(c);
	console_write(guest_line[c], guest_len[c]);
	console_putc('\n');
	console_unlock();
	guest_len[c] = 0;
}

void guest_console_typed(const char *name)
{
	unsigned i;

	lock(&guest_lock_v);
	for (i = 0; i < MAX_CPUS; i++) {
		if (guest_owner[i] != name)
			continue;
		guest_typed_until[i] = cntpct_el0_read() + GUEST_CONSOLE_TYPING_S * counter_hz;
		if (guest_len[i]) {
			console_lock();
			guest_line_open(i);
			console_write(guest_line[i], guest_len[i]);
			open_line = i;
			console_unlock();
			guest_len[i] = 0;
		}
	}
	unlock(&guest_lock_v);
}

void guest_console_flush(void)
{
	unsigned c;

	lock(&guest_lock_v);
	c = guest_buf();
	if (guest_len[c])
		guest_line_out(c);
	guest_report_dropped(c);
	unlock(&guest_lock_v);
}

/* The bytes byte c is shown as: itself, "\\\\" or "\\xHH"; their number. */
static size_t guest_escape(unsigned char c, char esc[4])
{
	static const char hex[] = "0123456789abcdef";

	if ((c >= 0x20 && c < 0x7f && c != '\\') || c == '\t') {
		esc[0] = (char)c;
		return 1;
	}
	if (c == '\\') {
		esc[0] = esc[1] = '\\';
		return 2;
	}
	esc[0] = '\\';
	esc[1] = 'x';
	esc[2] = hex[c >> 4];
	esc[3] = hex[c & 15];
	return 4;
}

/* Under guest_lock: byte c of buffer n's VM (shown as esc[0..len), or a
 * newline) streamed, when that VM is typed at, nothing of its line is
 * buffered and its bucket pays; else false. */
static bool guest_stream(unsigned n, unsigned char c, const char *esc, size_t len)
{
	if (!guest_owner[n] || guest_owner[n] != console_input_focus() || guest_len[n] ||
	    cntpct_el0_read() >= guest_typed_until[n] || !guest_may_print(n, len))
		return false;
	guest_report_dropped(n);
	console_lock();
	if (open_line != n)
		guest_line_open(n);
	if (c == '\n') {
		console_putc('\n');
		open_line = MAX_CPUS;
	} else {
		console_write(esc, len);
		open_line = n;
	}
	console_unlock();
	return true;
}

void guest_console_putc(char ch)
{
	unsigned char c = (unsigned char)ch;
	char esc[4];
	size_t len, i;
	unsigned n;

	if (c == '\r')
		return;
	len = c == '\n' ? 1 : guest_escape(c, esc);
	lock(&guest_lock_v);
	n = guest_buf();
	if (guest_stream(n, c, esc, len)) {
		unlock(&guest_lock_v);
		return;
	}
	if (c == '\n') {
		guest_line_out(n);
		unlock(&guest_lock_v);
		return;
	}
	if (guest_len[n] + len > GUEST_LINE_MAX)
		guest_line_out(n);
	for (i = 0; i < len; i++)
		guest_line[n][guest_len[n]++] = esc[i];
	unlock(&guest_lock_v);
}
