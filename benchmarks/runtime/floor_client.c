/* The floor: the least a runtime can do per invocation over the same protocol — one keep-alive socket,
 * GET next, POST a fixed response, no JSON, no allocation. Compiled with -O2 by run.sh. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char buf[1 << 16];
static size_t have;

/* Reads one response; copies the request id header value into id (if given). */
static int read_response(int fd, char *id) {
    for (;;) {
        char *end = memmem(buf, have, "\r\n\r\n", 4);
        if (end) {
            size_t head = end - buf + 4, body = 0;
            char *cl = memmem(buf, head, "Content-Length: ", 16);
            if (cl) body = strtoul(cl + 16, NULL, 10);
            if (id) {
                char *rid = memmem(buf, head, "Request-Id: ", 12);
                if (!rid) return -1;
                char *eol = strstr(rid, "\r\n");
                memcpy(id, rid + 12, eol - rid - 12);
                id[eol - rid - 12] = 0;
            }
            while (have < head + body) {
                ssize_t n = read(fd, buf + have, sizeof buf - have);
                if (n <= 0) return -1;
                have += n;
            }
            memmove(buf, buf + head + body, have - head - body);
            have -= head + body;
            return 0;
        }
        ssize_t n = read(fd, buf + have, sizeof buf - have);
        if (n <= 0) return -1;
        have += n;
    }
}

int main(void) {
    char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    char *colon = strrchr(api, ':');
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(atoi(colon + 1))};
    *colon = 0;
    inet_pton(AF_INET, api, &addr.sin_addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0), on = 1;
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr)) return 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    static const char next[] = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n";
    char id[128], out[512];
    for (;;) {
        if (write(fd, next, sizeof next - 1) < 0 || read_response(fd, id)) return 1;
        int n = snprintf(out, sizeof out,
                         "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: x\r\n"
                         "Content-Length: 13\r\n\r\n\"Hello John!\"", id);
        if (write(fd, out, n) < 0 || read_response(fd, NULL)) return 1;
    }
}
