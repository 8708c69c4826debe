/* One IKE message through text2pcap and tshark (ike_tshark_one.h). */
#include "ike_tshark_one.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define OUT_MAX 65536

bool ike_tshark_present(void)
{
	return system("command -v tshark >/dev/null 2>&1 && command -v text2pcap >/dev/null 2>&1") == 0;
}

/* tshark's output on dir/a.pcap (stderr dropped: it warns when run as root). */
static char *tshark(const char *dir, const char *args)
{
	char cmd[512];
	char *text = calloc(1, OUT_MAX);
	FILE *p;

	snprintf(cmd, sizeof(cmd), "tshark -n -r %s/a.pcap %s 2>/dev/null", dir, args);
	assert_non_null(text);
	assert_non_null(p = popen(cmd, "r"));
	text[fread(text, 1, OUT_MAX - 1, p)] = 0;
	pclose(p);
	return text;
}

/* msg as a text2pcap hex dump in dir/a.hex, then dir/a.pcap. */
static void write_pcap(const char *dir, const uint8_t *msg, size_t len)
{
	char cmd[512];
	FILE *hex;

	snprintf(cmd, sizeof(cmd), "%s/a.hex", dir);
	assert_non_null(hex = fopen(cmd, "w"));
	for (size_t i = 0; i < len; i++) {
		if (i % 16 == 0) /* text2pcap: each line opens with its offset */
			fprintf(hex, "%s%06zx", i ? "\n" : "", i);
		fprintf(hex, " %02x", msg[i]);
	}
	fprintf(hex, "\n");
	fclose(hex);
	snprintf(cmd, sizeof(cmd), "text2pcap -q -4 127.0.0.2,127.0.0.1 -u 500,500 %s/a.hex %s/a.pcap 2>/dev/null", dir,
		 dir);
	assert_int_equal(system(cmd), 0);
}

char *ike_tshark_verbose(const uint8_t *msg, size_t len)
{
	char dir[] = "/tmp/ferry-ike-tshark-XXXXXX", cmd[512], *flagged, *verbose;

	assert_non_null(mkdtemp(dir));
	write_pcap(dir, msg, len);
	flagged = tshark(dir, "-Y '_ws.malformed || _ws.expert.severity >= 0x00600000'");
	verbose = tshark(dir, "-V");
	if (flagged[0])
		fail_msg("tshark flags the message:\n%s\n%s", flagged, verbose);
	free(flagged);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	return verbose;
}
