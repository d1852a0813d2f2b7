// SPDX-License-Identifier: MIT
/* Checks of blkif requests and responses, applied to private copies of ring slots. */
#include <stddef.h>
#include <ring/blkif.h>

enum blkif_feature {
	FEATURE_NONE,
	FEATURE_BARRIER,
	FEATURE_FLUSH,
	FEATURE_DISCARD,
	FEATURE_INDIRECT,
};

/* What each operation may carry. Operations absent from the table are invalid. */
struct blkif_op_rule {
	bool valid;
	bool writes;
	enum blkif_feature feature;
	uint8_t min_segments;
};

static const struct blkif_op_rule op_rules[] = {
	[BLKIF_OP_READ] = {true, false, FEATURE_NONE, 1},
	[BLKIF_OP_WRITE] = {true, true, FEATURE_NONE, 1},
	/* Barrier and flush may come with data to write first, or alone. */
	[BLKIF_OP_WRITE_BARRIER] = {true, true, FEATURE_BARRIER, 0},
	[BLKIF_OP_FLUSH_DISKCACHE] = {true, true, FEATURE_FLUSH, 0},
	[BLKIF_OP_DISCARD] = {true, true, FEATURE_DISCARD, 0},
	[BLKIF_OP_INDIRECT] = {true, false, FEATURE_INDIRECT, 0},
};

static const struct blkif_op_rule *rule_of(uint8_t op)
{
	if (op >= sizeof(op_rules) / sizeof(op_rules[0]) || !op_rules[op].valid)
		return NULL;
	return &op_rules[op];
}

static bool feature_offered(enum blkif_feature feature, const struct blkif_limits *limits)
{
	switch (feature) {
	case FEATURE_BARRIER:
		return limits->barrier;
	case FEATURE_FLUSH:
		return limits->flush;
	case FEATURE_DISCARD:
		return limits->discard;
	case FEATURE_INDIRECT:
		return limits->max_indirect_segments > 0;
	case FEATURE_NONE:
		break;
	}
	return true;
}

/* [sector, sector + count) within the disk, without overflowing. */
static bool range_on_disk(uint64_t sector, uint64_t count, const struct blkif_limits *limits)
{
	return sector <= limits->nr_sectors && count <= limits->nr_sectors - sector;
}

int blkif_check_segments(const struct blkif_request_segment *seg, uint32_t n,
			 const struct blkif_limits *limits, struct blkif_request_info *info)
{
	uint64_t sectors = 0;

	if (n != info->nr_segments)
		return -BLKIF_ESEGMENTS;
	for (uint32_t i = 0; i < n; i++) {
		if (seg[i].first_sect > seg[i].last_sect ||
		    seg[i].last_sect >= BLKIF_SECTORS_PER_PAGE)
			return -BLKIF_ESECTOR;
		/* Frontends allocate from above the reserved entries; those name console/xenstore.
		 */
		if (seg[i].gref < GNTTAB_NR_RESERVED_ENTRIES)
			return -BLKIF_EGREF;
		sectors += (uint64_t)(seg[i].last_sect - seg[i].first_sect) + 1;
	}
	if (n > 0 && !range_on_disk(info->sector, sectors, limits))
		return -BLKIF_ERANGE;
	info->nr_sectors = sectors;
	return 0;
}

static int check_discard(const struct blkif_request_discard *req, const struct blkif_limits *limits,
			 struct blkif_request_info *info)
{
	if (req->flag & ~BLKIF_DISCARD_SECURE)
		return -BLKIF_EDISCARDFLAG;
	if ((req->flag & BLKIF_DISCARD_SECURE) && !limits->discard_secure)
		return -BLKIF_EDISCARDFLAG;
	if (!range_on_disk(req->sector_number, req->nr_sectors, limits))
		return -BLKIF_ERANGE;
	info->sector = req->sector_number;
	info->nr_sectors = req->nr_sectors;
	return 0;
}

static int check_indirect(const struct blkif_request_indirect *req,
			  const struct blkif_limits *limits, struct blkif_request_info *info)
{
	uint32_t pages;

	if (req->indirect_op != BLKIF_OP_READ && req->indirect_op != BLKIF_OP_WRITE)
		return -BLKIF_EINDIRECTOP;
	if (req->nr_segments == 0 || req->nr_segments > limits->max_indirect_segments ||
	    req->nr_segments > BLKIF_MAX_INDIRECT_SEGMENTS)
		return -BLKIF_ESEGMENTS;
	pages = (req->nr_segments + BLKIF_SEGMENTS_PER_INDIRECT_PAGE - 1) /
		BLKIF_SEGMENTS_PER_INDIRECT_PAGE;
	for (uint32_t i = 0; i < pages; i++)
		if (req->indirect_grefs[i] < GNTTAB_NR_RESERVED_ENTRIES)
			return -BLKIF_EGREF;
	info->operation = req->indirect_op;
	info->writes = req->indirect_op == BLKIF_OP_WRITE;
	info->nr_segments = req->nr_segments;
	info->nr_indirect_pages = (uint8_t)pages;
	info->sector = req->sector_number;
	/* The wrapped request's own range is checked with its segments. */
	if (!range_on_disk(req->sector_number, 0, limits))
		return -BLKIF_ERANGE;
	return 0;
}

int blkif_check_request(const union blkif_sring_entry *req, const struct blkif_limits *limits,
			struct blkif_request_info *info)
{
	const struct blkif_op_rule *rule = rule_of(req->req.operation);
	int err;

	__builtin_memset(info, 0, sizeof(*info));
	if (!rule)
		return -BLKIF_EOPERATION;
	if (!feature_offered(rule->feature, limits))
		return -BLKIF_EUNSUPPORTED;
	info->operation = req->req.operation;
	info->writes = rule->writes;
	switch (req->req.operation) {
	case BLKIF_OP_DISCARD:
		err = check_discard(&req->discard, limits, info);
		break;
	case BLKIF_OP_INDIRECT:
		info->indirect = true;
		err = check_indirect(&req->indirect, limits, info);
		break;
	default:
		if (req->req.nr_segments < rule->min_segments ||
		    req->req.nr_segments > BLKIF_MAX_SEGMENTS_PER_REQUEST)
			return -BLKIF_ESEGMENTS;
		info->nr_segments = req->req.nr_segments;
		/* A flush or barrier without data names no sector; don't pass one on. */
		info->sector = req->req.nr_segments ? req->req.sector_number : 0;
		err = blkif_check_segments(req->req.seg, req->req.nr_segments, limits, info);
		break;
	}
	if (err)
		return err;
	if (info->writes && limits->read_only)
		return -BLKIF_EREADONLY;
	return 0;
}

int blkif_check_response(const struct blkif_response *rsp)
{
	if (!rule_of(rsp->operation))
		return -BLKIF_EOPERATION;
	if (rsp->status != BLKIF_RSP_OKAY && rsp->status != BLKIF_RSP_ERROR &&
	    rsp->status != BLKIF_RSP_EOPNOTSUPP)
		return -BLKIF_ESTATUS;
	return 0;
}
