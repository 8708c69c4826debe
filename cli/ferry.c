/*
 * ferry: the Cisco-like shell of Ferry.
 *
 * A thin client: ferryd owns the grammar, the modes and the prompts. This
 * program reads command lines, sends them over the control socket (see
 * ctl_proto.h) and shows the replies, adding what only a terminal can do:
 * line editing and history, '?' help, TAB completion, Ctrl-Z, the error
 * caret and the --More-- pager.
 *
 *   ferry [-S SOCKET] [-c COMMAND]...
 *
 * With -c, or with commands piped on stdin, the session starts in
 * privileged EXEC and no prompt is shown; otherwise the session is
 * interactive and starts in user EXEC.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "ctl_proto.h"

#define HISTORY_FILE "/.ferry_history"
#define HISTORY_MAX  1000
#define KEY_CTRL_Z   0x1a

static const char more_text[] = " --More-- ";

/* Lines of output shown since the last --More--, for one reply. */
struct pager {
	int page;  /* lines per page; 0 = no paging */
	int shown; /* lines shown since the page started */
	bool quit; /* the user stopped the output: discard the rest */
};

/* The CTL_CANDIDATE frames of one TAB. */
struct cands {
	char **v;
	size_t n;
	size_t cap;
};

static int ctl_fd = -1;
static bool interactive; /* stdin is a terminal and there is no -c */
static bool can_page;	 /* interactive and stdout is a terminal */
static char prompt[sizeof(((struct ctl_done *)0)->cd_prompt)];
static int term_length;	   /* the last TERMLEN ferryd sent */
static char *history_path; /* NULL when HOME is not set */
static struct cands comp;  /* read by the completion generator */
static volatile sig_atomic_t interrupted;

static void save_history(void)
{
	/* Losing the history is not worth failing the session for. */
	if (history_path)
		(void)write_history(history_path);
}

/* Every exit goes through here so the terminal and history are left right. */
static _Noreturn void leave(int status)
{
	if (interactive) {
		/* A no-op unless we are leaving from inside readline. */
		rl_deprep_terminal();
		save_history();
	}
	if (fflush(stdout) == EOF && status == 0)
		status = 1;
	exit(status);
}

static _Noreturn void fatal(const char *msg)
{
	(void)fflush(stdout);
	fprintf(stderr, "%s\n", msg);
	leave(2);
}

static _Noreturn void connection_closed(void)
{
	fatal("% Connection to ferryd closed");
}

static _Noreturn void output_failed(void)
{
	/* A closed pipe (ferry -c 'show run' | head) is the reader's choice. */
	if (errno != EPIPE)
		fprintf(stderr, "%% Cannot write output: %s\n", strerror(errno));
	leave(1);
}

static void write_out(const char *buf, size_t len)
{
	if (fwrite(buf, 1, len, stdout) != len)
		output_failed();
}

static void out_str(const char *s)
{
	write_out(s, strlen(s));
}

static void out_spaces(size_t n)
{
	while (n--)
		write_out(" ", 1);
}

static void flush_out(void)
{
	if (fflush(stdout) == EOF)
		output_failed();
}

/* Reads one key without echo, with ^C as a key (the pager wants it raw). */
static int read_key(void)
{
	struct termios saved, raw;
	unsigned char buf[16]; /* a whole escape sequence, so none of it leaks */
	ssize_t n;

	if (tcgetattr(STDIN_FILENO, &saved) < 0)
		return 'q';
	raw = saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) < 0)
		return 'q';
	do
		n = read(STDIN_FILENO, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	if (tcsetattr(STDIN_FILENO, TCSANOW, &saved) < 0)
		fatal("% Cannot restore the terminal settings");
	return n > 0 ? buf[0] : 'q';
}

