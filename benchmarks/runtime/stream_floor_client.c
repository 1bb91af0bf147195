/* The streaming floor: GET next, then POST the event's bytes as a chunked streaming response in the event's
 * chunk size (size line, data and CRLF in one writev per chunk, as the runtime does), nothing else. Compiled with -O2 by streaming.sh. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static char buf[1 << 16];
static size_t have;

/* Reads one response head and Content-Length body; copies the request id and the body (if asked). */
static int read_response(int fd, char *id, char *body_out) {
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
            if (body_out) { memcpy(body_out, buf + head, body); body_out[body] = 0; }
            memmove(buf, buf + head + body, have - head - body);
            have -= head + body;
            return 0;
        }
        ssize_t n = read(fd, buf + have, sizeof buf - have);
        if (n <= 0) return -1;
        have += n;
    }
}

static int write_all(int fd, const void *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0) return -1;
        p = (const char *)p + w;
        n -= w;
    }
    return 0;
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
    char id[128], out[512], event[512];
    static char data[1 << 24];
    memset(data, 'a', sizeof data);
    for (;;) {
        if (write_all(fd, next, sizeof next - 1) || read_response(fd, id, event)) return 1;
        long bytes = 0, chunk = 1;
        sscanf(event, "{\"bytes\":%ld,\"chunk\":%ld}", &bytes, &chunk);
        if (chunk > (long)sizeof data) chunk = sizeof data;
        int n = snprintf(out, sizeof out,
                         "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: x\r\n"
                         "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n"
                         "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n"
                         "Content-Type: application/octet-stream\r\n\r\n", id);
        if (write_all(fd, out, n)) return 1;
        for (long left = bytes; left > 0;) {
            long size = left < chunk ? left : chunk;
            char prefix[32];
            int p = snprintf(prefix, sizeof prefix, "%lx\r\n", size);
            struct iovec parts[3] = {{prefix, p}, {data, size}, {"\r\n", 2}};
            if (writev(fd, parts, 3) < 0) return 1; /* loopback blocking socket: full writes */
            left -= size;
        }
        static const char tail[] = "0\r\n\r\n";
        if (write_all(fd, tail, sizeof tail - 1)) return 1;
        if (read_response(fd, NULL, NULL)) return 1;
    }
}
