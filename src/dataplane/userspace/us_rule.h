/*
 * The policy routing that brings a VRF's packets to its TUN and back: one
 * IPv4 rule per interface of the VRF (its LAN links and its TUN), "from
 * any iif DEV lookup TABLE", and one by the VRF's mark, "fwmark TABLE
 * lookup TABLE" (the kernel's ICMP errors for the VRF: us_mark.h), marked as ferryd's by protocol RTPROT_FERRY
 * (`ip rule show proto 241`) so that a sweep removes exactly these.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_RULE_H
#define FERRY_DATAPLANE_USERSPACE_US_RULE_H

#include <stdbool.h>
#include <stdint.h>

#include "dataplane/kernel/kn_sock.h"

#define US_RULE_PREF 1000 /* after the local table (0), before main (32766) */

/* Adds (add) or deletes the rule for packets in on iif; 0 or -errno (adding one that exists, deleting one
 * that does not: 0). */
int us_rule_iif(struct kn_sock *s, bool add, const char *iif, uint32_t table);
/* Adds or deletes the rule for packets of fwmark mark (not 0); 0 or -errno as us_rule_iif. */
int us_rule_mark(struct kn_sock *s, bool add, uint32_t mark, uint32_t table);
/* Deletes every IPv4 rule by input interface or mark of protocol RTPROT_FERRY; 0 or -errno. */
int us_rule_sweep(struct kn_sock *s);

#endif
