import GRDBSQLite
import StageKit

/// An error from SQLite: its result code (extended) and its message.
struct SQLiteError: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    /// The primary result code (`SQLITE_BUSY` for `SQLITE_BUSY_SNAPSHOT`, ...).
    var primary: Int32 { code & 0xFF }
    var description: String { message }
}

/// One SQLite connection through SQLite's C API: statements, a statement cache, transactions and
/// savepoints. Not thread-safe: `SQLiteStore` serialises every use (only `interrupt()` may come from
/// another thread).
final class SQLiteConnection {
    // SAFETY: the handle is open from init to deinit and used only under the store's lock.
    let handle: OpaquePointer
    private var cache: [String: OpaquePointer] = [:]

    /// Opens the database with SQLite's open `flags`, with foreign keys on, double-quoted string
    /// literals refused and `busyTimeout` seconds of waiting for another connection's lock.
    init(path: String, flags: Int32, busyTimeout: Double) throws {
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(handle)
            throw SQLiteError(code: code, message: message)
        }
        self.handle = handle
        sqlite3_extended_result_codes(handle, 1)
        _disableDoubleQuotedStringLiterals(handle)
        sqlite3_busy_timeout(handle, Int32(min(busyTimeout * 1000, Double(Int32.max))))
        do { try execute("PRAGMA foreign_keys = ON") } catch {
            sqlite3_close_v2(handle)
            throw error
        }
    }

    deinit {
        for statement in cache.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// The last error on this connection.
    func error(_ code: Int32? = nil) -> SQLiteError {
        SQLiteError(code: code ?? sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)))
    }

    /// Runs every statement of `sql`, binding `arguments` in order across them.
    func execute(_ sql: String, _ arguments: [SQLValue] = []) throws {
        var remaining = arguments[...]
        try sql.withCString { start in
            var next: UnsafePointer<CChar>? = start
            while let current = next, current.pointee != 0 {
                var statement: OpaquePointer?
                let code = sqlite3_prepare_v2(handle, current, -1, &statement, &next)
                guard code == SQLITE_OK else { throw error(code) }
                guard let statement else { continue }  // only a comment or white space was left
                defer { sqlite3_finalize(statement) }
                let count = Int(sqlite3_bind_parameter_count(statement))
                try SQLiteStatement.bind(Array(remaining.prefix(count)), to: statement)
                remaining = remaining.dropFirst(count)
                while true {
                    let step = sqlite3_step(statement)
                    if step == SQLITE_DONE { break }
                    guard step == SQLITE_ROW else { throw error(step) }
                }
            }
        }
        guard remaining.isEmpty else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "\(arguments.count) values for \(arguments.count - remaining.count) parameters")
        }
    }

    /// A compiled statement for `sql`, kept for the next time the same text is run.
    func cachedStatement(_ sql: String) throws -> OpaquePointer {
        if let statement = cache[sql] { return statement }
        let statement = try prepare(sql)
        cache[sql] = statement
        return statement
    }

    /// A new compiled statement for `sql`; the caller finalizes it.
    func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK else { throw error(code) }
        guard let statement else { throw SQLiteError(code: SQLITE_MISUSE, message: "no statement in \(sql)") }
        return statement
    }

    /// Every row of `sql`, compiled for this one run.
    func rows(_ sql: String) throws -> [SQLRow] {
        let statement = try prepare(sql)
        defer { sqlite3_finalize(statement) }
        return try SQLiteStatement.rows(statement, [])
    }

    /// The first column of every row of `sql`, as text.
    func texts(_ sql: String) throws -> [String] {
        try rows(sql).compactMap { $0.values.first.flatMap { if case .text(let text) = $0 { text } else { nil } } }
    }

    /// Whether a transaction is open.
    var isInsideTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in a transaction (`BEGIN IMMEDIATE` when `immediate`): committed when it returns,
    /// rolled back when it throws.
    func inTransaction<T>(immediate: Bool, _ body: () throws -> T) throws -> T {
        try execute(immediate ? "BEGIN IMMEDIATE TRANSACTION" : "BEGIN DEFERRED TRANSACTION")
        let result: T
        do {
            result = try body()
            try execute("COMMIT TRANSACTION")
        } catch {
            if isInsideTransaction { try? execute("ROLLBACK TRANSACTION") }
            throw error
        }
        return result
    }

    /// Runs `body` in a savepoint inside the open transaction: released when it returns (rolled back
    /// first when `rollingBack`), rolled back when it throws.
    func inSavepoint<T>(rollingBack: Bool = false, _ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT funnel")
        let result: T
        do {
            result = try body()
        } catch {
            if isInsideTransaction {
                try? execute("ROLLBACK TRANSACTION TO SAVEPOINT funnel")
                try? execute("RELEASE SAVEPOINT funnel")
            }
            throw error
        }
        if rollingBack { try execute("ROLLBACK TRANSACTION TO SAVEPOINT funnel") }
        try execute("RELEASE SAVEPOINT funnel")
        return result
    }
}

