/*
 * How the kernel backend marks what it installs, so that it removes its own
 * state (leftovers of a crashed run on open, everything on close) and never
 * touches anything else:
 *
 *   IPv4 and MPLS routes    route protocol RTPROT_FERRY (`ip route show table all proto 241`,
 *                           `ip -f mpls route show proto 241`)
 *   nexthop objects         protocol RTPROT_FERRY, ids from KN_NHID_MIN (`ip nexthop show
 *                           proto 241`): those of routes that push labels (kn_nexthop.h)
 *   addresses               address protocol (IFA_PROTO) RTPROT_FERRY, for addresses on
 *                           devices ferryd did not create (kernels before 6.1 drop the mark:
 *                           such addresses stay after ferryd)
 *   devices it creates      ifalias "ferry:<IOS name or purpose>" (`ip -d link` shows it);
 *                           named by the scheme of dataplane/dp_names.h (fy-...); a name that
 *                           another program's (unmarked) device has is never created nor
 *                           deleted (kn_claim.c)
 *   xfrm SAs and policies   reqid in KN_REQID_MIN..KN_REQID_MAX (SPIs are IKE's): a caller's
 *                           reqid N below 2^24 is installed as KN_REQID_MIN + N
 *   neighbours              only on ferryd's multipoint GRE devices: they go with the device
 *   BLOCK policies          of protected tunnels (kn_xfrm_block.h): they have no template, hence
 *                           no reqid; ferryd's by action block, mark KN_BLOCK_MARK/KN_BLOCK_MASK
 *                           and priority KN_BLOCK_PRIORITY together (`ip xfrm policy | grep -A1
 *                           'block priority 241000'`)
 *
 * 241: no number is assigned to Ferry. The kernel's and iproute2's lists use
 * 0-18, 42, 99 and 186-192; FRR, the routing suite most likely to run beside
 * ferryd, uses 186-199 (193 is its LDP: sweeping it would delete FRR's label
 * routes); some Quagga builds use 250-254. 241 is in none of these.
 *
 * Devices ferryd configures but did not create (mapped with -m) keep their
 * admin state, MTU and MPLS input setting after ferryd; they leave its VRFs
 * when those are deleted. Sysctls it raises (ip_forward, platform_labels)
 * stay raised: lowering platform_labels would delete other label routes.
 */
#ifndef FERRY_DATAPLANE_KERNEL_KN_MARK_H
#define FERRY_DATAPLANE_KERNEL_KN_MARK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RTPROT_FERRY	241
#define KN_ALIAS_PREFIX "ferry:"
#define KN_REQID_MIN	0xf0000000u
#define KN_REQID_MAX	0xf0ffffffu
/* The probe's throwaway SA: in ferryd's range, so a sweep removes it if the probe is interrupted. */
#define KN_REQID_PROBE KN_REQID_MAX
/* Not installed: names a protected tunnel's BLOCK policy among the policy operations (kn_xfrm_block.h). */
#define KN_REQID_BLOCK (KN_REQID_MAX - 1)
/* The BLOCK policy's own mark: unmarked packets match it, yet its selector may equal the IKE
 * policy's (a policy is the same one only with the same mark); the worse priority lets the IKE
 * policy win while it exists (ferryd's IKE policies have priority 0). */
#define KN_BLOCK_MARK	  0u
#define KN_BLOCK_MASK	  0x80000000u
#define KN_BLOCK_PRIORITY 241000u

static inline bool kn_reqid_ours(uint32_t reqid)
{
	return reqid >= KN_REQID_MIN && reqid <= KN_REQID_MAX;
}

/* The reqid installed for a caller's reqid: already in the range, or 0..0xffffff moved into it; -1 otherwise. */
static inline int64_t kn_reqid_mark(uint32_t reqid)
{
	if (kn_reqid_ours(reqid))
		return reqid;
	return reqid <= KN_REQID_MAX - KN_REQID_MIN ? (int64_t)(KN_REQID_MIN + reqid) : -1;
}

#endif
