#ifndef CRASH_REPORTER_H
#define CRASH_REPORTER_H

#include <stddef.h>

// Reports a crash of the function process to the Lambda Runtime API as the error of the invocation in
// flight, from a signal handler. In C because the handler must be async-signal-safe: Swift code may
// allocate, retain or take locks anywhere, and a handler that does so can deadlock or crash again.
// Everything the handler needs is prepared outside it: the address at install time, the request id
// when an invocation starts (a copy into a static buffer), the error document's fixed parts always.

/// Installs handlers for SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE and SIGABRT on an alternate stack.
/// `host` is the Runtime API's IPv4 address (or "localhost"), `port` its port. Returns 0, or -1 when
/// the address is not usable (nothing is installed then).
int crash_reporter_install(const char *host, int port, int stack_trace);

/// Marks an invocation as in flight: a crash from now on is posted as its error. Copies the id
/// (at most 127 bytes; a longer id is not armed).
void crash_reporter_arm(const void *request_id, size_t length);

/// No invocation in flight: a crash is left to the default handling (the process dies, nothing is posted).
void crash_reporter_disarm(void);

/// For tests: formats the error document the handler would post for `signal_number`, into `out`
/// (returns its length). Uses the same code path as the handler, without sending anything.
size_t crash_reporter_format_for_testing(int signal_number, char *out, size_t capacity);

#endif
