// test-cxx.cc — cg.h and xapian_shim.h compile as C++ and link from C++.
#include "cg.h"
#include "xapian_shim.h"

#include <cstdio>
#include <cstring>

int main()
{
    // TAP, like the Criterion suites.
    std::printf("1..1\n");
    bool ok = std::strcmp(cg_status_str(CG_OK), "ok") == 0 && cg_xapian_version()[0] != '\0';
    std::printf("%s 1 - cg.h usable from C++\n", ok ? "ok" : "not ok");
    return ok ? 0 : 1;
}
