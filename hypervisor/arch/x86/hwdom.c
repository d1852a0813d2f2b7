// SPDX-License-Identifier: MIT
/* Building and running the hardware domain (see asm/hwdom.h). */
#include <lamina/cmdline.h>
#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/elf.h>
#include <lamina/errno.h>
#include <lamina/event.h>
#include <lamina/lib.h>
#include <lamina/memory.h>
#include <asm/acpi.h>
#include <asm/apic_guard.h>
#include <asm/hwdom.h>
#include <asm/lapic.h>
#include <asm/linux_boot.h>
#include <asm/multiboot.h>
#include <asm/npt.h>
#include <asm/percpu.h>
#include <asm/serial.h>
#include <asm/svm.h>
#include <asm/vmcb.h>

/* Nested page fault error code bits (EXITINFO1). */
#define NPF_PRESENT 1ULL
#define NPF_WRITE   2ULL

bool hwdom_configured;
struct hwdom_memmap hwdom_memmap;
static uint64_t image_start, image_end; /* the hypervisor's own image */
static unsigned int mmio_pages_mapped;

uint64_t hwdom_plan_memory(uint64_t dom0_mem, uint64_t hv_start, uint64_t hv_end, uint64_t limit)
{
	const struct hwdom_memmap_args a = {
		.host = boot_info.memmap,
		.nr_host = boot_info.nr_memmap,
		.dom0_mem = dom0_mem,
		.hv_start = hv_start,
		.hv_end = hv_end,
		.limit = limit,
	};
	const char *why = "?";

	if (hwdom_memmap_plan(&a, &hwdom_memmap, &why) < 0)
		panic("dom0: cannot split memory: %s", why);
	image_start = hv_start;
	image_end = hv_end;
	hwdom_configured = true;
	log_info("dom0: %llu MiB of RAM mapped 1:1; the hypervisor's pool starts at %#llx\n",
		 (unsigned long long)(hwdom_memmap.ram_bytes >> 20),
		 (unsigned long long)hwdom_memmap.pool_floor);
	return hwdom_memmap.pool_floor;
}

/* A copy in the pool of a string that lives in dom0's memory. */
static const char *pool_string(const char *s)
{
	size_t len = strnlen(s, BOOT_CMDLINE_MAX - 1);
	char *copy = xzalloc(len + 1);

	if (!copy)
		panic("dom0: no memory to keep the boot module names");
	memcpy(copy, s, len);
	return copy;
}

void hwdom_move_modules(void)
{
	for (unsigned int i = 0; i < boot_info.nr_modules; i++) {
		struct boot_module *m = &boot_info.modules[i];
		uint64_t bytes = m->end - m->start;
		uint64_t pfn;

		m->string = pool_string(m->string);
		if (m->start >= hwdom_memmap.pool_floor)
			continue;
		pfn = alloc_frames((bytes + PAGE_BYTES - 1) / PAGE_BYTES, 1);
		if (pfn == (uint64_t)-1)
			panic("dom0: no room in the pool for module %u (%llu KiB)", i,
			      (unsigned long long)(bytes >> 10));
		memcpy(phys_to_virt(pfn * PAGE_BYTES), phys_to_virt(m->start), bytes);
		m->start = pfn * PAGE_BYTES;
		m->end = m->start + bytes;
	}
}

/*
 * Whether the page at gpa holds RAM the hypervisor keeps: its image, the pool, anything above
 * the limit. Everything else, the partial RAM pages at the edges of dom0's map included, is
 * dom0's to use.
 */
static bool hypervisor_ram(uint64_t gpa)
{
	uint64_t page = gpa & ~0xfffULL;

	for (unsigned int i = 0; i < boot_info.nr_memmap; i++) {
		const struct boot_memmap_entry *e = &boot_info.memmap[i];
		uint64_t s = MAX(e->addr, page), end = MIN(e->addr + e->len, page + 4096);

		if (e->type != MEMMAP_RAM || s >= end)
			continue;
		if (end > hwdom_memmap.pool_floor || (s < image_end && end > image_start))
			return true;
	}
	return false;
}

