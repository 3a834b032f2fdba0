/*
 * tests/fuzz/fuzz_galera.c — libFuzzer target for the Galera plugin's pure
 * parsers: every input is parsed as `mariadb -B` wsrep status text and, up to
 * its first NUL, as a node address. Build: make fuzz-galera (clang).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/galera/galera.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gal_status st;
    char err[GAL_PERR_MAX];
    gal_addr addr;
    char why[200];
    char *text;

    if (gal_status_parse_text((const char *)data, size, &st, err, sizeof err) == 0) {
        /* a success must be complete and self-consistent */
        if ((st.seen & GAL_F_REQUIRED) != GAL_F_REQUIRED || st.local_state > 99 ||
            st.cluster_size > 100000 || (strlen(st.state_uuid) != 36 && st.state_uuid[0] != '\0'))
            abort();
    } else if (memchr(err, '\0', sizeof err) == NULL) {
        abort(); /* the message must be terminated */
    }

    text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (gal_addr_parse(text, &addr, why, sizeof why) == 0 && !addr.is_socket &&
        (addr.port < 1 || addr.port > 65535 || addr.host[0] == '\0'))
        abort();
    free(text);
    return 0;
}
