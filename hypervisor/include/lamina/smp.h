/* SPDX-License-Identifier: MIT */
#ifndef LAMINA_SMP_H
#define LAMINA_SMP_H

#include <stdbool.h>

extern unsigned int nr_cpus_online;

unsigned int smp_processor_id(void);
/* Stops every other CPU (panic, machine shutdown). */
void smp_stop_others(void);
/* Makes `cpu` leave guest context and look at its run queue. */
void smp_kick(unsigned int cpu);

__attribute__((noreturn)) void machine_power_off(void);
__attribute__((noreturn)) void machine_restart(void);
/* After a panic: reboot unless the command line said noreboot. */
__attribute__((noreturn)) void machine_halt_or_reboot(void);

#endif