/* Shows --More-- and applies the key; false when the user stopped. */
static bool more_prompt(struct pager *pg)
{
	int key;

	out_str(more_text);
	flush_out();
	key = read_key();
	out_str("\r");
	out_spaces(sizeof(more_text) - 1);
	out_str("\r");
	if (key == ' ') {
		pg->shown = 0;
	} else if (key == '\r' || key == '\n') {
		pg->shown = pg->page - 1;
	} else {
		/* q, Q, ^C and, as on IOS, any other key end the output. */
		pg->quit = true;
	}
	return !pg->quit;
}

/* Writes one CTL_OUTPUT chunk, stopping at page ends; chunks split lines anywhere. */
static void show_output(struct pager *pg, const char *buf, size_t len)
{
	while (len && !pg->quit) {
		const char *nl = memchr(buf, '\n', len);
		size_t seg = nl ? (size_t)(nl - buf) + 1 : len;

		if (interrupted) {
			pg->quit = true;
			out_str("\n");
			return;
		}
		/* Ask before the next line, not after the last: no --More-- at the end. */
		if (pg->page && pg->shown >= pg->page && !more_prompt(pg))
			return;
		write_out(buf, seg);
		if (nl)
			pg->shown++;
		buf += seg;
		len -= seg;
	}
}

static int pager_page(void)
{
	if (!can_page || term_length <= 0)
		return 0;
	/* One line of the screen is kept for --More-- itself. */
	return term_length > 1 ? term_length - 1 : 1;
}

static void cands_add(struct cands *cs, char *word)
{
	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? cs->cap * 2 : 16;
		char **v = realloc(cs->v, cap * sizeof(*v));

		if (!v)
			fatal("% Out of memory");
		cs->v = v;
		cs->cap = cap;
	}
	cs->v[cs->n++] = word;
}

static void cands_clear(struct cands *cs)
{
	while (cs->n)
		free(cs->v[--cs->n]);
}

/*
 * Reads frames up to CTL_DONE: output goes through the pager, candidates
 * into cs (when the request was a TAB).
 */
static void await_done(struct ctl_done *d, struct pager *pg, struct cands *cs)
{
	for (;;) {
		uint8_t type;
		char *buf;
		uint32_t len;
		int r;

		if (ctl_recv(ctl_fd, &type, &buf, &len) < 0)
			connection_closed();
		switch (type) {
		case CTL_DONE:
			r = ctl_done_parse(buf, len, d);
			free(buf);
			if (r < 0)
				fatal("% Malformed reply from ferryd");
			term_length = d->cd_termlen;
			return;
		case CTL_OUTPUT:
			show_output(pg, buf, len);
			break;
		case CTL_CANDIDATE:
			if (cs) {
				cands_add(cs, buf);
				continue; /* cs owns buf now */
			}
			break;
		default:
			break; /* a frame this shell does not know: skip it */
		}
		free(buf);
	}
}

/* Sends a request and reads its reply; false if the text cannot be framed. */
static bool ask(enum ctl_type type, const char *text, size_t len, struct ctl_done *d, struct cands *cs)
{
	struct pager pg = {.page = pager_page()};

	if (len > CTL_MAX_FRAME)
		return false;
	if (ctl_send(ctl_fd, type, text, len) < 0)
		connection_closed();
	await_done(d, &pg, cs);
	/* A ^C meant for this reply must not clear the next line typed. */
	interrupted = 0;
	return true;
}

static void set_prompt(const struct ctl_done *d)
{
	snprintf(prompt, sizeof(prompt), "%s", d->cd_prompt);
}

/*
 * Prints a parse error under the command. Interactively the command is
 * still on screen behind the prompt (indent = prompt length); otherwise
 * it is echoed first so the caret has something to point at.
 */
static void show_error(const char *line, const struct ctl_done *d, bool echo, size_t indent)
{
	if (d->cd_caret >= 0) {
		if (echo) {
			out_str(line);
			out_str("\n");
		}
		out_spaces(indent + (size_t)d->cd_caret);
		out_str("^\n");
	}
	out_str(d->cd_error);
	out_str("\n");
	if (interactive)
		out_str("\n"); /* IOS leaves a blank line after the message */
}

