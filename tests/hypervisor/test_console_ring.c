/* SPDX-License-Identifier: MIT */
/* Unit tests of the console ring (hypervisor/common/console_ring.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/console_ring.h>

#define RING 64

static char storage[RING + 16]; /* a guard zone after the ring */
static struct console_ring ring;

static int setup(void **state)
{
	(void)state;
	memset(storage, '#', sizeof(storage));
	console_ring_init(&ring, storage, RING);
	return 0;
}

static void put_str(const char *s)
{
	console_ring_put(&ring, s, strlen(s));
}

/* Reads everything available from *index into a NUL-terminated string. */
static size_t read_all(uint32_t *index, char *out, size_t len)
{
	size_t n = console_ring_read(&ring, index, out, len - 1);

	out[n] = '\0';
	return n;
}

static void assert_guard_intact(void)
{
	for (size_t i = RING; i < sizeof(storage); i++)
		assert_int_equal(storage[i], '#');
}

static void test_init_rounds_size_down(void **state)
{
	struct console_ring r;

	(void)state;
	console_ring_init(&r, storage, 100);
	assert_int_equal(r.size, 64);
	console_ring_init(&r, storage, 1);
	assert_int_equal(r.size, 1);
	console_ring_init(&r, storage, 0x80000005u);
	assert_int_equal(r.size, 0x80000000u);
	console_ring_init(&r, storage, UINT32_MAX);
	assert_int_equal(r.size, 0x80000000u);
	console_ring_init(&r, storage, 4096);
	assert_int_equal(r.size, 4096);
	assert_int_equal(r.prod, 0);
	assert_int_equal(r.held, 0);
}

static void test_zero_sized_ring_keeps_nothing(void **state)
{
	struct console_ring r;
	uint32_t index = 0;
	char out[8];

	(void)state;
	console_ring_init(&r, storage, 0);
	console_ring_put(&r, "abc", 3);
	assert_int_equal(console_ring_read(&r, &index, out, sizeof(out)), 0);
	assert_int_equal(storage[0], '#');
}

static void test_empty_ring_reads_nothing(void **state)
{
	uint32_t index = 0;
	char out[8];

	(void)state;
	assert_int_equal(console_ring_read(&ring, &index, out, sizeof(out)), 0);
	assert_int_equal(index, 0);
	assert_int_equal(console_ring_oldest(&ring), 0);
}

static void test_put_then_read(void **state)
{
	uint32_t index = 0;
	char out[RING + 1];

	(void)state;
	put_str("(XEN) hello\n");
	assert_int_equal(read_all(&index, out, sizeof(out)), 12);
	assert_string_equal(out, "(XEN) hello\n");
	assert_int_equal(index, 12);
	/* Nothing new: nothing read. */
	assert_int_equal(read_all(&index, out, sizeof(out)), 0);
	put_str("more");
	assert_int_equal(read_all(&index, out, sizeof(out)), 4);
	assert_string_equal(out, "more");
	assert_guard_intact();
}

static void test_partial_reads_advance(void **state)
{
	uint32_t index = 0;
	char out[4];

	(void)state;
	put_str("abcdefgh");
	assert_int_equal(console_ring_read(&ring, &index, out, 3), 3);
	assert_memory_equal(out, "abc", 3);
	assert_int_equal(index, 3);
	assert_int_equal(console_ring_read(&ring, &index, out, 3), 3);
	assert_memory_equal(out, "def", 3);
	assert_int_equal(console_ring_read(&ring, &index, out, 3), 2);
	assert_memory_equal(out, "gh", 2);
	assert_int_equal(index, 8);
	assert_int_equal(console_ring_read(&ring, &index, out, 0), 0);
}

static void test_independent_readers(void **state)
{
	uint32_t a = 0, b = 0;
	char out[RING + 1];

	(void)state;
	put_str("one ");
	read_all(&a, out, sizeof(out));
	put_str("two");
	read_all(&a, out, sizeof(out));
	assert_string_equal(out, "two");
	read_all(&b, out, sizeof(out));
	assert_string_equal(out, "one two");
}

static void test_overwritten_bytes_are_skipped(void **state)
{
	char text[101], out[RING + 1];
	uint32_t index = 0;

	(void)state;
	for (int i = 0; i < 100; i++)
		text[i] = (char)('!' + i % 90);
	text[100] = '\0';
	for (int i = 0; i < 100; i += 10)
		console_ring_put(&ring, text + i, 10);
	assert_int_equal(console_ring_oldest(&ring), 100 - RING);

	/* The reader at 0 lost the first 36 bytes; it gets the newest 64. */
	assert_int_equal(read_all(&index, out, sizeof(out)), RING);
	assert_string_equal(out, text + 100 - RING);
	assert_int_equal(index, 100);
	assert_guard_intact();
}

