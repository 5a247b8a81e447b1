# gdb-multiarch script of `make debug`: QEMU waits on its gdbstub (-s -S,
# localhost:1234) with minihyp loaded.  gdb was started with
# build/minihyp/minihyp.elf, so the hypervisor's symbols are there; the demo
# guest's are added too (it runs with its MMU off, so its addresses are
# IPAs, which do not overlap minihyp's).
set architecture aarch64
set pagination off
set confirm off
add-symbol-file build/minihyp/guests/hello.elf
target remote localhost:1234
break hyp_main
break el2_exception
echo \n(minihyp) stopped at the reset vector; `continue` runs to hyp_main.\n
echo (minihyp) other useful breakpoints: vm_run, handle_exit, guest_main (guest).\n\n
