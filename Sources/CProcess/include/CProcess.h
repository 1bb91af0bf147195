#ifndef CPROCESS_H
#define CPROCESS_H

#include <spawn.h>

/// pipe2(fds, O_CLOEXEC): both ends close-on-exec from the start, so no other child inherits them.
int cprocess_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np, which Swift's Glibc module hides behind _GNU_SOURCE.
int cprocess_addchdir(posix_spawn_file_actions_t *actions, const char *path);

#endif
