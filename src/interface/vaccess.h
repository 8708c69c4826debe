/*
 * Virtual-Access interfaces: the per-peer clones of a Virtual-Template that
 * an IKEv2 FlexVPN hub makes ("virtual-template N" in the IKEv2 profile).
 * A clone gets the template's configuration as its block prints (ip
 * unnumbered, nhrp, mpls, tunnel source, mode and protection) and the
 * peer's address as its tunnel destination; it lives in the running
 * configuration while the peer's SA is up (shows list it) and goes with it.
 */
#ifndef FERRY_INTERFACE_VACCESS_H
#define FERRY_INTERFACE_VACCESS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

#include "interface/iface.h"

struct ferryd;

bool vaccess_is(const struct iface *ifp);
/*
 * The configuration of a clone named name from the template's printed block
 * tmpl: the same lines under "interface NAME", the template's tunnel
 * destination replaced by dst. Malloc'd; NULL if out of memory.
 */
char *vaccess_derive(const char *tmpl, const char *name, struct in_addr dst);
/*
 * Clones Virtual-TemplateN for the peer at dst into the running
 * configuration under name, or (name "") the lowest free Virtual-AccessK,
 * written into name. -1 with why.
 */
int vaccess_create(struct ferryd *d, unsigned vtemplate, struct in_addr dst, char *name, size_t len, const char **why);
/* Removes a clone from the running configuration (nothing if it is gone). */
void vaccess_delete(struct ferryd *d, const char *name);

struct cli_ctx;
struct cli_args;
/*
 * "show derived-config interface IFNAME" (IOS): the configuration in effect
 * on the interface, through its printer. A Virtual-Access's is what it was
 * cloned with: the template's lines and its tunnel destination.
 */
int vaccess_show_derived(struct cli_ctx *c, const struct cli_args *a);

#endif
