#!/usr/bin/env bash
# Prints the closing line of `make test` from the verdicts that run-test.sh recorded.
set -u
results=$1
pass=$(cat "$results"/*.result 2>/dev/null | grep -c '^PASS' || true)
fail=$(cat "$results"/*.result 2>/dev/null | grep -c '^FAIL' || true)
if [ "$fail" -gt 0 ]; then
	echo "failed tests:"
	grep -h '^FAIL' "$results"/*.result | sed 's/^FAIL /  /'
fi
echo "tests: $pass passed, $fail failed"
[ "$pass" -gt 0 ] && [ "$fail" -eq 0 ]
