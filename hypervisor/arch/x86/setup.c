// SPDX-License-Identifier: MIT
/* The boot CPU's path from long mode to the scheduler. */
#include <lamina/cmdline.h>
#include <lamina/console.h>
#include <lamina/lib.h>
#include <lamina/memory.h>
#include <lamina/sched.h>
#include <lamina/setup.h>
#include <asm/acpi.h>
#include <asm/cpu.h>
#include <asm/hwdom.h>
#include <asm/lapic.h>
#include <asm/multiboot.h>
#include <asm/percpu.h>
#include <asm/serial.h>
#include <asm/svm.h>
#include <asm/time.h>
#include <asm/traps.h>

/* Boot page tables map the first 4 GiB; RAM above is not used yet. */
#define MAPPED_LIMIT (4ULL << 30)
#define MAX_PFN	     (MAPPED_LIMIT >> 12)
#define LOW_MEMORY   0x100000ULL

extern uint8_t _start[], _end[];
void percpu_init(unsigned int cpu, uint32_t apic_id);
void smp_boot(void);
void arch_start(uint32_t magic, uint32_t mbi);

static uint64_t frame_bitmap[MAX_PFN / 64];

/*
 * The BIOS leaves the 8259 PICs delivering IRQ 0-7 on vectors 8-15, on top of CPU exceptions.
 * Move them out of the way (0x20-0x2f) before masking every line, so that even a spurious
 * IRQ 7 cannot look like a double fault.
 */
static void legacy_pic_disable(void)
{
	static const uint8_t init[][2] = {
		{0x20, 0x11}, {0xa0, 0x11}, /* ICW1: edge, cascade, ICW4 follows */
		{0x21, 0x20}, {0xa1, 0x28}, /* ICW2: vector bases */
		{0x21, 0x04}, {0xa1, 0x02}, /* ICW3: slave on IRQ 2 */
		{0x21, 0x01}, {0xa1, 0x01}, /* ICW4: 8086 mode */
		{0x21, 0xff}, {0xa1, 0xff}, /* OCW1: mask everything */
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(init); i++)
		outb(init[i][0], init[i][1]);
}

static const struct domain_spec *hardware_domain_spec(void)
{
	for (unsigned int i = 0; i < boot_options.nr_domains; i++)
		if (boot_options.domains[i].hardware)
			return &boot_options.domains[i];
	return NULL;
}

static void memory_setup(void)
{
	uint64_t ignored = 0, pool_floor = LOW_MEMORY;

	memory_init_pool(frame_bitmap, MAX_PFN);
	/* With a hardware domain the pool is only what lies above dom0's share. */
	if (hardware_domain_spec()) {
		uint64_t floor = hwdom_plan_memory(boot_options.dom0_mem, (uint64_t)_start,
						   (uint64_t)_end, MAPPED_LIMIT);

		pool_floor = MAX(pool_floor, floor);
	}
	for (unsigned int i = 0; i < boot_info.nr_memmap; i++) {
		const struct boot_memmap_entry *e = &boot_info.memmap[i];
		uint64_t start = e->addr, end = e->addr + e->len;

		if (e->type != MEMMAP_RAM || end <= start)
			continue;
		if (end > MAPPED_LIMIT) {
			ignored += end - MAX(start, MAPPED_LIMIT);
			end = MAPPED_LIMIT;
		}
		start = MAX(start, pool_floor);
		if (start < end)
			memory_release(start, end);
	}
	/* Claims are made after releases so that nothing in use can slip back into the pool. */
	memory_claim(0, LOW_MEMORY);
	memory_claim((uint64_t)_start, (uint64_t)_end);
	memory_claim(boot_info.mbi_start, boot_info.mbi_end);
	for (unsigned int i = 0; i < boot_info.nr_modules; i++)
		memory_claim(boot_info.modules[i].start, boot_info.modules[i].end);
	if (hwdom_configured)
		hwdom_move_modules();
	if (ignored)
		log_warn("%llu MiB of RAM above 4 GiB is not used yet\n",
			 (unsigned long long)(ignored >> 20));
	log_info("memory: %llu MiB free for domains and the hypervisor\n",
		 (unsigned long long)(free_frame_count() >> 8));
}

void arch_start(uint32_t magic, uint32_t mbi)
{
	int rc;

	serial_init();
	console_init();
	percpu_init(0, 0);
	traps_init_cpu();
	legacy_pic_disable();
	log_info("Lamina hypervisor starting (Xen 4.17 guest ABI)\n");
	rc = multiboot_parse(magic, mbi);
	if (rc < 0)
		panic("cannot read the boot loader's information (%d)", rc);
	setup_command_line(boot_info.cmdline);
	memory_setup();
	time_init();
	if (!acpi_init())
		log_warn("no ACPI tables found: one CPU, no power-off\n");
	lapic_init_cpu();
	percpu_area[0].apic_id = lapic_id();
	lapic_calibrate();
	svm_init_cpu();
	sched_init();
	smp_boot();
	start_lamina();
}
