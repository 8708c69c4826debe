/*
 * BGP messages built as structs, for the codec's tests, the tshark check and
 * the fuzz corpus: a session between a spoke of AS 100 (the seed's) and a
 * 4-octet AS peer, the seed's VPNv4 route 1:1:192.168.114.0/24 label 16 via
 * 10.1.1.4, and one message of each other kind.
 */
#ifndef FERRY_TESTS_BGP_MSG_SAMPLES_H
#define FERRY_TESTS_BGP_MSG_SAMPLES_H

#include "bgp/bgp_msg.h"

/* An attribute type nobody assigned (IANA) that tshark knows nothing of either. */
#define SAMPLE_RAW_ATTR 201

enum sample_id {
	SAMPLE_OPEN,	  /* AS 100, hold 180, id 172.16.1.103: MP VPNv4, route refresh, 4-octet AS */
	SAMPLE_OPEN_PEER, /* AS 65536 (AS_TRANS), id 10.0.0.1: MP IPv4 + VPNv4, route refresh, 4-octet AS, one other */
	SAMPLE_KEEPALIVE,
	SAMPLE_UPDATE_VPNV4,   /* the seed's route: ORIGIN incomplete, AS_PATH 100, RT 1:1 */
	SAMPLE_UPDATE_VPNV4_2, /* RD types 1 and 2, two labels, RTs of the three types and a raw community */
	SAMPLE_UPDATE_IPV4,    /* Withdrawn Routes, every classic attribute, NLRI, an attribute passed on */
	SAMPLE_UPDATE_MP_IPV4, /* IPv4 unicast in MP_UNREACH_NLRI and MP_REACH_NLRI */
	SAMPLE_WITHDRAW_VPNV4, /* MP_UNREACH_NLRI of the seed's route */
	SAMPLE_EOR_VPNV4,      /* empty MP_UNREACH_NLRI */
	SAMPLE_EOR_IPV4,       /* empty UPDATE */
	SAMPLE_ROUTE_REFRESH,  /* VPNv4 */
	SAMPLE_NOTIFICATION,   /* Cease / Administrative Shutdown */
	SAMPLE_COUNT,
};

/* Fills *m (release it with bgp_msg_free); the codec it is meant for is in *c. */
void sample_build(enum sample_id id, struct bgp_msg *m, struct bgp_codec *c);
const char *sample_name(enum sample_id id);
/* Which side sends it in the sample session: true for the first OPEN's speaker. */
bool sample_from_first(enum sample_id id);

#endif
