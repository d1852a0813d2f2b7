/* SPDX-License-Identifier: MIT */
/* The AMD SVM Virtual Machine Control Block (APM vol. 2, appendix B). */
#ifndef ASM_VMCB_H
#define ASM_VMCB_H

#include <stdint.h>

/* Intercept vector 3 (offset 0x00c). */
#define INTERCEPT_INTR	    (1U << 0)
#define INTERCEPT_NMI	    (1U << 1)
#define INTERCEPT_SMI	    (1U << 2)
#define INTERCEPT_INIT	    (1U << 3)
#define INTERCEPT_RDPMC	    (1U << 15)
#define INTERCEPT_CPUID	    (1U << 18)
#define INTERCEPT_INVD	    (1U << 22)
#define INTERCEPT_HLT	    (1U << 24)
#define INTERCEPT_IOIO_PROT (1U << 27)
#define INTERCEPT_MSR_PROT  (1U << 28)
#define INTERCEPT_SHUTDOWN  (1U << 31)
/* Intercept vector 4 (offset 0x010). */
#define INTERCEPT_VMRUN	  (1U << 0)
#define INTERCEPT_VMMCALL (1U << 1)
#define INTERCEPT_VMLOAD  (1U << 2)
#define INTERCEPT_VMSAVE  (1U << 3)
#define INTERCEPT_STGI	  (1U << 4)
#define INTERCEPT_CLGI	  (1U << 5)
#define INTERCEPT_SKINIT  (1U << 6)
#define INTERCEPT_RDTSCP  (1U << 7)
#define INTERCEPT_ICEBP	  (1U << 8)
#define INTERCEPT_MONITOR (1U << 10)
#define INTERCEPT_MWAIT	  (1U << 11)
#define INTERCEPT_XSETBV  (1U << 13)

#define VINTR_MASKING	      (1ULL << 24)
#define TLB_CONTROL_FLUSH_ALL 1

#define EVENTINJ_VALID	   (1ULL << 31)
#define EVENTINJ_ERR_VALID (1ULL << 11)
#define EVENTINJ_TYPE_INTR (0ULL << 8)
#define EVENTINJ_TYPE_NMI  (2ULL << 8)
#define EVENTINJ_TYPE_EXC  (3ULL << 8)

/* Exit codes (low 32 bits of EXITCODE). */
#define VMEXIT_EXCP_BASE 0x040
#define VMEXIT_INTR	 0x060
#define VMEXIT_NMI	 0x061
#define VMEXIT_SMI	 0x062
#define VMEXIT_INIT	 0x063
#define VMEXIT_RDPMC	 0x06f
#define VMEXIT_CPUID	 0x072
#define VMEXIT_INVD	 0x076
#define VMEXIT_HLT	 0x078
#define VMEXIT_IOIO	 0x07b
#define VMEXIT_MSR	 0x07c
#define VMEXIT_SHUTDOWN	 0x07f
#define VMEXIT_VMRUN	 0x080
#define VMEXIT_VMMCALL	 0x081
#define VMEXIT_VMLOAD	 0x082
#define VMEXIT_VMSAVE	 0x083
#define VMEXIT_STGI	 0x084
#define VMEXIT_CLGI	 0x085
#define VMEXIT_SKINIT	 0x086
#define VMEXIT_RDTSCP	 0x087
#define VMEXIT_ICEBP	 0x088
#define VMEXIT_MONITOR	 0x08a
#define VMEXIT_MWAIT	 0x08b
#define VMEXIT_XSETBV	 0x08d
#define VMEXIT_NPF	 0x400
#define VMEXIT_INVALID	 0xffffffffU

/* IOIO exit information (EXITINFO1). */
#define IOIO_TYPE_IN	(1U << 0)
#define IOIO_STR	(1U << 2)
#define IOIO_REP	(1U << 3)
#define IOIO_SIZE_SHIFT 4
#define IOIO_PORT_SHIFT 16

struct vmcb_segment {
	uint16_t selector;
	uint16_t attrib; /* access byte in bits 0-7, then AVL, L, D/B, G in bits 8-11 */
	uint32_t limit;
	uint64_t base;
};

