// SPDX-License-Identifier: MIT
/*
 * The PVH domain builder. Guest-physical layout, bottom to top:
 *
 *   [0, 0x9f000)              RAM (Linux needs low memory for its real-mode trampoline)
 *   [0x9f000, 1 MiB)          reserved in the memory map (backed, reads as zeros: ROM scans)
 *   [1 MiB, initrd)           RAM; the kernel loads at its ELF physical addresses
 *   [initrd, special)         the initrd module, page aligned (RAM: the kernel frees it)
 *   [special, end of memory)  reserved: start_info with modlist and memmap, the cmdline, and
 *                             the xenstore ring page when a dom0 will serve xenstore
 *
 * With an initial domain configured (dom0, which runs xenstored; the hardware domain is always
 * initial), every other domain also gets what Xen's toolstack prepares for its xenstore
 * connection before it first runs: the ring page, zeroed; grant entry GNTTAB_RESERVED_XENSTORE
 * granting that page to dom0, so that xenstored maps it through gntdev by the well-known ref;
 * an event channel left unbound for dom0 to bind; and HVM_PARAM_STORE_PFN / STORE_EVTCHN
 * naming both. dom0 introduces the domain to xenstored with that frame and port.
 */
#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/elf.h>
#include <lamina/errno.h>
#include <lamina/event.h>
#include <lamina/grant_table.h>
#include <lamina/lib.h>
#include <lamina/pvh.h>
#include <lamina/setup.h>
#include <public/hvm/start_info.h>
#include <asm/svm.h>

#define LOW_RAM_END   0x9f000ULL
#define HIGH_RAM      0x100000ULL
#define SPECIAL_PAGES 4
/* Pages of the special area, by index from its start. */
#define SPECIAL_START_INFO 0
#define SPECIAL_CMDLINE	   1
#define SPECIAL_XENSTORE   2
#define XENSTORE_DOMID	   0
#define CMDLINE_MAX	   4095

struct layout {
	uint64_t mem, special, initrd, start_info, modlist, memmap, cmdline, xenstore;
};

/* Whether a dom0 will serve xenstore: Xen's rule, the initial domain unless a stub domain does. */
static bool boot_has_xenstore_domain(void)
{
	for (unsigned int i = 0; i < boot_options.nr_domains; i++)
		if (boot_options.domains[i].initial)
			return true;
	return false;
}

static int plan_layout(const struct domain_spec *spec, const struct elf_image *elf,
		       const struct pvh_image *img, struct layout *l)
{
	l->mem = spec->mem_bytes;
	if (l->mem < 2 * HIGH_RAM) {
		log_err("domain %s: mem=%llu KiB is too small for a PVH guest (2 MiB at least)\n",
			spec->name, (unsigned long long)(l->mem >> 10));
		return -ENOMEM;
	}
	l->special = l->mem - SPECIAL_PAGES * 4096ULL;
	l->initrd = ALIGN_DOWN(l->special - img->initrd_size, 4096ULL);
	l->start_info = l->special + SPECIAL_START_INFO * 4096ULL;
	l->modlist = l->start_info + ALIGN_UP(sizeof(struct hvm_start_info), 64);
	l->memmap = l->modlist + ALIGN_UP(sizeof(struct hvm_modlist_entry), 64);
	l->cmdline = l->special + SPECIAL_CMDLINE * 4096ULL;
	l->xenstore = l->special + SPECIAL_XENSTORE * 4096ULL;
	if (img->initrd_size > l->special || l->initrd < HIGH_RAM) {
		log_err("domain %s: initrd of %zu bytes does not fit in %llu MiB\n", spec->name,
			img->initrd_size, (unsigned long long)(l->mem >> 20));
		return -ENOMEM;
	}
	if (elf->paddr_end > l->initrd || elf->paddr_start < 0x1000) {
		log_err("domain %s: kernel wants [%#llx, %#llx), outside RAM [0x1000, %#llx)"
			" (mem=%llu MiB)\n",
			spec->name, (unsigned long long)elf->paddr_start,
			(unsigned long long)elf->paddr_end, (unsigned long long)l->initrd,
			(unsigned long long)(l->mem >> 20));
		return -ENOMEM;
	}
	return 0;
}

static void build_memmap(struct domain *d, const struct layout *l)
{
	const struct hvm_memmap_table_entry map[] = {
		{0, LOW_RAM_END, XEN_HVM_MEMMAP_TYPE_RAM, 0},
		{LOW_RAM_END, HIGH_RAM - LOW_RAM_END, XEN_HVM_MEMMAP_TYPE_RESERVED, 0},
		{HIGH_RAM, l->special - HIGH_RAM, XEN_HVM_MEMMAP_TYPE_RAM, 0},
		{l->special, l->mem - l->special, XEN_HVM_MEMMAP_TYPE_RESERVED, 0},
	};

	memcpy(d->memmap, map, sizeof(map));
	d->nr_memmap = ARRAY_SIZE(map);
}

