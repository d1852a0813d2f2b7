/* SPDX-License-Identifier: MIT */
/* Boot-time state shared between the arch entry code and the arch-neutral start-up. */
#ifndef LAMINA_SETUP_H
#define LAMINA_SETUP_H

#include <lamina/cmdline.h>

/* The hypervisor's command line as the boot loader gave it. */
extern char hypervisor_cmdline[1024];
extern struct boot_options boot_options;

/* Parses the loader's command line (its first word is our image name) and applies loglvl=. */
void setup_command_line(const char *loader_cmdline);

/* Arch-neutral start-up once CPUs, memory and SVM are ready on the boot CPU. */
__attribute__((noreturn)) void start_lamina(void);

#endif
