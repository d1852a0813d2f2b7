# test_linux_boot: the Linux boot protocol pieces live in the x86 arch code, so name the file and
# its include directory; elf.c parses a real vmlinux when LAMINA_TEST_VMLINUX names one. The
# file uses the hypervisor's string library (lamina_ prefixed on the host).
CFLAGS_linux_boot := -DLAMINA_HOST_TEST -I $(HV)/arch/x86/include
HV_SRCS_linux_boot := arch/x86/linux_boot.c common/lib/string.c common/elf.c
