/* SPDX-License-Identifier: MIT */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H

#include <stdbool.h>
#include <stdint.h>

struct acpi_info {
	uint64_t rsdp_pa;
	unsigned int nr_cpus;
	uint32_t cpu_apic_ids[CONFIG_MAX_CPUS];
	unsigned int nr_cpus_ignored; /* enabled CPUs beyond CONFIG_MAX_CPUS */
	uint16_t pm1a_cnt_port;
	uint16_t slp_typ_s5;
	bool have_s5;
};

extern struct acpi_info acpi;

/* Finds the tables through the BIOS areas; false if there is no valid RSDP. */
bool acpi_init(void);
/* Removes every processor but keep_apic_id from the firmware's MADT, in place. */
void acpi_hide_cpus_except(uint32_t keep_apic_id);
/* Enters S5 if the firmware described it; returns if that did not power the machine off. */
void acpi_power_off(void);

#endif
