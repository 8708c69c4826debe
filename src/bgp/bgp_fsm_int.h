/* What the FSM's files share (bgp_fsm.c: states and timers; bgp_fsm_rx.c: received messages). */
#ifndef FERRY_BGP_BGP_FSM_INT_H
#define FERRY_BGP_BGP_FSM_INT_H

#include "bgp/bgp_fsm.h"

void bgp_fsm_stop_timers(struct bgp_fsm *f);
/* Into Idle: closes the connection; reports the loss of an established session. */
void bgp_fsm_go_idle(struct bgp_fsm *f, const char *reason);
/* An error the session cannot survive: NOTIFICATION, close, a restart after ConnectRetry. */
void bgp_fsm_fail(struct bgp_fsm *f, uint8_t code, uint8_t subcode, const uint8_t *data, size_t len);
void bgp_fsm_send_msg(struct bgp_fsm *f, const struct bgp_msg *m);
void bgp_fsm_send_keepalive(struct bgp_fsm *f);

#endif
