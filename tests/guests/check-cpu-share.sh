#!/usr/bin/env bash
# Runs the cpu_share guests (the command after LOG) and judges their shares from LOG: the domain
# with weight 768 (d3) must have run between 2 and 4.5 times as long as the one with weight 256
# (d1) on the CPU they share. The ideal is 3; a busy host blurs it, but alike for both.
#
# usage: check-cpu-share.sh LOG run-guest.sh ARGS...
set -uo pipefail
log=$1
shift
"$@" || exit 1
share() { sed -n "s/^(d$1) .*ran \([0-9]*\)% of .*/\1/p" "$log" | head -n 1; }
light=$(share 1) heavy=$(share 3)
if [ -z "$light" ] || [ -z "$heavy" ] || [ "$light" -eq 0 ]; then
	echo "FAIL cpu_share: no share figures for d1 and d3 in $log"
	exit 1
fi
# Integer ratio in hundredths.
ratio=$((heavy * 100 / light))
echo "cpu_share: d3 (weight 768) ran ${heavy}%, d1 (weight 256) ran ${light}%: ratio $((ratio / 100)).$(printf %02d $((ratio % 100)))"
if [ "$ratio" -lt 200 ] || [ "$ratio" -gt 450 ]; then
	echo "FAIL cpu_share: the ratio of shares is outside 2..4.5 (weights 768:256 ask for 3)"
	exit 1
fi
