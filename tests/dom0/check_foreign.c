// SPDX-License-Identifier: MIT
/*
 * The peer's page once more, this time by its frame number through /dev/xen/privcmd, the way a
 * domain builder maps a guest's memory (XENMEM_add_to_physmap_batch with gmfn_foreign, undone by
 * XENMEM_remove_from_physmap when the mapping goes). Both views must be the same page: a word
 * written through one reads back through the other. A frame the peer does not have is refused.
 */
#include <errno.h>
#include <inttypes.h>
#include "dom0_test.h"
#include "privcmd.h"

/* Far beyond the peer's few MiB of RAM. */
#define ABSENT_GFN 0xfffffULL

bool check_foreign_map(struct dom0_test *t, struct outcome *o)
{
	const struct options *opt = t->opt;
	uint32_t gfn = t->page->page_gfn;
	volatile struct peer_page_header *view;
	void *page = NULL;
	int frame_err = 0;
	long rc = privcmd_map_foreign(t->privcmd, opt->peer_domid, gfn, &page, &frame_err);

	if (rc < 0)
		return outcome_fail_errno(o, (int)-rc,
					  "IOCTL_PRIVCMD_MMAPBATCH_V2 of d%u's gfn %#x (frame "
					  "error %d)",
					  opt->peer_domid, gfn, frame_err);
	view = page;
	if (view->magic != PEER_MAGIC || view->page_gfn != gfn) {
		outcome_fail(o, "d%u's gfn %#x mapped, but reads magic %#x gfn %#x",
			     opt->peer_domid, gfn, view->magic, view->page_gfn);
		privcmd_unmap_foreign(page);
		return false;
	}
	view->reserved[0] = 0x5eed0001;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (t->page->reserved[0] != 0x5eed0001) {
		outcome_fail(o,
			     "a word written through privcmd's view of gfn %#x is not seen "
			     "through gntdev's view",
			     gfn);
		privcmd_unmap_foreign(page);
		return false;
	}
	t->page->reserved[0] = 0;
	privcmd_unmap_foreign(page);
	outcome_note(o, "mapped d%u's gfn %#x through privcmd: the same page gntdev maps; unmapped",
		     opt->peer_domid, gfn);

	rc = privcmd_map_foreign(t->privcmd, opt->peer_domid, ABSENT_GFN, &page, &frame_err);
	if (rc == 0) {
		privcmd_unmap_foreign(page);
		return outcome_fail(o, "d%u's absent gfn %#llx was mapped", opt->peer_domid,
				    ABSENT_GFN);
	}
	if (frame_err != -EINVAL)
		return outcome_fail(o,
				    "d%u's absent gfn %#llx: ioctl error %ld, frame error %d, "
				    "expected frame error %d (EINVAL)",
				    opt->peer_domid, ABSENT_GFN, -rc, frame_err, -EINVAL);
	outcome_note(o, "absent gfn %#llx refused (EINVAL)", ABSENT_GFN);
	return true;
}
