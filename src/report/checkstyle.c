/* src/report/checkstyle.c - not written yet */
typedef int kr__placeholder_t;
