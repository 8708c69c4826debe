/* ferryd: parse arguments, build the grammar, load the configuration, run the loop. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "cli/ctl_proto.h"
#include "config/config.h"
#include "config/reload.h"
#include "config/text.h"
#include "core/ctl.h"
#include "core/daemon.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/sync.h"
#include "core/workq.h"
#include "dataplane/dp_config.h"
#include "interface/iface.h"
#include "netlink/nl_monitor.h"
#include "pki/pki_store.h"
#include "rib/fib.h"
#include "subsys.h"

#define DEFAULT_CONFIG SYSCONFDIR "/ferry/ferry.conf"
#define WORKERS	       2

struct options {
	const char *o_config, *o_socket, *o_pki, *o_dataplane;
	bool o_foreground, o_check, o_config_given;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: ferryd [-f CONFIG] [-S SOCKET] [-P PKI_DIR] [-m IOSNAME=LINUXDEV]...\n"
		   "              [--dataplane auto|kernel|userspace|none] [-d] [--check]\n");
}

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longs[] = {
	    {"dataplane", required_argument, NULL, 'D'},
	    {"check", no_argument, NULL, 'C'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	int ch;

	*o = (struct options){.o_config = DEFAULT_CONFIG,
			      .o_socket = CTL_DEFAULT_SOCKET,
			      .o_pki = SYSCONFDIR "/ferry/pki",
			      .o_dataplane = "auto"};
	while ((ch = getopt_long(argc, argv, "f:S:P:m:dhV", longs, NULL)) != -1) {
		switch (ch) {
		case 'f':
			o->o_config = optarg;
			o->o_config_given = true;
			break;
		case 'S':
			o->o_socket = optarg;
			break;
		case 'P':
			o->o_pki = optarg;
			break;
		case 'm':
			if (if_map_add(optarg) < 0) {
				fprintf(stderr, "ferryd: -m %s: expected IOSNAME=LINUXDEV, e.g. Ethernet0/0=eth0\n",
					optarg);
				return 1;
			}
			break;
		case 'D':
			o->o_dataplane = optarg;
			break;
		case 'd':
			o->o_foreground = true;
			break;
		case 'C':
			o->o_check = true;
			break;
		case 'V':
			printf("ferryd %s\n", PACKAGE_VERSION);
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 1;
	}
	if (strcmp(o->o_dataplane, "auto") && strcmp(o->o_dataplane, "kernel") && strcmp(o->o_dataplane, "userspace") &&
	    strcmp(o->o_dataplane, "none")) {
		fprintf(stderr, "ferryd: --dataplane %s: expected auto, kernel, userspace or none\n", o->o_dataplane);
		return 1;
	}
	return 0;
}

static void check_diag(void *arg, const char *file, unsigned line, const char *msg)
{
	printf("%s:%u: %s\n", file, line, msg);
}

static int run_check(const struct options *o)
{
	struct cli_tree *t = subsys_grammar();
	struct config *cfg = cfg_new();
	int n = cfg && t ? cfg_load_file(t, NULL, cfg, o->o_config, check_diag, NULL) : -1;

	if (n < 0)
		fprintf(stderr, "%s: cannot read: %s\n", o->o_config, strerror(errno));
	cfg_free(cfg);
	cli_tree_free(t);
	return n == 0 ? 0 : 1;
}

static void log_diag(void *arg, const char *file, unsigned line, const char *msg)
{
	log_msg(SEV_ERR, "PARSER", "CFGLINE", "%s:%u: %s", file, line, msg);
}

static int load_startup(struct ferryd *d, const struct options *o)
{
	int n = cfg_load_file(d->fd_tree, d, d->fd_running, o->o_config, log_diag, NULL);

	if (n < 0 && (o->o_config_given || errno != ENOENT)) {
		log_msg(SEV_ERR, "SYS", "CONFIG_NOFILE", "cannot read %s: %s", o->o_config, strerror(errno));
		return -1;
	}
	if (n > 0)
		log_msg(SEV_WARN, "SYS", "CONFIG_I", "%d line(s) of %s were not accepted", n, o->o_config);
	else if (n == 0)
		log_msg(SEV_NOTICE, "SYS", "CONFIG_I", "Configured from %s", o->o_config);
	return 0;
}

struct signals {
	struct ferryd *sg_d;
	int sg_fd;
	const struct options *sg_opts;
};

static void signal_event(void *arg, uint32_t events)
{
	struct signals *sg = arg;
	struct signalfd_siginfo si;

	while (read(sg->sg_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			pki_store_reload(sg->sg_d->fd_running); /* new certificates before IKE starts again */
			cfg_reload(sg->sg_d, sg->sg_opts->o_config);
		} else {
			log_msg(SEV_NOTICE, "SYS", "SHUTDOWN", "signal %u: shutting down", si.ssi_signo);
			loop_stop(sg->sg_d->fd_loop);
		}
	}
}

