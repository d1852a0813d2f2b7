# test_hypercall_domctl: domctl.c alone over the host fakes. The other hypercall tests link
# dispatch.c, which names every handler, and meet a failing do_domctl in hypercall_stubs.c; this
# one links the real handler and neither dispatch.c nor the stubs.
CFLAGS_hypercall_domctl    := -DLAMINA_HOST_TEST -I $(HV)/arch/x86/include
HV_SRCS_hypercall_domctl   := common/hypercall/domctl.c common/lib/string.c common/lib/format.c
TEST_SRCS_hypercall_domctl := hypercall_fakes.c
