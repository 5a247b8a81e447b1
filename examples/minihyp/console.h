/* SPDX-License-Identifier: MIT */
/* minihyp: the hypervisor's console on the board's PL011. */
#ifndef MINIHYP_CONSOLE_H
#define MINIHYP_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

void console_putc(char c);
/* Serialise console output between CPUs (call once the MMU is on). */
void console_enable_locking(void);
void console_write(const char *s, size_t n);
void console_puts(const char *s);
int hyp_printf(const char *f, ...) __attribute__((format(printf, 1, 2)));
/* One hypervisor log line: "minihyp: " + message + newline.  Never starts
 * with "ok" / "not ok", so it cannot be mistaken for a TAP result. */
void hyp_log(const char *f, ...) __attribute__((format(printf, 1, 2)));
/* The same, about VM `vm`: "minihyp: vm <vm>: " + message + newline
 * ("minihyp: " + message when `vm` is NULL). */
void hyp_log_vm(const char *vm, const char *f, ...) __attribute__((format(printf, 2, 3)));
/* Stops this CPU for good after logging a message. */
void hyp_panic(const char *f, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Guest output (console.c): whole lines, prefixed with the VM's name,
 * control characters escaped; a partial line that must go out (full buffer,
 * guest_console_flush()) is ended with a newline. */
/* The VM that physical CPU `cpu` runs is `name` (never "minihyp": vm.c). */
void guest_console_set_name(unsigned cpu, const char *name);
void guest_console_putc(char c);
void guest_console_flush(void);
/* VM `name` is typed at (a key reached it, or the input moved to it): its
 * lines stream for a while (console.c), and what it has buffered of its
 * line goes out at once, left open (its prompt shows). */
void guest_console_typed(const char *name);

/* Console input (console_input.c): minihyp takes the board's PL011's input
 * for the VMs' console PL011s, VM `focus` first (the VM file's
 * console.input); nothing when a VM has the board's PL011 itself. */
void console_input_start(unsigned focus);
/* The board's PL011 interrupt was taken: false when it is not minihyp's. */
bool console_input_irq(void);
/* The name of the VM that has the input (the pointer its console lines are
 * named by), NULL when minihyp does not take the input. */
const char *console_input_focus(void);
/* VM `vm` stopped for good: the input moves on if it had it. */
void console_input_vm_off(unsigned vm);

#endif