static int map_ram(struct domain *d)
{
	for (unsigned int i = 0; i < hwdom_memmap.nr_ram; i++) {
		const struct hwdom_range *r = &hwdom_memmap.ram[i];
		int rc = npt_map(d, r->start >> 12, r->start >> 12, (r->end - r->start) >> 12,
				 NPT_RWX);

		if (rc < 0)
			return rc;
	}
	d->tot_pages = d->max_pages = hwdom_memmap.ram_bytes >> 12;
	return apic_guard_install(d);
}

/* The image is copied straight to its physical addresses: dom0 is mapped 1:1. */
static int load_kernel(const struct elf_image *elf)
{
	for (unsigned int i = 0; i < elf->nr_segments; i++) {
		const struct elf_segment *s = &elf->segments[i];
		uint8_t *dst = phys_to_virt(s->paddr);

		if (!hwdom_memmap_owns(&hwdom_memmap, s->paddr) ||
		    !hwdom_memmap_owns(&hwdom_memmap, s->paddr + s->memsz - 1))
			return -EINVAL;
		memcpy(dst, elf->data + s->offset, s->filesz);
		memset(dst + s->filesz, 0, s->memsz - s->filesz);
	}
	return 0;
}

static int write_boot_block(const struct linux_boot_layout *l, const struct hwdom_image *img,
			    const char *cmdline, const char **why)
{
	const struct linux_boot_args args = {
		.e820 = hwdom_memmap.e820,
		.nr_e820 = hwdom_memmap.nr_e820,
		.cmdline_addr = l->cmdline,
		.initrd_addr = l->initrd,
		.initrd_size = l->initrd_size,
		.acpi_rsdp_addr = acpi.rsdp_pa,
	};
	int rc;

	memset(phys_to_virt(l->boot_start), 0, l->boot_end - l->boot_start);
	rc = linux_boot_write_tables(phys_to_virt(l->tables), LINUX_BOOT_TABLES_SIZE, l->tables,
				     why);
	if (rc == 0)
		rc = linux_boot_write_cmdline(phys_to_virt(l->cmdline), l->cmdline_area, cmdline, 0,
					      why);
	if (rc == 0)
		rc = linux_boot_prepare(phys_to_virt(l->zero_page), &args, why);
	if (rc == 0 && img->initrd)
		memcpy(phys_to_virt(l->initrd), img->initrd, img->initrd_size);
	return rc;
}

static int plan(const struct hwdom_image *img, struct elf_image *elf, const char *cmdline,
		struct linux_boot_layout *l, const char **why)
{
	const struct linux_boot_plan_args a = {
		.kernel = elf,
		.e820 = hwdom_memmap.e820,
		.nr_e820 = hwdom_memmap.nr_e820,
		.cmdline = cmdline,
		.initrd_size = img->initrd ? img->initrd_size : 0,
	};
	int rc = elf_parse(elf, img->kernel, img->kernel_size, why);

	return rc < 0 ? rc : linux_boot_plan(&a, l, why);
}

struct domain *hwdom_build(const struct domain_spec *spec, const struct hwdom_image *img)
{
	static char cmdline[LINUX_CMDLINE_SIZE];
	struct linux_boot_layout l;
	struct elf_image elf;
	struct domain *d;
	const char *why = "?";
	int rc;

