/* SPDX-License-Identifier: MIT */
/*
 * Host unit tests of minihyp's VM file checks (examples/minihyp/vmfile.c) on
 * blobs written here by hand, field by field, from docs/vm-file.md: a valid
 * blob is accepted silently, and each broken field is refused with exactly
 * one line that names the VM (or shared region, or header), the field and
 * the rule.  Blobs the tool would never write (a damaged header, unknown
 * types, unterminated names) are covered here; tests/vmfile/test_vmfile.py
 * covers the tool's blobs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "vmfile.h"

#include "../host/console_capture.h" /* minihyp's hyp_printf(): lines collected in out[] */

/* QEMU virt, -smp 4 -m 1G; GICv2 with 288 lines; 40-bit IPAs; a VM file's
 * (the UART is minihyp's) */
static struct vm_board board = {4, 288, 0x40000000, 0x40000000, 2, false};

static union {
	uint64_t align;
	unsigned char b[VMFILE_MAX_SIZE + 8];
} blob;
static struct vmfile_header *const h = (struct vmfile_header *)blob.b;
static struct vmfile_vm *const lin = (struct vmfile_vm *)(blob.b + 128);
static struct vmfile_vm *const rt = (struct vmfile_vm *)(blob.b + 128 + 1608);
static struct vmfile_shared *const shm = (struct vmfile_shared *)(blob.b + 128 + 2 * 1608);
static size_t len;

/* Two VMs and a shared region: Linux on CPUs 0-1, 64 MiB at PA 0x44000000,
 * a PL011 and a passed-through page with SPI 40; a bare-metal guest on CPU 2,
 * 32 MiB at PA 0x48000000; 2 MiB shared at PA 0x4c000000. */
static void make_blob(void)
{
	board.gic_version = 2;
	board.vm_has_uart = false;
	memset(&blob, 0, sizeof(blob));
	h->magic = 0x454c49464d56484dull; /* "MHVMFILE" read as little-endian */
	h->version = 2;
	h->header_size = 128;
	h->vm_size = 1608;
	h->shared_size = 64;
	h->nr_vms = 2;
	h->nr_shared = 1;
	h->board_cpus = 4;
	h->board_ram_base = 0x40000000;
	h->board_ram_size = 0x40000000;
	h->board_gic = 2;

	strcpy(lin->name, "lin");
	lin->kind = 1;
	lin->nr_cpus = 2;
	lin->cpus[0] = 0;
	lin->cpus[1] = 1;
	lin->ram_ipa = 0x40000000;
	lin->ram_pa = 0x44000000;
	lin->ram_size = 0x4000000;
	lin->entry_ipa = 0x40200000;
	lin->gic_irqs = 128;
	lin->flags = 1;
	lin->gicd_ipa = 0x08000000;
	lin->gicc_ipa = 0x08010000;
	lin->images[0] = (struct vmfile_image){0x40200000, 0x400000, 0x1040, 0};
	lin->images[1] = (struct vmfile_image){0x42000000, 3000, 3000, 0};
	lin->images[2] = (struct vmfile_image){0x40000000, 0x200000, 0, 0};
	lin->nr_devices = 2;
	lin->devices[0] = (struct vmfile_device){"uart", 0, 33, 0x09000000, 0x1000, 0};
	lin->devices[1] = (struct vmfile_device){"eth", 3, 0, 0x0c000000, 0x1000, 0x0c000000};
	lin->nr_irqs = 1;
	lin->irqs[0] = (struct vmfile_irq){"eth", 40, 40, 0, 0};
	lin->console = 0;
	strcpy(lin->cmdline, "console=ttyAMA0");

	strcpy(rt->name, "rt");
	rt->kind = 0;
	rt->nr_cpus = 1;
	rt->cpus[0] = 2;
	rt->ram_ipa = 0x40000000;
	rt->ram_pa = 0x48000000;
	rt->ram_size = 0x2000000;
	rt->entry_ipa = 0x40000000;
	rt->gic_irqs = 64;
	rt->gicd_ipa = 0x08000000;
	rt->gicc_ipa = 0x08010000;
	rt->images[0] = (struct vmfile_image){0x40000000, 0x2000, 0x2000, 0};
	rt->nr_devices = 2;
	rt->devices[0] = (struct vmfile_device){"uart", 0, 0, 0x09000000, 0x1000, 0};
	rt->devices[1] = (struct vmfile_device){"virtio", 2, 0, 0x0a000000, 32 * 0x200, 0};
	rt->console = 0;

	strcpy(shm->name, "chan");
	shm->pa = 0x4c000000;
	shm->size = 0x200000;
	shm->ends[0] = (struct vmfile_shared_end){0, 50, 0x50000000};
	shm->ends[1] = (struct vmfile_shared_end){1, 50, 0x50000000};
}

