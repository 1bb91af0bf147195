/* A mock Lambda Runtime API for the concurrency and streaming benchmarks (see concurrency.sh, streaming.sh).
 *
 * usage: multi_mock concurrent TOTAL PROCESSES CONCURRENCY BOOTSTRAP
 *          starts PROCESSES copies of BOOTSTRAP with AWS_LAMBDA_MAX_CONCURRENCY=CONCURRENCY and serves every
 *          connection (poll) until TOTAL responses after a 10% warm-up; prints invocations per second.
 *        multi_mock stream COUNT BYTES CHUNK BOOTSTRAP
 *          serves COUNT streamed responses (after one warm-up) of the event {"bytes":BYTES,"chunk":CHUNK},
 *          reading each chunked body; prints MB/s (MB = 10^6 bytes) and the client's CPU per MB.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNECTIONS 256
#define BUFFER (1 << 20)

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0) return;
        p += w;
        n -= w;
    }
}

static const char ACCEPTED[] = "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"status\":\"OK\"}\n";

static void send_event(int fd, long id, const char *event) {
    char out[1024];
    int n = snprintf(out, sizeof out,
                     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Lambda-Runtime-Aws-Request-Id: 8476a536-e9f4-11e8-9739-%012ld\r\n"
                     "Lambda-Runtime-Deadline-Ms: 9999999999999\r\n"
                     "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:bench\r\n"
                     "Lambda-Runtime-Trace-Id: Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1\r\n"
                     "Content-Length: %zu\r\n\r\n%s",
                     id, strlen(event), event);
    write_all(fd, out, n);
}

static pid_t spawn(const char *bootstrap, int port, int concurrency) {
    pid_t pid = fork();
    if (pid == 0) {
        char api[64], max[16];
        snprintf(api, sizeof api, "127.0.0.1:%d", port);
        snprintf(max, sizeof max, "%d", concurrency);
        setenv("AWS_LAMBDA_RUNTIME_API", api, 1);
        setenv("AWS_LAMBDA_MAX_CONCURRENCY", max, 1);
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        execl(bootstrap, bootstrap, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static int listen_loopback(int *port) {
    int listener = socket(AF_INET, SOCK_STREAM, 0), on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) || listen(listener, 64)) { perror("bind"); exit(1); }
    socklen_t len = sizeof addr;
    getsockname(listener, (struct sockaddr *)&addr, &len);
    *port = ntohs(addr.sin_port);
    return listener;
}

struct connection { int fd; size_t have; char *buf; };

/* Takes complete Content-Length requests off c's buffer; returns 'G', 'P' or 0 when none is complete. */
static int take_request(struct connection *c) {
    char *end = memmem(c->buf, c->have, "\r\n\r\n", 4);
    if (!end) return 0;
    size_t head = end - c->buf + 4, body = 0;
    char *cl = memmem(c->buf, head, "Content-Length: ", 16);
    if (cl) body = strtoul(cl + 16, NULL, 10);
    if (c->have < head + body) return 0;
    int kind = c->buf[0];
    memmove(c->buf, c->buf + head + body, c->have - head - body);
    c->have -= head + body;
    return kind;
}

