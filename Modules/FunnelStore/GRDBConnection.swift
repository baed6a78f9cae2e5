import GRDB
import StageKit

/// StageKit's `SQLDatabase` over a GRDB connection, valid only inside the transaction that made it.
final class GRDBConnection: SQLDatabase {
    private let db: Database

    init(_ db: Database) { self.db = db }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        try wrap { try db.execute(sql: sql, arguments: StatementArguments(arguments.map(\.databaseValue))) }
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

    static func rows(_ statement: Statement, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let columns = SQLColumns(statement.columnNames)
        let count = columns.names.count
        var rows: [SQLRow] = []
        let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(arguments.map(\.databaseValue)))
        while let row = try cursor.next() {
            var values: [SQLValue] = []
            values.reserveCapacity(count)
            for index in 0..<count {
                let value: DatabaseValue = row[index]
                values.append(SQLValue(value))
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

    func execute(_ arguments: [SQLValue]) throws {
        do {
            try statement.execute(arguments: StatementArguments(arguments.map(\.databaseValue)))
        } catch let error as DatabaseError { throw SQLiteStore.failure(error) }
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
