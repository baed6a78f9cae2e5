import CLibPQ
import StageKit

/// A statement run many times: prepared on the server (`PQprepare`) the first time it runs with each
/// combination of argument types (integers are declared `bigint`, text undeclared: see
/// `PostgresConnection.parameterTypes`), so a column that holds integers on some rows and text on
/// others still runs; deallocated with this.
final class PostgresPreparedStatement: PreparedStatement {
    private let sql: String
    private let connection: PostgresConnection
    private var names: [[Oid]: String] = [:]

    init(sql: String, connection: PostgresConnection) {
        self.sql = sql
        self.connection = connection
    }

    deinit {
        for name in names.values { try? connection.execute("DEALLOCATE \(name)") }
    }

    private func name(for arguments: [SQLValue]) throws -> String {
        let types = PostgresConnection.parameterTypes(arguments)
        if let name = names[types] { return name }
        let name = try connection.prepareOnServer(sql, types: types)
        names[types] = name
        return name
    }

    func execute(_ arguments: [SQLValue]) throws { _ = try connection.runPrepared(try name(for: arguments), arguments) }

    func query(_ arguments: [SQLValue]) throws -> [SQLRow] { try connection.runPrepared(try name(for: arguments), arguments).rows }
}