/* Runs one command line; returns its CTL_DONE status. */
static int run_line(const char *line, bool echo)
{
	struct ctl_done d;
	size_t indent = echo ? 0 : strlen(prompt);

	if (!ask(CTL_EXEC, line, strlen(line), &d, NULL)) {
		out_str("% Command line too long\n");
		return CTL_ST_ERROR;
	}
	if (d.cd_error[0])
		show_error(line, &d, echo, indent);
	set_prompt(&d);
	return d.cd_status;
}

static bool blank(const char *line)
{
	return line[strspn(line, " \t\r\n")] == '\0';
}

/* HELLO or ENABLE: opens the session; exits if ferryd refuses it. */
static void open_session(enum ctl_type type)
{
	struct ctl_done d;

	if (!ask(type, "", 0, &d, NULL))
		fatal("% Cannot open a session"); /* an empty request always fits */
	if (d.cd_error[0]) {
		out_str(d.cd_error);
		out_str("\n");
	}
	if (d.cd_status != CTL_ST_OK)
		leave(1);
	set_prompt(&d);
}

/* Runs one line of -c or stdin; false once the session has ended. */
static bool batch_line(const char *line, int *status)
{
	int st;

	if (blank(line))
		return true;
	st = run_line(line, true);
	if (st != CTL_ST_OK && st != CTL_ST_CLOSED)
		*status = 1;
	return st != CTL_ST_CLOSED;
}

static int run_commands(char **cmds, size_t n)
{
	int status = 0;

	open_session(CTL_ENABLE);
	for (size_t i = 0; i < n && batch_line(cmds[i], &status); i++)
		;
	return status;
}

static int run_stdin(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int status = 0;

	open_session(CTL_ENABLE);
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!batch_line(line, &status))
			break;
	}
	if (ferror(stdin)) {
		fprintf(stderr, "%% Cannot read standard input: %s\n", strerror(errno));
		status = 1;
	}
	free(line);
	return status;
}

/* Puts the cursor after the last character, so output starts below the line. */
static void cursor_to_end(void)
{
	int point = rl_point;

	rl_point = rl_end;
	rl_redisplay();
	rl_point = point;
}

