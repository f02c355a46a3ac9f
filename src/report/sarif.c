/* src/report/sarif.c - not written yet */
typedef int kr__placeholder_t;
