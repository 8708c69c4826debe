/* Reading and writing /proc/sys files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "dataplane/kernel/kn_sysctl.h"

static int sysctl_file(const char *path, char *file, size_t len)
{
	return (size_t)snprintf(file, len, "/proc/sys/%s", path) < len ? 0 : -ENAMETOOLONG;
}

static int open_sysctl(const char *path, int flags)
{
	char file[256];
	int fd;

	if (sysctl_file(path, file, sizeof(file)) < 0)
		return -ENAMETOOLONG;
	fd = open(file, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int kn_sysctl_get(const char *path, unsigned *value)
{
	char text[32], *end;
	int fd = open_sysctl(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return fd;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	text[n] = '\0';
	errno = 0;
	*value = (unsigned)strtoul(text, &end, 10);
	return errno || end == text ? -EIO : 0;
}

int kn_sysctl_set(const char *path, unsigned value)
{
	char text[16];
	int len = snprintf(text, sizeof(text), "%u\n", value), fd = open_sysctl(path, O_WRONLY), rc = 0;
	ssize_t n;

	if (fd < 0)
		return fd;
	if ((n = write(fd, text, (size_t)len)) != len)
		rc = n < 0 ? -errno : -EIO;
	close(fd);
	return rc;
}

bool kn_sysctl_exists(const char *path)
{
	char file[256];

	return sysctl_file(path, file, sizeof(file)) == 0 && access(file, F_OK) == 0;
}