/* total_size and the CRC, as tools/vmfile.py writes them */
static void seal(void)
{
	h->total_size = (uint32_t)(128 + h->nr_vms * 1608 + h->nr_shared * 64);
	h->crc32 = 0;
	h->crc32 = vmfile_crc32(0, blob.b, h->total_size);
	len = h->total_size;
}

static unsigned check_at(const void *p, size_t n)
{
	console_capture_reset();
	return vmfile_check(p, n, &board, 40);
}

/* The blob with one change, on a board with GIC version gic: its one line. */
static void one_problem(unsigned gic, const char *want)
{
	board.gic_version = gic;
	seal();
	assert_int_equal(check_at(blob.b, len), 1);
	board.gic_version = 2;
	if (strncmp(out, want, strlen(want)) != 0)
		fail_msg("\nwant %s\ngot  %s", want, out);
}

static void test_crc32(void **state)
{
	(void)state;
	/* the CRC-32 check value (IEEE 802.3; zlib's crc32, "123456789") */
	assert_int_equal(vmfile_crc32(0, "123456789", 9), 0xcbf43926u);
	assert_int_equal(vmfile_crc32(vmfile_crc32(0, "1234", 4), "56789", 5), 0xcbf43926u);
}

static void test_valid(void **state)
{
	(void)state;
	make_blob();
	seal();
	assert_int_equal(check_at(blob.b, len), 0);
	assert_string_equal(out, "");
	assert_ptr_equal(vmfile_vm(blob.b, 1), rt);
	assert_ptr_equal(vmfile_shared(blob.b, 0), shm);
	/* the board may be bigger than the file's */
	h->board_cpus = 3;
	seal();
	assert_int_equal(check_at(blob.b, len), 0);
}

static void test_header_placement(void **state)
{
	(void)state;
	make_blob();
	seal();
	memmove(blob.b + 4, blob.b, len);
	assert_int_equal(check_at(blob.b + 4, len), 1);
	assert_non_null(strstr(out, "minihyp: VM file: blob: "));
	assert_non_null(strstr(out, "not an 8-byte aligned blob of at least a header (128 bytes)"));
	make_blob();
	seal();
	assert_int_equal(check_at(blob.b, 127), 1);
	assert_non_null(strstr(out, "127 bytes at"));
	assert_int_equal(check_at(blob.b, len - 1), 1);
	assert_string_equal(out, "minihyp: VM file: header: total_size: 3408 bytes, but 2 VMs and "
				 "1 shared regions take 3408 (3407 loaded)\n");
}

/* One broken field per case: `pre` runs before seal() (a blob the tool
 * could have written with that value), `post` after it. */
