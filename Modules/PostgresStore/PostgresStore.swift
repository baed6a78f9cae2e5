#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelStore
import StageHost
import StageKit
import StageSupport

/// A shared PostgreSQL database behind the shell's store contract: each command in one transaction
/// (a savepoint inside `transaction begin`), migrations once per database under a lock, Ctrl-C
/// cancelling the running statement on the server.
///
/// A new database gets the whole schema at once (`PostgresSchema`) with every migration this funnel
/// knows recorded as applied; a database made by a newer funnel is refused, as on SQLite.
public final class PostgresStore: SQLStore, @unchecked Sendable {
    // @unchecked: every use of the connection holds the lock (`interrupt()` uses libpq's
    // thread-safe cancel).
    private let connection: PostgresConnection
    private let lock = Lock()
    /// The URL without its password, for messages.
    public let location: String
    /// The database user this session connected as: the journal's actor on a shared database.
    public let user: String

    /// The table of applied migrations, by identifier (`module/name`), as on SQLite.
    static let migrationsTable = "funnel_migrations"
    /// The advisory lock migrations hold, so two sessions starting at once migrate once.
    static let migrationLock: Int64 = 0x66_75_6E_6E_65_6C  // "funnel"

    /// Connects to the database at `url` (`postgres://user@host/db`; a password from PGPASSWORD or
    /// `~/.pgpass`, never from the URL's text in messages).
    public init(url: String) throws {
        connection = try PostgresConnection(url: url)
        location = PostgresConnection.redacted(url)
        user = try connection.query("SELECT current_user AS name").first?.text("name") ?? "unknown"
    }

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public func transaction<T>(writing: Bool, _ body: (any SQLDatabase) throws -> T) throws -> T {
        try lock.withLock {
            try connection.savepoint(rollingBack: false) { try body(connection) }
        }
    }

    public func migrate(_ migrations: [Migration]) throws {
        var seen = Set<String>()
        for migration in migrations where !seen.insert(migration.identifier).inserted {
            throw DatabaseFailure("migration \(migration.identifier) is registered twice")
        }
        // Text is stored in NFC from the start here: SQLite's one-time normalisation counts as done.
        let known = migrations.map(\.identifier) + ["store/text-nfc"]
        try lock.withLock {
            try connection.transaction { connection in
                try connection.execute("SELECT pg_advisory_xact_lock(\(Self.migrationLock))")
                // Looked for first: a member may not create tables, and need not.
                let present = try connection.query("SELECT to_regclass('\(Self.migrationsTable)') IS NOT NULL AS present").first?.integer("present")
                if present != 1 {
                    try connection.execute("CREATE TABLE \(Self.migrationsTable) (identifier TEXT NOT NULL PRIMARY KEY)")
                }
                let applied = Set(try connection.query("SELECT identifier FROM \(Self.migrationsTable)").compactMap { $0.text("identifier") })
                try MigrationHistory.refuseNewer(applied, known: known, database: location)
                if applied.isEmpty {
                    for statement in try PostgresSchema.statements(for: migrations) { try connection.execute(statement) }
                    for identifier in known {
                        try connection.execute("INSERT INTO \(Self.migrationsTable) (identifier) VALUES (?)", [.text(identifier)])
                    }
                    // The team's roles, grants and row-level security (needs a user who may make roles).
                    for statement in PostgresSchema.access { try connection.execute(statement) }
                    return
                }
                // Later migrations of an existing database run as they are written (portable SQL).
                for migration in migrations where !applied.contains(migration.identifier) {
                    do {
                        for statement in migration.statements { try connection.execute(statement) }
                    } catch let failure as DatabaseFailure {
                        throw DatabaseFailure("migration \(migration.identifier) failed on PostgreSQL: \(failure.message)")
                    }
                    try connection.execute("INSERT INTO \(Self.migrationsTable) (identifier) VALUES (?)", [.text(migration.identifier)])
                }
            }
        }
    }

    public func interrupt() { connection.cancel() }

    public func begin() throws {
        try lock.withLock {
            guard !connection.isInsideTransaction else { throw DatabaseFailure("a transaction is already open") }
            try connection.execute("BEGIN")
        }
    }

    public func commit() throws {
        try lock.withLock {
            guard connection.isInsideTransaction else { throw DatabaseFailure("no transaction is open") }
            try connection.execute("COMMIT")
        }
    }

    public func rollback() throws {
        try lock.withLock {
            guard connection.isInsideTransaction else { throw DatabaseFailure("no transaction is open") }
            try connection.execute("ROLLBACK")
        }
    }

    public var isInExplicitTransaction: Bool { lock.withLock { connection.isInsideTransaction } }
}
