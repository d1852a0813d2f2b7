# test_format: the library's functions take the lamina_ prefix on the host (see lamina/lib.h);
# format.c uses strlen/strnlen from string.c.
CFLAGS_format := -DLAMINA_HOST_TEST
HV_SRCS_format := common/lib/string.c
