/* SPDX-License-Identifier: MIT */
/*
 * Argument checks of console_io (hypervisor/common/hypercall/console_io.c), as Xen 4.17's
 * do_console_io and guest_console_write make them: the permission check before the sub-op,
 * unsigned int cmd and count, the buffer read in 128-byte chunks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/errno.h>
#include <lamina/hypercall.h>

#include "hypercall_fakes.h"

static long console_io(struct vcpu *v, uint64_t cmd, uint64_t count, uint64_t buffer)
{
	return hcall(do_console_io, v, cmd, count, buffer);
}

static void test_write_reaches_console(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	guest_put(fd, GVA_OK, "hello, console\n", 15);
	assert_int_equal(console_io(&fd->vcpus[0], CONSOLEIO_write, 15, GVA_OK), 0);
	assert_int_equal(fake.console_len, 15);
	assert_memory_equal(fake.console, "hello, console\n", 15);
	assert_ptr_equal(fake.console_domain, &fd->d);
}

static void test_write_from_read_only_page(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	guest_put(fd, GVA_RO, "ro", 2);
	assert_int_equal(console_io(&fd->vcpus[0], CONSOLEIO_write, 2, GVA_RO), 0);
	assert_int_equal(fake.console_len, 2);
	assert_memory_equal(fake.console, "ro", 2);
}

static void test_zero_length_reads_nothing(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	assert_int_equal(console_io(&fd->vcpus[0], CONSOLEIO_write, 0, 0), 0);
	assert_int_equal(console_io(&fd->vcpus[0], CONSOLEIO_write, 0, GVA_NONCANON), 0);
	assert_int_equal(fake.console_writes, 0);
}

static void test_bad_buffers_fault(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	const uint64_t bad[] = {0, 0xfff, GVA_HOLE, GVA_BEYOND, GVA_NONCANON, ~0ULL};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(console_io(&fd->vcpus[0], CONSOLEIO_write, 1, bad[i]), -EFAULT);
	assert_int_equal(fake.console_writes, 0);
}

/*
 * A buffer that runs into an absent page: the chunks before the bad one have been printed (Xen
 * prints chunk by chunk too), the chunk that touches the bad page is not printed at all.
 */
static void test_buffer_running_into_hole(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	uint64_t start = GVA_HOLE - 200;
	char text[200];

	(void)state;
	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = (char)('a' + i % 26);
	guest_put(fd, start, text, sizeof(text));
	assert_int_equal(console_io(&fd->vcpus[0], CONSOLEIO_write, 300, start), -EFAULT);
	assert_int_equal(fake.console_len, 128);
	assert_memory_equal(fake.console, text, 128);

	/* Exactly up to the hole is fine. */
	fakes_reset();
	fd = fake_domain_new(1, false, 1);
	guest_put(fd, start, text, sizeof(text));
	assert_int_equal(console_io(&fd->vcpus[0], CONSOLEIO_write, 200, start), 0);
	assert_int_equal(fake.console_len, 200);
	assert_memory_equal(fake.console, text, 200);
}

/* A 4 GiB - 1 count (the largest an unsigned int holds) runs off the end of guest memory. */
static void test_huge_count_faults(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	assert_int_equal(console_io(&fd->vcpus[0], CONSOLEIO_write, 0xffffffffULL, 13 * GUEST_PAGE),
			 -EFAULT);
	assert_int_equal(fake.console_len, 3 * GUEST_PAGE);
}

/* cmd and count are unsigned int in Xen's prototype: the upper halves of the registers are noise.
 */
static void test_upper_register_halves_ignored(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	guest_put(fd, GVA_OK, "abcdef", 6);
	assert_int_equal(console_io(&fd->vcpus[0], 0xffffffff00000000ULL | CONSOLEIO_write,
				    0x0000000100000003ULL, GVA_OK),
			 0);
	assert_int_equal(fake.console_len, 3);
	assert_memory_equal(fake.console, "abc", 3);
}

/* Xen's XSM check comes first: an ordinary domain gets -EPERM for read and for unknown sub-ops. */
static void test_unprivileged_sub_ops(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	const uint64_t cmds[] = {CONSOLEIO_read, 2, 0x7fffffff, 0xffffffff};

	(void)state;
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		assert_int_equal(console_io(&fd->vcpus[0], cmds[i], 16, GVA_OK), -EPERM);
	assert_true(guest_untouched(fd, GVA_OK, 16));
}

static void test_privileged_sub_ops(void **state)
{
	struct fake_domain *fd = fake_domain_new(0, true, 1);

	(void)state;
	/* The hypervisor never has serial input to give: nothing read, nothing written. */
	assert_int_equal(console_io(&fd->vcpus[0], CONSOLEIO_read, 16, GVA_OK), 0);
	assert_true(guest_untouched(fd, GVA_OK, 16));
	/* A count that could not be told from an error return (Xen: above INT_MAX) is refused. */
	assert_int_equal(console_io(&fd->vcpus[0], CONSOLEIO_read, 0x80000000ULL, GVA_OK), -E2BIG);
	assert_int_equal(console_io(&fd->vcpus[0], CONSOLEIO_read, 0xffffffffULL, GVA_OK), -E2BIG);
	assert_int_equal(console_io(&fd->vcpus[0], CONSOLEIO_read, 0x7fffffffULL, GVA_OK), 0);
	assert_int_equal(console_io(&fd->vcpus[0], 2, 16, GVA_OK), -ENOSYS);
	assert_int_equal(console_io(&fd->vcpus[0], 0xffffffff, 16, GVA_OK), -ENOSYS);
	assert_true(guest_untouched(fd, GVA_OK, 16));
	assert_int_equal(fake.console_writes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_reaches_console, fakes_setup,
						fakes_teardown),
		cmocka_unit_test_setup_teardown(test_write_from_read_only_page, fakes_setup,
						fakes_teardown),
		cmocka_unit_test_setup_teardown(test_zero_length_reads_nothing, fakes_setup,
						fakes_teardown),
		cmocka_unit_test_setup_teardown(test_bad_buffers_fault, fakes_setup,
						fakes_teardown),
		cmocka_unit_test_setup_teardown(test_buffer_running_into_hole, fakes_setup,
						fakes_teardown),
		cmocka_unit_test_setup_teardown(test_huge_count_faults, fakes_setup,
						fakes_teardown),
		cmocka_unit_test_setup_teardown(test_upper_register_halves_ignored, fakes_setup,
						fakes_teardown),
		cmocka_unit_test_setup_teardown(test_unprivileged_sub_ops, fakes_setup,
						fakes_teardown),
		cmocka_unit_test_setup_teardown(test_privileged_sub_ops, fakes_setup,
						fakes_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