struct vmcb_control {
	uint32_t intercept_cr;
	uint32_t intercept_dr;
	uint32_t intercept_exceptions;
	uint32_t intercept_misc1;
	uint32_t intercept_misc2;
	uint32_t intercept_misc3;
	uint8_t reserved_018[0x03c - 0x018];
	uint16_t pause_filter_threshold;
	uint16_t pause_filter_count;
	uint64_t iopm_base_pa;
	uint64_t msrpm_base_pa;
	uint64_t tsc_offset;
	uint32_t asid;
	uint8_t tlb_control;
	uint8_t reserved_05d[3];
	uint64_t vintr;
	uint64_t interrupt_shadow;
	uint64_t exitcode;
	uint64_t exitinfo1;
	uint64_t exitinfo2;
	uint64_t exitintinfo;
	uint64_t np_enable;
	uint64_t avic_apic_bar;
	uint64_t ghcb_pa;
	uint64_t eventinj;
	uint64_t n_cr3;
	uint64_t lbr_virt_enable;
	uint32_t clean_bits;
	uint32_t reserved_0c4;
	uint64_t next_rip;
	uint8_t insn_len;
	uint8_t insn_bytes[15];
	uint8_t reserved_0e0[0x400 - 0x0e0];
};

struct vmcb_save {
	struct vmcb_segment es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr;
	uint8_t reserved_4a0[0x4cb - 0x4a0];
	uint8_t cpl;
	uint32_t reserved_4cc;
	uint64_t efer;
	uint8_t reserved_4d8[0x548 - 0x4d8];
	uint64_t cr4;
	uint64_t cr3;
	uint64_t cr0;
	uint64_t dr7;
	uint64_t dr6;
	uint64_t rflags;
	uint64_t rip;
	uint8_t reserved_580[0x5d8 - 0x580];
	uint64_t rsp;
	uint8_t reserved_5e0[0x5f8 - 0x5e0];
	uint64_t rax;
	uint64_t star;
	uint64_t lstar;
	uint64_t cstar;
	uint64_t sfmask;
	uint64_t kernel_gs_base;
	uint64_t sysenter_cs;
	uint64_t sysenter_esp;
	uint64_t sysenter_eip;
	uint64_t cr2;
	uint8_t reserved_648[0x668 - 0x648];
	uint64_t g_pat;
	uint64_t dbgctl;
	uint64_t br_from;
	uint64_t br_to;
	uint64_t last_excp_from;
	uint64_t last_excp_to;
};

struct vmcb {
	struct vmcb_control control;
	struct vmcb_save save;
	uint8_t reserved_tail[0x1000 - 0x400 - sizeof(struct vmcb_save)];
};

_Static_assert(sizeof(struct vmcb_control) == 0x400, "VMCB control area");
_Static_assert(__builtin_offsetof(struct vmcb_control, exitcode) == 0x070, "exitcode");
_Static_assert(__builtin_offsetof(struct vmcb_control, n_cr3) == 0x0b0, "n_cr3");
_Static_assert(__builtin_offsetof(struct vmcb_control, next_rip) == 0x0c8, "next_rip");
_Static_assert(__builtin_offsetof(struct vmcb_save, cpl) == 0x0cb, "cpl");
_Static_assert(__builtin_offsetof(struct vmcb_save, efer) == 0x0d0, "efer");
_Static_assert(__builtin_offsetof(struct vmcb_save, cr4) == 0x148, "cr4");
_Static_assert(__builtin_offsetof(struct vmcb_save, rip) == 0x178, "rip");
_Static_assert(__builtin_offsetof(struct vmcb_save, rsp) == 0x1d8, "rsp");
_Static_assert(__builtin_offsetof(struct vmcb_save, rax) == 0x1f8, "rax");
_Static_assert(__builtin_offsetof(struct vmcb_save, cr2) == 0x240, "cr2");
_Static_assert(__builtin_offsetof(struct vmcb_save, g_pat) == 0x268, "g_pat");
_Static_assert(sizeof(struct vmcb) == 0x1000, "VMCB is one page");

#endif
