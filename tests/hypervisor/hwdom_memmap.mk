# test_hwdom_memmap: the RAM split between dom0 and the hypervisor lives in the x86 arch code.
CFLAGS_hwdom_memmap := -DLAMINA_HOST_TEST -I $(HV)/arch/x86/include
HV_SRCS_hwdom_memmap := arch/x86/hwdom_memmap.c common/lib/string.c
