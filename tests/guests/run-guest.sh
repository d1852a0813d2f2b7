#!/usr/bin/env bash
# Boots test guests on Lamina in QEMU (TCG, -cpu qemu64,+svm,+npt) and judges the serial log.
#
# usage: run-guest.sh [options] GUEST.elf[:ARGS]...
#   -n NAME     name of the run; the log is saved as LOGDIR/NAME.log (default: first guest's name)
#   -L FILE     the hypervisor image (default: build/lamina at the top of the tree)
#   -D LOGDIR   where logs go (default: build/tests/guests/logs)
#   -a OPTIONS  hypervisor command line (default: none: the first guest is the initial domain)
#   -s DOMID    domain DOMID must print "Test result: SUCCESS" as its last line (repeatable)
#   -c DOMID    the hypervisor must report domain DOMID crashed (repeatable)
#   -e LINE     the log must contain exactly this line (repeatable)
#   -o D:TEXT   domain D's output, its lines joined (the hypervisor may break long lines),
#               must contain TEXT (repeatable)
#   -P TEXT     the hypervisor must panic with this message ("Panic on CPU N: TEXT"); without
#               -P, a panic fails the run
#   -C FLAGS    more -cpu flags after qemu64,+svm,+npt (e.g. +pdpe1gb)
#   -t SECONDS  timeout (default 60)
#   -b          benchmark: print the guest's "bench:" lines with the QEMU command line used
#   -p          plain QEMU, no hypervisor: the one guest boots directly and writes to port 0xE9
# Every guest becomes a multiboot module; ARGS after a colon is that module's command line.
# QEMU splits -initrd on commas, so neither paths nor ARGS may contain one.
# Exit status 0 when every expectation holds and QEMU ended by itself before the timeout.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
lamina=$top/build/lamina
logdir=$top/build/tests/guests/logs
name= hv_options= timeout=60 bench=0 plain=0 cpu_flags= expected_panic=
successes=() crashes=() lines=() outputs=()

usage() {
	sed -n '2,23s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

while getopts "n:L:D:a:s:c:e:o:P:C:t:bp" opt; do
	case $opt in
	n) name=$OPTARG ;;
	L) lamina=$OPTARG ;;
	D) logdir=$OPTARG ;;
	a) hv_options=$OPTARG ;;
	s) successes+=("$OPTARG") ;;
	c) crashes+=("$OPTARG") ;;
	e) lines+=("$OPTARG") ;;
	o) outputs+=("$OPTARG") ;;
	P) expected_panic=$OPTARG ;;
	C) cpu_flags=",${OPTARG#,}" ;;
	t) timeout=$OPTARG ;;
	b) bench=1 ;;
	p) plain=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
lamina=$(realpath -m "$lamina")

modules=()
for spec in "$@"; do
	file=$(realpath -m "${spec%%:*}")
	args=
	# Arguments follow the first colon; a spec without one is just a path (maybe relative).
	case $spec in *:*) args=${spec#*:} ;; esac
	if [ ! -f "$file" ]; then
		echo "error: guest image $file not found (build it with make -C tests/guests)"
		exit 1
	fi
	case $spec in
	*,*)
		echo "error: '$spec' contains a comma, which QEMU's -initrd would split"
		exit 1
		;;
	esac
	modules+=("$file${args:+ $args}")
done
[ -n "$name" ] || name=$(basename "${1%%:*}" .elf)
mkdir -p "$logdir"
log=$logdir/$name.log

qemu=(qemu-system-x86_64 -accel tcg -m 512 -nographic -no-reboot)
if [ $plain = 1 ]; then
	if [ ${#modules[@]} -ne 1 ]; then
		echo "error: -p boots exactly one guest"
		exit 2
	fi
	# QEMU loads PVH ELF files itself; 1 GiB pages on so the selftest covers that alias too.
	qemu+=(-cpu qemu64,+pdpe1gb -smp 1 -serial none -monitor none
	       -debugcon "file:$log" -device isa-debug-exit,iobase=0xf4,iosize=4
	       -kernel "${modules[0]}")
else
	if [ ! -f "$lamina" ]; then
		echo "FAIL: hypervisor image $lamina not found: build it first (make at the top of the tree)"
		exit 1
	fi
	initrd=$(IFS=,; echo "${modules[*]}")
	qemu+=(-cpu "qemu64,+svm,+npt$cpu_flags" -smp 2 -kernel "$lamina" -append "$hv_options"
	       -initrd "$initrd")
fi

quoted_command() {
	local arg out=
	for arg in "${qemu[@]}"; do
		case $arg in
		*[[:space:]]* | '') out+=" '$arg'" ;;
		*) out+=" $arg" ;;
		esac
	done
	echo "${out# }"
}