/// StageKit's `SQLDatabase` over the store's connection, valid only inside the transaction that made it.
final class SQLiteDatabase: SQLDatabase {
    private let connection: SQLiteConnection

    init(_ connection: SQLiteConnection) { self.connection = connection }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        try wrap { try connection.execute(sql, arguments) }
    }

    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        try wrap { try SQLiteStatement.rows(try connection.cachedStatement(sql), arguments) }
    }

    func prepare(_ sql: String) throws -> any PreparedStatement {
        try wrap { SQLiteStatement(try connection.prepare(sql)) }
    }

    func savepoint<T>(rollingBack: Bool, _ body: () throws -> T) throws -> T {
        try wrap { try connection.inSavepoint(rollingBack: rollingBack, body) }
    }

    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection.handle) }
    var changedRowCount: Int { Int(sqlite3_changes(connection.handle)) }

    /// Turns SQLite's errors into StageKit's, so callers never see the backend's types.
    func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SQLiteError { throw SQLiteStore.failure(error) }
    }
}

/// A compiled statement of the store's connection, finalized when released.
final class SQLiteStatement: PreparedStatement {
    // SAFETY: alive until deinit; used only on the connection's thread inside the transaction that
    // prepared it.
    private let statement: OpaquePointer

    init(_ statement: OpaquePointer) { self.statement = statement }

    deinit { sqlite3_finalize(statement) }

    /// Binds and steps the statement: bulk inserts run a million times.
    func execute(_ arguments: [SQLValue]) throws {
        sqlite3_reset(statement)
        try SQLiteStatement.bind(arguments, to: statement)
        let step = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard step == SQLITE_DONE || step == SQLITE_ROW else { throw SQLiteStatement.failure(statement) }
    }

    func query(_ arguments: [SQLValue]) throws -> [SQLRow] {
        do { return try SQLiteStatement.rows(statement, arguments) } catch let error as SQLiteError {
            throw SQLiteStore.failure(error)
        }
    }

    /// Binds the arguments, steps the statement and reads its rows.
    static func rows(_ handle: OpaquePointer, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let count = sqlite3_column_count(handle)
        let columns = SQLColumns((0..<count).map { String(cString: sqlite3_column_name(handle, $0)) })
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        try bind(arguments, to: handle)
        defer { sqlite3_reset(handle) }
        var rows: [SQLRow] = []
        while true {
            let step = sqlite3_step(handle)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else { throw failure(handle) }
            var values: [SQLValue] = []
            values.reserveCapacity(Int(count))
            for index in 0..<count {
                switch sqlite3_column_type(handle, index) {
                case SQLITE_NULL: values.append(.null)
                case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(handle, index)))
                case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(handle, index)))
                default:
                    if let text = sqlite3_column_text(handle, index) {
                        let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, index)))
                        values.append(.text(String(decoding: bytes, as: UTF8.self)))
                    } else {
                        values.append(.null)
                    }
                }
            }
            rows.append(SQLRow(columns: columns, values: values))
        }
        return rows
    }

    static func bind(_ arguments: [SQLValue], to handle: OpaquePointer?) throws {
        guard Int32(arguments.count) <= sqlite3_bind_parameter_count(handle) else {
            throw DatabaseFailure("database error: \(arguments.count) values for \(sqlite3_bind_parameter_count(handle)) parameters")
        }
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch argument {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let value): code = sqlite3_bind_int64(handle, index, value)
            case .real(let value): code = sqlite3_bind_double(handle, index, value)
            case .text(let text):
                // In NFC, without NUL (StoredText); then its own UTF-8 bytes and length: no C-string
                // copy, no strlen (SQLite copies once).
                var value = try StoredText.bound(text)
                code = value.withUTF8 { bytes in
                    guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_text(handle, index, "", 0, nil) }
                    return sqlite3_bind_text64(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                                               UInt64(bytes.count), transientDestructor, UInt8(SQLITE_UTF8))
                }
            }
            if code != SQLITE_OK { throw failure(handle) }
        }
    }

    static func failure(_ handle: OpaquePointer?) -> DatabaseFailure {
        let message = sqlite3_db_handle(handle).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "unknown error"
        return DatabaseFailure("database error: \(message)")
    }
}

/// SQLite's SQLITE_TRANSIENT: copy bound text before the call returns.
private let transientDestructor = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
