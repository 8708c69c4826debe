/*
 * A VRF LAN's IPv4 handed straight to its VRF's TUN, the kernel's IP stack
 * bypassed: a tc filter on the LAN link's ingress (qdisc clsact), u32
 * matching every IPv4 packet, action mirred redirecting it to the TUN's
 * egress, where the workers read it. Routed by the kernel instead (an ip
 * rule into the VRF's table), it would lose a hop of TTL there and owe its
 * ICMP errors from an address outside the VRF. ARP still reaches the
 * kernel. ferryd's filters are those at priority US_REDIRECT_PREF (`tc
 * filter show dev DEV ingress pref 241`), so that a sweep removes exactly
 * these; the clsact qdisc stays (empty, it changes nothing).
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_REDIRECT_H
#define FERRY_DATAPLANE_USERSPACE_US_REDIRECT_H

#include <linux/bpf.h>
#include <stddef.h>

#include "dataplane/kernel/kn_sock.h"

#define US_REDIRECT_PREF 241

/* Redirects lan's incoming IPv4 to TUN tun (replacing ferryd's filter there); 0 or -errno. */
int us_redirect_set(struct kn_sock *s, const char *lan, const char *tun);
/*
 * Drops lan's incoming untagged IPv4, which its packet rings took before tc
 * saw it (us_lan_ring.h), so that the kernel's stack never routes it
 * (replacing ferryd's filter there); 0 or -errno.
 */
int us_redirect_take(struct kn_sock *s, const char *lan);
/* Runs the eBPF program insns[0..n) (direct action) on dev's incoming IPv4 (replacing ferryd's filter there); 0 or
 * -errno. */
int us_redirect_prog(struct kn_sock *s, const char *dev, const struct bpf_insn *insns, size_t n);
/* Removes ferryd's filter from lan; 0 (also when it had none, or lan is gone) or -errno. */
int us_redirect_del(struct kn_sock *s, const char *lan);
/* Removes ferryd's filter from every link; 0 or -errno. */
int us_redirect_sweep(struct kn_sock *s);

#endif
