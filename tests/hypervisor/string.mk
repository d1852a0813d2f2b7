# test_string: the library's functions take the lamina_ prefix on the host (see lamina/lib.h).
CFLAGS_string := -DLAMINA_HOST_TEST
