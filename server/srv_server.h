/* The language server: JSON-RPC dispatch, lifecycle, diagnostics, hover,
 * completion and code actions (open documents in srv_docs, JSON in
 * srv_json). */
#ifndef SRV_SERVER_H
#define SRV_SERVER_H

/* Runs the server on the two file descriptors until `exit` or end of input.
 * Returns the process exit code: 0 after shutdown, else 1. */
int srv_server_run(int in_fd, int out_fd);

#endif
