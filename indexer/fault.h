/* fault.h — named fault points for the crash test (tests/crash.sh).
 *
 * With CGINDEX_FAULT=NAME:N in the environment, the Nth passage of this process
 * through cg_fault("NAME") kills it with SIGKILL, as a power cut or the OOM killer
 * would; with CGINDEX_FAULT=NAME:N:stop it stops there (SIGSTOP), for a test to
 * look at the index at that moment and then let it go on (SIGCONT). Without the
 * variable a fault point does nothing (one getenv, once). */
#ifndef CG_FAULT_H
#define CG_FAULT_H

void cg_fault(const char *name);

#endif
