/* SIGHUP: re-read the startup-config and move to it. */
#ifndef FERRY_CONFIG_RELOAD_H
#define FERRY_CONFIG_RELOAD_H

struct ferryd;

/* Loads path into a new model; if it reads, it replaces the running one and the
 * difference (lines added and removed) is logged. Returns 0, or -1 if unreadable. */
int cfg_reload(struct ferryd *d, const char *path);

#endif
