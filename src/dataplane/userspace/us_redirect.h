/*
 * A VRF LAN's IPv4 kept from the kernel's IP stack by a tc filter on the
 * LAN link's ingress (qdisc clsact, cls_bpf in direct action, for every
 * protocol: one for IPv4 never sees a tagged packet, not even a priority
 * tag's): dropped once the link's packet rings took it (us_lan_ring.h), or
 * redirected to the egress of the VRF's TUN, where the workers read it (a
 * GSO packet always: the kernel cuts there what the TUN cannot take).
 * Routed by the kernel instead (an ip rule into the VRF's table), it would
 * lose a hop of TTL there and owe its ICMP errors from an address outside
 * the VRF. ARP still reaches the kernel, and so does a VLAN's packet (a tag
 * with a VLAN id: its VLAN's link may be in another VRF); a priority tag
 * (VLAN id 0) is the LAN's own traffic.
 * ferryd's filters are those at priority US_REDIRECT_PREF (`tc
 * filter show dev DEV ingress pref 241`), so that a sweep removes exactly
 * these; the clsact qdisc stays (empty, it changes nothing).
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_REDIRECT_H
#define FERRY_DATAPLANE_USERSPACE_US_REDIRECT_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>

#include "dataplane/kernel/kn_sock.h"

#define US_REDIRECT_PREF 241

/*
 * lan's incoming untagged IPv4 kept from the kernel's stack (replacing
 * ferryd's filter there): with rings (us_lan_ring.h), what they took is
 * dropped and GSO packets, which they leave alone, go to TUN tun (the
 * kernel cuts there what the TUN does not take: tunnelled GSO, ECN);
 * without, everything goes to tun. 0 or -errno.
 */
int us_redirect_set(struct kn_sock *s, const char *lan, const char *tun, bool rings);
/* Runs the eBPF program insns[0..n) (direct action) on dev's incoming IPv4 (replacing ferryd's filter there); 0 or
 * -errno. */
int us_redirect_prog(struct kn_sock *s, const char *dev, const struct bpf_insn *insns, size_t n);
/* Removes ferryd's filter from lan; 0 (also when it had none, or lan is gone) or -errno. */
int us_redirect_del(struct kn_sock *s, const char *lan);
/* Removes ferryd's filter from every link; 0 or -errno. */
int us_redirect_sweep(struct kn_sock *s);

#endif
