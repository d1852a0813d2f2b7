// SPDX-License-Identifier: MIT
/* Publishing the host clock into a vCPU's pvclock record. */
#include <lamina/domain.h>
#include <lamina/pvclock.h>
#include <asm/cpu.h>
#include <asm/time.h>
#include <asm/vmcb.h>

void vcpu_time_update(struct vcpu *v)
{
	static uint32_t mul;
	static int8_t shift;
	uint64_t host_tsc, ns;

	if (!v->vcpu_info)
		return;
	if (mul == 0)
		pvclock_scale(tsc_khz * 1000, &mul, &shift);
	host_tsc = rdtsc();
	ns = now_ns_at(host_tsc);
	/* The guest reads its own TSC: host TSC plus the VMCB's offset. */
	pvclock_publish(&v->vcpu_info->time, host_tsc + v->arch.vmcb->control.tsc_offset, ns, mul,
			shift);
}