echo "run $name: $(quoted_command)"
start=$(date +%s.%N)
if [ $plain = 1 ]; then
	: >"$log"
	timeout -k 5 "$timeout" "${qemu[@]}" </dev/null >/dev/null 2>"$log.stderr"
else
	timeout -k 5 "$timeout" "${qemu[@]}" </dev/null >"$log" 2>"$log.stderr"
fi
status=$?
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
# The serial log has CRLF line ends; judge it without them.
sed -i 's/\r$//' "$log"

failed=0
fail() {
	echo "FAIL $name: $*"
	failed=1
}

if [ $status = 124 ] || [ $status = 137 ]; then
	fail "timed out after $timeout s (QEMU did not exit: the machine never powered off)"
elif [ $plain = 1 ]; then
	# isa-debug-exit turns the guest's verdict v into exit status 2v+1.
	[ $status = 1 ] || [ $status = 3 ] || fail "QEMU exited with status $status"
elif [ $status != 0 ]; then
	fail "QEMU exited with status $status"
fi
[ -s "$log.stderr" ] && sed 's/^/  qemu: /' "$log.stderr"
panic=$(grep -m1 -E '^\(XEN\) (Panic|Hypervisor fault)' "$log")
if [ -z "$expected_panic" ]; then
	[ -n "$panic" ] && fail "the hypervisor crashed: ${panic#(XEN) }"
elif [ -z "$panic" ]; then
	fail "the hypervisor did not panic (expected: $expected_panic)"
elif ! [[ $panic =~ ^\(XEN\)\ Panic\ on\ CPU\ [0-9]+:\ (.*)$ ]] ||
	[ "${BASH_REMATCH[1]}" != "$expected_panic" ]; then
	fail "the hypervisor panicked with '${panic#(XEN) }', expected '$expected_panic'"
fi

# The lines domain DOMID wrote, without the "(dN) " prefix ("" = the whole log, in plain mode).
domain_lines() {
	if [ $plain = 1 ]; then
		cat "$log"
	else
		sed -n "s/^(d$1) //p" "$log"
	fi
}

if [ $plain = 1 ]; then
	successes=(plain)
fi
for d in "${successes[@]}"; do
	last=$(domain_lines "$d" | tail -n 1)
	if [ "$last" != "Test result: SUCCESS" ]; then
		if domain_lines "$d" | grep -q '^Test result: FAILURE$'; then
			fail "d$d reported FAILURE"
		elif [ -z "$last" ]; then
			fail "d$d printed nothing"
		else
			fail "d$d did not end with 'Test result: SUCCESS' (last line: '$last')"
		fi
	fi
done
for d in "${crashes[@]}"; do
	# Lamina logs "d<N> crashed: <reason> rip=<hex>" for a domain it kills, and a guest that
	# asks for it shuts down with reason crash; either is a crash of domain d.
	if ! grep -Eq "^\(XEN\) d$d( crashed: |: shutdown: crash)" "$log"; then
		fail "no crash reported for d$d"
	fi
	if domain_lines "$d" | grep -q '^Test result: SUCCESS$'; then
		fail "d$d was meant to crash but reported SUCCESS"
	fi
done
# Containment means the others were running when the crash happened, not started afterwards.
if [ ${#crashes[@]} -gt 0 ]; then
	crash_line=$(grep -nE "^\(XEN\) d[0-9]+( crashed: |: shutdown: crash)" "$log" | head -n 1 | cut -d: -f1)
	for d in "${successes[@]}"; do
		[ -n "$crash_line" ] || break
		head -n "$crash_line" "$log" | grep -q "^(d$d) " ||
			fail "d$d wrote nothing before the crash: it was not running alongside"
	done
fi

for line in "${lines[@]}"; do
	grep -Fqx -- "$line" "$log" || fail "missing line: $line"
done
for spec in "${outputs[@]}"; do
	d=${spec%%:*} text=${spec#*:}
	domain_lines "$d" | tr -d '\n' | grep -Fq -- "$text" || fail "d$d never wrote: $text"
done

printf '%s: QEMU ran %.1f s; log %s\n' "$name" "$elapsed" "$log"
if [ $failed = 1 ]; then
	echo "--- FAIL lines and the end of the log:"
	grep -E '^(\(d[0-9]+\) )?FAIL' "$log" | head -n 40
	echo "---"
	tail -n 25 "$log"
fi
if [ $bench = 1 ]; then
	echo "QEMU: $(quoted_command)"
	grep -h 'bench:' "$log" | sed 's/^(d[0-9]*) //'
fi
exit $failed
