// libpq, PostgreSQL's C client library, for the PostgresStore module only. The module map links no
// library: libpq (Debian's libpq5) is opened with dlopen when a PostgreSQL database is first opened
// (`LibPQ` in PostgresStore), so Funnel on SQLite never loads it or the libraries it needs. The header
// (Debian's libpq-dev) gives the types; these typedefs give each function's pointer type.
#ifndef FUNNEL_CLIBPQ_SHIM_H
#define FUNNEL_CLIBPQ_SHIM_H

#include <postgresql/libpq-fe.h>

typedef __typeof__(&PQconnectdb) funnel_PQconnectdb;
typedef __typeof__(&PQfinish) funnel_PQfinish;
typedef __typeof__(&PQstatus) funnel_PQstatus;
typedef __typeof__(&PQerrorMessage) funnel_PQerrorMessage;
typedef __typeof__(&PQsetNoticeProcessor) funnel_PQsetNoticeProcessor;
typedef __typeof__(&PQsetClientEncoding) funnel_PQsetClientEncoding;
typedef __typeof__(&PQtransactionStatus) funnel_PQtransactionStatus;
typedef __typeof__(&PQexec) funnel_PQexec;
typedef __typeof__(&PQexecParams) funnel_PQexecParams;
typedef __typeof__(&PQprepare) funnel_PQprepare;
typedef __typeof__(&PQexecPrepared) funnel_PQexecPrepared;
typedef __typeof__(&PQresultStatus) funnel_PQresultStatus;
typedef __typeof__(&PQresultErrorField) funnel_PQresultErrorField;
typedef __typeof__(&PQclear) funnel_PQclear;
typedef __typeof__(&PQcmdStatus) funnel_PQcmdStatus;
typedef __typeof__(&PQcmdTuples) funnel_PQcmdTuples;
typedef __typeof__(&PQntuples) funnel_PQntuples;
typedef __typeof__(&PQnfields) funnel_PQnfields;
typedef __typeof__(&PQfname) funnel_PQfname;
typedef __typeof__(&PQftype) funnel_PQftype;
typedef __typeof__(&PQgetisnull) funnel_PQgetisnull;
typedef __typeof__(&PQgetvalue) funnel_PQgetvalue;
typedef __typeof__(&PQgetlength) funnel_PQgetlength;
typedef __typeof__(&PQgetCancel) funnel_PQgetCancel;
typedef __typeof__(&PQfreeCancel) funnel_PQfreeCancel;
typedef __typeof__(&PQcancel) funnel_PQcancel;
typedef __typeof__(&PQputCopyData) funnel_PQputCopyData;
typedef __typeof__(&PQputCopyEnd) funnel_PQputCopyEnd;
typedef __typeof__(&PQgetResult) funnel_PQgetResult;

#endif