static int signals_open(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, set, NULL) < 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, set, SFD_NONBLOCK | SFD_CLOEXEC);
}

static int run_daemon(const struct options *o)
{
	struct ferryd d = {.fd_config_path = o->o_config, .fd_socket_path = o->o_socket, .fd_pki_dir = o->o_pki};
	struct signals sg = {.sg_d = &d, .sg_opts = o};
	struct ctl_server *srv = NULL;
	struct loop_watch *sigw = NULL;
	struct nl_monitor *mon = NULL;
	sigset_t set;
	int rc = 1;

	log_init(o->o_foreground);
	if (!o->o_foreground && daemon(0, 0) < 0) {
		perror("ferryd: daemon");
		return 1;
	}
	d.fd_started = time(NULL);
	d.fd_tree = subsys_grammar();
	d.fd_running = cfg_new();
	d.fd_loop = loop_new();
	sg.sg_fd = signals_open(&set);
	if (!d.fd_tree || !d.fd_running || !d.fd_loop || sg.sg_fd < 0 ||
	    !(sigw = loop_watch_fd(d.fd_loop, sg.sg_fd, EPOLLIN, signal_event, &sg)) ||
	    !(d.fd_workq = workq_new(d.fd_loop, WORKERS))) {
		log_msg(SEV_ERR, "SYS", "INIT", "cannot start: %s", strerror(errno));
		goto out;
	}
	if (dataplane_open(&d.fd_dp, o->o_dataplane) < 0) {
		log_msg(SEV_ERR, "DATAPLANE", "INIT", "%s", d.fd_dp.dpl_reason);
		goto out;
	}
	log_msg(SEV_NOTICE, "DATAPLANE", "BACKEND", "%s: %s", d.fd_dp.dpl_backend->db_name, d.fd_dp.dpl_reason);
	pki_store_set_dir(o->o_pki);
	if (load_startup(&d, o) < 0 || !(srv = ctl_listen(&d, o->o_socket)))
		goto out;
	pki_store_reload(d.fd_running);
	sync_run(&d);
	/* the kernel can change behind ferryd's back: its own backend's devices, and the userspace backend's
	 * kernel links, addresses and routes (which that backend hands to the kernel backend). After the first
	 * sync: what it makes the kernel do (a device moved into a VRF is cycled down and up) is no flap */
	if (d.fd_dp.dpl_backend == &dp_backend_kernel || d.fd_dp.dpl_backend == &dp_backend_userspace)
		mon = nl_monitor_start(&d);
	log_msg(SEV_NOTICE, "SYS", "RESTART", "ferryd %s started, control socket %s", PACKAGE_VERSION, o->o_socket);
	rc = loop_run(d.fd_loop) < 0 ? 1 : 0;
	sync_shutdown(&d);
out:
	nl_monitor_stop(mon);
	workq_free(d.fd_workq);
	ctl_close(srv);
	loop_unwatch(sigw);
	if (sg.sg_fd >= 0)
		close(sg.sg_fd);
	fib_forget(&d);
	dp_config_forget(&d);
	cfg_free(d.fd_running);
	dataplane_close(&d.fd_dp);
	cli_tree_free(d.fd_tree);
	loop_free(d.fd_loop);
	if_map_clear();
	pki_store_set_dir(NULL);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o;

	if (parse_args(argc, argv, &o) != 0)
		return 1;
	return o.o_check ? run_check(&o) : run_daemon(&o);
}
