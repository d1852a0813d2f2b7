#!/usr/bin/env bash
# Runs the message-parser fuzzer for SECONDS from a seed corpus of valid requests.
# usage: fuzz.sh BUILD_DIR SECONDS
set -eu
out=$1 secs=$2
corpus=$out/fuzz-corpus
mkdir -p "$corpus"
# Seeds: one well-formed request of each kind (header + payload), chunked for client 0.
seed() { # seed NAME TYPE PAYLOAD(printf format)
	python3 - "$corpus/$1" "$2" "$3" <<'PY'
import struct, sys
path, typ, payload = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode().decode('unicode_escape').encode('latin1')
msg = struct.pack('<IIII', typ, 1, 0, len(payload)) + payload
out = b''
for i in range(0, len(msg), 9):
    chunk = msg[i:i + 9]
    out += bytes([((len(chunk) - 1) // 8) << 1]) + chunk
open(path, 'wb').write(out)
PY
}
seed write 11 '/a/b\0value'
seed read 2 '/a/b\0'
seed mkdir 12 '/a/c\0'
seed rm 13 '/a\0'
seed dir 1 '/\0'
seed dirpart 22 '/\0000\0'
seed perms 14 '/a\0r0\0b5\0'
seed watch 4 '/a\0tok\0'
seed txn 6 '\0'
seed control 0 'quota\0nodes\0003\0'
seed introduce 8 '3\0004660\0005\0'
"$out/fuzz_parser" -max_total_time="$secs" -max_len=8192 -print_final_stats=1 "$corpus" 2>&1 |
	tail -n 12
