// SPDX-License-Identifier: MIT
/* Arch-neutral start-up: the command line, then the boot-time domains. */
#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/lib.h>
#include <lamina/memory.h>
#include <lamina/pvh.h>
#include <lamina/sched.h>
#include <lamina/smp.h>
#include <lamina/setup.h>
#include <asm/hwdom.h>
#include <asm/multiboot.h>
#include <asm/serial.h>

char hypervisor_cmdline[1024];
struct boot_options boot_options;

static void warn_unknown(void *ctx, const char *token, size_t len)
{
	(void)ctx;
	log_warn("command line: '%.*s' is not an option Lamina knows; ignored\n", (int)len, token);
}

void setup_command_line(const char *loader_cmdline)
{
	char err[160];
	const char *cmdline = cmdline_skip_image_name(loader_cmdline);

	snprintf(hypervisor_cmdline, sizeof(hypervisor_cmdline), "%s", cmdline);
	log_info("command line: %s\n", hypervisor_cmdline);
	if (cmdline_parse(hypervisor_cmdline, &boot_options, err, sizeof(err), warn_unknown, NULL) <
	    0)
		panic("command line: %s", err);
	console_set_loglvl(boot_options.loglvl);
}

/* Module strings are "file-name kernel-arguments": the guest gets what follows the name. */
static const char *module_args(const struct boot_module *m)
{
	const char *s = m->string;

	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	return s;
}

static const struct boot_module *module(int index, const char *domain, const char *what)
{
	if (index < 0)
		return NULL;
	if ((unsigned int)index >= boot_info.nr_modules) {
		log_err("domain %s: %s module %d does not exist (%u modules given)\n", domain, what,
			index, boot_info.nr_modules);
		return NULL;
	}
	return &boot_info.modules[index];
}

static struct domain *build_one(const struct domain_spec *spec, domid_t domid)
{
	const struct boot_module *k = module(spec->kernel_module, spec->name, "kernel");
	const struct boot_module *r = module(spec->initrd_module, spec->name, "initrd");
	struct pvh_image img;

	if (!k || (spec->initrd_module >= 0 && !r))
		return NULL;
	if (spec->hardware)
		return hwdom_build(spec, &(struct hwdom_image){
						 .kernel = phys_to_virt(k->start),
						 .kernel_size = k->end - k->start,
						 .initrd = r ? phys_to_virt(r->start) : NULL,
						 .initrd_size = r ? r->end - r->start : 0,
						 .cmdline = module_args(k),
					 });
	img = (struct pvh_image){
		.kernel = phys_to_virt(k->start),
		.kernel_size = k->end - k->start,
		.initrd = r ? phys_to_virt(r->start) : NULL,
		.initrd_size = r ? r->end - r->start : 0,
		.cmdline = module_args(k),
	};
	return pvh_build(spec, domid, &img);
}

/* No domain= option: the first module alone, as the initial domain (Xen's dom0 convention). */
static void default_domain(void)
{
	struct domain_spec *s = &boot_options.domains[0];

	*s = (struct domain_spec){
		.kernel_module = 0, .initrd_module = -1, .vcpus = 1, .initial = true};
	snprintf(s->name, sizeof(s->name), "Domain-0");
	s->mem_bytes = boot_options.dom0_mem ? boot_options.dom0_mem : DOMAIN_MEM_DEFAULT;
	if (boot_info.nr_modules > 1)
		s->initrd_module = 1;
	boot_options.nr_domains = 1;
}

static void build_boot_domains(void)
{
	struct domain *built[CMDLINE_MAX_DOMAINS];
	unsigned int nr_built = 0;
	domid_t next_id = 1;

	if (boot_options.nr_domains == 0) {
		if (boot_info.nr_modules == 0)
			panic("no modules: nothing to run (give a guest kernel with -initrd)");
		default_domain();
	}
	for (unsigned int i = 0; i < boot_options.nr_domains; i++) {
		const struct domain_spec *spec = &boot_options.domains[i];
		struct domain *d;

		if (hwdom_configured && !spec->hardware && nr_cpus_online < 2) {
			log_err("domain %s: no CPU to run it: CPU0 is dom0's and there is no "
				"other\n",
				spec->name);
			continue;
		}
		d = build_one(spec, spec->initial ? 0 : next_id);

		if (!spec->initial)
			next_id++;
		if (!d) {
			if (spec->initial)
				panic("the initial domain %s could not be built", spec->name);
			continue;
		}
		have_initial_domain |= spec->initial;
		built[nr_built++] = d;
	}
	/* Module contents have been copied into the domains: the frames go back to the pool. */
	for (unsigned int i = 0; i < boot_info.nr_modules; i++)
		memory_release(boot_info.modules[i].start, boot_info.modules[i].end);
	if (nr_built == 0)
		panic("no domain could be built");
	if (hwdom_configured) {
		log_info(
			"COM1 is dom0's from now on: the hypervisor's log continues on its console "
			"ring and I/O port 0xe9\n");
		serial_hand_over();
	}
	for (unsigned int i = 0; i < nr_built; i++)
		domain_start(built[i]);
}

void start_lamina(void)
{
	build_boot_domains();
	scheduler_loop();
}
