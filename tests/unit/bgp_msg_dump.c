/*
 * Test tool: encodes the sample BGP session (bgp_msg_samples.h) with the
 * codec and prints it as text2pcap input, one packet per message, "I" for
 * the first OPEN's speaker and "O" for its peer (text2pcap -D). With
 * -c DIR it writes each message to DIR/NAME instead (the fuzz corpus).
 */
#include <stdio.h>
#include <string.h>

#include "bgp_msg_samples.h"

static int encode(enum sample_id id, uint8_t *buf, size_t *len)
{
	struct bgp_msg m;
	struct bgp_codec c;
	ssize_t n;

	sample_build(id, &m, &c);
	n = bgp_msg_encode(&m, &c, buf, BGP_MSG_MAX);
	bgp_msg_free(&m);
	if (n < 0) {
		perror(sample_name(id));
		return -1;
	}
	*len = (size_t)n;
	return 0;
}

static void hexdump(FILE *f, bool first, const uint8_t *buf, size_t len)
{
	fprintf(f, "%c\n", first ? 'I' : 'O');
	for (size_t i = 0; i < len; i++) {
		if (i % 16 == 0)
			fprintf(f, "%s%06zx", i ? "\n" : "", i);
		fprintf(f, " %02x", buf[i]);
	}
	fprintf(f, "\n\n");
}

static int write_file(const char *dir, const char *name, const uint8_t *buf, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "wb")) || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *corpus = argc == 3 && strcmp(argv[1], "-c") == 0 ? argv[2] : NULL;
	uint8_t buf[BGP_MSG_MAX];
	size_t len;

	if (argc != 1 && !corpus) {
		fprintf(stderr, "usage: %s [-c DIR]\n", argv[0]);
		return 2;
	}
	for (enum sample_id id = 0; id < SAMPLE_COUNT; id++) {
		if (encode(id, buf, &len) < 0)
			return 1;
		if (corpus && write_file(corpus, sample_name(id), buf, len) < 0)
			return 1;
		if (!corpus)
			hexdump(stdout, sample_from_first(id), buf, len);
	}
	return 0;
}
