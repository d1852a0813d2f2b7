// SPDX-License-Identifier: MIT
#include <stdint.h>
#include <guest/layout.h>
#include <guest/usermode.h>

long user_call(long (*fn)(long), long arg, void *user_stack_top);

static uint8_t user_stack[USER_STACK_SIZE] __attribute__((aligned(16)));

long run_at_cpl3(long (*fn)(long), long arg)
{
	return user_call(fn, arg, user_stack + sizeof(user_stack));
}
