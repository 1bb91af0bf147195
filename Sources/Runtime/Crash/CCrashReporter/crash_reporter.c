// See crash_reporter.h. Only async-signal-safe calls in the handler path (socket, connect, write, read,
// close, sigaction, raise, alarm, setsockopt), plus backtrace() (loaded once at install so it does not
// allocate later) and dladdr() (not on POSIX's list; glibc takes the loader lock, so alarm(3) bounds
// a deadlock should the crash happen inside the loader).
#define _GNU_SOURCE
#include "crash_reporter.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <execinfo.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

// The Swift runtime keeps the text of the last fatal error (fatalError, precondition, index out of
// range, …) here before it traps, on platforms without Apple's crash reporter. Weak: absent in
// runtimes older than Swift 5.9, then only the signal is reported.
extern _Atomic(const char *) *swift_getFatalErrorMessageBuffer(void) __attribute__((weak));

static const int handled_signals[] = {SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT};
#define SIGNAL_COUNT (sizeof(handled_signals) / sizeof(handled_signals[0]))
static struct sigaction previous_actions[SIGNAL_COUNT];

static struct sockaddr_in api_address;
static char host_header[64];
static size_t host_header_length;

static char request_id[128];
static int with_stack;  // set at install: backtrace() was warmed up, so the handler may call it
static atomic_size_t armed_length;  // 0: nothing in flight
static atomic_int reporting;

static char alternate_stack[64 * 1024];
static char document[16 * 1024];
static char request_head[512];

// Appending into a fixed buffer, never past its end.
typedef struct {
    char *data;
    size_t length, capacity;
} buffer_t;

static void append(buffer_t *b, const char *text, size_t length) {
    if (b->length + length > b->capacity) length = b->capacity - b->length;
    memcpy(b->data + b->length, text, length);
    b->length += length;
}

static void append_string(buffer_t *b, const char *text) { append(b, text, strlen(text)); }

static void append_unsigned(buffer_t *b, uintptr_t value, int base) {
    char digits[32];
    size_t count = 0;
    do {
        digits[count++] = "0123456789abcdef"[value % base];
        value /= base;
    } while (value != 0 && count < sizeof(digits));
    while (count > 0) append(b, &digits[--count], 1);
}

// JSON string content: quotes, backslashes and control characters escaped; other bytes as they are.
static void append_json_escaped(buffer_t *b, const char *text, size_t length) {
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '"' || c == '\\') {
            char pair[2] = {'\\', (char)c};
            append(b, pair, 2);
        } else if (c == '\n') {
            append(b, "\\n", 2);
        } else if (c < 0x20) {
            char escape[6] = {'\\', 'u', '0', '0', "0123456789abcdef"[c >> 4], "0123456789abcdef"[c & 15]};
            append(b, escape, 6);
        } else {
            append(b, (const char *)&c, 1);
        }
    }
}

static const char *signal_name(int number) {
    switch (number) {
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGABRT: return "SIGABRT";
    default: return "signal";
    }
}

// {"errorMessage":…,"errorType":"Runtime.Crash","stackTrace":[…]}
static size_t format_document(int number, char *out, size_t capacity) {
    buffer_t b = {out, 0, capacity};
    append_string(&b, "{\"errorMessage\":\"");
    const char *fatal = NULL;
    if (swift_getFatalErrorMessageBuffer) fatal = atomic_load(swift_getFatalErrorMessageBuffer());
    if (fatal != NULL) {
        size_t length = strnlen(fatal, 4096);
        while (length > 0 && (fatal[length - 1] == '\n' || fatal[length - 1] == ' ')) length--;
        append_json_escaped(&b, fatal, length);
        append_string(&b, " (");
        append_string(&b, signal_name(number));
        append_string(&b, ")");
    } else {
        append_string(&b, "the function process crashed: ");
        append_string(&b, signal_name(number));
        append_string(&b, " (signal ");
        append_unsigned(&b, (uintptr_t)number, 10);
        append_string(&b, ")");
    }
    append_string(&b, "\",\"errorType\":\"Runtime.Crash\",\"stackTrace\":[");
    void *frames[24];
    int count = with_stack ? backtrace(frames, 24) : 0;
    int written = 0;
    // The first frames are this handler and the signal trampoline.
    for (int i = 2; i < count && written < 16; i++, written++) {
        if (written > 0) append_string(&b, ",");
        append_string(&b, "\"");
        Dl_info info;
        if (dladdr(frames[i], &info) != 0 && info.dli_fname != NULL) {
            const char *slash = strrchr(info.dli_fname, '/');
            const char *module = slash ? slash + 1 : info.dli_fname;
            append_json_escaped(&b, module, strnlen(module, 256));
            append_string(&b, "+0x");
            append_unsigned(&b, (uintptr_t)frames[i] - (uintptr_t)info.dli_fbase, 16);
            if (info.dli_sname != NULL) {
                append_string(&b, " ");
                append_json_escaped(&b, info.dli_sname, strnlen(info.dli_sname, 512));
            }
        } else {
            append_string(&b, "0x");
            append_unsigned(&b, (uintptr_t)frames[i], 16);
        }
        append_string(&b, "\"");
    }
    append_string(&b, "]}");
    return b.length;
}

