/*
 * The control-socket protocol between ferry (the shell) and ferryd.
 *
 * Frames in both directions: one type byte, a 4-byte big-endian length,
 * then that many bytes. A client sends one request and reads frames until
 * CTL_DONE; requests are answered in order.
 *
 * Requests (client -> ferryd):
 *   CTL_EXEC      a command line, run in the session's mode
 *   CTL_HELP      the text before the cursor, for '?'
 *   CTL_COMPLETE  the text before the cursor, for TAB
 *   CTL_HELLO     empty; answered with CTL_DONE carrying the prompt
 *   CTL_ENABLE    empty; moves the session to privileged EXEC (ferry -c)
 * Replies (ferryd -> client):
 *   CTL_OUTPUT    bytes to print
 *   CTL_CANDIDATE one completion candidate (TAB)
 *   CTL_DONE      "STATUS CARET TERMLEN PROMPT\nERROR": STATUS 0 ok, 1 error,
 *                 2 the session ended (exit from user EXEC); CARET the
 *                 column in the command line of a parse error's '^' (-1
 *                 none); TERMLEN the pager length (0 off); PROMPT the
 *                 prompt to show next; ERROR the parse error's IOS text
 *                 (empty if none), which the shell prints under its caret
 *                 line. A handler's own refusal comes as CTL_OUTPUT.
 */
#ifndef FERRY_CTL_PROTO_H
#define FERRY_CTL_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define CTL_DEFAULT_SOCKET "/run/ferry/ferryd.sock"
#define CTL_MAX_FRAME	   (1u << 20) /* a longer request is refused */

enum ctl_type {
	CTL_EXEC = 'X',
	CTL_HELP = 'H',
	CTL_COMPLETE = 'C',
	CTL_HELLO = 'L',
	CTL_ENABLE = 'N',
	CTL_OUTPUT = 'O',
	CTL_CANDIDATE = 'K',
	CTL_DONE = 'D',
};

enum ctl_status { CTL_ST_OK = 0, CTL_ST_ERROR = 1, CTL_ST_CLOSED = 2 };

struct ctl_done {
	int cd_status;
	int cd_caret;
	int cd_termlen;
	char cd_prompt[128];
	char cd_error[256];
};

/* Writes a frame header into hdr (5 bytes). */
void ctl_header(uint8_t hdr[5], enum ctl_type type, uint32_t len);
/* Parses a frame header; returns the payload length. */
uint32_t ctl_header_len(const uint8_t hdr[5]);
/* Blocking helpers for the shell: 0 on success, -1 on error or EOF. */
int ctl_send(int fd, enum ctl_type type, const void *buf, size_t len);
int ctl_recv(int fd, uint8_t *type, char **buf, uint32_t *len);
/* Encodes and parses the CTL_DONE payload. */
int ctl_done_format(char *buf, size_t len, const struct ctl_done *d);
int ctl_done_parse(const char *buf, size_t len, struct ctl_done *d);

#endif
