/* IOS-style logging: "%FACILITY-SEVERITY-MNEMONIC: text", to syslog or stderr. */
#ifndef FERRY_CORE_LOG_H
#define FERRY_CORE_LOG_H

#include <stdbool.h>

/* IOS severities, which match syslog's numbering. */
enum log_sev { SEV_EMERG, SEV_ALERT, SEV_CRIT, SEV_ERR, SEV_WARN, SEV_NOTICE, SEV_INFO, SEV_DEBUG };

void log_init(bool to_stderr);
void log_msg(enum log_sev sev, const char *facility, const char *mnemonic, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
