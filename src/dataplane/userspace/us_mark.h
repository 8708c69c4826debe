/*
 * A VRF's mark on what its TUN hands the kernel, so that the ICMP errors
 * the kernel owes for it (host unreachable when ARP on a VRF LAN fails)
 * are routed in the VRF's table and not the global one: an ip rule sends
 * packets of fwmark TABLE to TABLE (us_rule.c), net.ipv4.fwmark_reflect
 * gives an ICMP error the mark of the packet it answers, and a tc filter
 * on the TUN's ingress (cls_bpf, direct action, priority US_REDIRECT_PREF)
 * marks each packet with its VRF's table. cls_bpf because this kernel has
 * no skbedit (nor any other action that sets a mark) and no nft tool.
 */
#ifndef FERRY_DATAPLANE_USERSPACE_US_MARK_H
#define FERRY_DATAPLANE_USERSPACE_US_MARK_H

#include <stdint.h>

#include "dataplane/kernel/kn_sock.h"

/* Marks every packet entering the kernel by TUN tun with mark (replacing ferryd's filter there); 0 or -errno. */
int us_mark_tun(struct kn_sock *s, const char *tun, uint32_t mark);
/* Raises net.ipv4.fwmark_reflect in this namespace (it stays raised, as ip_forward does); 0 or -errno. */
int us_mark_reflect(void);

#endif