	if (spec->vcpus != 1) {
		log_err("domain %s: the hardware domain has one vCPU (CPU%d); vcpus=%u refused\n",
			spec->name, HWDOM_CPU, spec->vcpus);
		return NULL;
	}
	/*
	 * Linux must not look for the hypervisor's CPUs even where the MADT still lists them, nor
	 * probe port 0x10 for Xen's emulated-device unplug magic: on real chipsets that port may
	 * be a DMA controller's.
	 */
	snprintf(cmdline, sizeof(cmdline), "%s nr_cpus=1 xen_emul_unplug=never", img->cmdline);
	rc = plan(img, &elf, cmdline, &l, &why);
	if (rc < 0) {
		log_err("domain %s: cannot boot this kernel as Linux: %s\n", spec->name, why);
		return NULL;
	}
	d = domain_create(spec->name, 0, 1, true);
	if (!d) {
		log_err("domain %s: cannot create it (out of memory?)\n", spec->name);
		return NULL;
	}
	d->is_hardware = true;
	rc = map_ram(d);
	if (rc == 0)
		rc = load_kernel(&elf);
	if (rc == 0)
		rc = write_boot_block(&l, img, cmdline, &why);
	if (rc < 0) {
		log_err("domain %s: cannot load it: error %d (%s)\n", spec->name, rc, why);
		domain_discard(d);
		return NULL;
	}
	svm_vcpu_set_linux_entry(d->vcpus[0], &(struct svm_linux_entry){
						      .rip = l.entry,
						      .rsi = l.zero_page,
						      .cr3 = l.tables,
						      .gdt_base = l.gdt_base,
						      .gdt_limit = l.gdt_limit,
						      .cs = LINUX_BOOT_CS,
						      .ds = LINUX_BOOT_DS,
					      });
	svm_vcpu_make_hardware(d->vcpus[0]);
	d->vcpus[0]->initialised = true;
	acpi_hide_cpus_except(percpu_area[HWDOM_CPU].apic_id);
	log_info("d0 (%s): Linux entry %#llx, zero page %#llx, initrd %#llx (%llu KiB), command "
		 "line \"%s\"\n",
		 d->name, (unsigned long long)l.entry, (unsigned long long)l.zero_page,
		 (unsigned long long)l.initrd, (unsigned long long)(l.initrd_size >> 10), cmdline);
	return d;
}

void hwdom_npf(struct vcpu *v, uint64_t gpa, uint64_t code)
{
	struct domain *d = v->domain;
	uint64_t rip = v->arch.vmcb->save.rip;

	/*
	 * The APIC page is never mapped writable: stores are checked, and if a grant or foreign
	 * frame placed over it has gone, the read-only mapping comes back rather than a 1:1 one.
	 */
	if (apic_guard_covers(gpa)) {
		if (!(code & NPF_PRESENT)) {
			if (apic_guard_install(d) < 0)
				domain_crash(v, rip, "no memory to map its local APIC");
		} else if (code & NPF_WRITE) {
			apic_guard_store(v, gpa);
		} else {
			domain_crash(v, rip, "unexpected fault on its local APIC page");
		}
		return;
	}
	if (code & NPF_PRESENT) {
		domain_crash(v, rip, "write to read-only guest-physical page %#llx",
			     (unsigned long long)gpa);
		return;
	}
	/*
	 * Its own RAM comes back 1:1 where something else (shared_info, a grant) was mapped and
	 * is gone; other RAM is the hypervisor's.
	 */
	if (hypervisor_ram(gpa) || gpa >= NPT_MAX_GFN << 12) {
		domain_crash(v, rip, "access to %#llx, memory that is not its own (%s)",
			     (unsigned long long)gpa, code & NPF_WRITE ? "write" : "read");
		return;
	}
	/* Devices, firmware and holes are dom0's: map each page 1:1 when it is first used. */
	if (npt_map(d, gpa >> 12, gpa >> 12, 1, NPT_RWX) < 0) {
		domain_crash(v, rip, "no memory to map device page %#llx", (unsigned long long)gpa);
		return;
	}
	if (++mmio_pages_mapped % 256 == 0)
		log_debug("d0: %u device pages mapped\n", mmio_pages_mapped);
}

void hwdom_raise_upcall(struct vcpu *v)
{
	if (v->upcall_vector && vcpu_upcall_pending(v))
		lapic_send_ipi(percpu_area[v->cpu].apic_id, v->upcall_vector);
}
