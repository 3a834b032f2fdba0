/*
 * plugins/keepalived/reader.h — reading one node's VRRP state from the
 * machine: the notify helper's state file, or keepalived's dumps on a
 * signal. This is the plugin's only I/O besides the flap history; what it
 * reads goes through the pure parsers of parse.h.
 */
#ifndef KA_READER_H
#define KA_READER_H

#include <stddef.h>

#include "judge.h"
#include "fileio.h"

enum ka_method { KA_METHOD_STATE_FILE, KA_METHOD_DUMP };
enum ka_format { KA_FORMAT_JSON, KA_FORMAT_TEXT };

/* How one node is read. Strings are borrowed from the config. */
struct ka_node_cfg {
    const char *name;
    enum ka_method method;
    const char *state_file; /* method state_file */
    const char *pid_file;   /* keepalived's main pid file (-p) */
    const char *dump_dir;   /* keepalived's TMPDIR, method dump */
    const char *json_file;  /* names inside dump_dir */
    const char *data_file;
    const char *stats_file;
    enum ka_format format;
    int json_signal;        /* keepalived --signum=JSON */
    double dump_timeout;    /* seconds to wait for a dump */
};

/* Whether keepalived runs per its pid file: 1 yes (and *pid set), 0 no
 * (no pid file, dead or zombie process, or a PID reused by another
 * program), -1 cannot tell. `why` says which. */
int ka_pid_running(const char *pid_file, long *pid, char *why,
                   size_t whylen);

/* Observe node `cfg` into `obs` (running, readable, why, view), waiting
 * for dumps no later than `deadline` (CLOCK_MONOTONIC seconds). Never
 * fails: what could not be read is recorded in obs. */
void ka_read_node(const struct ka_node_cfg *cfg, double deadline,
                  struct ka_node_obs *obs);

/* CLOCK_MONOTONIC and CLOCK_REALTIME in seconds. */
double ka_mono_now(void);
double ka_wall_now(void);

#endif /* KA_READER_H */
