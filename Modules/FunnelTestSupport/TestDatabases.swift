import Foundation
import FunnelStore
import PostgresStore
import StageCatalog
import StageHost
import StageKit

/// Where test shells keep their data: a private in-memory SQLite database each, or, when
/// `FUNNEL_TEST_POSTGRES` names a PostgreSQL server (`scripts/test --postgres` starts one), a new
/// database on that server each, so the same tests run against both backends.
///
/// On PostgreSQL the built-in stages' schema is made once per test process in a template database,
/// and each shell's database is a copy of it (`CREATE DATABASE … TEMPLATE`), which takes a fraction
/// of building the schema again; a shell with other stages gets a database of its own, migrated.
/// When a shell is done its database is emptied and used again (`release(_:)`): dropping one forces a
/// server checkpoint, and dropping each of the suite's 550 databases made the run take 2.6 times as long.
public enum TestDatabases {
    /// The server's URL, or nil to use SQLite.
    public static let postgresServer: String? = ProcessInfo.processInfo.environment["FUNNEL_TEST_POSTGRES"]
        .flatMap { $0.isEmpty ? nil : $0 }

    /// A new empty store for a test shell, with the name of its PostgreSQL database (nil on SQLite),
    /// which `drop(_:)` removes when the shell is done; `builtInStages`: the shell registers exactly
    /// the catalog's stages (so the template's schema is theirs).
    public static func store(builtInStages: Bool) throws -> (store: any SQLStore, database: String?) {
        guard let server = postgresServer else { return (try SQLiteStore(path: ":memory:"), nil) }
        let name = try lock.withLock { () throws -> String in
            if builtInStages, let clean = pool.popLast() { return clean }
            counter += 1
            let name = "funnel_test_\(getpid())_\(counter)"
            let admin = try PostgresConnection(url: server)
            if builtInStages {
                let template = try self.template(server: server, admin: admin)
                try admin.execute("CREATE DATABASE \(name) TEMPLATE \(template)")
            } else {
                try admin.execute("CREATE DATABASE \(name)")
            }
            return name
        }
        return (try PostgresStore(url: url(server, database: name)), name)
    }

    /// Takes back a test shell's database: emptied for the next shell when it still has exactly the
    /// template's tables and migrations, else dropped (its own connection too: `WITH (FORCE)`). Without
    /// this a run of the suite left about 550 databases of some 20 MB each on the server.
    public static func release(_ database: String) {
        guard let server = postgresServer else { return }
        if let tables = lock.withLock({ templateTables }), let connection = try? PostgresConnection(url: url(server, database: database)),
           (try? emptied(connection, tables: tables)) == true {
            lock.withLock { pool.append(database) }
            return
        }
        guard let admin = try? PostgresConnection(url: server) else { return }
        try? admin.execute("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
    }

    /// Empties a database made from the template, when nothing was added to its schema.
    private static func emptied(_ connection: PostgresConnection, tables: (names: [String], migrations: Int64)) throws -> Bool {
        // A shell that left a transaction open still holds its locks: give up and drop instead.
        try connection.execute("SET lock_timeout = '2s'")
        let names = try connection.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'funnel_migrations' ORDER BY 1")
            .compactMap { $0.text("tablename") }
        let migrations = try connection.query("SELECT count(*) AS n FROM funnel_migrations").first?.integer("n")
        guard names == tables.names, migrations == tables.migrations else { return false }
        try connection.execute("TRUNCATE " + names.map { "\"\($0)\"" }.joined(separator: ", ") + " RESTART IDENTITY CASCADE")
        return true
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var counter = 0
    nonisolated(unsafe) private static var templateName: String?
    /// The template's tables (but `funnel_migrations`) and its count of migrations.
    nonisolated(unsafe) private static var templateTables: (names: [String], migrations: Int64)?
    /// Emptied databases made from the template, ready for the next shell.
    nonisolated(unsafe) private static var pool: [String] = []

    /// The template database with the built-in stages' schema, made on first use (under `lock`).
    private static func template(server: String, admin: PostgresConnection) throws -> String {
        if let templateName { return templateName }
        let name = "funnel_template_\(getpid())"
        try admin.execute("CREATE DATABASE \(name)")
        do {
            // The store is closed when this scope ends: a template may have no connections.
            let store = try PostgresStore(url: url(server, database: name))
            try store.migrate(try StageCatalog.makeRegistry().migrations)
            let connection = try PostgresConnection(url: url(server, database: name))
            let names = try connection.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'funnel_migrations' ORDER BY 1")
                .compactMap { $0.text("tablename") }
            let migrations = try connection.query("SELECT count(*) AS n FROM funnel_migrations").first?.integer("n") ?? 0
            templateTables = (names, migrations)
        }
        templateName = name
        return name
    }

    /// `server` with its database name replaced (`postgresql:///postgres?host=…` → `…///name?host=…`).
    static func url(_ server: String, database: String) -> String {
        guard let scheme = server.range(of: "://") else { return server }
        let rest = server[scheme.upperBound...]
        let pathStart = rest.firstIndex(of: "/") ?? rest.endIndex
        let pathEnd = rest[pathStart...].firstIndex(of: "?") ?? rest.endIndex
        return String(server[..<pathStart]) + "/" + database + String(server[pathEnd...])
    }
}