static double children_cpu_us(void) {
    struct rusage usage;
    getrusage(RUSAGE_CHILDREN, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static int concurrent(long total, int processes, int concurrency, const char *bootstrap) {
    int port, listener = listen_loopback(&port);
    pid_t pids[64];
    for (int i = 0; i < processes && i < 64; i++) pids[i] = spawn(bootstrap, port, concurrency);
    struct pollfd polls[MAX_CONNECTIONS + 1];
    struct connection connections[MAX_CONNECTIONS];
    int count = 0;
    long served = 0, posts = 0, warmup = total / 10;
    double start = 0;
    polls[0] = (struct pollfd){.fd = listener, .events = POLLIN};
    while (posts < total + warmup) {
        poll(polls, count + 1, -1);
        if (polls[0].revents & POLLIN && count < MAX_CONNECTIONS) {
            int fd = accept(listener, NULL, NULL), on = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
            connections[count] = (struct connection){.fd = fd, .buf = malloc(65536)};
            polls[count + 1] = (struct pollfd){.fd = fd, .events = POLLIN};
            count++;
        }
        for (int i = 0; i < count; i++) {
            if (!(polls[i + 1].revents & (POLLIN | POLLHUP))) continue;
            struct connection *c = &connections[i];
            ssize_t n = read(c->fd, c->buf + c->have, 65536 - c->have);
            if (n <= 0) { polls[i + 1].fd = -1; continue; }
            c->have += n;
            int kind;
            while ((kind = take_request(c))) {
                if (kind == 'G') {
                    send_event(c->fd, ++served, "{\"name\":\"John\"}");
                } else {
                    write_all(c->fd, ACCEPTED, sizeof ACCEPTED - 1);
                    if (++posts == warmup) start = now_us();
                }
            }
        }
    }
    double elapsed = now_us() - start;
    for (int i = 0; i < processes; i++) kill(pids[i], SIGKILL);
    for (int i = 0; i < processes; i++) waitpid(pids[i], NULL, 0);
    printf("invocations_per_second=%.0f us_per_invocation=%.2f client_cpu_us_per_invocation=%.2f processes=%d concurrency=%d\n",
           total / (elapsed / 1e6), elapsed / total, children_cpu_us() / (total + warmup), processes, concurrency);
    return 0;
}

/* Makes c->buf hold at least one CRLF-terminated line; returns its end, NULL at end of stream. */
static char *read_line(struct connection *c) {
    char *eol;
    while (!(eol = memmem(c->buf, c->have, "\r\n", 2))) {
        ssize_t n = read(c->fd, c->buf + c->have, BUFFER - c->have);
        if (n <= 0) return NULL;
        c->have += n;
    }
    return eol;
}

static void consume(struct connection *c, size_t n) {
    memmove(c->buf, c->buf + n, c->have - n);
    c->have -= n;
}

/* Reads a chunked body (after the head) and its trailers, discarding the data; returns its size or -1. Data
 * beyond what is buffered is read straight into a scratch area, so large chunks cost no copying here. */
static long read_chunked(struct connection *c) {
    static char scratch[BUFFER];
    long size_total = 0;
    for (;;) {
        char *eol = read_line(c);
        if (!eol) return -1;
        long size = strtol(c->buf, NULL, 16);
        consume(c, eol - c->buf + 2);
        if (size == 0) break;
        long left = size + 2; /* data and its CRLF */
        size_t take = (size_t)left < c->have ? (size_t)left : c->have;
        consume(c, take);
        left -= take;
        while (left > 2) {
            ssize_t n = read(c->fd, scratch, left - 2 < BUFFER ? left - 2 : BUFFER);
            if (n <= 0) return -1;
            left -= n;
        }
        while (left > 0) {
            if (c->have == 0) {
                ssize_t n = read(c->fd, c->buf, BUFFER);
                if (n <= 0) return -1;
                c->have = n;
            }
            take = (size_t)left < c->have ? (size_t)left : c->have;
            consume(c, take);
            left -= take;
        }
        size_total += size;
    }
    for (;;) { /* trailers, up to the blank line */
        char *eol = read_line(c);
        if (!eol) return -1;
        size_t line = eol - c->buf + 2;
        consume(c, line);
        if (line == 2) return size_total;
    }
}

/* Reads past one request head (without a body); returns 0 at end of stream. */
static int skip_head(struct connection *c) {
    char *end;
    while (!(end = memmem(c->buf, c->have, "\r\n\r\n", 4))) {
        ssize_t n = read(c->fd, c->buf + c->have, BUFFER - c->have);
        if (n <= 0) return 0;
        c->have += n;
    }
    consume(c, end - c->buf + 4);
    return 1;
}

static int stream(long count, long bytes, long chunk, const char *bootstrap) {
    int port, listener = listen_loopback(&port);
    pid_t pid = spawn(bootstrap, port, 1);
    struct connection c = {.fd = accept(listener, NULL, NULL), .buf = malloc(BUFFER)};
    char event[128];
    snprintf(event, sizeof event, "{\"bytes\":%ld,\"chunk\":%ld}", bytes, chunk);
    double elapsed = 0;
    for (long i = 0; i <= count; i++) {
        if (!skip_head(&c)) { fprintf(stderr, "client closed\n"); return 1; } /* GET next */
        double t0 = now_us();
        send_event(c.fd, i + 1, event);
        if (!skip_head(&c)) { fprintf(stderr, "client closed\n"); return 1; } /* the streamed POST's head */
        long got = read_chunked(&c);
        if (got != bytes) { fprintf(stderr, "streamed %ld of %ld bytes\n", got, bytes); return 1; }
        write_all(c.fd, ACCEPTED, sizeof ACCEPTED - 1);
        if (i == 0) continue; /* warm-up */
        elapsed += now_us() - t0;
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    double mb = (double)bytes * count / 1e6;
    printf("mb_per_second=%.1f client_cpu_ms_per_mb=%.3f streams=%ld bytes=%ld chunk=%ld\n",
           mb / (elapsed / 1e6), children_cpu_us() / 1e3 / ((double)bytes * (count + 1) / 1e6), count, bytes, chunk);
    return 0;
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    if (argc == 6 && strcmp(argv[1], "concurrent") == 0)
        return concurrent(atol(argv[2]), atoi(argv[3]), atoi(argv[4]), argv[5]);
    if (argc == 6 && strcmp(argv[1], "stream") == 0)
        return stream(atol(argv[2]), atol(argv[3]), atol(argv[4]), argv[5]);
    fprintf(stderr, "usage: %s concurrent TOTAL PROCESSES CONCURRENCY BOOTSTRAP | stream COUNT BYTES CHUNK BOOTSTRAP\n", argv[0]);
    return 2;
}
