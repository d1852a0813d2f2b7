# test_timer: common/timer.c over host fakes of the arch hooks (in the test itself); its locks come
# from host_asm/asm/spinlock.h, since the hypervisor's save and clear the interrupt flag.
CFLAGS_timer := -I $(CURDIR)/host_asm
# The freestanding check compiles timer.c as the hypervisor does, with the arch headers.
FREESTANDING += -I $(HV)/arch/x86/include
