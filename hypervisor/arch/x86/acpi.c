// SPDX-License-Identifier: MIT
/*
 * Just enough ACPI: the MADT lists the CPUs to bring up, the FADT and the DSDT's \_S5 object say
 * how to power off. Tables come from firmware; lengths and checksums are still checked so that a
 * damaged table is skipped with a message instead of being walked off its end.
 */
#include <lamina/console.h>
#include <lamina/lib.h>
#include <asm/acpi.h>
#include <asm/cpu.h>

struct acpi_info acpi;

struct rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t ext_checksum;
	uint8_t reserved[3];
} __attribute__((packed));

struct sdt_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __attribute__((packed));

#define MADT_LAPIC	     0
#define MADT_X2APIC	     9
#define MADT_LAPIC_ENABLED   (1U << 0)
#define FADT_DSDT_OFFSET     40
#define FADT_PM1A_CNT_OFFSET 64
#define FADT_X_DSDT_OFFSET   140
#define AML_PACKAGE_OP	     0x12
#define AML_BYTE_PREFIX	     0x0a
#define AML_ZERO_OP	     0x00
#define AML_ONE_OP	     0x01
#define PM1_SLP_EN	     (1U << 13)
#define PM1_SLP_TYP_SHIFT    10
/* Tables live in the identity-mapped first 4 GiB on every machine we boot on. */
#define ACPI_ADDR_LIMIT 0x100000000ULL

static bool checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += b[i];
	return sum == 0;
}

static const struct rsdp *rsdp_scan(uint64_t start, uint64_t len)
{
	for (uint64_t a = start; a + sizeof(struct rsdp) <= start + len; a += 16) {
		const struct rsdp *r = (const void *)a;

		if (memcmp(r->signature, "RSD PTR ", 8) == 0 && checksum_ok(r, 20))
			return r;
	}
	return NULL;
}

static const struct sdt_header *table_at(uint64_t pa)
{
	const struct sdt_header *h = (const void *)pa;

	if (pa == 0 || pa + sizeof(*h) > ACPI_ADDR_LIMIT || h->length < sizeof(*h) ||
	    pa + h->length > ACPI_ADDR_LIMIT)
		return NULL;
	if (!checksum_ok(h, h->length)) {
		log_warn("ACPI: table %.4s at %llx has a bad checksum; ignored\n", h->signature,
			 (unsigned long long)pa);
		return NULL;
	}
	return h;
}

static const struct sdt_header *find_table(const struct rsdp *r, const char *sig)
{
	bool use_xsdt = r->revision >= 2 && r->xsdt;
	const struct sdt_header *root = table_at(use_xsdt ? r->xsdt : r->rsdt);
	size_t entry_size = use_xsdt ? 8 : 4;

	if (!root)
		return NULL;
	for (size_t off = sizeof(*root); off + entry_size <= root->length; off += entry_size) {
		uint64_t pa = 0;
		const struct sdt_header *t;

		memcpy(&pa, (const uint8_t *)root + off, entry_size);
		t = table_at(pa);
		if (t && memcmp(t->signature, sig, 4) == 0)
			return t;
	}
	return NULL;
}

static void parse_madt(const struct sdt_header *madt)
{
	const uint8_t *p =
		(const uint8_t *)madt + sizeof(*madt) + 8; /* skip LAPIC address, flags */
	const uint8_t *end = (const uint8_t *)madt + madt->length;

	while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
		if (p[0] == MADT_LAPIC && p[1] >= 8) {
			uint32_t flags;

			memcpy(&flags, p + 4, 4);
			if (flags & MADT_LAPIC_ENABLED) {
				if (acpi.nr_cpus < CONFIG_MAX_CPUS)
					acpi.cpu_apic_ids[acpi.nr_cpus++] = p[3];
				else
					acpi.nr_cpus_ignored++;
			}
		}
		p += p[1];
	}
}

/* Reads the first element of the \_S5 package: SLP_TYPa. Only the simple encodings occur. */
static void parse_s5(const struct sdt_header *dsdt)
{
	const uint8_t *p = (const uint8_t *)dsdt + sizeof(*dsdt);
	const uint8_t *end = (const uint8_t *)dsdt + dsdt->length;

	for (; p + 8 <= end; p++) {
		const uint8_t *q;

		if (memcmp(p, "_S5_", 4) != 0 || p[4] != AML_PACKAGE_OP)
			continue;
		q = p + 5;
		q += ((*q >> 6) & 3) + 1; /* PkgLength: lead byte plus 0-3 more bytes */
		q++;			  /* NumElements */
		if (q + 2 > end)
			return;
		if (*q == AML_BYTE_PREFIX) {
			acpi.slp_typ_s5 = q[1];
		} else if (*q == AML_ZERO_OP || *q == AML_ONE_OP) {
			acpi.slp_typ_s5 = *q;
		} else {
			return;
		}
		acpi.have_s5 = true;
		return;
	}
}

