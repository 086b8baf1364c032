/* `inf-ls --check`: batch diagnostics (and --fix / --diff) over files and
 * directories. */
#ifndef SRV_CHECK_H
#define SRV_CHECK_H

/* argv holds the arguments after --check. Returns the process exit code:
 * 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error. */
int srv_check_main(int argc, char **argv);

#endif
