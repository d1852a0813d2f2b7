// SPDX-License-Identifier: MIT
/* Unit tests of the blkif request and response checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <ring/blkif.h>

#define DISK_SECTORS 1000

static const struct blkif_limits all_features = {
	.nr_sectors = DISK_SECTORS,
	.max_indirect_segments = 256,
	.barrier = true,
	.flush = true,
	.discard = true,
	.discard_secure = true,
};

static union blkif_sring_entry rw(uint8_t op, uint64_t sector, uint8_t nr_segments)
{
	union blkif_sring_entry e;

	memset(&e, 0, sizeof(e));
	e.req.operation = op;
	e.req.sector_number = sector;
	e.req.nr_segments = nr_segments;
	e.req.id = 0xC0FFEE;
	for (int i = 0; i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++)
		e.req.seg[i] = (struct blkif_request_segment){.gref = 8 + i, .last_sect = 7};
	return e;
}

static int check(const union blkif_sring_entry *e, const struct blkif_limits *limits)
{
	struct blkif_request_info info;

	return blkif_check_request(e, limits, &info);
}

static void test_read_write(void **state)
{
	union blkif_sring_entry e = rw(BLKIF_OP_WRITE, 100, 3);
	struct blkif_request_info info;

	(void)state;
	e.req.seg[1].first_sect = 2;
	e.req.seg[1].last_sect = 2;
	assert_int_equal(blkif_check_request(&e, &all_features, &info), 0);
	assert_int_equal(info.operation, BLKIF_OP_WRITE);
	assert_true(info.writes);
	assert_false(info.indirect);
	assert_int_equal(info.nr_segments, 3);
	assert_int_equal(info.sector, 100);
	assert_int_equal(info.nr_sectors, 8 + 1 + 8);
	e = rw(BLKIF_OP_READ, 0, BLKIF_MAX_SEGMENTS_PER_REQUEST);
	assert_int_equal(blkif_check_request(&e, &all_features, &info), 0);
	assert_false(info.writes);
	assert_int_equal(info.nr_sectors, 88);
}

static void test_operation(void **state)
{
	union blkif_sring_entry e = rw(BLKIF_OP_RESERVED_1, 0, 1);

	(void)state;
	assert_int_equal(check(&e, &all_features), -BLKIF_EOPERATION);
	e.req.operation = 7;
	assert_int_equal(check(&e, &all_features), -BLKIF_EOPERATION);
	e.req.operation = 255;
	assert_int_equal(check(&e, &all_features), -BLKIF_EOPERATION);
}

static void test_unadvertised_features(void **state)
{
	struct blkif_limits plain = {.nr_sectors = DISK_SECTORS};
	static const uint8_t ops[] = {BLKIF_OP_WRITE_BARRIER, BLKIF_OP_FLUSH_DISKCACHE,
				      BLKIF_OP_DISCARD, BLKIF_OP_INDIRECT};

	(void)state;
	for (size_t i = 0; i < sizeof(ops); i++) {
		union blkif_sring_entry e = rw(ops[i], 0, 0);

		assert_int_equal(check(&e, &plain), -BLKIF_EUNSUPPORTED);
	}
}

static void test_segment_counts(void **state)
{
	union blkif_sring_entry e;

	(void)state;
	e = rw(BLKIF_OP_READ, 0, 0);
	assert_int_equal(check(&e, &all_features), -BLKIF_ESEGMENTS);
	e = rw(BLKIF_OP_WRITE, 0, BLKIF_MAX_SEGMENTS_PER_REQUEST + 1);
	assert_int_equal(check(&e, &all_features), -BLKIF_ESEGMENTS);
	e = rw(BLKIF_OP_WRITE, 0, 255);
	assert_int_equal(check(&e, &all_features), -BLKIF_ESEGMENTS);
	/* A flush or barrier alone carries no data. */
	e = rw(BLKIF_OP_FLUSH_DISKCACHE, 0, 0);
	assert_int_equal(check(&e, &all_features), 0);
	e = rw(BLKIF_OP_WRITE_BARRIER, 0, 0);
	assert_int_equal(check(&e, &all_features), 0);
	e = rw(BLKIF_OP_FLUSH_DISKCACHE, 0, 2);
	assert_int_equal(check(&e, &all_features), 0);
}

