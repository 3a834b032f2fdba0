/* plugininfo.h — what a plugin says of itself, carried between processes. */
#ifndef HS_PLUGININFO_H
#define HS_PLUGININFO_H
#include <stddef.h>
#include "hascout/plugin.h"

/* What `hascout plugins` shows about one .so file found in a plugin dir. */
struct hs_plugin_info {
    char *path; /* owned */
    char *name; /* owned; descriptor name, or the file stem if unreadable */
    char *version, *technology, *description; /* owned, may be NULL */
    int abi_version;
    int ha_class;
    double chance, risk, maturity;
    char *chance_why, *risk_why, *maturity_why; /* owned, may be NULL */
    char *error;                                /* owned; NULL when the plugin is usable */
};

/* Free what info owns and zero it; info may be NULL. */
void hs_plugin_info_free(struct hs_plugin_info *info);

/* The descriptor d as a JSON object (or {"error": error} when error is not
 * NULL): what a child that loaded the plugin sends back. malloc'ed (caller
 * frees), NULL when out of memory. */
char *hs_plugin_describe(const struct hs_plugin *d, const char *error);

/* Parse what hs_plugin_describe() wrote (len bytes, from an untrusted
 * process) into *info for the plugin at `path` (caller frees with
 * hs_plugin_info_free). Garbage gives info->error. 0, or -1 when out of
 * memory. Pure. */
int hs_plugin_info_parse(const char *text, size_t len, const char *path,
                         struct hs_plugin_info *info);

/* The file stem of path ("/x/y/haproxy.so" → "haproxy") into buf (len
 * bytes, truncated). */
void hs_plugin_file_stem(const char *path, char *buf, size_t len);

#endif
