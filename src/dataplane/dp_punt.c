/* Control packets to and from the backend: the calls the main loop makes (dp_punt.h). */
#include "dataplane/dp_punt.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

int dataplane_punt_fd(struct dataplane *dpl)
{
	const struct dp_backend *b = dpl->dpl_backend;

	return b && b->db_punt_fd && dpl->dpl_state ? b->db_punt_fd(dpl->dpl_state) : -1;
}

int dataplane_punt_drain(struct dataplane *dpl, dp_punt_fn *fn, void *arg)
{
	const struct dp_backend *b = dpl->dpl_backend;

	if (!b || !b->db_punt_drain || !dpl->dpl_state)
		return -EOPNOTSUPP;
	return b->db_punt_drain(dpl->dpl_state, fn, arg);
}

int dataplane_inject(struct dataplane *dpl, const char *link, struct in_addr nbma_dst, uint16_t proto,
		     const uint8_t *data, size_t len)
{
	const struct dp_backend *b = dpl->dpl_backend;
	struct dp_punt pkt = {.dpu_nbma = nbma_dst, .dpu_proto = proto, .dpu_data = data, .dpu_len = len};

	if (!b || !b->db_inject || !dpl->dpl_state)
		return -EOPNOTSUPP;
	if (len > DP_PUNT_MAX)
		return -EMSGSIZE;
	if (strlen(link) >= sizeof(pkt.dpu_link))
		return -ENODEV;
	strcpy(pkt.dpu_link, link);
	return b->db_inject(dpl->dpl_state, &pkt);
}

int dp_punt_format(const char *verb, const struct dp_punt *pkt, char *buf, size_t len)
{
	char nbma[INET_ADDRSTRLEN];
	int n = snprintf(buf, len, "%s %s %s 0x%04x ", verb, pkt->dpu_link,
			 inet_ntop(AF_INET, &pkt->dpu_nbma, nbma, sizeof(nbma)), pkt->dpu_proto);

	for (size_t i = 0; i < pkt->dpu_len && n > 0 && (size_t)n + 2 < len; i++)
		n += snprintf(buf + n, len - (size_t)n, "%02x", pkt->dpu_data[i]);
	return n;
}
