// SPDX-License-Identifier: MIT
/* printk, the console ring, guest console lines and panic. */
#include <lamina/console.h>
#include <lamina/console_ring.h>
#include <lamina/domain.h>
#include <lamina/lib.h>
#include <lamina/smp.h>
#include <asm/serial.h>
#include <asm/spinlock.h>
#include <asm/traps.h>

static spinlock_t console_lock = SPINLOCK_INIT;
static char ring_storage[CONFIG_CONSOLE_RING_SIZE * 1024];
static struct console_ring ring;
static int console_loglvl = CONFIG_LOG_LEVEL + LOGLVL_ERROR;
static bool at_line_start = true;

void console_init(void)
{
	console_ring_init(&ring, ring_storage, sizeof(ring_storage));
}

void console_set_loglvl(int loglvl)
{
	console_loglvl = loglvl;
}

/* Caller holds console_lock. Every message line gets the "(XEN) " prefix. */
static const char *find_newline(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n')
			return s + i;
	return NULL;
}

static void emit(const char *prefix, const char *s, size_t n, bool to_serial)
{
	while (n) {
		const char *nl = find_newline(s, n);
		size_t len = nl ? (size_t)(nl - s) + 1 : n;

		if (at_line_start) {
			console_ring_put(&ring, prefix, strlen(prefix));
			if (to_serial)
				serial_write(prefix, strlen(prefix));
		}
		console_ring_put(&ring, s, len);
		if (to_serial)
			serial_write(s, len);
		at_line_start = nl != NULL;
		s += len;
		n -= len;
	}
}

void vprintk(int level, const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	uint64_t flags;

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	flags = spin_lock_irqsave(&console_lock);
	emit("(XEN) ", buf, (size_t)n, level <= console_loglvl);
	spin_unlock_irqrestore(&console_lock, flags);
}

void printk(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(level, fmt, ap);
	va_end(ap);
}

size_t console_read_ring(uint32_t *index, char *out, size_t len)
{
	uint64_t flags = spin_lock_irqsave(&console_lock);
	size_t n = console_ring_read(&ring, index, out, len);

	spin_unlock_irqrestore(&console_lock, flags);
	return n;
}

static bool guest_char_printable(char c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t';
}

static void guest_line_flush(struct domain *d)
{
	char prefix[16];
	uint64_t flags;

	snprintf(prefix, sizeof(prefix), "(d%u) ", d->domid);
	d->console_line[d->console_len++] = '\n';
	flags = spin_lock_irqsave(&console_lock);
	if (!at_line_start)
		emit("", "\n", 1, true);
	emit(prefix, d->console_line, d->console_len, true);
	spin_unlock_irqrestore(&console_lock, flags);
	d->console_len = 0;
}

/*
 * Guest bytes are untrusted: control characters are dropped (no terminal escapes reach the
 * operator) and an overlong line is split rather than growing a buffer.
 */
void console_guest_write(struct domain *d, const char *s, size_t n)
{
	spin_lock(&d->console_lock);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			guest_line_flush(d);
			continue;
		}
		if (!guest_char_printable(s[i]))
			continue;
		d->console_line[d->console_len++] = s[i];
		if (d->console_len == sizeof(d->console_line) - 1)
			guest_line_flush(d);
	}
	spin_unlock(&d->console_lock);
}

void panic(const char *fmt, ...)
{
	static char buf[256];
	va_list ap;

	irq_disable();
	smp_stop_others();
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* The lock may be held by the CPU that panicked mid-print: take the console regardless. */
	console_lock = (spinlock_t)SPINLOCK_INIT;
	at_line_start = true;
	printk(LOGLVL_ERROR, "\n****************************************\n");
	printk(LOGLVL_ERROR, "Panic on CPU %u: %s\n", smp_processor_id(), buf);
	dump_backtrace(__builtin_frame_address(0));
	printk(LOGLVL_ERROR, "****************************************\n");
	machine_halt_or_reboot();
}
