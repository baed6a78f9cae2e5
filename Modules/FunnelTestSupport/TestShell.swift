import Foundation
import FunnelModel
import FunnelStore
import PluginHost
import PluginShell
import ShellEngine
import ShellSyntax
import StageCatalog
import StageHost
import StageKit

/// A shell session for tests: the built-in stages (or given ones), a real database (SQLite in memory,
/// or a PostgreSQL database of its own under `scripts/test --postgres`, see `TestDatabases`; a
/// SQLite file when `path` is given), a fixed clock and captured output.
public final class TestShell {
    public let session: Session
    public let output = CapturedOutput()
    public let store: any SQLStore
    /// The PostgreSQL database this shell made (`scripts/test --postgres`), given back with the shell.
    private let postgresDatabase: String?
    public private(set) var failures: [ScriptFailure] = []
    /// The session's plugin commands and what they keep.
    public let pluginShell: PluginShell

    /// Where `plugin add` records plugins; none by default.
    public var plugins: PluginList? {
        get { pluginShell.list }
        set { pluginShell.list = newValue }
    }

    /// - Parameters:
    ///   - stages: the stages to register, in lifecycle order; the built-in ones by default.
    ///   - path: a SQLite database file; by default a new database of the suite's backend.
    ///   - now: the fixed "now".
    public init(stages: [any Stage]? = nil, path: String = ":memory:", now: String = "2026-01-31") throws {
        let registry = StageRegistry()
        for stage in stages ?? StageCatalog.builtIn { try registry.register(stage) }
        if path == ":memory:" {
            (store, postgresDatabase) = try TestDatabases.store(builtInStages: stages == nil)
        } else {
            (store, postgresDatabase) = (try SQLiteStore(path: path), nil)
        }
        session = Session(registry: registry, store: store, clock: FixedClock(try Day.parse(now)), output: output,
                          actor: "tester")
        pluginShell = PluginShell.install(in: session, list: nil)
        try session.migrate()
        session.report = { [weak self] failure in self?.failures.append(failure) }
    }

    deinit {
        if let postgresDatabase { TestDatabases.release(postgresDatabase) }
    }

    /// Runs script text and returns what it printed; throws the first failure.
    @discardableResult
    public func run(_ script: String, name: String = "<test>") throws -> String {
        let before = output.lines.count
        try session.run(SourceFile(name: name, text: script))
        return output.lines[before...].map { $0 + "\n" }.joined()
    }

    /// Runs script text expected to fail; returns the failure (or `nil` if it succeeded).
    public func failure(of script: String, name: String = "<test>") -> ScriptFailure? {
        do {
            try session.run(SourceFile(name: name, text: script))
            return nil
        } catch let failure as ScriptFailure {
            return failure
        } catch {
            return nil
        }
    }

    /// The SQL dialect of the shell's database (hand-written history uses it where SQLite's words differ).
    public var dialect: SQLDialect { (try? store.transaction(writing: false) { $0.dialect }) ?? .sqlite }

    /// Everything printed since the test shell was made.
    public var printed: String { output.text }

    /// The result of a pipeline as a value, e.g. to inspect rows.
    public func rows(_ script: String) throws -> [Record] {
        try session.evaluate(SourceFile(name: "<test>", text: script)).rows ?? []
    }

    /// Runs SQL statements against the session's database, e.g. to lay down a hand-made history.
    /// On PostgreSQL, SQLite's `PRAGMA defer_foreign_keys = ON` defers the constraints, and ids given
    /// by hand move each table's id sequence past them (SQLite's next id is always past the largest).
    public func execute(_ sql: String) throws {
        try store.transaction { database in
            let postgres = database.dialect == .postgresql
            for statement in sql.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
                if postgres, statement.uppercased().hasPrefix("PRAGMA DEFER_FOREIGN_KEYS") {
                    try database.execute("SET CONSTRAINTS ALL DEFERRED", [])
                    continue
                }
                try database.execute(statement, [])
            }
            guard postgres else { return }
            let identities = try database.query("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND is_identity = 'YES'
                """, [])
            for identity in identities {
                guard let table = identity.text("table_name"), let column = identity.text("column_name") else { continue }
                _ = try database.query("""
                    SELECT setval(pg_get_serial_sequence('"\(table)"', '\(column)'), max("\(column)")) FROM "\(table)" HAVING max("\(column)") IS NOT NULL
                    """, [])
            }
        }
    }

    /// Makes `table`'s next id the one after its largest, as SQLite's always is: a PostgreSQL sequence
    /// does not roll back, so ids a rolled-back command took are skipped there. For tests that name the
    /// id a command will give after a refused one; nothing to do on SQLite.
    public func forgetRolledBackIDs(in table: String) throws {
        try store.transaction { database in
            guard database.dialect == .postgresql else { return }
            _ = try database.query("""
                SELECT setval(pg_get_serial_sequence('"\(table)"', 'id'), coalesce(max(id), 0) + 1, false) FROM "\(table)"
                """, [])
        }
    }

    /// Rows of a SQL query against the session's database.
    public func query(_ sql: String) throws -> [SQLRow] {
        try store.transaction { try $0.query(sql) }
    }
}
