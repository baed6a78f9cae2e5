#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import GRDBSQLite
import StageHost
import StageKit
import StageSupport

/// The embedded store: one SQLite file through SQLite's C API, in WAL mode, with foreign keys and a
/// busy timeout.
///
/// Statements that may write take the write lock when they start (`BEGIN IMMEDIATE`), waiting up to
/// the busy timeout for another connection to finish; read-only statements never wait. A file Funnel
/// may not write (a read-only mount, a file without write permission) is opened read-only.
public final class SQLiteStore: SQLStore, @unchecked Sendable {
    // @unchecked: every use of the connection holds the lock (`interrupt()` is SQLite's own thread-safe call).
    private let connection: SQLiteConnection
    private let lock = Lock()
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
        let busyTimeout = try busyTimeout ?? SQLiteStore.configuredBusyTimeout()
        self.busyTimeout = busyTimeout
        isReadOnly = path != ":memory:" && SQLiteStore.cannotWrite(path)
        do {
            if path == ":memory:" {
                connection = try SQLiteStore.connect(path, readOnly: false, busyTimeout: busyTimeout)
            } else if isReadOnly {
                connection = try SQLiteStore.openReadOnly(path, busyTimeout: busyTimeout)
                OutputFile.protect(database: path)
            } else {
                try SQLiteStore.createPrivateFile(at: path)
                connection = try SQLiteStore.connect(path, readOnly: false, busyTimeout: busyTimeout)
                OutputFile.protect(database: path)
                try connection.execute("PRAGMA journal_mode = WAL")
                try connection.execute("PRAGMA synchronous = NORMAL")
                // 16 MiB of page cache. Bulk imports rebuild their indexes after loading, so a larger
                // cache bought no speed; a million-lead import peaks at about 70 MB (docs/benchmarks.md).
                try connection.execute("PRAGMA cache_size = -16384")
            }
        } catch let error as SQLiteError {
            let explained = [SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY].contains(error.primary)
            let reason = explained ? SQLiteStore.failure(error, path: path, busyTimeout: busyTimeout).message : error.message
            throw DatabaseFailure("cannot open database \(path): \(reason)")
        }
    }

    /// A connection to `path` with Funnel's functions, checked to be a database.
    private static func connect(_ path: String, readOnly: Bool, uri: Bool = false, busyTimeout: Double) throws -> SQLiteConnection {
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | (uri ? SQLITE_OPEN_URI : 0)
        let connection = try SQLiteConnection(path: path, flags: flags, busyTimeout: busyTimeout)
        try StoredText.registerFunctions(connection.handle)
        // A file that is not a database fails here, when opened, not at the first command.
        _ = try connection.texts("SELECT name FROM sqlite_master LIMIT 1")
        return connection
    }

    /// Opens a file Funnel cannot write. A WAL database needs its shared-memory file, which SQLite
    /// cannot create in a folder it may not write (a read-only mount): then the file is opened as
    /// immutable, which reads it without any locking, as nothing can be changing it there.
    private static func openReadOnly(_ path: String, busyTimeout: Double) throws -> SQLiteConnection {
        func probe(_ connection: SQLiteConnection) throws -> SQLiteConnection {
            _ = try connection.texts("SELECT count(*) FROM sqlite_master")
            return connection
        }
        do {
            return try probe(connect(path, readOnly: true, busyTimeout: busyTimeout))
        } catch let error as SQLiteError where [SQLITE_READONLY, SQLITE_CANTOPEN].contains(error.primary) {
            var escaped = ""
            for character in path.unicodeScalars {
                switch character {
                case "%", "?", "#": escaped += PrintfFormat.string("%%%02X", character.value)
                default: escaped.unicodeScalars.append(character)
                }
            }
            return try probe(connect("file:\(escaped)?immutable=1", readOnly: true, uri: true, busyTimeout: busyTimeout))
        }
    }

    /// `$FUNNEL_BUSY_TIMEOUT` in seconds (0 to 3600), else 5.
    static func configuredBusyTimeout() throws -> Double {
        guard let value = getenv("FUNNEL_BUSY_TIMEOUT"), case let text = String(cString: value), !text.isEmpty else { return defaultBusyTimeout }
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
        let folder = PathName.folder(path)
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
        try lock.withLock {
            do {
                let database = SQLiteDatabase(connection)
                // Inside an explicit transaction a savepoint keeps a failed command from undoing the others.
                if connection.isInsideTransaction { return try connection.inSavepoint { try body(database) } }
                return try connection.inTransaction(immediate: writing && !isReadOnly) { try body(database) }
            } catch let error as SQLiteError {
                throw failure(error)
            }
        }
    }

    /// The table of applied migrations, by identifier (GRDB's name, kept for databases it made).
    static let migrationsTable = "grdb_migrations"

    public func migrate(_ migrations: [Migration]) throws {
        var seen = Set<String>()
        var all: [(identifier: String, run: (SQLiteConnection) throws -> Void)] = []
        for migration in migrations {
            guard seen.insert(migration.identifier).inserted else {
                throw DatabaseFailure("migration \(migration.identifier) is registered twice")
            }
            all.append((migration.identifier, { connection in
                for statement in migration.statements { try connection.execute(statement) }
            }))
        }
        // Last, so it sees every table: text stored before text was stored in NFC is normalised once.
        all.append(("store/text-nfc", { connection in try StoredText.normaliseStoredText(connection) }))
        let fingerprint = Self.fingerprint(all.map(\.identifier))
        try lock.withLock {
            do {
                // The header says whether exactly these migrations were applied last time: every
                // start but the first after an upgrade (or a plugin added) stops here.
                if try storedFingerprint() == fingerprint { return }
                // One read says what is applied.
                let applied = try appliedMigrations()
                try MigrationHistory.refuseNewer(applied, known: all.map(\.identifier), database: path)
                let pending = all.filter { !applied.contains($0.identifier) }
                guard !pending.isEmpty else {
                    if !isReadOnly { try store(fingerprint) }
                    return
                }
                // A file that cannot be written is read as it is when its last migration (the text
                // normalisation, always last) was applied.
                if isReadOnly {
                    if let last = all.last, applied.contains(last.identifier) { return }
                    throw DatabaseFailure("\(path) is read-only and was made by an older funnel: open it once where it can be written, so its tables are brought up to date")
                }
                try connection.execute("CREATE TABLE IF NOT EXISTS \(Self.migrationsTable) (identifier TEXT NOT NULL PRIMARY KEY)")
                for migration in pending { try run(migration.identifier, migration.run) }
                try store(fingerprint)
            } catch let error as SQLiteError {
                throw failure(error)
            }
        }
    }


    /// A 64-bit FNV-1a hash of the migrations' identifiers, in order: which migrations this funnel
    /// (with its plugins) has. Kept in the database header (`user_version` and `application_id`, 32
    /// bits each) once they are all applied, so a start-up checks the schema with one header read
    /// instead of reading every applied migration.
    static func fingerprint(_ identifiers: [String]) -> (Int32, Int32) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for identifier in identifiers {
            for byte in identifier.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0x0A) &* 0x100_0000_01b3
        }
        return (Int32(truncatingIfNeeded: hash), Int32(truncatingIfNeeded: hash >> 32))
    }

    private func storedFingerprint() throws -> (Int32, Int32) {
        let rows = try connection.rows("SELECT (SELECT user_version FROM pragma_user_version) AS low, (SELECT application_id FROM pragma_application_id) AS high")
        return (Int32(truncatingIfNeeded: rows.first?.integer("low") ?? 0), Int32(truncatingIfNeeded: rows.first?.integer("high") ?? 0))
    }

    private func store(_ fingerprint: (Int32, Int32)) throws {
        try connection.execute("PRAGMA user_version = \(fingerprint.0)")
        try connection.execute("PRAGMA application_id = \(fingerprint.1)")
    }

    /// The identifiers of the migrations applied to this database (none for a new one).
    private func appliedMigrations() throws -> Set<String> {
        let exists = try connection.texts("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '\(Self.migrationsTable)'")
        guard !exists.isEmpty else { return [] }
        return Set(try connection.texts("SELECT identifier FROM \(Self.migrationsTable)"))
    }

    /// Runs one migration in its own transaction with foreign keys off, so that it may rebuild a table
    /// (SQLite's "other alterations"), then checks that no foreign key is left broken before it commits.
    private func run(_ identifier: String, _ migrate: (SQLiteConnection) throws -> Void) throws {
        try connection.execute("PRAGMA foreign_keys = OFF")
        defer { try? connection.execute("PRAGMA foreign_keys = ON") }
        try connection.inTransaction(immediate: true) {
            try migrate(connection)
            try connection.execute("INSERT INTO \(Self.migrationsTable) (identifier) VALUES (?)", [.text(identifier)])
            let broken = try connection.rows("PRAGMA foreign_key_check")
            if let row = broken.first {
                // SQLITE_CONSTRAINT_FOREIGNKEY
                throw SQLiteError(code: SQLITE_CONSTRAINT | (3 << 8),
                                  message: "FOREIGN KEY constraint violation - from \(row.text("table") ?? "?") to \(row.text("parent") ?? "?") (migration \(identifier))")
            }
        }
    }

    public func interrupt() {
        sqlite3_interrupt(connection.handle)
    }

    public func begin() throws {
        try run { connection in
            guard !connection.isInsideTransaction else { throw DatabaseFailure("a transaction is already open") }
            // The write lock is taken now, so the entries that follow never meet "database is locked".
            try connection.execute(isReadOnly ? "BEGIN" : "BEGIN IMMEDIATE")
        }
    }

    public func commit() throws {
        try run { connection in
            guard connection.isInsideTransaction else { throw DatabaseFailure("no transaction is open") }
            try connection.execute("COMMIT")
        }
    }

    public func rollback() throws {
        try run { connection in
            guard connection.isInsideTransaction else { throw DatabaseFailure("no transaction is open") }
            try connection.execute("ROLLBACK")
        }
    }

    public var isInExplicitTransaction: Bool {
        lock.withLock { connection.isInsideTransaction }
    }

    private func run(_ body: (SQLiteConnection) throws -> Void) throws {
        try lock.withLock {
            do { try body(connection) } catch let error as SQLiteError { throw failure(error) }
        }
    }

    func failure(_ error: SQLiteError) -> DatabaseFailure {
        SQLiteStore.failure(error, path: path, busyTimeout: busyTimeout)
    }

    /// What a database error means to the user: a lock held too long by another writer, a file that
    /// cannot be written, an interruption, or SQLite's own words.
    /// `path` and `busyTimeout`: the store's, when known.
    static func failure(_ error: SQLiteError, path: String? = nil, busyTimeout: Double? = nil) -> DatabaseFailure {
        let name = path.map(PathName.last) ?? "the database"
        switch error.primary {
        case SQLITE_INTERRUPT:
            return DatabaseFailure("interrupted")
        case SQLITE_BUSY, SQLITE_LOCKED:
            let waited = busyTimeout.map { $0 == $0.rounded() ? " for over \(Int($0)) s" : " for over \($0) s" } ?? ""
            return DatabaseFailure("\(name) is locked: another funnel session or process has held its write lock\(waited) "
                + "(a long import, or a transaction begin not yet committed); nothing was changed. Try again when it is done, "
                + "or wait longer with FUNNEL_BUSY_TIMEOUT=SECONDS")
        case SQLITE_READONLY:
            return DatabaseFailure("\(name) is open read-only (the file or its folder cannot be written): nothing was changed")
        default:
            return DatabaseFailure("database error: \(error.message)")
        }
    }
}
