# test_icr_policy: the hardware domain's IPI policy, in the x86 arch code.
CFLAGS_icr_policy := -DLAMINA_HOST_TEST -I $(HV)/arch/x86/include
HV_SRCS_icr_policy := arch/x86/icr_policy.c
