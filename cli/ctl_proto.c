/* Framing of the control-socket protocol (see ctl_proto.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl_proto.h"

void ctl_header(uint8_t hdr[5], enum ctl_type type, uint32_t len)
{
	hdr[0] = (uint8_t)type;
	hdr[1] = (uint8_t)(len >> 24);
	hdr[2] = (uint8_t)(len >> 16);
	hdr[3] = (uint8_t)(len >> 8);
	hdr[4] = (uint8_t)len;
}

uint32_t ctl_header_len(const uint8_t hdr[5])
{
	return (uint32_t)hdr[1] << 24 | (uint32_t)hdr[2] << 16 | (uint32_t)hdr[3] << 8 | hdr[4];
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	while (len) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int ctl_send(int fd, enum ctl_type type, const void *buf, size_t len)
{
	uint8_t hdr[5];

	if (len > CTL_MAX_FRAME)
		return -1;
	ctl_header(hdr, type, (uint32_t)len);
	if (write_all(fd, hdr, sizeof(hdr)) < 0)
		return -1;
	return len ? write_all(fd, buf, len) : 0;
}

int ctl_recv(int fd, uint8_t *type, char **buf, uint32_t *len)
{
	uint8_t hdr[5];

	if (read_all(fd, hdr, sizeof(hdr)) < 0)
		return -1;
	*type = hdr[0];
	*len = ctl_header_len(hdr);
	if (*len > CTL_MAX_FRAME)
		return -1;
	*buf = malloc(*len + 1);
	if (!*buf)
		return -1;
	if (read_all(fd, *buf, *len) < 0) {
		free(*buf);
		*buf = NULL;
		return -1;
	}
	(*buf)[*len] = '\0';
	return 0;
}

int ctl_done_format(char *buf, size_t len, const struct ctl_done *d)
{
	return snprintf(buf, len, "%d %d %d %s\n%s", d->cd_status, d->cd_caret, d->cd_termlen, d->cd_prompt,
			d->cd_error);
}

int ctl_done_parse(const char *buf, size_t len, struct ctl_done *d)
{
	char tmp[512], *nl;
	int off = 0;

	if (len >= sizeof(tmp))
		return -1;
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	memset(d, 0, sizeof(*d));
	if (sscanf(tmp, "%d %d %d %n", &d->cd_status, &d->cd_caret, &d->cd_termlen, &off) < 3)
		return -1;
	nl = strchr(tmp + off, '\n');
	if (nl) {
		*nl = '\0';
		snprintf(d->cd_error, sizeof(d->cd_error), "%s", nl + 1);
	}
	snprintf(d->cd_prompt, sizeof(d->cd_prompt), "%s", tmp + off);
	return 0;
}
