import Foundation
import GRDB
import StageHost
import StageKit
import StageSupport

/// The embedded store: one SQLite file through GRDB, in WAL mode, with foreign keys and a busy timeout.
///
/// Statements that may write take the write lock when they start (`BEGIN IMMEDIATE`), waiting up to
/// the busy timeout for another connection to finish; read-only statements never wait. A file Funnel
/// may not write (a read-only mount, a file without write permission) is opened read-only.
public final class SQLiteStore: SQLStore {
    private let queue: DatabaseQueue
    /// The file the store lives in, or `:memory:`.
    public let path: String
    /// Whether the file is open for reading only, because it (or its folder) cannot be written.
    public let isReadOnly: Bool
    /// How long a statement waits for another connection's write lock, in seconds.
    public let busyTimeout: Double
    /// The busy timeout unless `FUNNEL_BUSY_TIMEOUT` says otherwise.
    public static let defaultBusyTimeout = 5.0

    /// Opens (creating with mode 0600 when absent) the database file at `path`; `:memory:` for a
    /// private in-memory database. `busyTimeout`: nil for `$FUNNEL_BUSY_TIMEOUT`, else 5 s.
    public init(path: String, busyTimeout: Double? = nil) throws {
        self.path = path
        self.busyTimeout = try busyTimeout ?? SQLiteStore.configuredBusyTimeout()
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(self.busyTimeout)
        // `transaction begin` keeps a transaction open across commands (and so across GRDB accesses).
        configuration.allowsUnsafeTransactions = true
        configuration.label = "funnel"
        isReadOnly = path != ":memory:" && SQLiteStore.cannotWrite(path)
        configuration.readonly = isReadOnly
        configuration.prepareDatabase { db in try StoredText.registerFunctions(db) }
        do {
            if path == ":memory:" {
                queue = try DatabaseQueue(configuration: configuration)
            } else if isReadOnly {
                queue = try SQLiteStore.openReadOnly(path, configuration: configuration)
                OutputFile.protect(database: path)
            } else {
                try SQLiteStore.createPrivateFile(at: path)
                queue = try DatabaseQueue(path: path, configuration: configuration)
                OutputFile.protect(database: path)
                try queue.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                    // 16 MiB of page cache. Bulk imports rebuild their indexes after loading, so a larger
                    // cache bought no speed; a million-lead import peaks at about 70 MB (docs/benchmarks.md).
                    try db.execute(sql: "PRAGMA cache_size = -16384")
                }
            }
        } catch let error as DatabaseError {
            let explained = [ResultCode.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_READONLY].contains(error.resultCode)
            let reason = explained ? SQLiteStore.failure(error, path: path, busyTimeout: self.busyTimeout).message
                : error.message ?? error.description
            throw DatabaseFailure("cannot open database \(path): \(reason)")
        }
    }

    /// Opens a file Funnel cannot write. A WAL database needs its shared-memory file, which SQLite
    /// cannot create in a folder it may not write (a read-only mount): then the file is opened as
    /// immutable, which reads it without any locking, as nothing can be changing it there.
    private static func openReadOnly(_ path: String, configuration: Configuration) throws -> DatabaseQueue {
        func probe(_ queue: DatabaseQueue) throws -> DatabaseQueue {
            _ = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        }
        do {
            return try probe(DatabaseQueue(path: path, configuration: configuration))
        } catch let error as DatabaseError where [ResultCode.SQLITE_READONLY, .SQLITE_CANTOPEN].contains(error.resultCode) {
            var escaped = ""
            for character in path.unicodeScalars {
                switch character {
                case "%", "?", "#": escaped += String(format: "%%%02X", character.value)
                default: escaped.unicodeScalars.append(character)
                }
            }
            return try probe(DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: configuration))
        }
    }

    /// `$FUNNEL_BUSY_TIMEOUT` in seconds (0 to 3600), else 5.
    static func configuredBusyTimeout() throws -> Double {
        guard let text = ProcessInfo.processInfo.environment["FUNNEL_BUSY_TIMEOUT"], !text.isEmpty else { return defaultBusyTimeout }
        guard let seconds = Double(text), seconds >= 0, seconds <= 3600 else {
            throw DatabaseFailure("FUNNEL_BUSY_TIMEOUT is \"\(text)\", not a number of seconds from 0 to 3600")
        }
        return seconds
    }

    /// Whether an existing database file cannot be written: the file itself, or the folder where
    /// SQLite keeps its -wal and -shm files.
    private static func cannotWrite(_ path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        if access(path, W_OK) != 0 { return true }
        let folder = (path as NSString).deletingLastPathComponent
        return access(folder.isEmpty ? "." : folder, W_OK) != 0
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

    public func transaction<T>(writing: Bool, _ body: (any SQLDatabase) throws -> T) throws -> T {
        var result: T?
        do {
            try queue.inDatabase { db in
                // Inside an explicit transaction a savepoint keeps a failed command from undoing the others.
                let work = {
                    let connection = GRDBConnection(db)
                    result = try body(connection)
                    return Database.TransactionCompletion.commit
                }
                if db.isInsideTransaction {
                    try db.inSavepoint(work)
                } else {
                    try db.inTransaction(writing && !isReadOnly ? .immediate : .deferred, work)
                }
            }
        } catch let error as DatabaseError {
            throw failure(error)
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
            if isReadOnly {
                guard try queue.read({ try migrator.hasCompletedMigrations($0) }) else {
                    throw DatabaseFailure("\(path) is read-only and was made by an older funnel: open it once where it can be written, so its tables are brought up to date")
                }
                return
            }
            try migrator.migrate(queue)
        } catch let error as DatabaseError {
            throw failure(error)
        }
    }

    public func interrupt() {
        queue.interrupt()
    }

    public func begin() throws {
        try run { db in
            guard !db.isInsideTransaction else { throw DatabaseFailure("a transaction is already open") }
            // The write lock is taken now, so the entries that follow never meet "database is locked".
            try db.execute(sql: isReadOnly ? "BEGIN" : "BEGIN IMMEDIATE")
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
        do { try queue.inDatabase(body) } catch let error as DatabaseError { throw failure(error) }
    }

    func failure(_ error: DatabaseError) -> DatabaseFailure {
        SQLiteStore.failure(error, path: path, busyTimeout: busyTimeout)
    }

    /// What a database error means to the user: a lock held too long by another writer, a file that
    /// cannot be written, an interruption, or SQLite's own words.
    /// `path` and `busyTimeout`: the store's, when known.
    static func failure(_ error: DatabaseError, path: String? = nil, busyTimeout: Double? = nil) -> DatabaseFailure {
        let name = path.map { ($0 as NSString).lastPathComponent } ?? "the database"
        switch error.resultCode {
        case .SQLITE_INTERRUPT:
            return DatabaseFailure("interrupted")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            let waited = busyTimeout.map { $0 == $0.rounded() ? " for over \(Int($0)) s" : " for over \($0) s" } ?? ""
            return DatabaseFailure("\(name) is locked: another funnel session or process has held its write lock\(waited) "
                + "(a long import, or a transaction begin not yet committed); nothing was changed. Try again when it is done, "
                + "or wait longer with FUNNEL_BUSY_TIMEOUT=SECONDS")
        case .SQLITE_READONLY:
            return DatabaseFailure("\(name) is open read-only (the file or its folder cannot be written): nothing was changed")
        default:
            return DatabaseFailure("database error: \(error.message ?? error.description)")
        }
    }
}
