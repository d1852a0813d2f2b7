// SPDX-License-Identifier: MIT
/*
 * The CMOS real-time clock, read once at boot: the wall-clock time guests find in shared_info
 * (wc_sec/wc_nsec) is that moment plus the system time elapsed since.
 */
#include <lamina/calendar.h>
#include <lamina/console.h>
#include <asm/cpu.h>
#include <asm/rtc.h>

#define CMOS_INDEX	       0x70
#define CMOS_DATA	       0x71
#define RTC_SECONDS	       0x00
#define RTC_MINUTES	       0x02
#define RTC_HOURS	       0x04
#define RTC_DAY		       0x07
#define RTC_MONTH	       0x08
#define RTC_YEAR	       0x09
#define RTC_STATUS_A	       0x0a
#define RTC_STATUS_B	       0x0b
#define RTC_UPDATE_IN_PROGRESS 0x80
#define RTC_BINARY	       0x04
#define RTC_24HOUR	       0x02

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static unsigned int from_bcd(uint8_t v, bool binary)
{
	return binary ? v : (v >> 4) * 10 + (v & 0xf);
}

uint64_t rtc_read_epoch(void)
{
	uint8_t sec, min, hour, day, mon, year, status_b;
	bool binary, pm;
	unsigned int h;

	/* Wait out an update so the fields are read from one consistent second. */
	for (int i = 0; i < 100000 && (cmos_read(RTC_STATUS_A) & RTC_UPDATE_IN_PROGRESS); i++)
		cpu_relax();
	sec = cmos_read(RTC_SECONDS);
	min = cmos_read(RTC_MINUTES);
	hour = cmos_read(RTC_HOURS);
	day = cmos_read(RTC_DAY);
	mon = cmos_read(RTC_MONTH);
	year = cmos_read(RTC_YEAR);
	status_b = cmos_read(RTC_STATUS_B);
	binary = status_b & RTC_BINARY;
	pm = hour & 0x80;
	h = from_bcd(hour & 0x7f, binary);
	if (!(status_b & RTC_24HOUR))
		h = (h % 12) + (pm ? 12 : 0);
	if (from_bcd(mon, binary) < 1 || from_bcd(mon, binary) > 12 || from_bcd(day, binary) < 1) {
		log_warn("RTC reads an impossible date; wall clock starts at the epoch\n");
		return 0;
	}
	/* A two-digit year: this century, as every PC firmware means it. */
	return days_since_epoch(2000 + from_bcd(year, binary), from_bcd(mon, binary),
				from_bcd(day, binary)) *
		       86400 +
	       h * 3600 + from_bcd(min, binary) * 60 + from_bcd(sec, binary);
}
