/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the per-CPU one-shot timers (hypervisor/common/timer.c) over fakes of the arch
 * hooks: a settable clock, a record of what the hardware timer was programmed with, the current
 * CPU and the kicks sent to others. Checks ordering, re-arming, stopping, callbacks that arm
 * timers from inside the interrupt, and that the hardware always holds the earliest deadline.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/smp.h>
#include <lamina/timer.h>

/* --- fakes of the arch hooks --- */
static uint64_t fake_now;
static unsigned int fake_cpu;
static uint64_t programmed[CONFIG_MAX_CPUS]; /* last deadline given to each CPU's hardware */
static unsigned int programs;		     /* how many times any hardware was programmed */
static unsigned int kicks[CONFIG_MAX_CPUS];
unsigned int nr_cpus_online = 2;

uint64_t arch_now_ns(void)
{
	return fake_now;
}

void arch_timer_program(uint64_t deadline_ns)
{
	programmed[fake_cpu] = deadline_ns;
	programs++;
}

unsigned int smp_processor_id(void)
{
	return fake_cpu;
}

void smp_kick(unsigned int cpu)
{
	kicks[cpu]++;
}

/* --- what fired, in order --- */
#define MAX_FIRED 32
static struct timer *fired[MAX_FIRED];
static unsigned int nr_fired;

static void record(struct timer *t)
{
	assert_true(nr_fired < MAX_FIRED);
	fired[nr_fired++] = t;
}

static struct timer a, b, c;

static int setup(void **state)
{
	(void)state;
	fake_now = 1000;
	fake_cpu = 0;
	memset(programmed, 0, sizeof(programmed));
	memset(kicks, 0, sizeof(kicks));
	programs = 0;
	nr_fired = 0;
	timer_init(&a, record, NULL, 0);
	timer_init(&b, record, NULL, 0);
	timer_init(&c, record, NULL, 0);
	return 0;
}

/* The queues are static: every test leaves them empty. */
static int teardown(void **state)
{
	(void)state;
	timer_stop(&a);
	timer_stop(&b);
	timer_stop(&c);
	return 0;
}

static void interrupt_at(uint64_t now)
{
	fake_now = now;
	timer_interrupt();
}

static void test_fires_in_deadline_order(void **state)
{
	(void)state;
	timer_set(&a, 3000);
	assert_int_equal(programmed[0], 3000);
	timer_set(&b, 1500); /* new earliest: the hardware follows */
	assert_int_equal(programmed[0], 1500);
	programs = 0;
	timer_set(&c, 2000); /* not the earliest: the hardware is left alone */
	assert_int_equal(programs, 0);
	assert_true(a.queued && b.queued && c.queued);

	interrupt_at(1499); /* early: nothing due, the same deadline again */
	assert_int_equal(nr_fired, 0);
	assert_int_equal(programmed[0], 1500);
	interrupt_at(1600);
	assert_int_equal(nr_fired, 1);
	assert_ptr_equal(fired[0], &b);
	assert_false(b.queued);
	assert_int_equal(programmed[0], 2000);
	interrupt_at(5000); /* both due: in deadline order, then nothing left */
	assert_int_equal(nr_fired, 3);
	assert_ptr_equal(fired[1], &c);
	assert_ptr_equal(fired[2], &a);
	assert_int_equal(programmed[0], 0);
}

static void test_equal_deadlines_keep_arming_order(void **state)
{
	(void)state;
	timer_set(&a, 2000);
	timer_set(&b, 2000);
	timer_set(&c, 2000);
	interrupt_at(2000); /* due exactly at the deadline */
	assert_int_equal(nr_fired, 3);
	assert_ptr_equal(fired[0], &a);
	assert_ptr_equal(fired[1], &b);
	assert_ptr_equal(fired[2], &c);
}

static void test_rearm_moves_the_timer(void **state)
{
	(void)state;
	timer_set(&a, 2000);
	timer_set(&b, 3000);
	timer_set(&a, 4000); /* later: b is now the earliest... */
	interrupt_at(2500);
	assert_int_equal(nr_fired, 0);
	assert_int_equal(programmed[0], 3000);
	timer_set(&a, 2600); /* ...and earlier again: the hardware follows */
	assert_int_equal(programmed[0], 2600);
	interrupt_at(10000);
	assert_int_equal(nr_fired, 2); /* each once: re-arming did not duplicate a */
	assert_ptr_equal(fired[0], &a);
	assert_ptr_equal(fired[1], &b);
}