static void test_sector_bounds_in_page(void **state)
{
	union blkif_sring_entry e = rw(BLKIF_OP_READ, 0, 2);

	(void)state;
	e.req.seg[1].first_sect = 5;
	e.req.seg[1].last_sect = 4;
	assert_int_equal(check(&e, &all_features), -BLKIF_ESECTOR);
	e.req.seg[1].first_sect = 0;
	e.req.seg[1].last_sect = 8; /* ninth sector of a 4 KiB page */
	assert_int_equal(check(&e, &all_features), -BLKIF_ESECTOR);
	e.req.seg[1].first_sect = 7;
	e.req.seg[1].last_sect = 7;
	assert_int_equal(check(&e, &all_features), 0);
	/* Segments beyond nr_segments are not the request's: garbage there is ignored. */
	e.req.seg[2].first_sect = 200;
	assert_int_equal(check(&e, &all_features), 0);
}

static void test_disk_range(void **state)
{
	union blkif_sring_entry e;

	(void)state;
	e = rw(BLKIF_OP_READ, DISK_SECTORS - 8, 1);
	assert_int_equal(check(&e, &all_features), 0);
	e = rw(BLKIF_OP_READ, DISK_SECTORS - 7, 1);
	assert_int_equal(check(&e, &all_features), -BLKIF_ERANGE);
	e = rw(BLKIF_OP_READ, UINT64_MAX - 2, 1); /* would wrap around 2^64 */
	assert_int_equal(check(&e, &all_features), -BLKIF_ERANGE);
}

static void test_read_only(void **state)
{
	struct blkif_limits ro = all_features;
	union blkif_sring_entry e;

	(void)state;
	ro.read_only = true;
	e = rw(BLKIF_OP_READ, 0, 1);
	assert_int_equal(check(&e, &ro), 0);
	e = rw(BLKIF_OP_WRITE, 0, 1);
	assert_int_equal(check(&e, &ro), -BLKIF_EREADONLY);
	e = rw(BLKIF_OP_DISCARD, 0, 0);
	e.discard.nr_sectors = 1;
	assert_int_equal(check(&e, &ro), -BLKIF_EREADONLY);
}

static void test_reserved_gref(void **state)
{
	union blkif_sring_entry e = rw(BLKIF_OP_READ, 0, 2);

	(void)state;
	e.req.seg[1].gref = GNTTAB_RESERVED_XENSTORE;
	assert_int_equal(check(&e, &all_features), -BLKIF_EGREF);
}

static void test_discard(void **state)
{
	struct blkif_limits no_secure = all_features;
	struct blkif_request_info info;
	union blkif_sring_entry e = rw(BLKIF_OP_DISCARD, 10, 0);

	(void)state;
	e.discard.nr_sectors = DISK_SECTORS - 10;
	assert_int_equal(blkif_check_request(&e, &all_features, &info), 0);
	assert_int_equal(info.sector, 10);
	assert_int_equal(info.nr_sectors, DISK_SECTORS - 10);
	e.discard.nr_sectors++;
	assert_int_equal(check(&e, &all_features), -BLKIF_ERANGE);
	e.discard.nr_sectors = UINT64_MAX;
	assert_int_equal(check(&e, &all_features), -BLKIF_ERANGE);
	e.discard.nr_sectors = 1;
	e.discard.flag = BLKIF_DISCARD_SECURE;
	assert_int_equal(check(&e, &all_features), 0);
	no_secure.discard_secure = false;
	assert_int_equal(check(&e, &no_secure), -BLKIF_EDISCARDFLAG);
	e.discard.flag = 0x80;
	assert_int_equal(check(&e, &all_features), -BLKIF_EDISCARDFLAG);
}

static union blkif_sring_entry indirect(uint8_t op, uint16_t nr_segments)
{
	union blkif_sring_entry e;

	memset(&e, 0, sizeof(e));
	e.indirect.operation = BLKIF_OP_INDIRECT;
	e.indirect.indirect_op = op;
	e.indirect.nr_segments = nr_segments;
	e.indirect.sector_number = 16;
	for (int i = 0; i < BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST; i++)
		e.indirect.indirect_grefs[i] = 50 + i;
	return e;
}

