/* The control socket: ferry shells connect here; each connection is a CLI session. */
#ifndef FERRY_CORE_CTL_H
#define FERRY_CORE_CTL_H

struct ferryd;
struct config;
struct ctl_server;

/* Listens on path (mode 0600); -1 with a logged reason on failure. */
struct ctl_server *ctl_listen(struct ferryd *d, const char *path);
void ctl_close(struct ctl_server *srv);
/* Points every session at a new configuration model; sessions in
 * configuration modes go back to privileged EXEC (their objects are gone). */
void ctl_rebase_sessions(struct ctl_server *srv, struct config *cfg);

#endif
