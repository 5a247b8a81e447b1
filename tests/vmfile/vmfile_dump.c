/* SPDX-License-Identifier: MIT */
/*
 * The C end of the VM file blob, on the host (tests/vmfile/test_vmfile.py):
 *
 *   vmfile_dump --layout
 *       every struct of examples/minihyp/vmfile.h: its size, and each field's
 *       offset and size as the compiler lays them out (tools/vmfile.py layout
 *       must print the same);
 *   vmfile_dump BLOB CPUS IRQS RAM_BASE RAM_SIZE IPA_BITS GIC
 *       checks BLOB with minihyp's own vmfile.c against that board (a VM
 *       file's: the UART is minihyp's); prints
 *       its messages and exits 1, or prints every field it read as
 *       path=value lines (tools/vmfile.py dump --flat must print the same).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "vmfile.h"

int hyp_printf(const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vprintf(f, ap);
	va_end(ap);
	return n;
}

#define L(s, f) printf(#s "." #f " %zu %zu\n", offsetof(struct s, f), sizeof(((struct s *)0)->f))

static void layout(void)
{
	printf("vmfile_header %zu\n", sizeof(struct vmfile_header));
	L(vmfile_header, magic), L(vmfile_header, version), L(vmfile_header, header_size);
	L(vmfile_header, vm_size), L(vmfile_header, shared_size), L(vmfile_header, nr_vms);
	L(vmfile_header, nr_shared), L(vmfile_header, total_size), L(vmfile_header, crc32);
	L(vmfile_header, board_cpus), L(vmfile_header, console_input);
	L(vmfile_header, board_ram_base), L(vmfile_header, board_ram_size);
	L(vmfile_header, board_gic), L(vmfile_header, reserved);
	printf("vmfile_image %zu\n", sizeof(struct vmfile_image));
	L(vmfile_image, ipa), L(vmfile_image, size), L(vmfile_image, file_size);
	L(vmfile_image, reserved);
	printf("vmfile_device %zu\n", sizeof(struct vmfile_device));
	L(vmfile_device, name), L(vmfile_device, type), L(vmfile_device, irq);
	L(vmfile_device, ipa), L(vmfile_device, size), L(vmfile_device, pa);
	printf("vmfile_irq %zu\n", sizeof(struct vmfile_irq));
	L(vmfile_irq, name), L(vmfile_irq, virq), L(vmfile_irq, pirq), L(vmfile_irq, flags);
	L(vmfile_irq, reserved);
	printf("vmfile_vm %zu\n", sizeof(struct vmfile_vm));
	L(vmfile_vm, name), L(vmfile_vm, kind), L(vmfile_vm, nr_cpus), L(vmfile_vm, cpus);
	L(vmfile_vm, ram_ipa), L(vmfile_vm, ram_pa), L(vmfile_vm, ram_size);
	L(vmfile_vm, entry_ipa), L(vmfile_vm, gic_irqs), L(vmfile_vm, flags);
	L(vmfile_vm, gicd_ipa), L(vmfile_vm, gicc_ipa), L(vmfile_vm, images);
	L(vmfile_vm, nr_devices), L(vmfile_vm, nr_irqs), L(vmfile_vm, console);
	L(vmfile_vm, reserved), L(vmfile_vm, devices), L(vmfile_vm, irqs), L(vmfile_vm, cmdline);
	printf("vmfile_shared_end %zu\n", sizeof(struct vmfile_shared_end));
	L(vmfile_shared_end, vm), L(vmfile_shared_end, doorbell), L(vmfile_shared_end, ipa);
	printf("vmfile_shared %zu\n", sizeof(struct vmfile_shared));
	L(vmfile_shared, name), L(vmfile_shared, pa), L(vmfile_shared, size);
	L(vmfile_shared, ends);
}

/* path=value, as tools/vmfile.py's flat() */
#define N(p, s, f) printf("%s." #f "=0x%llx\n", p, (unsigned long long)(s)->f)
#define S(p, s, f) printf("%s." #f "=\"%s\"\n", p, (s)->f)

