/* Logging in IOS form; thread-safe (one write per message). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

static bool log_stderr = true;

void log_init(bool to_stderr)
{
	log_stderr = to_stderr;
	if (!to_stderr)
		openlog("ferryd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void log_msg(enum log_sev sev, const char *facility, const char *mnemonic, const char *fmt, ...)
{
	char text[1024], line[1200], stamp[64];
	struct timeval tv;
	struct tm tm;
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (!log_stderr) {
		syslog((int)sev, "%%%s-%d-%s: %s", facility, (int)sev, mnemonic, text);
		return;
	}
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "*%s.%03ld: %%%s-%d-%s: %s\n", stamp, (long)(tv.tv_usec / 1000), facility,
		     (int)sev, mnemonic, text);
	if (n > 0 && write(STDERR_FILENO, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1) < 0)
		return; /* nowhere left to report it */
}
