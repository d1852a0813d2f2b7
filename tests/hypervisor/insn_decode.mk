# test_insn_decode: the store decoder behind the hardware domain's APIC guard (x86 arch code).
CFLAGS_insn_decode := -DLAMINA_HOST_TEST -I $(HV)/arch/x86/include
HV_SRCS_insn_decode := arch/x86/insn_decode.c
