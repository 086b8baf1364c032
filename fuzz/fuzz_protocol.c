/* Bytes fed to the server's real input path: Content-Length framing, JSON,
 * dispatch and the LSP handlers, with the server's own event loop run
 * in-process (srv_server_run on an in-memory file) until the input ends.
 *
 * Invariants: no crash, leak or UBSan report; memory stays under
 * libFuzzer's -rss_limit_mb / -malloc_limit_mb; and when the input is a
 * sequence of well-formed frames, every well-formed request before `exit`
 * gets exactly one reply with its id. */
#define _GNU_SOURCE
#include "srv_server.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Ids are compared by their compact JSON text. */
typedef struct {
    char **ids;
    size_t len, cap;
} id_list;

static void ids_add(id_list *l, const char *id)
{
    if (l->len == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->ids = realloc(l->ids, l->cap * sizeof *l->ids);
    }
    l->ids[l->len++] = strdup(id);
}

static void ids_free(id_list *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->ids[i]);
    free(l->ids);
}

static size_t ids_count(const id_list *l, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < l->len; i++)
        n += strcmp(l->ids[i], id) == 0;
    return n;
}

/* Reads one frame written exactly as "Content-Length: N\r\n\r\n" + N bytes.
 * Returns the body length, or -1 when the bytes at *pos are not one. */
static long next_frame(const char *p, size_t len, size_t *pos, const char **body)
{
    static const char head[] = "Content-Length: ";
    size_t i = *pos;
    if (len - i < sizeof head - 1 || memcmp(p + i, head, sizeof head - 1) != 0)
        return -1;
    i += sizeof head - 1;
    long n = 0;
    size_t digits = 0;
    while (i < len && p[i] >= '0' && p[i] <= '9' && digits < 9) {
        n = n * 10 + (p[i++] - '0');
        digits++;
    }
    if (!digits || len - i < 4 || memcmp(p + i, "\r\n\r\n", 4) != 0)
        return -1;
    i += 4;
    if ((size_t)n > len - i)
        return -1;
    *body = p + i;
    *pos = i + (size_t)n;
    return n;
}

static char *id_text(json_t *id)
{
    return json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* A request the server must answer: an object with "jsonrpc":"2.0", a
 * string method, an integer or string id, and params absent, an object or
 * an array. */
static bool well_formed_request(json_t *msg)
{
    json_t *id = json_object_get(msg, "id");
    json_t *method = json_object_get(msg, "method");
    json_t *version = json_object_get(msg, "jsonrpc");
    json_t *params = json_object_get(msg, "params");
    return json_is_object(msg) && id && (json_is_string(id) || json_is_integer(id)) &&
           json_is_string(method) && json_is_string(version) &&
           strcmp(json_string_value(version), "2.0") == 0 &&
           (!params || json_is_object(params) || json_is_array(params));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int in_fd = memfd_create("fuzz-in", 0);
    int out_fd = memfd_create("fuzz-out", 0);
    if (in_fd < 0 || out_fd < 0)
        abort();
    if (size && write(in_fd, data, size) != (ssize_t)size)
        abort();
    lseek(in_fd, 0, SEEK_SET);

    srv_server_run(in_fd, out_fd);

    /* The requests the input holds, when it is nothing but frames. */
    id_list want = {0};
    bool strict = true;
    const char *in = (const char *)data;
    size_t pos = 0;
    while (pos < size) {
        const char *body;
        long n = next_frame(in, size, &pos, &body);
        if (n < 0) {
            strict = false;
            break;
        }
        json_t *msg = json_loadb(body, (size_t)n, JSON_ALLOW_NUL | JSON_DECODE_ANY, NULL);
        if (!msg)
            continue;
        if (json_is_object(msg)) {
            const char *method = json_string_value(json_object_get(msg, "method"));
            if (method && strcmp(method, "exit") == 0 && !json_object_get(msg, "id")) {
                json_decref(msg);
                break; /* nothing after exit is read */
            }
        }
        if (well_formed_request(msg)) {
            char *id = id_text(json_object_get(msg, "id"));
            ids_add(&want, id);
            free(id);
        }
        json_decref(msg);
    }

    /* The replies the server wrote. */
    off_t out_len = lseek(out_fd, 0, SEEK_END);
    char *out = malloc((size_t)out_len + 1);
    if (pread(out_fd, out, (size_t)out_len, 0) != out_len)
        abort();
    id_list got = {0};
    pos = 0;
    while (pos < (size_t)out_len) {
        const char *body;
        long n = next_frame(out, (size_t)out_len, &pos, &body);
        if (n < 0) {
            fprintf(stderr, "fuzz_protocol: the server wrote a malformed frame\n");
            abort();
        }
        json_t *msg = json_loadb(body, (size_t)n, 0, NULL);
        if (!json_is_object(msg)) {
            fprintf(stderr, "fuzz_protocol: the server wrote invalid JSON: %.*s\n", (int)n, body);
            abort();
        }
        json_t *id = json_object_get(msg, "id");
        if (id && !json_object_get(msg, "method")) {
            char *t = id_text(id);
            ids_add(&got, t);
            free(t);
        }
        json_decref(msg);
    }

    /* Each request answered once; with garbage in the input, a request the
     * framing skipped may go unanswered, but none is answered twice. */
    for (size_t i = 0; i < want.len; i++) {
        size_t w = ids_count(&want, want.ids[i]);
        size_t g = ids_count(&got, want.ids[i]);
        if (strict ? g != w : g < w) {
            fprintf(stderr, "fuzz_protocol: request id %s sent %zu times, answered %zu times\n",
                    want.ids[i], w, g);
            abort();
        }
    }
    ids_free(&want);
    ids_free(&got);
    free(out);
    close(in_fd);
    close(out_fd);
    return 0;
}
