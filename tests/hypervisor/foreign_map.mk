# test_foreign_map: common/foreign_map.c over fakes of domains, the nested map and the heap (in
# the test itself); locks from host_asm/asm/spinlock.h, the rest of asm/ from the hypervisor.
CFLAGS_foreign_map := -DLAMINA_HOST_TEST -I $(CURDIR)/host_asm -I $(HV)/arch/x86/include
HV_SRCS_foreign_map := common/lib/string.c
