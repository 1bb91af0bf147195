/* A minimal, fast mock of the Lambda Runtime API for benchmarks: one keep-alive connection at a time,
 * a fixed event, 202 for every POST. It starts the runtime under test itself so it can time the cold start
 * (fork/exec to the first complete GET next) and read the child's CPU time and peak RSS from wait4.
 *
 * usage: mock_runtime_api throughput N  ./bootstrap
 *        mock_runtime_api coldstart  RUNS ./bootstrap
 * prints one line of key=value figures.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char EVENT[] = "{\"name\":\"John\"}";
static char buf[1 << 20];
static size_t have;

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Reads one request (head + Content-Length body) from fd; returns 'G' or 'P', 0 on EOF. */
static int read_request(int fd) {
    for (;;) {
        char *end = memmem(buf, have, "\r\n\r\n", 4);
        if (end) {
            size_t head = end - buf + 4, body = 0;
            char *cl = memmem(buf, head, "Content-Length: ", 16);
            if (cl) body = strtoul(cl + 16, NULL, 10);
            while (have < head + body) {
                ssize_t n = read(fd, buf + have, sizeof buf - have);
                if (n <= 0) return 0;
                have += n;
            }
            int kind = buf[0];
            memmove(buf, buf + head + body, have - head - body);
            have -= head + body;
            return kind;
        }
        ssize_t n = read(fd, buf + have, sizeof buf - have);
        if (n <= 0) return 0;
        have += n;
    }
}

static void write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0) return;
        p += w;
        n -= w;
    }
}

static void send_event(int fd, long id) {
    char out[512];
    int n = snprintf(out, sizeof out,
                     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Lambda-Runtime-Aws-Request-Id: 8476a536-e9f4-11e8-9739-%012ld\r\n"
                     "Lambda-Runtime-Deadline-Ms: 9999999999999\r\n"
                     "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:bench\r\n"
                     "Lambda-Runtime-Trace-Id: Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1\r\n"
                     "Content-Length: %zu\r\n\r\n%s",
                     id, sizeof EVENT - 1, EVENT);
    write_all(fd, out, n);
}

static const char ACCEPTED[] = "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"status\":\"OK\"}\n";

static pid_t spawn(const char *bootstrap, int port) {
    pid_t pid = fork();
    if (pid == 0) {
        char api[64];
        snprintf(api, sizeof api, "127.0.0.1:%d", port);
        setenv("AWS_LAMBDA_RUNTIME_API", api, 1);
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        execl(bootstrap, bootstrap, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static int accept_one(int listener) {
    int fd = accept(listener, NULL, NULL);
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    have = 0;
    return fd;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s throughput|coldstart COUNT BOOTSTRAP\n", argv[0]);
        return 2;
    }
    long count = atol(argv[2]);
    const char *bootstrap = argv[3];
    int listener = socket(AF_INET, SOCK_STREAM, 0), on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) || listen(listener, 16)) { perror("bind"); return 1; }
    socklen_t len = sizeof addr;
    getsockname(listener, (struct sockaddr *)&addr, &len);
    int port = ntohs(addr.sin_port);

    if (strcmp(argv[1], "coldstart") == 0) {
        double samples[1000];
        if (count > 1000) count = 1000;
        for (long i = 0; i < count; i++) {
            double t0 = now_us();
            pid_t pid = spawn(bootstrap, port);
            int fd = accept_one(listener);
            int kind = read_request(fd);
            samples[i] = now_us() - t0;
            if (kind != 'G') { fprintf(stderr, "expected GET next\n"); return 1; }
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            close(fd);
        }
        qsort(samples, count, sizeof(double), cmp);
        printf("coldstart_median_ms=%.3f coldstart_min_ms=%.3f coldstart_max_ms=%.3f runs=%ld\n",
               samples[count / 2] / 1e3, samples[0] / 1e3, samples[count - 1] / 1e3, count);
        return 0;
    }

    pid_t pid = spawn(bootstrap, port);
    int fd = accept_one(listener);
    long served = 0, posts = 0, warmup = count / 10;
    double start = 0;
    struct rusage self0, self1;
    while (posts < count + warmup) {
        int kind = read_request(fd);
        if (kind == 0) {
            close(fd);
            fd = accept_one(listener); /* the client may reconnect */
            continue;
        }
        if (kind == 'G') {
            send_event(fd, ++served);
        } else {
            write_all(fd, ACCEPTED, sizeof ACCEPTED - 1);
            if (++posts == warmup) {
                start = now_us();
                getrusage(RUSAGE_SELF, &self0);
            }
        }
    }
    double elapsed = now_us() - start;
    getrusage(RUSAGE_SELF, &self1);
    struct rusage child;
    /* Wait for the next GET so the client's CPU for the last POST is counted, then stop it. */
    read_request(fd);
    kill(pid, SIGTERM); /* graceful: lets a profiler wrapping the runtime write its data */
    wait4(pid, NULL, 0, &child);
    double child_cpu = (child.ru_utime.tv_sec + child.ru_stime.tv_sec) * 1e6 + child.ru_utime.tv_usec + child.ru_stime.tv_usec;
    double self_cpu = (self1.ru_utime.tv_sec - self0.ru_utime.tv_sec + self1.ru_stime.tv_sec - self0.ru_stime.tv_sec) * 1e6
                      + (self1.ru_utime.tv_usec - self0.ru_utime.tv_usec) + (self1.ru_stime.tv_usec - self0.ru_stime.tv_usec);
    double child_user = child.ru_utime.tv_sec * 1e6 + child.ru_utime.tv_usec;
    printf("us_per_invocation=%.2f client_cpu_us_per_invocation=%.2f client_user_us_per_invocation=%.2f "
           "server_cpu_us_per_invocation=%.2f client_peak_rss_kb=%ld invocations=%ld\n",
           elapsed / count, child_cpu / (count + warmup), child_user / (count + warmup), self_cpu / count,
           child.ru_maxrss, count);
    return 0;
}
