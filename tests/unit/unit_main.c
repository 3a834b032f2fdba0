/* unit_main.c — runs every CUnit suite of the core; exit 1 on any failure. */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"

char *hs_test_write_file(const char *text)
{
    char tmpl[] = "/tmp/hs-unit-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return NULL;
    if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
        close(fd);
        return NULL;
    }
    close(fd);
    return strdup(tmpl);
}

const char *hs_test_plugin_dir(void)
{
    const char *d = getenv("HASCOUT_PLUGIN_PATH");
    return d && *d ? d : "plugins/.libs";
}

int main(void)
{
    unsigned failed;
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    hs_suite_threshold();
    hs_suite_config();
    hs_suite_serialize();
    hs_suite_loader();
    hs_suite_runner();
    hs_suite_output();
    hs_suite_readfile();
    hs_suite_evidence();
    hs_suite_histstream();
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    failed += CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