static int load_segments(struct domain *d, const struct elf_image *elf)
{
	for (unsigned int i = 0; i < elf->nr_segments; i++) {
		const struct elf_segment *s = &elf->segments[i];
		int rc = domain_copy_to_gpa(d, s->paddr, elf->data + s->offset, s->filesz);

		if (rc < 0)
			return rc;
	}
	return 0;
}

static int write_start_info(struct domain *d, const struct layout *l, const struct pvh_image *img)
{
	struct hvm_start_info si = {
		.magic = XEN_HVM_START_MAGIC_VALUE,
		.version = 1,
		.flags = d->is_initial ? SIF_INITDOMAIN | SIF_PRIVILEGED : 0,
		.nr_modules = img->initrd ? 1 : 0,
		.modlist_paddr = img->initrd ? l->modlist : 0,
		.cmdline_paddr = l->cmdline,
		.memmap_paddr = l->memmap,
		.memmap_entries = d->nr_memmap,
	};
	struct hvm_modlist_entry mod = {.paddr = l->initrd, .size = img->initrd_size};
	size_t len = strnlen(img->cmdline, CMDLINE_MAX);
	int rc = 0;

	rc |= domain_copy_to_gpa(d, l->start_info, &si, sizeof(si));
	rc |= domain_copy_to_gpa(d, l->modlist, &mod, sizeof(mod));
	rc |= domain_copy_to_gpa(d, l->memmap, d->memmap, d->nr_memmap * sizeof(d->memmap[0]));
	rc |= domain_copy_to_gpa(d, l->cmdline, img->cmdline, len);
	if (img->initrd)
		rc |= domain_copy_to_gpa(d, l->initrd, img->initrd, img->initrd_size);
	return rc ? -EFAULT : 0;
}

/*
 * The xenstore connection of a domain dom0 will introduce to xenstored (see the top). The ring
 * page is part of the populated, zeroed reserved area; it is cleared again in case a later
 * change puts something there first.
 */
static int setup_xenstore(struct domain *d, const struct layout *l)
{
	void *page = domain_gpa_to_host(d, l->xenstore, true);
	uint64_t gfn = l->xenstore >> 12;
	uint32_t port;
	int rc;

	if (!page)
		return -EFAULT;
	memset(page, 0, 4096);
	rc = grant_table_seed(d, GNTTAB_RESERVED_XENSTORE, XENSTORE_DOMID, gfn);
	if (rc == 0)
		rc = evtchn_alloc_unbound(d, XENSTORE_DOMID, &port);
	if (rc < 0)
		return rc;
	d->hvm_params[HVM_PARAM_STORE_PFN] = gfn;
	d->hvm_params[HVM_PARAM_STORE_EVTCHN] = port;
	log_info("d%u (%s): xenstore ring at gfn %#llx (grant ref %u for d%u), port %u\n", d->domid,
		 d->name, (unsigned long long)gfn, GNTTAB_RESERVED_XENSTORE, XENSTORE_DOMID, port);
	return 0;
}

struct domain *pvh_build(const struct domain_spec *spec, domid_t domid, const struct pvh_image *img)
{
	struct elf_image elf;
	struct layout l;
	struct domain *d;
	const char *why = NULL;
	int rc = elf_parse(&elf, img->kernel, img->kernel_size, &why);

	if (rc < 0) {
		log_err("domain %s: kernel is not a valid ELF image: %s\n", spec->name, why);
		return NULL;
	}
	if (!elf.has_phys32_entry) {
		log_err("domain %s: kernel has no XEN_ELFNOTE_PHYS32_ENTRY note: not a PVH "
			"kernel\n",
			spec->name);
		return NULL;
	}
	if (plan_layout(spec, &elf, img, &l) < 0)
		return NULL;
	d = domain_create(spec->name, domid, spec->vcpus, spec->initial);
	if (!d) {
		log_err("domain %s: cannot create it (out of memory?)\n", spec->name);
		return NULL;
	}
	rc = domain_populate(d, 0, l.mem);
	if (rc == 0) {
		build_memmap(d, &l);
		rc = load_segments(d, &elf);
	}
	if (rc == 0)
		rc = write_start_info(d, &l, img);
	if (rc == 0 && domid != XENSTORE_DOMID && boot_has_xenstore_domain())
		rc = setup_xenstore(d, &l);
	if (rc < 0) {
		log_err("domain %s: cannot load it: error %d (%llu MiB requested)\n", spec->name,
			rc, (unsigned long long)(l.mem >> 20));
		domain_discard(d);
		return NULL;
	}
	svm_vcpu_set_pvh_entry(d->vcpus[0], (uint32_t)elf.phys32_entry, (uint32_t)l.start_info);
	d->vcpus[0]->initialised = true;
	if (spec->weight)
		d->weight = spec->weight;
	log_info("d%u (%s): PVH kernel entry %#llx, %llu MiB, %u vCPU(s), start_info at %#llx\n",
		 d->domid, d->name, (unsigned long long)elf.phys32_entry,
		 (unsigned long long)(l.mem >> 20), d->nr_vcpus, (unsigned long long)l.start_info);
	return d;
}
