/* secrets.h — secrets the probe user may not read, read for it by root.
 *
 * A probe runs as an unprivileged user (sandbox.h). A secret file that user
 * cannot read (root-only, 0600, the safest setting) is read by the root
 * parent before any plugin is loaded, only for the target that names it,
 * and handed to that target's probe alone through a pipe: the probe never
 * gets another target's secret, and no process that maps plugin code ever
 * holds it but the one probe that needs it. hs_config_secret() in the
 * probe falls back to it when its own open() is refused. */
#ifndef HS_SECRETS_H
#define HS_SECRETS_H
#include <stddef.h>
#include <libconfig.h>

struct hs_sandbox;

/* Most files read per target, and the most bytes of each (its first line). */
#define HS_SECRETS_MAX 8
#define HS_SECRET_MAX 4096

/* Parent side. For each string setting named KEY_file in the target group
 * `t` (nested groups and lists too) whose file the user of sb cannot read, read the file's first line (a
 * regular file only, never blocking) and pack them into a pipe. Returns
 * the pipe's read end (O_CLOEXEC, owned by the caller), -1 when there is
 * nothing to hand over. Files that cannot be read are left out: the probe
 * then meets the error itself, naming the file. `resolve_dir` is the
 * config's directory (relative paths resolve against it), may be NULL. */
int hs_secrets_collect(const config_setting_t *t, const char *resolve_dir,
                       const struct hs_sandbox *sb);

/* Probe side: read what fd holds into this process's table (replacing any
 * earlier one) and close fd. 0, or -1 when the data is malformed. */
int hs_secrets_load(int fd);

/* The secret read for the file `path`, as the config writes it, or NULL.
 * Valid until hs_secrets_reset(). */
const char *hs_secrets_lookup(const char *path);

/* Wipe and forget the table. */
void hs_secrets_reset(void);

#endif
