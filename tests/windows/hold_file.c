/* hold-file PATH: opens PATH sharing reads only (as an editor might), prints "holding", and
 * keeps it open until stdin closes. The windows tests run it under Wine to
 * check that inf-ls.exe --fix leaves a file in use untouched. */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <stdio.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 2) {
        fputs("usage: hold-file PATH\n", stderr);
        return 2;
    }
    HANDLE h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "hold-file: cannot open: error %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    puts("holding");
    fflush(stdout);
    while (getchar() != EOF)
        ;
    CloseHandle(h);
    return 0;
}
