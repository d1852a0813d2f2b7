/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor command-line parser (syntax in lamina/cmdline.h). Every token is checked in full:
 * an option of ours with a bad value stops the boot with a message naming it, because starting
 * a domain with a half-understood configuration is worse than not starting it.
 */
#include <lamina/cmdline.h>
#include <lamina/errno.h>

#define ERR_TOKEN_MAX 40 /* longest piece of the command line quoted in an error */

struct span {
	const char *s;
	size_t len;
};

struct parser {
	struct boot_options *opts;
	char *err;
	size_t errlen, errused;
	struct span context; /* "domain=NAME" while inside a domain= option */
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool span_is(struct span sp, const char *word)
{
	size_t i = 0;

	for (; i < sp.len; i++)
		if (word[i] != sp.s[i])
			return false;
	return word[i] == '\0';
}

static struct span span_of(const char *s)
{
	size_t len = 0;

	while (s[len])
		len++;
	return (struct span){s, len};
}

/* Splits "key=value" at the first '='; has_value is false when there is none. */
static void split_key(struct span item, struct span *key, struct span *value, bool *has_value)
{
	size_t i = 0;

	while (i < item.len && item.s[i] != '=')
		i++;
	*key = (struct span){item.s, i};
	*has_value = i < item.len;
	*value = *has_value ? (struct span){item.s + i + 1, item.len - i - 1} : (struct span){};
}

/* --- error messages ------------------------------------------------------------------------ */

static void err_putc(struct parser *ps, char c)
{
	if (ps->errused + 1 < ps->errlen) {
		ps->err[ps->errused++] = c;
		ps->err[ps->errused] = '\0';
	}
}

static void err_puts(struct parser *ps, const char *s)
{
	while (*s)
		err_putc(ps, *s++);
}

/* Quotes a piece of the untrusted command line: printable ASCII only, bounded in length. */
static void err_quote(struct parser *ps, struct span sp)
{
	size_t n = sp.len < ERR_TOKEN_MAX ? sp.len : ERR_TOKEN_MAX;

	for (size_t i = 0; i < n; i++)
		err_putc(ps, sp.s[i] >= 0x20 && sp.s[i] < 0x7f ? sp.s[i] : '?');
	if (n < sp.len)
		err_puts(ps, "...");
}

static void err_number(struct parser *ps, uint64_t v)
{
	char digits[20];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		err_putc(ps, digits[--n]);
}

/* "<context>: <item>: <reason>", where context and item may be empty. Returns -EINVAL. */
static int fail(struct parser *ps, struct span item, const char *reason)
{
	if (ps->context.len) {
		err_quote(ps, ps->context);
		err_puts(ps, ": ");
	}
	if (item.len) {
		err_quote(ps, item);
		err_puts(ps, ": ");
	}
	err_puts(ps, reason);
	return -EINVAL;
}

static int fail_range(struct parser *ps, struct span item, uint64_t min, uint64_t max)
{
	fail(ps, item, "out of range ");
	err_number(ps, min);
	err_puts(ps, "..");
	err_number(ps, max);
	return -EINVAL;
}

/* --- values -------------------------------------------------------------------------------- */

/*
 * Leading decimal digits only: no sign, no blanks, no base prefix. *used says where they end.
 * False when there is no digit or the number does not fit 64 bits.
 */
static bool parse_decimal(struct span sp, size_t *used, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	for (; i < sp.len && is_digit(sp.s[i]); i++) {
		unsigned int d = (unsigned int)(sp.s[i] - '0');

		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*used = i;
	*out = v;
	return i > 0;
}

static int parse_number(struct parser *ps, struct span item, struct span value, uint64_t min,
			uint64_t max, uint64_t *out)
{
	size_t used;

	if (!parse_decimal(value, &used, out) || used != value.len)
		return fail(ps, item, "not a decimal number");
	if (*out < min || *out > max)
		return fail_range(ps, item, min, max);
	return 0;
}

static const struct size_suffix {
	char upper, lower;
	unsigned int shift;
} size_suffixes[] = {
	{'K', 'k', 10},
	{'M', 'm', 20},
	{'G', 'g', 30},
	{'T', 't', 40},
};

/* SIZE: a number of bytes, 1 MiB..1 TiB in whole pages. */
static int parse_mem_size(struct parser *ps, struct span item, struct span value, uint64_t *out)
{
	const char *what = "not a size (a number with an optional K, M, G or T suffix)";
	unsigned int shift = 0;
	size_t used;
	uint64_t v;

	if (!parse_decimal(value, &used, &v))
		return fail(ps, item, what);
	if (used + 1 == value.len) {
		for (size_t i = 0; i < sizeof(size_suffixes) / sizeof(size_suffixes[0]); i++)
			if (value.s[used] == size_suffixes[i].upper ||
			    value.s[used] == size_suffixes[i].lower)
				shift = size_suffixes[i].shift;
		if (!shift)
			return fail(ps, item, what);
	} else if (used != value.len) {
		return fail(ps, item, what);
	}
	if (v > (DOMAIN_MEM_MAX >> shift) || (v << shift) < DOMAIN_MEM_MIN)
		return fail(ps, item, "out of range 1M..1T");
	v <<= shift;
	if (v & 0xfff)
		return fail(ps, item, "not a multiple of 4K");
	*out = v;
	return 0;
}

/* --- domain= ------------------------------------------------------------------------------- */

enum domain_key_bit {
	KEY_KERNEL = 1 << 0,
	KEY_INITRD = 1 << 1,
	KEY_MEM = 1 << 2,
	KEY_VCPUS = 1 << 3,
	KEY_INITIAL = 1 << 4,
	KEY_WEIGHT = 1 << 5,
	KEY_HARDWARE = 1 << 6,
};

static int module_index(struct parser *ps, struct span item, struct span value, int *out)
{
	uint64_t idx;
	int rc = parse_number(ps, item, value, 0, CMDLINE_MAX_MODULE, &idx);

	if (!rc)
		*out = (int)idx;
	return rc;
}

static int domain_kernel(struct parser *ps, struct domain_spec *d, struct span item,
			 struct span value)
{
	return module_index(ps, item, value, &d->kernel_module);
}

static int domain_initrd(struct parser *ps, struct domain_spec *d, struct span item,
			 struct span value)
{
	return module_index(ps, item, value, &d->initrd_module);
}

static int domain_mem(struct parser *ps, struct domain_spec *d, struct span item, struct span value)
{
	return parse_mem_size(ps, item, value, &d->mem_bytes);
}

static int domain_vcpus(struct parser *ps, struct domain_spec *d, struct span item,
			struct span value)
{
	uint64_t n;
	int rc = parse_number(ps, item, value, 1, CONFIG_MAX_VCPUS, &n);

	if (!rc)
		d->vcpus = (unsigned int)n;
	return rc;
}

/* The scheduler's share: a slice of CONFIG_TIMESLICE_MS * weight / 256, as Xen's credit weights. */
static int domain_weight(struct parser *ps, struct domain_spec *d, struct span item,
			 struct span value)
{
	uint64_t n;
	int rc = parse_number(ps, item, value, 1, 65535, &n);

	if (!rc)
		d->weight = (unsigned int)n;
	return rc;
}

static int domain_initial(struct parser *ps, struct domain_spec *d, struct span item,
			  struct span value)
{
	(void)value;
	for (unsigned int i = 0; i < ps->opts->nr_domains; i++) {
		if (ps->opts->domains[i].initial) {
			fail(ps, item, "only one domain can be initial; already ");
			err_quote(ps, span_of(ps->opts->domains[i].name));
			return -EINVAL;
		}
	}
	d->initial = true;
	return 0;
}

/*
 * The hardware domain is the initial domain booted as Linux with the machine's devices: it
 * takes the initial role too, so it excludes any other initial domain.
 */
static int domain_hardware(struct parser *ps, struct domain_spec *d, struct span item,
			   struct span value)
{
	int rc = d->initial ? 0 : domain_initial(ps, d, item, value);

	if (!rc)
		d->hardware = true;
	return rc;
}

static const struct domain_key {
	const char *name;
	unsigned int bit;
	bool takes_value;
	int (*parse)(struct parser *ps, struct domain_spec *d, struct span item, struct span value);
} domain_keys[] = {
	{"kernel", KEY_KERNEL, true, domain_kernel},
	{"initrd", KEY_INITRD, true, domain_initrd},
	{"mem", KEY_MEM, true, domain_mem},
	{"vcpus", KEY_VCPUS, true, domain_vcpus},
	{"initial", KEY_INITIAL, false, domain_initial},
	{"weight", KEY_WEIGHT, true, domain_weight},
	{"hardware", KEY_HARDWARE, false, domain_hardware},
};

static int domain_item(struct parser *ps, struct domain_spec *d, unsigned int *seen,
		       struct span item)
{
	const struct domain_key *k = NULL;
	struct span key, value;
	bool has_value;

	if (!item.len)
		return fail(ps, item, "empty item (stray comma)");
	split_key(item, &key, &value, &has_value);
	for (size_t i = 0; i < sizeof(domain_keys) / sizeof(domain_keys[0]); i++)
		if (span_is(key, domain_keys[i].name))
			k = &domain_keys[i];
	if (!k)
		return fail(ps, item,
			    "unknown key (kernel, initrd, mem, vcpus, initial, weight, hardware)");
	if (*seen & k->bit)
		return fail(ps, item, "given twice");
	*seen |= k->bit;
	if (k->takes_value && !has_value)
		return fail(ps, item, "needs a value");
	if (!k->takes_value && has_value)
		return fail(ps, item, "takes no value");
	return k->parse(ps, d, item, value);
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' ||
	       c == '-';
}

static int domain_name(struct parser *ps, struct domain_spec *d, struct span name)
{
	const struct span none = {};

	if (name.len == 0 || name.len >= DOMAIN_NAME_MAX)
		return fail(ps, none, "bad name: use 1-31 of A-Z a-z 0-9 _ -");
	for (size_t i = 0; i < name.len; i++)
		if (!is_name_char(name.s[i]))
			return fail(ps, none, "bad name: use 1-31 of A-Z a-z 0-9 _ -");
	for (unsigned int i = 0; i < ps->opts->nr_domains; i++)
		if (span_is(name, ps->opts->domains[i].name))
			return fail(ps, none, "name used twice");
	for (size_t i = 0; i < name.len; i++)
		d->name[i] = name.s[i];
	d->name[name.len] = '\0';
	return 0;
}

/* Returns the next comma-separated item of *rest and advances it. */
static struct span next_item(struct span *rest, bool *last)
{
	size_t i = 0;
	struct span item;

	while (i < rest->len && rest->s[i] != ',')
		i++;
	item = (struct span){rest->s, i};
	*last = i == rest->len;
	if (!*last)
		*rest = (struct span){rest->s + i + 1, rest->len - i - 1};
	return item;
}

static int parse_domain(struct parser *ps, struct span token, struct span value)
{
	const struct span none = {};
	struct boot_options *opts = ps->opts;
	struct domain_spec *d;
	unsigned int seen = 0;
	bool last;
	struct span name = next_item(&value, &last);
	int rc;

	/* Errors inside quote "domain=NAME" as the user wrote it. */
	ps->context = (struct span){token.s, (size_t)(name.s + name.len - token.s)};
	if (opts->nr_domains == CMDLINE_MAX_DOMAINS) {
		fail(ps, none, "too many domains (at most ");
		err_number(ps, CMDLINE_MAX_DOMAINS);
		err_puts(ps, ")");
		return -EINVAL;
	}
	d = &opts->domains[opts->nr_domains];
	*d = (struct domain_spec){
		.kernel_module = -1,
		.initrd_module = -1,
		.mem_bytes = DOMAIN_MEM_DEFAULT,
		.vcpus = 1,
	};
	rc = domain_name(ps, d, name);
	while (!rc && !last)
		rc = domain_item(ps, d, &seen, next_item(&value, &last));
	if (rc)
		return rc;
	if (!(seen & KEY_KERNEL))
		return fail(ps, none, "kernel=IDX missing");
	if (d->initrd_module == d->kernel_module)
		return fail(ps, none, "initrd and kernel are the same module");
	opts->nr_domains++;
	ps->context = none;
	return 0;
}

/* --- top-level options --------------------------------------------------------------------- */

static const char *const loglvl_names[] = {
	[LOGLVL_NONE] = "none", [LOGLVL_ERROR] = "error", [LOGLVL_WARNING] = "warning",
	[LOGLVL_INFO] = "info", [LOGLVL_DEBUG] = "debug", [LOGLVL_ALL] = "all",
};

const char *cmdline_loglvl_name(int loglvl)
{
	if (loglvl < 0 || (size_t)loglvl >= sizeof(loglvl_names) / sizeof(loglvl_names[0]))
		return "?";
	return loglvl_names[loglvl];
}

static bool level_of(struct span word, int *level)
{
	for (size_t i = 0; i < sizeof(loglvl_names) / sizeof(loglvl_names[0]); i++) {
		if (span_is(word, loglvl_names[i])) {
			*level = (int)i;
			return true;
		}
	}
	return false;
}

/* Xen's loglvl=X/Y sets X for ordinary messages and Y for guest-caused ones; we have one level. */
static int parse_loglvl(struct parser *ps, struct span token, struct span value)
{
	struct span first = value, second = {};
	bool has_second = false;
	int level, guest_level;

	for (size_t i = 0; i < value.len && !has_second; i++) {
		if (value.s[i] == '/') {
			first.len = i;
			second = (struct span){value.s + i + 1, value.len - i - 1};
			has_second = true;
		}
	}
	if (!level_of(first, &level) || (has_second && !level_of(second, &guest_level)))
		return fail(ps, token, "unknown level (none|error|warning|info|debug|all)");
	ps->opts->loglvl = level;
	return 0;
}

static int parse_dom0_mem(struct parser *ps, struct span token, struct span value)
{
	return parse_mem_size(ps, token, value, &ps->opts->dom0_mem);
}

static const struct top_option {
	const char *key;
	int (*parse)(struct parser *ps, struct span token, struct span value);
} top_options[] = {
	{"loglvl", parse_loglvl},
	{"dom0_mem", parse_dom0_mem},
	{"domain", parse_domain},
};

static const struct top_option *find_option(struct span token)
{
	struct span key, value;
	bool has_value;

	split_key(token, &key, &value, &has_value);
	for (size_t i = 0; has_value && i < sizeof(top_options) / sizeof(top_options[0]); i++)
		if (span_is(key, top_options[i].key))
			return &top_options[i];
	return NULL;
}

int cmdline_parse(const char *cmdline, struct boot_options *opts, char *err, size_t errlen,
		  void (*unknown)(void *ctx, const char *token, size_t len), void *ctx)
{
	struct parser ps = {.opts = opts, .err = err, .errlen = err ? errlen : 0};
	const char *p = cmdline ? cmdline : "";

	*opts = (struct boot_options){.loglvl = LOGLVL_ERROR + CONFIG_LOG_LEVEL};
	if (ps.errlen)
		err[0] = '\0';

	for (;;) {
		const struct top_option *opt;
		struct span token;
		size_t key_len;
		int rc;

		while (is_blank(*p))
			p++;
		if (!*p)
			return 0;
		token.s = p;
		while (*p && !is_blank(*p))
			p++;
		token.len = (size_t)(p - token.s);

		opt = find_option(token);
		if (!opt) {
			opts->nr_unknown++;
			if (unknown)
				unknown(ctx, token.s, token.len);
			continue;
		}
		key_len = span_of(opt->key).len + 1; /* with the '=' */
		rc = opt->parse(&ps, token, (struct span){token.s + key_len, token.len - key_len});
		if (rc)
			return rc;
	}
}

const char *cmdline_skip_image_name(const char *cmdline)
{
	const char *p = cmdline;

	while (is_blank(*p))
		p++;
	for (const char *q = p; *q && !is_blank(*q); q++)
		if (*q == '=')
			return cmdline;
	while (*p && !is_blank(*p))
		p++;
	return p;
}