static void dump(const void *blob)
{
	const struct vmfile_header *h = blob;
	char p[64], q[96];
	unsigned i, j;

	N("header", h, magic), N("header", h, version), N("header", h, header_size);
	N("header", h, vm_size), N("header", h, shared_size), N("header", h, nr_vms);
	N("header", h, nr_shared), N("header", h, total_size), N("header", h, crc32);
	N("header", h, board_cpus), N("header", h, console_input);
	N("header", h, board_ram_base), N("header", h, board_ram_size);
	N("header", h, board_gic);
	for (j = 0; j < sizeof(h->reserved); j++)
		printf("header.reserved[%u]=0x%x\n", j, h->reserved[j]);
	for (i = 0; i < h->nr_vms; i++) {
		const struct vmfile_vm *v = vmfile_vm(blob, i);

		snprintf(p, sizeof(p), "vms[%u]", i);
		S(p, v, name), N(p, v, kind), N(p, v, nr_cpus);
		for (j = 0; j < VMFILE_MAX_CPUS; j++)
			printf("%s.cpus[%u]=0x%x\n", p, j, v->cpus[j]);
		N(p, v, ram_ipa), N(p, v, ram_pa), N(p, v, ram_size), N(p, v, entry_ipa);
		N(p, v, gic_irqs), N(p, v, flags), N(p, v, gicd_ipa), N(p, v, gicc_ipa);
		for (j = 0; j < VMFILE_NR_IMAGES; j++) {
			snprintf(q, sizeof(q), "%s.images[%u]", p, j);
			N(q, &v->images[j], ipa), N(q, &v->images[j], size);
			N(q, &v->images[j], file_size), N(q, &v->images[j], reserved);
		}
		N(p, v, nr_devices), N(p, v, nr_irqs), N(p, v, console), N(p, v, reserved);
		for (j = 0; j < VMFILE_MAX_DEVICES; j++) {
			const struct vmfile_device *d = &v->devices[j];

			snprintf(q, sizeof(q), "%s.devices[%u]", p, j);
			S(q, d, name), N(q, d, type), N(q, d, irq), N(q, d, ipa), N(q, d, size);
			N(q, d, pa);
		}
		for (j = 0; j < VMFILE_MAX_IRQS; j++) {
			const struct vmfile_irq *r = &v->irqs[j];

			snprintf(q, sizeof(q), "%s.irqs[%u]", p, j);
			S(q, r, name), N(q, r, virq), N(q, r, pirq), N(q, r, flags);
			N(q, r, reserved);
		}
		S(p, v, cmdline);
	}
	for (i = 0; i < h->nr_shared; i++) {
		const struct vmfile_shared *s = vmfile_shared(blob, i);

		snprintf(p, sizeof(p), "shared[%u]", i);
		S(p, s, name), N(p, s, pa), N(p, s, size);
		for (j = 0; j < 2; j++) {
			snprintf(q, sizeof(q), "%s.ends[%u]", p, j);
			N(q, &s->ends[j], vm), N(q, &s->ends[j], doorbell), N(q, &s->ends[j], ipa);
		}
	}
}

int main(int argc, char **argv)
{
	static uint64_t buf[VMFILE_MAX_SIZE / 8 + 1]; /* 8-byte aligned, like minihyp's */
	struct vm_board b = {0};
	size_t len;
	FILE *f;

	if (argc == 2 && argv[1][0] == '-') {
		layout();
		return 0;
	}
	if (argc != 8) {
		fprintf(stderr, "usage: vmfile_dump --layout | BLOB CPUS IRQS RAM_BASE RAM_SIZE "
				"IPA_BITS GIC\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	b.nr_cpus = (unsigned)strtoul(argv[2], NULL, 0);
	b.nr_irqs = (unsigned)strtoul(argv[3], NULL, 0);
	b.ram_base = strtoull(argv[4], NULL, 0);
	b.ram_size = strtoull(argv[5], NULL, 0);
	b.gic_version = (unsigned)strtoul(argv[7], NULL, 0);
	if (vmfile_check(buf, len, &b, (unsigned)strtoul(argv[6], NULL, 0)))
		return 1;
	dump(buf);
	return 0;
}
