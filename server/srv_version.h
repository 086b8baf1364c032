#ifndef SRV_VERSION_H
#define SRV_VERSION_H

/* CMake passes the project version; the fallback keeps lone builds working. */
#ifdef INFLS_VERSION
#define SRV_VERSION INFLS_VERSION
#else
#define SRV_VERSION "0.0.0"
#endif

#endif
