/// Large writes drop the secondary indexes they would touch and rebuild them after, inside the
/// caller's transaction (so a failure restores them too): building an index once from sorted keys is
/// several times faster than a million insertions scattered over it. A million journal events took
/// 5.6 s with `events_subject` kept and 3.1 s with it dropped and rebuilt (sqlite3 alone, this machine).
public enum BulkWrite {
    /// Below this many rows, indexes are kept: rebuilding costs more than it saves.
    public static let minimumRows = 50_000

    /// Runs `body` with `indexes` dropped when `worthIt`, and creates them again after it. Never on
    /// PostgreSQL: a shared database's other sessions read while a bulk load runs, and dropping an
    /// index would lock them out of the table until the load commits.
    public static func rebuilding<T>(_ indexes: [(name: String, create: String)], when worthIt: Bool,
                                     in database: any SQLDatabase, _ body: () throws -> T) throws -> T {
        guard worthIt, database.dialect == .sqlite else { return try body() }
        for index in indexes { try database.execute("DROP INDEX IF EXISTS \(index.name)") }
        let result = try body()
        for index in indexes { try database.execute(index.create) }
        return result
    }
}
