/* tests/keepalived/tests.h — the suites of the keepalived unit test. */
#ifndef KA_TESTS_H
#define KA_TESTS_H

#include <CUnit/CUnit.h>

/* Register a suite; 0 or -1 (CUnit error). */
int ka_add_parse_suite(void);
int ka_add_judge_suite(void);
int ka_add_wire_suite(void);
int ka_add_snmp_suite(void);

#endif
