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
public enum TestDatabases {
    /// The server's URL, or nil to use SQLite.
    public static let postgresServer: String? = ProcessInfo.processInfo.environment["FUNNEL_TEST_POSTGRES"]
        .flatMap { $0.isEmpty ? nil : $0 }

    /// A new empty store for a test shell; `builtInStages`: the shell registers exactly the catalog's
    /// stages (so the template's schema is theirs).
    public static func store(builtInStages: Bool) throws -> any SQLStore {
        guard let server = postgresServer else { return try SQLiteStore(path: ":memory:") }
        let name = try lock.withLock { () throws -> String in
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
        return try PostgresStore(url: url(server, database: name))
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var counter = 0
    nonisolated(unsafe) private static var templateName: String?

    /// The template database with the built-in stages' schema, made on first use (under `lock`).
    private static func template(server: String, admin: PostgresConnection) throws -> String {
        if let templateName { return templateName }
        let name = "funnel_template_\(getpid())"
        try admin.execute("CREATE DATABASE \(name)")
        do {
            // The store is closed when this scope ends: a template may have no connections.
            let store = try PostgresStore(url: url(server, database: name))
            try store.migrate(try StageCatalog.makeRegistry().migrations)
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