static void write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n <= 0) return;
        data += n;
        length -= (size_t)n;
    }
}

static void post_error(int number) {
    size_t id_length = atomic_load(&armed_length);
    if (id_length == 0) return;
    size_t body_length = format_document(number, document, sizeof(document));

    buffer_t head = {request_head, 0, sizeof(request_head)};
    append_string(&head, "POST /2018-06-01/runtime/invocation/");
    append(&head, request_id, id_length);
    append_string(&head, "/error HTTP/1.1\r\nHost: ");
    append(&head, host_header, host_header_length);
    append_string(&head, "\r\nLambda-Runtime-Function-Error-Type: Runtime.Crash\r\nContent-Type: application/json\r\n"
                         "Connection: close\r\nContent-Length: ");
    append_unsigned(&head, body_length, 10);
    append_string(&head, "\r\n\r\n");

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return;
    struct timeval timeout = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    if (connect(fd, (const struct sockaddr *)&api_address, sizeof(api_address)) == 0) {
        write_all(fd, request_head, head.length);
        write_all(fd, document, body_length);
        char answer[256];
        (void)read(fd, answer, sizeof(answer));  // the 202, so the post is complete before the process dies
    }
    close(fd);
}

static void handle_signal(int number, siginfo_t *info, void *context) {
    (void)info;
    (void)context;
    if (atomic_exchange(&reporting, 1) == 0) {
        alarm(3);  // whatever happens below, the process ends
        post_error(number);
    }
    // Hand the signal on: the previous handler (Swift's backtracer, if it installed one) or the default,
    // so the process dies from the same signal as before and its exit status is unchanged.
    for (size_t i = 0; i < SIGNAL_COUNT; i++) {
        if (handled_signals[i] == number) sigaction(number, &previous_actions[i], NULL);
    }
    raise(number);
}

int crash_reporter_install(const char *host, int port, int stack_trace) {
    memset(&api_address, 0, sizeof(api_address));
    api_address.sin_family = AF_INET;
    api_address.sin_port = htons((uint16_t)port);
    const char *numeric = strcmp(host, "localhost") == 0 ? "127.0.0.1" : host;
    if (port <= 0 || port > 65535 || inet_pton(AF_INET, numeric, &api_address.sin_addr) != 1) return -1;

    buffer_t header = {host_header, 0, sizeof(host_header)};
    append_string(&header, host);
    append_string(&header, ":");
    append_unsigned(&header, (uintptr_t)port, 10);
    host_header_length = header.length;

    // backtrace() loads libgcc_s (or, in a static executable, sorts every unwind entry of the binary) on its first
    // call, which allocates: do that now, not in the handler. It costs ~18 ms of cold start in a static
    // greetings (0.6 ms without), so the stack is opt-in.
    if (stack_trace) {
        void *warm[2];
        (void)backtrace(warm, 2);
        with_stack = 1;
    }

    stack_t stack = {.ss_sp = alternate_stack, .ss_size = sizeof(alternate_stack), .ss_flags = 0};
    sigaltstack(&stack, NULL);  // a stack overflow must still be reported
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = handle_signal;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < SIGNAL_COUNT; i++) sigaction(handled_signals[i], &action, &previous_actions[i]);
    return 0;
}

void crash_reporter_arm(const void *id, size_t length) {
    if (length == 0 || length >= sizeof(request_id)) {
        atomic_store(&armed_length, 0);
        return;
    }
    memcpy(request_id, id, length);
    atomic_store(&armed_length, length);
}

void crash_reporter_disarm(void) { atomic_store(&armed_length, 0); }

size_t crash_reporter_format_for_testing(int number, char *out, size_t capacity) {
    return format_document(number, out, capacity);
}
