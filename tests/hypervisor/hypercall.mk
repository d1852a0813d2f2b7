# test_hypercall_<op>: the hypercall handlers of hypervisor/common/hypercall/, unmodified, over the
# host fakes of hypercall_fakes.c. Every test links every handler file: dispatch.c refers to all
# the handlers and each handler to dispatch.c's hypercall_target_domain. The handlers include
# asm/ headers, and use the hypervisor's own string and format library (lamina_ prefixed here).
HYPERCALL_TESTS := console_io xen_version sched_op hvm_op memory_op vcpu_op dispatch
HYPERCALL_SRCS := $(addprefix common/hypercall/,$(addsuffix .c,console_io xen_version sched_op \
	hvm_op memory_op vcpu_op dispatch)) common/lib/string.c common/lib/format.c

$(foreach t,$(HYPERCALL_TESTS),\
	$(eval CFLAGS_hypercall_$(t) := -DLAMINA_HOST_TEST -I $(HV)/arch/x86/include)\
	$(eval HV_SRCS_hypercall_$(t) := $(HYPERCALL_SRCS))\
	$(eval TEST_SRCS_hypercall_$(t) := hypercall_fakes.c hypercall_stubs.c))
