#ifndef CPROCESS_H
#define CPROCESS_H

#include <spawn.h>

/// pipe2(fds, O_CLOEXEC): both ends close-on-exec from the start, so no other child inherits them.
int cprocess_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np, which Swift's Glibc module hides behind _GNU_SOURCE.
int cprocess_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// posix_spawn_file_actions_addclosefrom_np(actions, from): the child closes every descriptor from `from` up,
/// so a function never inherits the emulator's (or a test runner's) sockets and pipes, whatever their flags.
int cprocess_addclosefrom(posix_spawn_file_actions_t *actions, int from);

#endif
