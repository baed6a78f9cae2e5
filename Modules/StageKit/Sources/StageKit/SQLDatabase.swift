/// A value bound to or read from SQL. Money is stored as integer minor units, never as `real`.
@frozen public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// The column names of a query's result, shared by all its rows, with a lookup by name.
public final class SQLColumns: Sendable {
    public let names: [String]
    private let positions: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }

    public func position(of name: String) -> Int? { positions[name] }
}

/// One result row: column names and values, read by name.
public struct SQLRow: Sendable {
    public let columns: SQLColumns
    public let values: [SQLValue]

    public init(columns: SQLColumns, values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(column: String) -> SQLValue {
        guard let index = columns.position(of: column), index < values.count else { return .null }
        return values[index]
    }

    public func text(_ column: String) -> String? {
        switch self[column] {
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .null: return nil
        }
    }

    public func integer(_ column: String) -> Int64? {
        switch self[column] {
        case .integer(let i): return i
        case .text(let s): return Int64(s)
        default: return nil
        }
    }
}

/// The database as a stage sees it inside one command's transaction.
///
/// SQL written against it stays portable (SQLite and PostgreSQL): `?` placeholders, no
/// engine-specific functions in stage code. Conforming types are the store backends (FunnelStore's
/// SQLite implementation, later PostgreSQL); stages only call it.
///
/// Every backend keeps Funnel's text rules (`UnicodeText`): text bound to a statement is put in NFC
/// before it is stored or compared, text holding a NUL character is refused (`CommandError`), and
/// the SQL function `funnel_contains(text, pattern)` is `text =~ pattern` (NULL when either is NULL).
public protocol SQLDatabase: AnyObject {
    func execute(_ sql: String, _ arguments: [SQLValue]) throws
    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]
    /// A statement compiled once and run many times, for bulk work.
    func prepare(_ sql: String) throws -> any PreparedStatement
    /// The row id of the last successful insert.
    var lastInsertedRowID: Int64 { get }
    /// Rows changed by the last statement.
    var changedRowCount: Int { get }
    /// Runs `body` in a savepoint: its changes are undone when it throws, or when `rollingBack` is true.
    func savepoint<T>(rollingBack: Bool, _ body: () throws -> T) throws -> T
    /// How this backend writes what has no portable SQL (`SQLDialect`); SQLite's unless the backend says otherwise.
    var dialect: SQLDialect { get }
    /// Inserts `rows` into `table`, each a value for each of `columns` in order, and returns the id
    /// each new row got, in order, when `returningIDs` (else nothing). For bulk loads: a backend may
    /// send many rows at once (PostgreSQL copies them in with COPY); the default runs one prepared
    /// INSERT a row. `table` and `columns` are names from code, never user input.
    func insert(into table: String, columns: [String], rows: [[SQLValue]], returningIDs: Bool) throws -> [Int64]
}

extension SQLDatabase {
    /// SQLite's, for a backend that does not name its own.
    public var dialect: SQLDialect { .sqlite }

    /// One prepared INSERT a row, reading each new row's id after it.
    public func insert(into table: String, columns: [String], rows: [[SQLValue]], returningIDs: Bool) throws -> [Int64] {
        guard !rows.isEmpty else { return [] }
        let statement = try prepare("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ("
            + columns.map { _ in "?" }.joined(separator: ", ") + ")")
        var ids: [Int64] = []
        if returningIDs { ids.reserveCapacity(rows.count) }
        for row in rows {
            try statement.execute(row)
            if returningIDs { ids.append(lastInsertedRowID) }
        }
        return ids
    }
    public func execute(_ sql: String) throws { try execute(sql, []) }
    public func query(_ sql: String) throws -> [SQLRow] { try query(sql, []) }
}

/// A compiled statement, valid inside the transaction that prepared it.
public protocol PreparedStatement: AnyObject {
    func execute(_ arguments: [SQLValue]) throws
    func query(_ arguments: [SQLValue]) throws -> [SQLRow]
}

/// A named schema change owned by one module, applied once, in registration order.
public struct Migration: Sendable {
    public let module: String
    public let name: String
    public let statements: [String]

    public init(module: String, name: String, statements: [String]) {
        self.module = module
        self.name = name
        self.statements = statements
    }

    public var identifier: String { "\(module)/\(name)" }
}

/// A failure of the database itself (locked, corrupt, constraint), as opposed to bad user input.
public struct DatabaseFailure: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
