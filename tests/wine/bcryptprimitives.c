/*
 * TEST-ONLY shim for running votedesk.exe under wine 8 in CI (tests/windows_smoke.sh).
 *
 * Rust's standard library on Windows imports ProcessPrng from bcryptprimitives.dll
 * (Windows 10 and later). Wine 8 has no such DLL, so the exe does not start at all. This
 * DLL provides that one function on top of RtlGenRandom (advapi32's SystemFunction036),
 * which wine does have. It is never shipped and never used on real Windows.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
