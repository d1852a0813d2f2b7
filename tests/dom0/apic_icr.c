// SPDX-License-Identifier: MIT
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "apic_icr.h"

#define APIC_PAGE_SIZE 4096

void hypervisor_signature(char sig[13])
{
	unsigned int eax, regs[3];

	__cpuid(0x40000000, eax, regs[0], regs[1], regs[2]);
	(void)eax;
	memcpy(sig, regs, 12);
	sig[12] = '\0';
}

static sigjmp_buf store_fault;
static volatile sig_atomic_t fault_signo;

static void on_store_fault(int signo)
{
	fault_signo = signo;
	siglongjmp(store_fault, 1);
}

/* The one instruction form Linux itself uses for APIC writes (mov r32 -> m32), so that a
 * hypervisor decoding the access sees nothing unusual. */
static void apic_write(volatile void *reg, uint32_t value)
{
	asm volatile("movl %1, %0" : "=m"(*(volatile uint32_t *)reg) : "r"(value) : "memory");
}

/* Both stores under temporary SIGSEGV/SIGBUS handlers: a refusal by fault is a result too. */
static void write_icr(volatile uint8_t *apic, uint32_t apic_id, uint32_t low, bool *faulted,
		      int *signo)
{
	struct sigaction catch = {.sa_handler = on_store_fault}, old_segv, old_bus;

	sigemptyset(&catch.sa_mask);
	sigaction(SIGSEGV, &catch, &old_segv);
	sigaction(SIGBUS, &catch, &old_bus);
	*faulted = false;
	if (sigsetjmp(store_fault, 1) == 0) {
		apic_write(apic + APIC_ICR_HIGH, apic_id << ICR_DEST_SHIFT);
		apic_write(apic + APIC_ICR_LOW, low);
	} else {
		*faulted = true;
		*signo = fault_signo;
	}
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
}

long icr_send(const char *mem_path, uint64_t apic_base, uint32_t apic_id, uint32_t low,
	      bool *faulted, int *signo)
{
	void *apic;
	long rc = 0;
	int fd = open(mem_path, O_RDWR | O_SYNC);

	if (fd == -1)
		return -errno;
	apic = mmap(NULL, APIC_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)apic_base);
	if (apic == MAP_FAILED) {
		rc = -errno;
	} else {
		write_icr(apic, apic_id, low, faulted, signo);
		munmap(apic, APIC_PAGE_SIZE);
	}
	close(fd);
	return rc;
}