static void test_stop(void **state)
{
	(void)state;
	timer_stop(&a); /* never armed: harmless */
	assert_false(a.queued);
	timer_set(&a, 2000);
	timer_set(&b, 2500);
	timer_stop(&a);
	assert_false(a.queued);
	timer_stop(&a); /* twice: harmless */
	interrupt_at(3000);
	assert_int_equal(nr_fired, 1);
	assert_ptr_equal(fired[0], &b);
	assert_int_equal(programmed[0], 0);
}

static void test_past_deadline(void **state)
{
	(void)state;
	timer_set(&a, 10); /* long past: the hardware is asked for it anyway, and it fires next */
	assert_int_equal(programmed[0], 10);
	interrupt_at(1001);
	assert_int_equal(nr_fired, 1);
}

/* A periodic callback: re-arms itself a period after its deadline. */
static unsigned int rearms_left;
static void rearm_period(struct timer *t)
{
	record(t);
	if (rearms_left) {
		rearms_left--;
		timer_set(t, t->expires + 100);
	}
}

static void test_callback_rearms_itself(void **state)
{
	(void)state;
	timer_init(&a, rearm_period, NULL, 0);
	rearms_left = 10;
	timer_set(&a, 1100);
	interrupt_at(1150);
	assert_int_equal(nr_fired, 1);
	assert_true(a.queued);
	assert_int_equal(a.expires, 1200);
	assert_int_equal(programmed[0], 1200);
	/* Late by three periods: each due period fires within the one interrupt, in order. */
	interrupt_at(1450);
	assert_int_equal(nr_fired, 4);
	assert_int_equal(a.expires, 1500);
	assert_int_equal(programmed[0], 1500);
}

/* A callback arming other timers, one earlier than what is queued. */
static void arm_b_and_c(struct timer *t)
{
	record(t);
	timer_set(&c, 5000);
	timer_set(&b, 1800);
}

static void test_callback_arms_others(void **state)
{
	(void)state;
	timer_init(&a, arm_b_and_c, NULL, 0);
	timer_set(&a, 1200);
	interrupt_at(1300);
	assert_int_equal(nr_fired, 1);
	assert_true(b.queued && c.queued);
	assert_int_equal(programmed[0], 1800); /* the earliest of what the callback armed */
	interrupt_at(1900);
	assert_int_equal(nr_fired, 2);
	assert_ptr_equal(fired[1], &b);
	assert_int_equal(programmed[0], 5000);
}

/* A callback arming a timer already due: it fires in the same interrupt. */
static void arm_b_now(struct timer *t)
{
	record(t);
	timer_set(&b, fake_now);
}

static void test_callback_arms_due_timer(void **state)
{
	(void)state;
	timer_init(&a, arm_b_now, NULL, 0);
	timer_set(&a, 1200);
	interrupt_at(1300);
	assert_int_equal(nr_fired, 2);
	assert_ptr_equal(fired[0], &a);
	assert_ptr_equal(fired[1], &b);
	assert_int_equal(programmed[0], 0);
}

/* Timers of another CPU: not programmed here; that CPU is kicked when its earliest changes. */
static void test_other_cpu(void **state)
{
	(void)state;
	timer_init(&a, record, NULL, 1);
	timer_init(&b, record, NULL, 1);
	timer_set(&a, 3000);
	assert_int_equal(programs, 0);
	assert_int_equal(kicks[1], 1);
	timer_set(&b, 4000); /* not its earliest: no kick */
	assert_int_equal(kicks[1], 1);
	/* CPU 0's interrupt does not touch CPU 1's queue. */
	interrupt_at(5000);
	assert_int_equal(nr_fired, 0);
	/* CPU 1, kicked, programs its earliest; its interrupt runs its timers. */
	fake_cpu = 1;
	timer_reprogram();
	assert_int_equal(programmed[1], 3000);
	interrupt_at(5000);
	assert_int_equal(nr_fired, 2);
	assert_int_equal(programmed[1], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fires_in_deadline_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_equal_deadlines_keep_arming_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rearm_moves_the_timer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_past_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_rearms_itself, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_arms_others, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_arms_due_timer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_cpu, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
