import CLibPQ
#if canImport(Glibc)
import Glibc
#endif
import StageKit

/// libpq's functions, found in the shared library the first time a PostgreSQL database is opened.
/// Funnel links no PostgreSQL library: on SQLite it never loads libpq, nor the libraries libpq needs
/// (GSSAPI, LDAP, OpenSSL), so start-up stays short; without libpq installed, only a `postgres://`
/// database fails, with a message saying which package to install.
struct LibPQ: @unchecked Sendable {
    // @unchecked: C function pointers, set once and only read.
    let connectdb: funnel_PQconnectdb
    let finish: funnel_PQfinish
    let status: funnel_PQstatus
    let errorMessage: funnel_PQerrorMessage
    let setNoticeProcessor: funnel_PQsetNoticeProcessor
    let setClientEncoding: funnel_PQsetClientEncoding
    let transactionStatus: funnel_PQtransactionStatus
    let exec: funnel_PQexec
    let execParams: funnel_PQexecParams
    let prepare: funnel_PQprepare
    let execPrepared: funnel_PQexecPrepared
    let resultStatus: funnel_PQresultStatus
    let resultErrorField: funnel_PQresultErrorField
    let clear: funnel_PQclear
    let cmdStatus: funnel_PQcmdStatus
    let cmdTuples: funnel_PQcmdTuples
    let ntuples: funnel_PQntuples
    let nfields: funnel_PQnfields
    let fname: funnel_PQfname
    let ftype: funnel_PQftype
    let getisnull: funnel_PQgetisnull
    let getvalue: funnel_PQgetvalue
    let getlength: funnel_PQgetlength
    let getCancel: funnel_PQgetCancel
    let freeCancel: funnel_PQfreeCancel
    let cancel: funnel_PQcancel
    let putCopyData: funnel_PQputCopyData
    let putCopyEnd: funnel_PQputCopyEnd
    let getResult: funnel_PQgetResult

    /// The functions, loaded on first use; the same failure every time when libpq cannot be opened.
    static func load() throws -> LibPQ { try loaded.get() }

    private static let loaded: Result<LibPQ, DatabaseFailure> = Result { () throws(DatabaseFailure) -> LibPQ in try open(["libpq.so.5", "libpq.so"]) }

    /// Opens the first of `names` that loads and finds every function in it.
    static func open(_ names: [String]) throws(DatabaseFailure) -> LibPQ {
        var reasons: [String] = []
        for name in names {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
                reasons.append(dlerror().map { String(cString: $0) } ?? name)
                continue
            }
            do {
                return try functions(in: handle)
            } catch {
                dlclose(handle)
                throw DatabaseFailure("\(name) has no \(error.description): PostgreSQL needs libpq 10 or newer")
            }
        }
        throw DatabaseFailure("PostgreSQL databases need libpq, which is not installed (Debian: apt-get install libpq5): "
                              + reasons.joined(separator: "; "))
    }

    private struct MissingFunction: Error, CustomStringConvertible {
        let description: String
    }

    private static func functions(in handle: UnsafeMutableRawPointer) throws(MissingFunction) -> LibPQ {
        func find<F>(_ symbol: String) throws(MissingFunction) -> F {
            guard let address = dlsym(handle, symbol) else { throw MissingFunction(description: symbol) }
            return unsafeBitCast(address, to: F.self)
        }
        return LibPQ(
            connectdb: try find("PQconnectdb"), finish: try find("PQfinish"), status: try find("PQstatus"),
            errorMessage: try find("PQerrorMessage"), setNoticeProcessor: try find("PQsetNoticeProcessor"),
            setClientEncoding: try find("PQsetClientEncoding"), transactionStatus: try find("PQtransactionStatus"),
            exec: try find("PQexec"), execParams: try find("PQexecParams"), prepare: try find("PQprepare"),
            execPrepared: try find("PQexecPrepared"), resultStatus: try find("PQresultStatus"),
            resultErrorField: try find("PQresultErrorField"), clear: try find("PQclear"), cmdStatus: try find("PQcmdStatus"),
            cmdTuples: try find("PQcmdTuples"), ntuples: try find("PQntuples"), nfields: try find("PQnfields"),
            fname: try find("PQfname"), ftype: try find("PQftype"), getisnull: try find("PQgetisnull"),
            getvalue: try find("PQgetvalue"), getlength: try find("PQgetlength"), getCancel: try find("PQgetCancel"),
            freeCancel: try find("PQfreeCancel"), cancel: try find("PQcancel"), putCopyData: try find("PQputCopyData"),
            putCopyEnd: try find("PQputCopyEnd"), getResult: try find("PQgetResult"))
    }
}
