/// How a database backend writes what SQLite and PostgreSQL spell differently, for SQL that has no
/// portable form.
///
/// Stage code asks the database it was given (`SQLDatabase.dialect`) and builds the expression
/// there; everything else it writes stays portable SQL. Each function takes SQL expressions (text
/// put into the statement, never user input) and returns one.
public struct SQLDialect: Sendable, Equatable, CustomStringConvertible {
    /// The backend's name: `sqlite` or `postgresql`.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// SQLite, Funnel's embedded default.
    public static let sqlite = SQLDialect("sqlite")
    /// PostgreSQL, for a team's shared database.
    public static let postgresql = SQLDialect("postgresql")

    /// The backend's name, as `name`.
    public var description: String { name }

    /// Whole seconds since 1970-01-01 00:00 UTC of a day or timestamp stored as ISO 8601 text
    /// (`2026-01-31`, `2026-01-31T09:00:00Z`, as Funnel stores them); NULL for NULL.
    public func epochSeconds(_ timestamp: String) -> String {
        // A timestamp without time zone ignores the stored `Z`: its epoch is the UTC one.
        self == .postgresql ? "CAST(extract(epoch FROM CAST(\(timestamp) AS timestamp)) AS BIGINT)" : "unixepoch(\(timestamp))"
    }
}
