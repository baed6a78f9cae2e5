import StageKit

/// A statement prepared on the server once (`PQprepare`) and run many times; deallocated with this.
final class PostgresPreparedStatement: PreparedStatement {
    private let name: String
    private let connection: PostgresConnection

    init(name: String, connection: PostgresConnection) {
        self.name = name
        self.connection = connection
    }

    deinit { try? connection.execute("DEALLOCATE \(name)") }

    func execute(_ arguments: [SQLValue]) throws { _ = try connection.runPrepared(name, arguments) }

    func query(_ arguments: [SQLValue]) throws -> [SQLRow] { try connection.runPrepared(name, arguments).rows }
}
