// SPDX-License-Identifier: MIT
/* Powering the machine off and restarting it. */
#include <lamina/console.h>
#include <lamina/smp.h>
#include <asm/acpi.h>
#include <asm/cpu.h>
#include <asm/time.h>

#define RESET_CONTROL_PORT 0xcf9
#define KBD_COMMAND_PORT   0x64

static __attribute__((noreturn)) void stop_here(void)
{
	for (;;) {
		irq_disable();
		halt();
	}
}

void machine_power_off(void)
{
	irq_disable();
	smp_stop_others();
	log_info("powering off\n");
	acpi_power_off();
	udelay(100000);
	log_err("ACPI power-off did not take effect; halting\n");
	stop_here();
}

void machine_restart(void)
{
	irq_disable();
	smp_stop_others();
	log_info("restarting\n");
	outb(RESET_CONTROL_PORT, 0x02);
	outb(RESET_CONTROL_PORT, 0x06); /* full reset */
	udelay(50000);
	outb(KBD_COMMAND_PORT, 0xfe); /* pulse the reset line */
	udelay(50000);
	/* Last resort: a triple fault with an empty IDT. */
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) empty = {0, 0};
	asm volatile("lidt %0; int3" ::"m"(empty));
	stop_here();
}

/* Xen's behaviour after a panic: restart, so that an unattended machine comes back. */
void machine_halt_or_reboot(void)
{
	machine_restart();
}
