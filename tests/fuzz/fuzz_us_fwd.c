/*
 * libFuzzer harness: the forwarding decision of spoke R3 (tests/unit/
 * us_fwd_fixture.h). The first input byte chooses the ingress: odd, the
 * underlay (ESP, ESP in UDP, GRE, MPLS, NHRP, then a VRF); even, the TUN of
 * the VRF it numbers. The rest is the packet, in a buffer with exactly the
 * head- and tailroom the decision may use, so ASan sees any step past them.
 * It aborts when a verdict breaks its promise: what leaves for a TUN or the
 * underlay is a valid IPv4 packet, and a drop names a reason.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/userspace/ip4.h"
#include "tests/unit/us_fwd_fixture.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct router r3;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fwdfx_init(&r3, &fwdfx_r3);
	return 0;
}

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void check_verdict(const struct us_verdict *v, const struct pkt *p)
{
	size_t hlen;

	if (v->v_egress == US_EGRESS_TUN || v->v_egress == US_EGRESS_UNDERLAY)
		check(ip4_validate(p->pkt_data, p->pkt_len, &hlen) == DROP_NONE);
	if (v->v_egress == US_EGRESS_DROP)
		check(v->v_drop != FWD_NONE && v->v_drop < FWD__COUNT && v->v_codec < DROP__COUNT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct us_snap *s;
	struct us_verdict v;
	struct pkt p;
	uint8_t *buf;

	if (size < 1)
		return 0;
	buf = malloc(US_FWD_HEADROOM + size - 1 + US_FWD_TAILROOM);
	check(buf != NULL);
	pkt_init(&p, buf, US_FWD_HEADROOM + size - 1 + US_FWD_TAILROOM, US_FWD_HEADROOM);
	memcpy(pkt_put(&p, size - 1), data + 1, size - 1);
	s = (const struct us_snap *)us_rcu_enter(&r3.rt_rcu, r3.rt_reader);
	if (data[0] & 1)
		us_fwd_from_underlay(s, &r3.rt_worker, &p, &v);
	else
		us_fwd_from_tun(s, &r3.rt_worker, (size_t)(data[0] >> 1) % s->sn_nvrfs, &p, &v);
	check_verdict(&v, &p);
	us_rcu_exit(&r3.rt_rcu, r3.rt_reader);
	free(buf);
	return 0;
}