#define CASES(X)                                                                                   \
	X(magic, , h->magic ^= 0xff,                                                               \
	  "header: magic: 0x454c49464d5648b2 is not \"MHVMFILE\" (tools/vmfile.py build)")         \
	X(version, h->version = 1, , "header: version: 1, this minihyp reads version 2")           \
	X(struct_size, h->vm_size = 1600, ,                                                        \
	  "header: struct sizes 128/1600/64: this minihyp's are 128/1608/64")                      \
	X(no_vm, h->nr_vms = 0, ,                                                                  \
	  "header: 0 VMs and 1 shared regions: 1..8 VMs, at most 8 regions")                       \
	X(crc, , blob.b[100] ^= 1, "header: crc32: 0x")                                            \
	X(console_input, h->console_input = 2, , "console: input: VM 2 of 2")                      \
	X(board_gic, h->board_gic = 3, ,                                                           \
	  "board: gic: version 3, but the board's GIC is version 2 (QEMU gic-version): the Linux " \
	  "VMs' device trees describe the file's")                                                 \
	X(vm_name, memset(rt->name, 'a', 16), ,                                                    \
	  "vm #1: name: not a NUL-terminated string of 1..15 characters")                          \
	X(device_name, memset(rt->devices[1].name, 'a', 16), ,                                     \
	  "vm rt: devices[#1].name: not a NUL-terminated string of 1..15 characters")              \
	X(irq_name, lin->irqs[0].name[0] = 0, ,                                                    \
	  "vm lin: interrupts[#0].name: not a NUL-terminated string of 1..15 characters")          \
	X(shared_name, memset(shm->name, 'c', 16), ,                                               \
	  "shared #0: name: not a NUL-terminated string of 1..15 characters")                      \
	X(too_many_devices, rt->nr_devices = 9, ,                                                  \
	  "vm rt: devices, interrupts: 9 and 0, at most 8 and 16")                                 \
	X(name_twice, strcpy(rt->name, "lin"), , "vm lin: name: given to two VMs")                 \
	X(no_cpu, rt->nr_cpus = 0, , "vm rt: cpus: 0 vCPUs, a VM has 1..8 (GICv2)")                \
	X(cpu_beyond_board, rt->cpus[0] = 4, ,                                                     \
	  "vm rt: cpus: physical CPU 4 is beyond the board's 4 (QEMU -smp)")                       \
	X(cpu_twice, lin->cpus[1] = 0, , "vm lin: cpus: physical CPU 0 given twice")               \
	X(cpu_in_two_vms, rt->cpus[0] = 1, , "vm rt: cpus: physical CPU 1 is also vm lin's")       \
	X(ram_unaligned, rt->ram_pa = 0x48100000, ,                                                \
	  "vm rt: ram: IPA 0x40000000, PA 0x48100000, 0x2000000 bytes: not 2 MiB aligned "         \
	  "(stage-2 blocks)")                                                                      \
	X(ram_outside_board, rt->ram_pa = 0x7f000000, ,                                            \
	  "vm rt: ram.pa: 0x7f000000-0x81000000 is not inside the board's RAM "                    \
	  "0x40000000-0x80000000 (QEMU -m)")                                                       \
	X(ram_over_hypervisor, rt->ram_pa = 0x42000000, ,                                          \
	  "vm rt: ram.pa: 0x42000000-0x44000000 overlaps the hypervisor's memory "                 \
	  "0x40000000-0x44000000")                                                                 \
	X(ram_over_vm, rt->ram_pa = 0x46000000, ,                                                  \
	  "vm rt: ram.pa: 0x46000000-0x48000000 overlaps vm lin's RAM")                            \
	X(ram_beyond_ipa_space,                                                                    \
	  (rt->ram_ipa = 0xffff000000, rt->images[0].ipa = 0xffff000000,                           \
	   rt->entry_ipa = 0xffff000000),                                                          \
	  , "vm rt: ram: IPA 0xffff000000-0x10001000000 is beyond the 40-bit IPA space")           \
	X(gic_irqs, rt->gic_irqs = 300, ,                                                          \
	  "vm rt: gic.irqs: 300 interrupt IDs: must be a multiple of 32 from 32 to 256")           \
	X(gicc_unaligned, rt->gicc_ipa = 0x08010800, ,                                             \
	  "vm rt: gic: GICD 0x8000000, GICC 0x8010800: not 4 KiB aligned (stage-2 pages)")         \
	X(flags, rt->flags = 6, , "vm rt: counter: flags 0x6: unknown bits")                       \
	X(kind, rt->kind = 5, ,                                                                    \
	  "vm rt: image.type: kind 5 is neither bare metal (0) nor Linux (1)")                     \
	X(image_outside_ram, (rt->images[0].ipa = rt->entry_ipa = 0x41fff000), ,                   \
	  "vm rt: image.ipa: 0x41fff000-0x42001000 is not inside the VM's RAM")                    \
	X(entry_unaligned, rt->entry_ipa = 0x40000002, ,                                           \
	  "vm rt: image.entry: 0x40000002 is not a 4-byte aligned address in the image")           \
	X(entry_outside_image, rt->entry_ipa = 0x40002000, ,                                       \
	  "vm rt: image.entry: 0x40002000 is not a 4-byte aligned address in the image")           \
	X(baremetal_two_images, (rt->images[1].ipa = 0x40100000, rt->images[1].size = 0x1000), ,   \
	  "vm rt: image: a bare-metal VM has one image, not initramfs")                            \
	X(file_bigger, rt->images[0].file_size = 0x2001, ,                                         \
	  "vm rt: image.file: a 8193-byte file in 8192 bytes")                                     \
	X(linux_entry, lin->entry_ipa = 0x40000000, ,                                              \
	  "vm lin: image.kernel.ipa: 0x40200000, but the entry is 0x40000000")                     \
	X(linux_no_kernel, lin->images[0].size = lin->images[0].file_size = 0, ,                   \
	  "vm lin: image.kernel: missing")                                                         \
	X(dtb_unaligned, lin->images[2].ipa = 0x41000004, ,                                        \
	  "vm lin: image.dtb.ipa: 0x41000004, 2097152 bytes: not 8-byte aligned and at most 2 "    \
	  "MiB "                                                                                   \
	  "(arm64 boot protocol)")                                                                 \
	X(dtb_too_big, (lin->images[2].ipa = 0x41000000, lin->images[2].size = 0x200001), ,        \
	  "vm lin: image.dtb.ipa: 0x41000000, 2097153 bytes: not 8-byte aligned and at most 2 "    \
	  "MiB "                                                                                   \
	  "(arm64 boot protocol)")                                                                 \
	X(initramfs_outside_ram, lin->images[1].ipa = 0x43fffc00, ,                                \
	  "vm lin: image.initramfs.ipa: 0x43fffc00-0x440007b8 is not inside the VM's RAM")         \
	X(images_overlap, lin->images[1].ipa = 0x40400000, ,                                       \
	  "vm lin: image.initramfs.ipa: 0x40400000-0x40400bb8 overlaps image.kernel")              \
	X(cmdline, memset(lin->cmdline, 'x', VMFILE_CMDLINE_LEN), ,                                \
	  "vm lin: image.cmdline: not NUL-terminated within 512 bytes")                            \
	X(device_type, rt->devices[1].type = 9, ,                                                  \
	  "vm rt: devices[virtio].type: 9 is not a device type (0..3)")                            \
	X(device_size, rt->devices[0].size = 0x2000, ,                                             \
	  "vm rt: devices[uart].size: 0x2000 is not the size of its type")                         \
	X(virtio_slots, rt->devices[1].size = 33 * 0x200, ,                                        \
	  "vm rt: devices[virtio].size: 0x4200 is not the size of its type")                       \
	X(device_unaligned, rt->devices[1].ipa = 0x0a000200, ,                                     \
	  "vm rt: devices[virtio].ipa: 0xa000200 is not 4 KiB aligned (stage-2 pages)")            \
	X(emulated_with_pa, rt->devices[0].pa = 0x09000000, ,                                      \
	  "vm rt: devices[uart].pa: an emulated device has no PA")                                 \
	X(passthrough_unaligned, lin->devices[1].pa = 0x0c000800, ,                                \
	  "vm lin: devices[eth].pa: 0xc000800-0xc001800 is not 4 KiB aligned and sized (stage-2 "  \
	  "pages)")                                                                                \
	X(passthrough_in_ram, lin->devices[1].pa = 0x7ff00000, ,                                   \
	  "vm lin: devices[eth].pa: 0x7ff00000-0x7ff01000 is in the board's RAM")                  \
	X(passthrough_gich, lin->devices[1].pa = 0x08030000, ,                                     \
	  "vm lin: devices[eth].pa: 0x8030000-0x8031000 overlaps the board's GICv2 hypervisor "    \
	  "interface 0x8030000-0x8040000: the hypervisor's")                                       \
	X(passthrough_gicd, (lin->devices[1].pa = 0x0800f000), ,                                   \
	  "vm lin: devices[eth].pa: 0x800f000-0x8010000 overlaps the board's GIC distributor "     \
	  "0x8000000-0x8010000: the hypervisor's")                                                 \
	X(passthrough_gicc, (lin->devices[1].pa = 0x08010000), ,                                   \
	  "vm lin: devices[eth].pa: 0x8010000-0x8011000 overlaps the board's GICv2 CPU interface " \
	  "0x8010000-0x8020000: the hypervisor's")                                                 \
	X(passthrough_v2m, (lin->devices[1].pa = 0x08020000), ,                                    \
	  "vm lin: devices[eth].pa: 0x8020000-0x8021000 overlaps the board's GICv2m MSI frame "    \
	  "0x8020000-0x8021000: the hypervisor's")                                                 \
	X(passthrough_gicv, (lin->devices[1].pa = 0x0804f000), ,                                   \
	  "vm lin: devices[eth].pa: 0x804f000-0x8050000 overlaps the board's GICv2 virtual CPU "   \
	  "interface 0x8040000-0x8050000: the hypervisor's")                                       \
	X(passthrough_uart, (lin->devices[1].pa = 0x09000000), ,                                   \
	  "vm lin: devices[eth].pa: 0x9000000-0x9001000 overlaps the board's PL011 UART "          \
	  "(minihyp's console) 0x9000000-0x9001000: the hypervisor's")                             \
	X(passthrough_hyp_memory, (lin->devices[1].pa = 0x43f00000), ,                             \
	  "vm lin: devices[eth].pa: 0x43f00000-0x43f01000 overlaps the hypervisor's memory "       \
	  "0x40000000-0x44000000")                                                                 \
	X(device_name_twice, strcpy(rt->devices[1].name, "uart"), ,                                \
	  "vm rt: devices[uart].name: given to two devices of this VM")                            \
	X(device_in_two_vms,                                                                       \
	  (rt->nr_devices = 3, rt->devices[2] = lin->devices[1], rt->devices[2].ipa = 0x0d000000), \
	  ,                                                                                        \
	  "vm rt: devices[eth].pa: 0xc000000 is also vm lin's devices[eth]: a device given to "    \
	  "two VMs")                                                                               \
	X(console_index, rt->console = 2, ,                                                        \
	  "vm rt: console: device 2 is not a pl011 device of this VM")                             \
	X(console_type, rt->console = 1, ,                                                         \
	  "vm rt: console: device 1 is not a pl011 device of this VM")                             \
	X(virq_not_spi, lin->irqs[0].virq = 128, ,                                                 \
	  "vm lin: interrupts[eth].virq: virtual INTID 128 is not an SPI of the VM (32..127, "     \
	  "gic.irqs)")                                                                             \
	X(virq_ppi, lin->devices[0].irq = 27, ,                                                    \
	  "vm lin: devices[uart].irq: virtual INTID 27 is not an SPI of the VM (32..127, "         \
	  "gic.irqs)")                                                                             \
	X(virq_twice, lin->irqs[0].virq = 33, ,                                                    \
	  "vm lin: interrupts[eth].virq: virtual INTID 33 is used twice in the VM")                \
	X(pirq_beyond_board, lin->irqs[0].pirq = 288, ,                                            \
	  "vm lin: interrupts[eth].pirq: physical INTID 288 is not an SPI of the board (32..287)") \
	X(irq_flags, lin->irqs[0].flags = 2, ,                                                     \
	  "vm lin: interrupts[eth].trigger: flags 0x2: unknown bits")                              \
	X(pirq_in_two_vms, (rt->nr_irqs = 1, rt->irqs[0] = lin->irqs[0]), ,                        \
	  "vm rt: interrupts[eth].pirq: physical INTID 40 is also vm lin's")                       \
	X(ipa_overlap, rt->devices[1].ipa = 0x41000000, ,                                          \
	  "vm rt: devices[virtio]: IPA 0x41000000-0x41004000 overlaps ram")                        \
	X(gic_overlap, rt->gicc_ipa = 0x09000000, ,                                                \
	  "vm rt: devices[uart]: IPA 0x9000000-0x9001000 overlaps gic.gicc")                       \
	X(shared_ipa_overlap, shm->ends[1].ipa = 0x0a000000, ,                                     \
	  "vm rt: shared chan: IPA 0xa000000-0xa200000 overlaps devices[virtio]")                  \
	X(doorbell_twice, shm->ends[0].doorbell = 40, ,                                            \
	  "vm lin: shared chan doorbell: virtual INTID 40 is used twice in the VM")                \
	X(doorbell_not_spi, shm->ends[1].doorbell = 64, ,                                          \
	  "vm rt: shared chan doorbell: virtual INTID 64 is not an SPI of the VM (32..63, "        \
	  "gic.irqs)")                                                                             \
	X(shared_unaligned, shm->size = 5000, ,                                                    \
	  "shared chan: pa: 0x4c000000-0x4c001388 is not 4 KiB aligned and sized inside the "      \
	  "board's RAM")                                                                           \
	X(shared_over_hypervisor, shm->pa = 0x43e00000, ,                                          \
	  "shared chan: pa: 0x43e00000-0x44000000 overlaps the hypervisor's memory")               \
	X(shared_over_ram, shm->pa = 0x49000000, ,                                                 \
	  "shared chan: pa: 0x49000000-0x49200000 overlaps vm rt's RAM")                           \
	X(shared_over_shared,                                                                      \
	  (h->nr_shared = 2, shm[1] = shm[0], strcpy(shm[1].name, "chan2"),                        \
	   shm[1].ends[0].ipa = shm[1].ends[1].ipa = 0x60000000, shm[1].ends[0].doorbell = 51,     \
	   shm[1].ends[1].doorbell = 51),                                                          \
	  , "shared chan2: pa: 0x4c000000-0x4c200000 overlaps shared chan")                        \
	X(shared_unknown_vm, shm->ends[1].vm = 2, , "shared chan: between[1].vm: VM 2 of 2")       \
	X(shared_same_vm,                                                                          \
	  (shm->ends[1].vm = 0, shm->ends[1].ipa = 0x60000000, shm->ends[1].doorbell = 51), ,      \
	  "shared chan: between[1].vm: both ends are the same VM")                                 \
	X(shared_ipa_unaligned, shm->ends[0].ipa = 0x50000800, ,                                   \
	  "shared chan: between[0].ipa: 0x50000800 is not 4 KiB aligned")