/* '?': help for the text before the cursor; the line stays as typed. */
static int help_key(int count, int key)
{
	struct ctl_done d;

	cursor_to_end();
	out_str("\n");
	if (!ask(CTL_HELP, rl_line_buffer, (size_t)rl_point, &d, NULL)) {
		out_str("% Command line too long\n");
	} else if (d.cd_error[0]) {
		out_str(d.cd_error);
		out_str("\n");
	}
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

/* Ctrl-Z: IOS "end". Only submodes have "(...)" in their prompt; at EXEC it does nothing. */
static int end_key(int count, int key)
{
	if (!strchr(prompt, '('))
		return 0;
	cursor_to_end();
	out_str("^Z\n");
	rl_replace_line("", 0);
	if (run_line("end", true) == CTL_ST_CLOSED)
		leave(0);
	rl_set_prompt(prompt);
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

static char *candidate_gen(const char *text, int state)
{
	static size_t next;

	if (!state)
		next = 0;
	/* strdup failing just ends the list early. */
	return next < comp.n ? strdup(comp.v[next++]) : NULL;
}

/* TAB: ferryd lists the keywords completing the last word; readline does the rest. */
static char **complete_word(const char *text, int start, int end)
{
	struct ctl_done d;

	rl_attempted_completion_over = 1; /* never fall back to file names */
	cands_clear(&comp);
	if (!ask(CTL_COMPLETE, rl_line_buffer, (size_t)end, &d, &comp) || !comp.n)
		return NULL; /* readline rings the bell */
	return rl_completion_matches(text, candidate_gen);
}

/* Lets Ctrl-Z reach readline as a key instead of suspending the shell. */
static void prep_terminal(int meta)
{
	struct termios t;

	rl_prep_terminal(meta);
	if (tcgetattr(STDIN_FILENO, &t) < 0)
		return;
	t.c_cc[VSUSP] = _POSIX_VDISABLE;
	/* If this fails Ctrl-Z just keeps suspending, as in other shells. */
	(void)tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

static void on_sigint(int sig)
{
	interrupted = 1;
}

/* Called by readline after a signal: ^C at the prompt starts a fresh line. */
static int on_signal_event(void)
{
	if (!interrupted)
		return 0;
	interrupted = 0;
	rl_replace_line("", 0);
	rl_crlf();
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

static void load_history(void)
{
	const char *home = getenv("HOME");

	using_history();
	stifle_history(HISTORY_MAX);
	if (!home || !*home)
		return;
	history_path = malloc(strlen(home) + sizeof(HISTORY_FILE));
	if (!history_path)
		return; /* history stays in memory only */
	strcpy(history_path, home);
	strcat(history_path, HISTORY_FILE);
	/* No file yet, or an unreadable one, just means no earlier history. */
	(void)read_history(history_path);
}

static void setup_readline(void)
{
	struct sigaction sa = {.sa_handler = on_sigint};

	/* Outside readline, ^C stops the output of the running command. */
	if (sigemptyset(&sa.sa_mask) < 0 || sigaction(SIGINT, &sa, NULL) < 0)
		fatal("% Cannot handle SIGINT");
	rl_readline_name = "ferry";
	if (rl_initialize() != 0)
		fatal("% Cannot initialize readline");
	rl_attempted_completion_function = complete_word;
	rl_completer_word_break_characters = " \t"; /* IOS words are split by blanks only */
	rl_signal_event_hook = on_signal_event;
	rl_prep_term_function = prep_terminal;
	/* Pasted configuration must run line by line, not land as one line. */
	if (rl_variable_bind("enable-bracketed-paste", "off") != 0 ||
	    rl_variable_bind("completion-ignore-case", "on") != 0 || rl_bind_key('?', help_key) != 0 ||
	    rl_bind_key(KEY_CTRL_Z, end_key) != 0)
		fatal("% Cannot set up readline key bindings");
	load_history();
}

static _Noreturn void run_interactive(void)
{
	open_session(CTL_HELLO);
	setup_readline();
	for (;;) {
		char *line = readline(prompt);
		int st = CTL_ST_OK;

		if (!line) { /* Ctrl-D */
			out_str("\n");
			leave(0);
		}
		if (!blank(line)) {
			add_history(line);
			st = run_line(line, false);
		}
		free(line);
		if (st == CTL_ST_CLOSED)
			leave(0);
	}
}

static int connect_ctl(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	size_t len = strlen(path);
	int fd, err;

	if (len >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sa.sun_path, path, len + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return fd;
	err = errno;
	(void)close(fd); /* the connect error is the one to report */
	errno = err;
	return -1;
}

static _Noreturn void usage(void)
{
	fprintf(stderr, "usage: ferry [-S SOCKET] [-c COMMAND]...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	/* static: reachable until exit(), which every path ends in */
	static char **cmds;
	const char *sock = CTL_DEFAULT_SOCKET;
	size_t ncmds = 0;
	int opt;

	if (!(cmds = calloc((size_t)argc, sizeof(*cmds))))
		fatal("% Out of memory");
	while ((opt = getopt(argc, argv, "S:c:")) != -1) {
		if (opt == 'S')
			sock = optarg;
		else if (opt == 'c')
			cmds[ncmds++] = optarg;
		else
			usage();
	}
	if (optind != argc)
		usage();
	/* ferryd going away must be reported, not kill us in the middle of a write. */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		fatal("% Cannot ignore SIGPIPE");
	ctl_fd = connect_ctl(sock);
	if (ctl_fd < 0) {
		fprintf(stderr, "%% Cannot connect to ferryd at %s: %s\n", sock, strerror(errno));
		return 2;
	}
	if (ncmds)
		leave(run_commands(cmds, ncmds));
	if (!isatty(STDIN_FILENO))
		leave(run_stdin());
	interactive = true;
	can_page = isatty(STDOUT_FILENO);
	run_interactive();
}
