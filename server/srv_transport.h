/* JSON-RPC framing (Content-Length headers) over stdin/stdout, driven by a
 * libuv loop. stdin and stdout may be pipes, sockets, terminals or regular
 * files; writes are queued and never dropped while the peer is alive. */
#ifndef SRV_TRANSPORT_H
#define SRV_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

typedef struct srv_transport srv_transport;

typedef struct {
    /* One complete message body (not NUL-terminated beyond len; borrowed,
     * valid only during the call). */
    void (*on_message)(void *ctx, const char *body, size_t len);
    /* The input ended (EOF or a read error). Called once. */
    void (*on_eof)(void *ctx);
} srv_transport_callbacks;

/* Caller must free with srv_transport_delete() after srv_transport_close()
 * has called back. */
srv_transport *srv_transport_new(uv_loop_t *loop, int in_fd, int out_fd,
                                 const srv_transport_callbacks *callbacks, void *ctx);
/* Starts reading; returns 0 or a libuv error code. */
int srv_transport_start(srv_transport *t);
/* Frames and queues one message body (copied). */
void srv_transport_send(srv_transport *t, const char *body, size_t len);
/* The same for a body allocated with malloc, which the transport takes
 * and frees once written: a large message is not copied. */
void srv_transport_send_take(srv_transport *t, char *body, size_t len);
void srv_transport_stop_reading(srv_transport *t);
/* Stops reading, waits for every queued write, closes the handles, then
 * calls done(ctx). */
void srv_transport_close(srv_transport *t, void (*done)(void *ctx));
void srv_transport_delete(srv_transport *t);
/* Every queued write has completed (or output is broken). */
bool srv_transport_flushed(const srv_transport *t);

/* Exposed for the framing unit of the tests: feeds bytes to the parser as if
 * they had been read. */
void srv_transport_feed(srv_transport *t, const char *data, size_t len);

#endif
