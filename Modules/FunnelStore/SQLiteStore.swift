import Foundation
import GRDB
import StageKit

/// The embedded store: one SQLite file through GRDB, in WAL mode, with foreign keys and a busy timeout.
public final class SQLiteStore: SQLStore {
    private let queue: DatabaseQueue
    /// The file the store lives in, or `:memory:`.
    public let path: String

    /// Opens (creating with mode 0600 when absent) the database file at `path`; `:memory:` for a
    /// private in-memory database.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        // `transaction begin` keeps a transaction open across commands (and so across GRDB accesses).
        configuration.allowsUnsafeTransactions = true
        configuration.label = "funnel"
        configuration.prepareDatabase { db in try StoredText.registerFunctions(db) }
        do {
            if path == ":memory:" {
                queue = try DatabaseQueue(configuration: configuration)
            } else {
                try SQLiteStore.createPrivateFile(at: path)
                queue = try DatabaseQueue(path: path, configuration: configuration)
                try queue.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                    // 16 MiB of page cache. Bulk imports rebuild their indexes after loading, so a larger
                    // cache bought no speed; a million-lead import peaks at about 70 MB (docs/benchmarks.md).
                    try db.execute(sql: "PRAGMA cache_size = -16384")
                }
            }
        } catch let error as DatabaseError {
            throw DatabaseFailure("cannot open database \(path): \(error.message ?? error.description)")
        }
    }

    /// Creates an empty file readable and writable by its owner only, so SQLite keeps that mode.
    private static func createPrivateFile(at path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        if fd < 0 {
            if errno == EEXIST { return }
            throw DatabaseFailure("cannot create database \(path): \(String(cString: strerror(errno)))")
        }
        close(fd)
    }

    public func transaction<T>(_ body: (any SQLDatabase) throws -> T) throws -> T {
        var result: T?
        do {
            try queue.inDatabase { db in
                // Inside an explicit transaction a savepoint keeps a failed command from undoing the others.
                let work = {
                    let connection = GRDBConnection(db)
                    result = try body(connection)
                    return Database.TransactionCompletion.commit
                }
                if db.isInsideTransaction { try db.inSavepoint(work) } else { try db.inTransaction(.deferred, work) }
            }
        } catch let error as DatabaseError {
            throw SQLiteStore.failure(error)
        }
        guard let result else { throw DatabaseFailure("transaction produced no result") }
        return result
    }

    public func migrate(_ migrations: [Migration]) throws {
        var migrator = DatabaseMigrator()
        var seen = Set<String>()
        for migration in migrations {
            guard seen.insert(migration.identifier).inserted else {
                throw DatabaseFailure("migration \(migration.identifier) is registered twice")
            }
            migrator.registerMigration(migration.identifier) { db in
                for statement in migration.statements { try db.execute(sql: statement) }
            }
        }
        // Last, so it sees every table: text stored before text was stored in NFC is normalised once.
        migrator.registerMigration("store/text-nfc") { db in try StoredText.normaliseStoredText(db) }
        do {
            try migrator.migrate(queue)
        } catch let error as DatabaseError {
            throw SQLiteStore.failure(error)
        }
    }

    public func interrupt() {
        queue.interrupt()
    }

    public func begin() throws {
        try run { db in
            guard !db.isInsideTransaction else { throw DatabaseFailure("a transaction is already open") }
            try db.execute(sql: "BEGIN IMMEDIATE")
        }
    }

    public func commit() throws {
        try run { db in
            guard db.isInsideTransaction else { throw DatabaseFailure("no transaction is open") }
            try db.execute(sql: "COMMIT")
        }
    }

    public func rollback() throws {
        try run { db in
            guard db.isInsideTransaction else { throw DatabaseFailure("no transaction is open") }
            try db.execute(sql: "ROLLBACK")
        }
    }

    public var isInExplicitTransaction: Bool {
        queue.inDatabase { $0.isInsideTransaction }
    }

    private func run(_ body: (Database) throws -> Void) throws {
        do { try queue.inDatabase(body) } catch let error as DatabaseError { throw SQLiteStore.failure(error) }
    }

    static func failure(_ error: DatabaseError) -> any Error {
        if error.resultCode == .SQLITE_INTERRUPT { return DatabaseFailure("interrupted") }
        return DatabaseFailure("database error: \(error.message ?? error.description)")
    }
}
