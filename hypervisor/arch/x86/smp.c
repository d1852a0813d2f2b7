// SPDX-License-Identifier: MIT
/* Per-CPU areas, bringing up the application processors, IPIs between CPUs. */
#include <lamina/console.h>
#include <lamina/lib.h>
#include <lamina/sched.h>
#include <lamina/smp.h>
#include <asm/acpi.h>
#include <asm/boot.h>
#include <asm/cpu.h>
#include <asm/lapic.h>
#include <asm/percpu.h>
#include <asm/svm.h>
#include <asm/time.h>
#include <asm/traps.h>

struct percpu percpu_area[CONFIG_MAX_CPUS];
unsigned int nr_cpus_online;
static uint8_t cpu_stacks[CONFIG_MAX_CPUS][STACK_SIZE] __attribute__((aligned(4096)));

extern uint8_t trampoline_start[], trampoline_end[];
extern uint64_t trampoline_cr3, trampoline_stack, trampoline_entry;
extern uint8_t boot_pml4[];

unsigned int smp_processor_id(void)
{
	return this_cpu()->cpu_id;
}

void percpu_init(unsigned int cpu, uint32_t apic_id);
void percpu_init(unsigned int cpu, uint32_t apic_id)
{
	struct percpu *p = &percpu_area[cpu];

	p->self = p;
	p->cpu_id = cpu;
	p->apic_id = apic_id;
	p->stack_top = (uint64_t)&cpu_stacks[cpu][STACK_SIZE];
	wrmsr(MSR_GS_BASE, (uint64_t)p);
}

static volatile unsigned int ap_booting;

static __attribute__((noreturn)) void ap_entry(void)
{
	unsigned int cpu = ap_booting;

	percpu_init(cpu, lapic_id());
	traps_init_cpu();
	lapic_init_cpu();
	svm_init_cpu();
	__atomic_store_n(&percpu_area[cpu].online, true, __ATOMIC_RELEASE);
	scheduler_loop();
}

static bool start_ap(unsigned int cpu, uint32_t apic_id)
{
	trampoline_stack = (uint64_t)&cpu_stacks[cpu][STACK_SIZE];
	trampoline_entry = (uint64_t)ap_entry;
	trampoline_cr3 = (uint64_t)boot_pml4;
	ap_booting = cpu;
	memcpy((void *)TRAMPOLINE_BASE, trampoline_start,
	       (size_t)(trampoline_end - trampoline_start));

	lapic_send_init(apic_id);
	udelay(10000);
	for (int i = 0; i < 2; i++) {
		lapic_send_sipi(apic_id, TRAMPOLINE_BASE >> 12);
		udelay(200);
	}
	for (int ms = 0; ms < 1000; ms++) {
		if (__atomic_load_n(&percpu_area[cpu].online, __ATOMIC_ACQUIRE))
			return true;
		udelay(1000);
	}
	return false;
}

void smp_boot(void);
void smp_boot(void)
{
	uint32_t bsp = lapic_id();

	percpu_area[0].online = true;
	nr_cpus_online = 1;
	for (unsigned int i = 0; i < acpi.nr_cpus; i++) {
		uint32_t apic_id = acpi.cpu_apic_ids[i];

		if (apic_id == bsp)
			continue;
		if (start_ap(nr_cpus_online, apic_id))
			nr_cpus_online++;
		else
			log_err("CPU with APIC id %u did not come up; continuing without it\n",
				apic_id);
	}
	if (acpi.nr_cpus_ignored)
		log_warn("%u CPUs beyond CONFIG_MAX_CPUS=%d left offline\n", acpi.nr_cpus_ignored,
			 CONFIG_MAX_CPUS);
	log_info("%u CPUs online\n", nr_cpus_online);
}

void smp_kick(unsigned int cpu)
{
	if (cpu != smp_processor_id() && percpu_area[cpu].online)
		lapic_send_ipi(percpu_area[cpu].apic_id, VECTOR_KICK);
}

void smp_stop_others(void)
{
	unsigned int self = smp_processor_id();

	for (unsigned int i = 0; i < nr_cpus_online; i++)
		if (i != self && percpu_area[i].online)
			lapic_send_ipi(percpu_area[i].apic_id, VECTOR_STOP);
}

void arch_vcpu_leave_cpu(struct vcpu *v)
{
	struct percpu *cpu = this_cpu();

	/* The registers may hold v's FPU state; it is about to be freed, so just forget it. */
	if (cpu->fpu_owner == v)
		cpu->fpu_owner = NULL;
}
