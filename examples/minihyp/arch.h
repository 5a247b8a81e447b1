/* SPDX-License-Identifier: MIT */
/* minihyp: barriers and small AArch64 helpers. */
#ifndef MINIHYP_ARCH_H
#define MINIHYP_ARCH_H

#include <stdint.h>

#define isb()	 __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")

#endif