static void test_write_longer_than_the_ring(void **state)
{
	char text[200], out[RING + 1];
	uint32_t index = 0;

	(void)state;
	for (int i = 0; i < 200; i++)
		text[i] = (char)('a' + i % 26);
	put_str("xyz");
	console_ring_put(&ring, text, sizeof(text));
	assert_int_equal(ring.prod, 203);
	assert_int_equal(read_all(&index, out, sizeof(out)), RING);
	assert_memory_equal(out, text + 200 - RING, RING);
	assert_int_equal(index, 203);
	assert_guard_intact();
}

static void test_bogus_index_moves_to_oldest(void **state)
{
	char out[RING + 1];
	uint32_t index;

	(void)state;
	put_str("early");
	/* A fresh ring holds only what was written: an index "before 0" must not see storage. */
	index = UINT32_MAX - 10;
	assert_int_equal(read_all(&index, out, sizeof(out)), 5);
	assert_string_equal(out, "early");
	/* An index from the future too. */
	index = 1000;
	assert_int_equal(read_all(&index, out, sizeof(out)), 5);
	assert_string_equal(out, "early");
	assert_int_equal(index, 5);
}

/* After 4 GiB of output the 32-bit counters wrap. Start the ring just below that point. */
static void start_near_wrap(uint32_t prod)
{
	char fill[RING];

	memset(fill, '.', sizeof(fill));
	console_ring_init(&ring, storage, RING);
	ring.prod = prod - RING;
	console_ring_put(&ring, fill, sizeof(fill)); /* full, as it is after that much output */
	assert_int_equal(ring.prod, prod);
}

static void test_counter_wrap(void **state)
{
	uint32_t follower = UINT32_MAX - 19, stale = UINT32_MAX - 200, index;
	char out[RING + 1];

	(void)state;
	start_near_wrap(UINT32_MAX - 19);
	put_str("0123456789abcdefghijklmnopqrstuvwxyz"); /* 36 bytes across 2^32 */
	assert_int_equal(ring.prod, 16);

	/* A reader that kept up gets exactly the new bytes and its index wraps with prod. */
	assert_int_equal(read_all(&follower, out, sizeof(out)), 36);
	assert_string_equal(out, "0123456789abcdefghijklmnopqrstuvwxyz");
	assert_int_equal(follower, 16);

	/* A reader that fell behind before the wrap is moved to the oldest byte held. */
	assert_int_equal(read_all(&stale, out, sizeof(out)), RING);
	assert_string_equal(out,
			    "............................0123456789abcdefghijklmnopqrstuvwxyz");
	assert_int_equal(stale, 16);

	/* Reading from the oldest byte, expressed across the wrap. */
	index = console_ring_oldest(&ring);
	assert_int_equal(index, (uint32_t)(16 - RING));
	assert_int_equal(read_all(&index, out, sizeof(out)), RING);
	assert_guard_intact();
}

/* Random writes and reads of random sizes against a plain array holding everything written. */
static void test_random_against_a_model(void **state)
{
	static char history[1 << 20];
	uint64_t written = 0;
	uint32_t base = UINT32_MAX - 5000; /* the run crosses the counter wrap */
	uint32_t index = base;
	uint64_t reader = 0; /* position of index in history */
	char chunk[200], out[RING * 2];

	(void)state;
	start_near_wrap(base + RING);
	reader = 0;
	/* The model's byte 0 is the ring's base: the 64 filler bytes come first. */
	memset(history, '.', RING);
	written = RING;
	srandom(7);
	while (written + sizeof(chunk) < sizeof(history)) {
		size_t n = (size_t)random() % sizeof(chunk);

		if (random() % 3) {
			for (size_t i = 0; i < n; i++)
				chunk[i] = history[written + i] = (char)random();
			console_ring_put(&ring, chunk, n);
			written += n;
		} else {
			size_t got = console_ring_read(&ring, &index, out, n % sizeof(out));
			uint64_t oldest = written > RING ? written - RING : 0;

			if (reader < oldest)
				reader = oldest;
			assert_int_equal(got, n % sizeof(out) < written - reader
						      ? n % sizeof(out)
						      : written - reader);
			assert_memory_equal(out, history + reader, got);
			reader += got;
			assert_int_equal(index, (uint32_t)(base + reader));
		}
		assert_int_equal(ring.prod, (uint32_t)(base + written));
	}
	assert_guard_intact();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_rounds_size_down, setup),
		cmocka_unit_test_setup(test_zero_sized_ring_keeps_nothing, setup),
		cmocka_unit_test_setup(test_empty_ring_reads_nothing, setup),
		cmocka_unit_test_setup(test_put_then_read, setup),
		cmocka_unit_test_setup(test_partial_reads_advance, setup),
		cmocka_unit_test_setup(test_independent_readers, setup),
		cmocka_unit_test_setup(test_overwritten_bytes_are_skipped, setup),
		cmocka_unit_test_setup(test_write_longer_than_the_ring, setup),
		cmocka_unit_test_setup(test_bogus_index_moves_to_oldest, setup),
		cmocka_unit_test_setup(test_counter_wrap, setup),
		cmocka_unit_test_setup(test_random_against_a_model, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