struct kase {
	const char *name;
	void (*pre)(void), (*post)(void);
	const char *want;
};

#define FN(n, before, after, want)                                                                 \
	static void pre_##n(void)                                                                  \
	{                                                                                          \
		before;                                                                            \
	}                                                                                          \
	static void post_##n(void)                                                                 \
	{                                                                                          \
		after;                                                                             \
	}
CASES(FN)
#define ROW(n, before, after, want) {#n, pre_##n, post_##n, "minihyp: VM file: " want},
static const struct kase cases[] = {CASES(ROW)};

static void run_case(void **state)
{
	const struct kase *k = *state;
	char *nl;

	make_blob();
	k->pre();
	seal();
	k->post();
	assert_int_equal(check_at(blob.b, len), 1);
	nl = strchr(out, '\n');
	assert_non_null(nl);
	assert_ptr_equal(nl + 1, out + out_len); /* one line */
	if (strncmp(out, k->want, strlen(k->want)) != 0)
		fail_msg("\nwant %s\ngot  %s", k->want, out);
}

/* On a GICv3 board (QEMU gic-version=3), the blob saying so: the GICv3's
 * ITS and redistributors are the hypervisor's, the GICv2's frames are not
 * there; a GICv2 blob is refused. */
static void test_gicv3_board(void **state)
{
	(void)state;
	make_blob();
	h->board_gic = 3;
	board.gic_version = 3;
	seal();
	assert_int_equal(check_at(blob.b, len), 0);
	lin->devices[1].pa = 0x08030000; /* nothing on a GICv3 board */
	seal();
	assert_int_equal(check_at(blob.b, len), 0);

	lin->devices[1].pa = 0x08090000;
	one_problem(3,
		    "minihyp: VM file: vm lin: devices[eth].pa: 0x8090000-0x8091000 overlaps the "
		    "board's GICv3 ITS 0x8080000-0x80a0000: the hypervisor's\n");
	lin->devices[1].pa = 0x08fff000;
	one_problem(3,
		    "minihyp: VM file: vm lin: devices[eth].pa: 0x8fff000-0x9000000 overlaps the "
		    "board's GICv3 redistributors 0x80a0000-0x9000000: the hypervisor's\n");
	lin->devices[1].pa = 0x09000000;
	one_problem(3,
		    "minihyp: VM file: vm lin: devices[eth].pa: 0x9000000-0x9001000 overlaps the "
		    "board's PL011 UART (minihyp's console) 0x9000000-0x9001000: the "
		    "hypervisor's\n");
	make_blob();
	one_problem(3, "minihyp: VM file: board: gic: version 2, but the board's GIC is version 3 "
		       "(QEMU gic-version): the Linux VMs' device trees describe the file's\n");
}

/* minihyp's built-in Linux configuration gives its one VM the board's UART
 * (docs/vm-config.md): the UART is then no rule's; the GIC still is. */
static void test_builtin_uart(void **state)
{
	(void)state;
	make_blob();
	lin->devices[1].pa = 0x09000000;
	board.vm_has_uart = true;
	seal();
	assert_int_equal(check_at(blob.b, len), 0);
	lin->devices[1].pa = 0x08000000;
	seal();
	assert_int_equal(check_at(blob.b, len), 1);
	assert_non_null(strstr(out, "overlaps the board's GIC distributor"));
}

int main(void)
{
	struct CMUnitTest tests[5 + sizeof(cases) / sizeof(cases[0])] = {
		cmocka_unit_test(test_crc32),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_header_placement),
		cmocka_unit_test(test_gicv3_board),
		cmocka_unit_test(test_builtin_uart),
	};
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		tests[5 + i] = (struct CMUnitTest){cases[i].name, run_case, NULL, NULL,
						   (void *)(uintptr_t)&cases[i]};
	return cmocka_run_group_tests_name("vmfile", tests, NULL, NULL);
}