static void test_indirect(void **state)
{
	struct blkif_request_segment segs[BLKIF_MAX_INDIRECT_SEGMENTS];
	struct blkif_request_info info;
	union blkif_sring_entry e = indirect(BLKIF_OP_WRITE, 100);

	(void)state;
	assert_int_equal(blkif_check_request(&e, &all_features, &info), 0);
	assert_true(info.indirect);
	assert_int_equal(info.operation, BLKIF_OP_WRITE);
	assert_int_equal(info.nr_indirect_pages, 1);
	e = indirect(BLKIF_OP_READ, 256);
	assert_int_equal(blkif_check_request(&e, &all_features, &info), 0);
	assert_int_equal(info.nr_indirect_pages, 1);
	for (int i = 0; i < 256; i++)
		segs[i] = (struct blkif_request_segment){.gref = 1000 + i, .last_sect = 7};
	assert_int_equal(blkif_check_segments(segs, 256, &all_features, &info), -BLKIF_ERANGE);
	for (int i = 0; i < 256; i++)
		segs[i].last_sect = 0;
	assert_int_equal(blkif_check_segments(segs, 256, &all_features, &info), 0);
	assert_int_equal(info.nr_sectors, 256);
	/* The count must match the request's. */
	assert_int_equal(blkif_check_segments(segs, 255, &all_features, &info), -BLKIF_ESEGMENTS);
	segs[100].first_sect = 3;
	assert_int_equal(blkif_check_segments(segs, 256, &all_features, &info), -BLKIF_ESECTOR);
}

static void test_indirect_limits(void **state)
{
	struct blkif_limits big = all_features;
	struct blkif_request_info info;
	union blkif_sring_entry e;

	(void)state;
	e = indirect(BLKIF_OP_READ, 0);
	assert_int_equal(check(&e, &all_features), -BLKIF_ESEGMENTS);
	e = indirect(BLKIF_OP_READ, 257); /* more than advertised */
	assert_int_equal(check(&e, &all_features), -BLKIF_ESEGMENTS);
	big.max_indirect_segments = 100000; /* a backend's bad setting does not lift the ABI cap */
	e = indirect(BLKIF_OP_READ, BLKIF_MAX_INDIRECT_SEGMENTS);
	assert_int_equal(blkif_check_request(&e, &big, &info), 0);
	assert_int_equal(info.nr_indirect_pages, BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST);
	e = indirect(BLKIF_OP_READ, BLKIF_MAX_INDIRECT_SEGMENTS + 1);
	assert_int_equal(check(&e, &big), -BLKIF_ESEGMENTS);
	e = indirect(BLKIF_OP_FLUSH_DISKCACHE, 10);
	assert_int_equal(check(&e, &all_features), -BLKIF_EINDIRECTOP);
	e = indirect(BLKIF_OP_INDIRECT, 10);
	assert_int_equal(check(&e, &all_features), -BLKIF_EINDIRECTOP);
	/* Only the grant refs of pages in use are checked. */
	e = indirect(BLKIF_OP_READ, 600);
	big.max_indirect_segments = 1024;
	e.indirect.indirect_grefs[1] = 0;
	assert_int_equal(check(&e, &big), -BLKIF_EGREF);
	e.indirect.indirect_grefs[1] = 9;
	e.indirect.indirect_grefs[2] = 0;
	assert_int_equal(check(&e, &big), 0);
}

static void test_response(void **state)
{
	struct blkif_response r = {.id = 1, .operation = BLKIF_OP_READ, .status = BLKIF_RSP_OKAY};

	(void)state;
	assert_int_equal(blkif_check_response(&r), 0);
	r.status = BLKIF_RSP_EOPNOTSUPP;
	assert_int_equal(blkif_check_response(&r), 0);
	r.status = -5;
	assert_int_equal(blkif_check_response(&r), -BLKIF_ESTATUS);
	r.status = 0;
	r.operation = BLKIF_OP_RESERVED_1;
	assert_int_equal(blkif_check_response(&r), -BLKIF_EOPERATION);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_write),
		cmocka_unit_test(test_operation),
		cmocka_unit_test(test_unadvertised_features),
		cmocka_unit_test(test_segment_counts),
		cmocka_unit_test(test_sector_bounds_in_page),
		cmocka_unit_test(test_disk_range),
		cmocka_unit_test(test_read_only),
		cmocka_unit_test(test_reserved_gref),
		cmocka_unit_test(test_discard),
		cmocka_unit_test(test_indirect),
		cmocka_unit_test(test_indirect_limits),
		cmocka_unit_test(test_response),
	};

	return cmocka_run_group_tests_name("blkif", tests, NULL, NULL);
}
