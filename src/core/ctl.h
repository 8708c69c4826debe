/* The control socket: ferry shells connect here; each connection is a CLI session. */
#ifndef FERRY_CORE_CTL_H
#define FERRY_CORE_CTL_H

struct ferryd;
struct ctl_server;

/* Listens on path (mode 0600); -1 with a logged reason on failure. */
struct ctl_server *ctl_listen(struct ferryd *d, const char *path);
void ctl_close(struct ctl_server *srv);

#endif
