// libpq, PostgreSQL's C client library (Debian: libpq-dev), for the PostgresStore module only.
#ifndef FUNNEL_CLIBPQ_SHIM_H
#define FUNNEL_CLIBPQ_SHIM_H

#include <libpq-fe.h>

#endif
