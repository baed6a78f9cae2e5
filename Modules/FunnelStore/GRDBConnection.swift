import GRDB
import GRDBSQLite
import StageKit

/// StageKit's `SQLDatabase` over a GRDB connection, valid only inside the transaction that made it.
final class GRDBConnection: SQLDatabase {
    private let db: Database

    init(_ db: Database) { self.db = db }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        let bound = try arguments.map(StoredText.bound)
        try wrap { try db.execute(sql: sql, arguments: StatementArguments(bound.map(\.databaseValue))) }
    }

    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        try wrap {
            let statement = try db.cachedStatement(sql: sql)
            return try GRDBConnection.rows(statement, arguments)
        }
    }

    func prepare(_ sql: String) throws -> any PreparedStatement {
        try wrap { GRDBPreparedStatement(try db.makeStatement(sql: sql)) }
    }

    func savepoint<T>(rollingBack: Bool, _ body: () throws -> T) throws -> T {
        var result: T?
        try wrap {
            try db.inSavepoint {
                result = try body()
                return rollingBack ? .rollback : .commit
            }
        }
        guard let result else { throw DatabaseFailure("savepoint produced no result") }
        return result
    }

    var lastInsertedRowID: Int64 { db.lastInsertedRowID }
    var changedRowCount: Int { db.changesCount }

    /// Binds, steps and reads the statement through SQLite's C API (GRDB's row decoding was most of
    /// the cost of reading many rows).
    static func rows(_ statement: Statement, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let columns = SQLColumns(statement.columnNames)
        let count = Int32(columns.names.count)
        // SAFETY: the statement is GRDB's and alive during this call, used only on the connection's thread.
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        try GRDBPreparedStatement.bind(arguments, to: handle)
        defer { sqlite3_reset(handle) }
        var rows: [SQLRow] = []
        while true {
            let step = sqlite3_step(handle)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else { throw GRDBPreparedStatement.failure(handle) }
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

    /// Turns GRDB's errors into StageKit's, so callers never see the backend's types.
    func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError { throw SQLiteStore.failure(error) }
    }
}

/// A compiled GRDB statement.
final class GRDBPreparedStatement: PreparedStatement {
    private let statement: Statement

    init(_ statement: Statement) { self.statement = statement }

    /// Binds and steps the statement through SQLite's C API: bulk inserts run a million times, and
    /// GRDB's argument conversion was a large share of each.
    func execute(_ arguments: [SQLValue]) throws {
        // SAFETY: the statement is GRDB's, alive as long as `statement`; it is only used here, on the
        // connection's thread, inside the transaction that prepared it.
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        try GRDBPreparedStatement.bind(arguments, to: handle)
        let step = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard step == SQLITE_DONE || step == SQLITE_ROW else { throw GRDBPreparedStatement.failure(handle) }
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

    func query(_ arguments: [SQLValue]) throws -> [SQLRow] {
        do { return try GRDBConnection.rows(statement, arguments) } catch let error as DatabaseError {
            throw SQLiteStore.failure(error)
        }
    }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .integer(let i): return i.databaseValue
        case .real(let d): return d.databaseValue
        case .text(let s): return s.databaseValue
        }
    }

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let i): self = .integer(i)
        case .double(let d): self = .real(d)
        case .string(let s): self = .text(s)
        case .blob(let data): self = .text(String(decoding: data, as: UTF8.self))
        }
    }
}

/// SQLite's SQLITE_TRANSIENT: copy bound text before the call returns.
private let transientDestructor = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
