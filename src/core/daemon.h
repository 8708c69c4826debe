/* The running daemon: what the loop thread owns, reachable from sessions. */
#ifndef FERRY_CORE_DAEMON_H
#define FERRY_CORE_DAEMON_H

#include <time.h>

#include "dataplane/dataplane.h"

struct loop;
struct workq;
struct cli_tree;
struct config;
struct fib;
struct dp_config;

struct ferryd {
	struct loop *fd_loop;
	struct workq *fd_workq;
	struct cli_tree *fd_tree;
	struct config *fd_running;
	const char *fd_config_path; /* the startup-config */
	const char *fd_socket_path;
	const char *fd_pki_dir;
	struct dataplane fd_dp;
	struct fib *fd_fib;	       /* RIB, MFI and what the FIB installed (src/rib/fib.h) */
	struct dp_config *fd_dpcfg; /* what the configuration sync installed (dataplane/dp_config.h) */
	time_t fd_started;
};

#endif
