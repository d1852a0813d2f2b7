# test_grant_entry races a granter thread against the claim; the entry is reached both as a
# struct and as its first word, as the hypervisor (built with -fno-strict-aliasing) does.
CFLAGS_grant_entry := -pthread -fno-strict-aliasing