static void parse_fadt(const struct sdt_header *fadt)
{
	const uint8_t *f = (const uint8_t *)fadt;
	uint32_t pm1a = 0, dsdt32 = 0;
	uint64_t dsdt = 0;
	const struct sdt_header *d;

	if (fadt->length < FADT_PM1A_CNT_OFFSET + 4)
		return;
	memcpy(&pm1a, f + FADT_PM1A_CNT_OFFSET, 4);
	memcpy(&dsdt32, f + FADT_DSDT_OFFSET, 4);
	dsdt = dsdt32;
	if (fadt->length >= FADT_X_DSDT_OFFSET + 8) {
		uint64_t x;

		memcpy(&x, f + FADT_X_DSDT_OFFSET, 8);
		if (x)
			dsdt = x;
	}
	if (pm1a > 0xffff)
		return;
	acpi.pm1a_cnt_port = (uint16_t)pm1a;
	d = table_at(dsdt);
	if (d)
		parse_s5(d);
}

bool acpi_init(void)
{
	uint64_t ebda = (uint64_t)(*(volatile uint16_t *)0x40e) << 4;
	const struct rsdp *r = NULL;
	const struct sdt_header *t;

	if (ebda >= 0x80000 && ebda < 0xa0000)
		r = rsdp_scan(ebda, 1024);
	if (!r)
		r = rsdp_scan(0xe0000, 0x20000);
	if (!r)
		return false;
	acpi.rsdp_pa = (uint64_t)r;
	t = find_table(r, "APIC");
	if (t)
		parse_madt(t);
	t = find_table(r, "FACP");
	if (t)
		parse_fadt(t);
	return true;
}

/* Whether a MADT entry is a processor the hardware domain must not see. */
static bool foreign_cpu_entry(const uint8_t *p, uint32_t keep_apic_id)
{
	uint32_t x2apic_id;

	if (p[0] == MADT_LAPIC && p[1] >= 8)
		return p[3] != keep_apic_id;
	if (p[0] == MADT_X2APIC && p[1] >= 16) {
		memcpy(&x2apic_id, p + 4, 4);
		return x2apic_id != keep_apic_id;
	}
	return false;
}

static void fix_checksum(struct sdt_header *t)
{
	uint8_t sum = 0;

	t->checksum = 0;
	for (uint32_t i = 0; i < t->length; i++)
		sum += ((const uint8_t *)t)[i];
	t->checksum = (uint8_t)-sum;
}

/*
 * The MADT the hardware domain reads is the firmware's own, edited in place: the other CPUs'
 * entries are cut out (later entries move up, the length shrinks, the checksum is redone), so
 * that Linux neither counts nor tries to start them.
 */
void acpi_hide_cpus_except(uint32_t keep_apic_id)
{
	struct sdt_header *madt =
		acpi.rsdp_pa
			? (struct sdt_header *)find_table((const struct rsdp *)acpi.rsdp_pa, "APIC")
			: NULL;
	uint8_t *p, *end;
	unsigned int removed = 0;

	if (!madt)
		return;
	p = (uint8_t *)madt + sizeof(*madt) + 8;
	end = (uint8_t *)madt + madt->length;
	while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
		uint8_t len = p[1];

		if (!foreign_cpu_entry(p, keep_apic_id)) {
			p += len;
			continue;
		}
		memmove(p, p + len, (size_t)(end - (p + len)));
		end -= len;
		madt->length -= len;
		removed++;
	}
	fix_checksum(madt);
	log_info("ACPI: %u CPU entries removed from the MADT dom0 reads\n", removed);
}

void acpi_power_off(void)
{
	if (!acpi.have_s5 || !acpi.pm1a_cnt_port)
		return;
	outw(acpi.pm1a_cnt_port, (uint16_t)((acpi.slp_typ_s5 << PM1_SLP_TYP_SHIFT) | PM1_SLP_EN));
}
