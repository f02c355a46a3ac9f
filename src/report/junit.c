/* src/report/junit.c - not written yet */
typedef int kr__placeholder_t;
