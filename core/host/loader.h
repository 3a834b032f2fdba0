/* loader.h — finding plugin shared objects, opening them, and checking
 * their descriptors against the ABI. */
#ifndef HS_LOADER_H
#define HS_LOADER_H
#include <stddef.h>
#include "hascout/plugin.h"

#include "host/plugininfo.h"
#include "abi/result.h" /* hs_ha_class_name, HS_CLASS_LAST */

/* The plugin directories in search order: the config's, then each entry of
 * $HASCOUT_PLUGIN_PATH (colon-separated), then the install directory.
 * Returns a NULL-terminated array the caller frees with hs_strings_free(),
 * or NULL on allocation failure. `cfg_dirs` may be NULL. */
char **hs_plugin_dirs(char *const *cfg_dirs, size_t ncfg);
void hs_strings_free(char **v);

/* Path of NAME.so in the first directory that has one. Returns a malloc'ed
 * path (caller frees) or NULL when not found (errno ENOENT) or on
 * allocation failure. */
char *hs_plugin_find(char *const *dirs, const char *name);

/* dlopen `path` and validate its descriptor: entry symbol, ABI version,
 * name (equal to the file stem), class, scores in 1..5, callbacks. On
 * success sets *desc and *handle (close with dlclose) and returns 0; on
 * failure returns -1 with the reason in err and nothing left open.
 * Runs plugin constructors: call it only in a child process. */
int hs_plugin_open(const char *path, const struct hs_plugin **desc, void **handle, hs_error *err);

/* Inspect `path` in a forked child (so a crashing or hanging constructor
 * cannot hurt the caller), with a deadline in seconds. Fills *info (caller
 * frees with hs_plugin_info_free); info->error says why it is unusable.
 * Returns 0, or -1 only on a local failure (fork, pipe, memory). */
int hs_plugin_inspect(const char *path, double deadline, struct hs_plugin_info *info);

/* hs_plugin_inspect() for n files side by side (at most 16 children at
 * once), each with `deadline`: a slow constructor costs its own deadline,
 * not everyone's. Fills infos[0..n-1] (caller frees each). 0, or -1 when
 * out of memory. */
int hs_plugin_inspect_many(char *const *paths, size_t n, double deadline,
                           struct hs_plugin_info *infos);

/* Every *.so in `dirs`, inspected, in search order, with duplicates of an
 * earlier name refused ("duplicate plugin name"). Returns the count and
 * sets *out (caller frees each with hs_plugin_info_free, then the array),
 * or -1 on allocation failure. */
int hs_plugin_scan(char *const *dirs, struct hs_plugin_info **out);

#endif
