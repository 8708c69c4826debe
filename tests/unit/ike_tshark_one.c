/* One IKE message through tshark (ike_tshark_one.h). */
#include "ike_tshark_one.h"

#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "pcap_tshark.h"

#define IKE_PORT 500

char *ike_tshark_verbose(const uint8_t *msg, size_t len)
{
	const struct pcap_ip4 ip = {.ip_src = "127.0.0.2",
				    .ip_dst = "127.0.0.1",
				    .ip_proto = IPPROTO_UDP,
				    .ip_sport = IKE_PORT,
				    .ip_dport = IKE_PORT};
	struct pcap_scratch scratch;
	struct tshark_verdict v;
	FILE *f = pcap_scratch_create(&scratch, PCAP_LINK_RAW);
	int rc;

	assert_non_null(f);
	assert_int_equal(pcap_add_ip4(f, &ip, msg, len), 0);
	assert_int_equal(fclose(f), 0);
	rc = tshark_verdict(scratch.ps_path, "-V", &v);
	pcap_scratch_remove(&scratch);
	assert_int_equal(rc, 0);
	if (v.tv_flagged[0])
		fail_msg("tshark flags the message:\n%s", v.tv_flagged);
	free(v.tv_flagged);
	return v.tv_output;
}
