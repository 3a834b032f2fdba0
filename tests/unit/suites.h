/* suites.h — the CUnit suites of the core, registered by unit_main.c. */
#ifndef HS_TEST_SUITES_H
#define HS_TEST_SUITES_H
void hs_suite_threshold(void);
void hs_suite_config(void);
void hs_suite_serialize(void);
void hs_suite_loader(void);
void hs_suite_runner(void);
void hs_suite_output(void);
void hs_suite_readfile(void);
void hs_suite_evidence(void);
void hs_suite_histstream(void);

/* Helpers shared by the suites (testutil.c). */
/* Write text to a new temp file; returns its malloc'ed path. */
char *hs_test_write_file(const char *text);
/* Directory holding the built plugins ($HASCOUT_PLUGIN_PATH). */
const char *hs_test_plugin_dir(void);
#endif
