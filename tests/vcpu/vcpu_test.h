/* SPDX-License-Identifier: MIT */
/* Common includes for the vCPU library's cmocka tests. */
#ifndef VCPU_TEST_H
#define VCPU_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <cmocka.h>

#endif
