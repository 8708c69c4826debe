/* Virtual-Access interfaces cloned from a Virtual-Template. */
#include "interface/vaccess.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "config/config.h"
#include "config/text.h"
#include "core/daemon.h"
#include "core/log.h"
#include "show/render.h"

#define VACCESS_TYPE "Virtual-Access"

bool vaccess_is(const struct iface *ifp)
{
	return if_type_rank(ifp->if_name) == if_type_rank(VACCESS_TYPE);
}

/* Whether a line of the template's block stays in the clone. */
static bool line_kept(const char *line, size_t len)
{
	static const char dest[] = " tunnel destination ";

	if (len == 0 || line[0] == '!' || strncmp(line, "interface ", 10) == 0)
		return false;
	return len < sizeof(dest) - 1 || strncmp(line, dest, sizeof(dest) - 1) != 0;
}

char *vaccess_derive(const char *tmpl, const char *name, struct in_addr dst)
{
	char *out = NULL, addr[INET_ADDRSTRLEN];
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);

	if (!f)
		return NULL;
	fprintf(f, "interface %s\n", name);
	for (const char *p = tmpl; *p;) {
		size_t len = strcspn(p, "\n");
		if (line_kept(p, len))
			fprintf(f, "%.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
	fprintf(f, " tunnel destination %s\n", inet_ntop(AF_INET, &dst, addr, sizeof(addr)));
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * Where the search for the lowest free number starts (IOS reuses the lowest
 * free Virtual-Access number): every Virtual-AccessK below nb_low is taken
 * in nb_cfg. A clone made moves it past its number, a clone going lowers
 * it, so a hub with thousands of peers does not look up every taken name
 * for each new one. Each candidate is still looked up, so a stale hint can
 * only cost a number, never a clash.
 */
static struct {
	const struct config *nb_cfg;
	unsigned nb_low;
} numbering = {NULL, 1};

static bool number_taken(const struct config *cfg, unsigned n)
{
	char name[IF_NAMELEN];

	snprintf(name, sizeof(name), VACCESS_TYPE "%u", n);
	return if_lookup(cfg, name) != NULL;
}

/* The hint, if it describes cfg: a configuration freed and another made at
 * its address (a reload, a test) fails the spot check of the ends. */
static unsigned search_start(const struct config *cfg)
{
	unsigned low = numbering.nb_low;

	if (numbering.nb_cfg != cfg || low < 2 || !number_taken(cfg, 1) || !number_taken(cfg, low - 1))
		return 1;
	return low;
}

static void free_name(const struct config *cfg, char *name, size_t len)
{
	unsigned n = search_start(cfg);

	while (number_taken(cfg, n))
		n++;
	snprintf(name, len, VACCESS_TYPE "%u", n);
	numbering.nb_cfg = cfg;
	numbering.nb_low = n + 1;
}

/* A clone going frees its number for the next peer (a lower hint is never wrong). */
static void number_freed(const struct config *cfg, const char *name)
{
	char *end;
	unsigned long n;

	if (numbering.nb_cfg != cfg || strncmp(name, VACCESS_TYPE, strlen(VACCESS_TYPE)) != 0)
		return;
	n = strtoul(name + strlen(VACCESS_TYPE), &end, 10);
	if (*end == '\0' && n > 0 && n < numbering.nb_low)
		numbering.nb_low = (unsigned)n;
}

/* A template line the clone did not take (an interface it cannot have): logged, the clone still comes up. */
static void load_problem(void *arg, const char *file, unsigned line, const char *msg)
{
	log_msg(SEV_WARN, "VTEMPLATE", "CLONE", "%s line %u: %s", file, line, msg);
}

static int load_clone(struct ferryd *d, const struct iface *tmpl, const char *name, struct in_addr dst)
{
	size_t len = 0;
	char *block = cfg_print_obj_string(d->fd_tree, if_print_block, tmpl, &len);
	char *text = block ? vaccess_derive(block, name, dst) : NULL;
	FILE *f = text ? fmemopen(text, strlen(text), "r") : NULL;

	if (f) {
		cfg_load_stream(d->fd_tree, d, d->fd_running, f, name, load_problem, NULL);
		fclose(f);
	}
	free(text);
	free(block);
	return if_lookup(d->fd_running, name) ? 0 : -1;
}

int vaccess_create(struct ferryd *d, unsigned vtemplate, struct in_addr dst, char *name, size_t len, const char **why)
{
	char tname[IF_NAMELEN];
	const struct iface *tmpl;

	snprintf(tname, sizeof(tname), "Virtual-Template%u", vtemplate);
	tmpl = if_lookup(d->fd_running, tname);
	if (!tmpl || !tmpl->if_type_tunnel) {
		*why = "the profile's virtual-template is not configured as \"type tunnel\"";
		return -1;
	}
	if (!name[0])
		free_name(d->fd_running, name, len);
	if (load_clone(d, tmpl, name, dst) < 0) {
		*why = "out of memory";
		return -1;
	}
	return 0;
}

void vaccess_delete(struct ferryd *d, const char *name)
{
	number_freed(d->fd_running, name); /* first: name may be the clone's own */
	if_delete(d->fd_running, name);
}

static void derived_text(struct cli_ctx *c, struct json_object *doc)
{
	const char *body = show_str(doc, "text");

	cli_printf(c, "Building configuration...\n\nDerived configuration : %zu bytes\n!\n", strlen(body));
	cli_write(c, body, strlen(body));
	cli_printf(c, "end\n\n");
}

int vaccess_show_derived(struct cli_ctx *c, const struct cli_args *a)
{
	const struct iface *ifp = if_lookup(cfg_of(c), cli_arg(a, "IFNAME"));
	struct json_object *doc;
	size_t len = 0;
	char *text;

	if (!ifp)
		return cli_fail(c, "Interface %s is not configured", cli_arg(a, "IFNAME"));
	if (!(text = cfg_print_obj_string(c->c_tree, if_print_block, ifp, &len)))
		return cli_fail(c, "Out of memory building the configuration");
	doc = json_object_new_object();
	json_object_object_add(doc, "interface", json_object_new_string(ifp->if_name));
	json_object_object_add(doc, "bytes", json_object_new_int64((int64_t)len));
	json_object_object_add(doc, "text", json_object_new_string_len(text, (int)len));
	free(text);
	show_render(c, "derived-config", doc, derived_text);
	return 0;
}
