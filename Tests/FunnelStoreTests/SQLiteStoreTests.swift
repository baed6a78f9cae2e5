import Foundation
@testable import FunnelStore
import StageHost
import StageKit
import Testing

@Suite struct SQLiteStoreTests {
    func temporaryPath() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("test.db").path
    }

    let migration = Migration(module: "test", name: "v1", statements: [
        "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id))",
    ])

    @Test func createsTheFileOwnerOnlyInWALMode() throws {
        let path = temporaryPath()
        let store = try SQLiteStore(path: path)
        try store.migrate([migration])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let mode = try store.transaction { try $0.query("PRAGMA journal_mode").first?.text("journal_mode") }
        #expect(mode == "wal")
    }

    @Test func aThrowingTransactionLeavesNothingBehind() throws {
        let store = try SQLiteStore(path: temporaryPath())
        try store.migrate([migration])
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.transaction { db in
                try db.execute("INSERT INTO parent (name) VALUES (?)", [.text("kept?")])
                throw Boom()
            }
        }
        let count = try store.transaction { try $0.query("SELECT count(*) AS n FROM parent").first?.integer("n") }
        #expect(count == 0)
    }

    @Test func enforcesForeignKeys() throws {
        let store = try SQLiteStore(path: temporaryPath())
        try store.migrate([migration])
        #expect(throws: DatabaseFailure.self) {
            try store.transaction { try $0.execute("INSERT INTO child (parent_id) VALUES (?)", [.integer(42)]) }
        }
    }

    @Test func migrationsApplyOnceAndDuplicatesAreRefused() throws {
        let path = temporaryPath()
        try SQLiteStore(path: path).migrate([migration])
        try SQLiteStore(path: path).migrate([migration])  // already applied: no error
        #expect(throws: DatabaseFailure.self) { try SQLiteStore(path: path).migrate([migration, migration]) }
    }

    /// Once its migrations are applied, the database's header holds their fingerprint, so the next
    /// start-up checks one header read; a migration added later (an upgrade, a plugin) changes the
    /// fingerprint and is applied.
    @Test func theHeaderRecordsWhichMigrationsAreAppliedAndAnAddedOneStillRuns() throws {
        let path = temporaryPath()
        try SQLiteStore(path: path).migrate([migration])
        let fingerprint = SQLiteStore.fingerprint(["test/v1", "store/text-nfc"])
        func header() throws -> (Int64?, Int64?) {
            let row = try SQLiteStore(path: path).transaction(writing: false) { db in
                try db.query("SELECT (SELECT user_version FROM pragma_user_version) AS low, (SELECT application_id FROM pragma_application_id) AS high").first
            }
            return (row?.integer("low"), row?.integer("high"))
        }
        #expect(try header() == (Int64(fingerprint.0), Int64(fingerprint.1)))
        #expect(fingerprint != SQLiteStore.fingerprint(["test/v1store/text-nfc"]), "identifiers are kept apart")
        let added = Migration(module: "test", name: "v2", statements: ["CREATE TABLE added (id INTEGER PRIMARY KEY)"])
        try SQLiteStore(path: path).migrate([migration, added])
        let count = try SQLiteStore(path: path).transaction(writing: false) { db in
            try db.query("SELECT count(*) AS n FROM added").first?.integer("n")
        }
        #expect(count == 0)
        let now = SQLiteStore.fingerprint(["test/v1", "test/v2", "store/text-nfc"])
        #expect(try header() == (Int64(now.0), Int64(now.1)))
    }

    /// A database a newer funnel migrated (a migration of a module this one knows, but not that
    /// migration) is refused with what it has; one with a module this funnel lacks (a plugin not
    /// installed here) opens.
    @Test func aDatabaseANewerFunnelMigratedIsRefused() throws {
        let path = temporaryPath()
        let newer = Migration(module: "test", name: "v2", statements: ["CREATE TABLE extra (id INTEGER PRIMARY KEY)"])
        let plugin = Migration(module: "someplugin", name: "v1", statements: ["CREATE TABLE plugin_rows (id INTEGER PRIMARY KEY)"])
        try SQLiteStore(path: path).migrate([migration, newer, plugin])
        try SQLiteStore(path: path).migrate([migration, newer])
        let failure = try #require(throws: DatabaseFailure.self) { try SQLiteStore(path: path).migrate([migration]) }
        #expect(failure.description.contains("was brought up to date by a newer funnel: it has test/v2, which this funnel does not know"), "\(failure)")
        // Nothing was written: the newer funnel still opens it as it left it.
        try SQLiteStore(path: path).migrate([migration, newer, plugin])
    }

    /// `SQLDialect.sqlite` is what a store that says nothing else speaks; PostgresConnectionTests
    /// checks the same figures on PostgreSQL.
    @Test func theDialectsEpochSecondsOfStoredDaysAndTimestamps() throws {
        let store = try SQLiteStore(path: temporaryPath())
        let row = try store.transaction { db -> SQLRow? in
            #expect(db.dialect == .sqlite)
            let epoch = db.dialect.epochSeconds
            return try db.query("SELECT \(epoch("'2026-01-31'")) AS day, \(epoch("'2026-01-31T09:30:05Z'")) AS moment, \(epoch("NULL")) AS none").first
        }
        #expect(row?.integer("day") == 1_769_817_600)
        #expect(row?.integer("moment") == 1_769_851_805)  // 09:30:05 that day
        #expect(row?["none"] == .null)
    }

    /// Months, days added, positions and JSON text: PostgresConnectionTests checks the same figures there.
    @Test func theDialectsMonthsDaysPositionsAndJSON() throws {
        let store = try SQLiteStore(path: temporaryPath())
        let row = try store.transaction { db -> SQLRow? in
            let d = db.dialect
            return try db.query("""
                SELECT \(d.month("'2026-01-31T09:30:05Z'")) AS month, \(d.month("'2026-02-01'")) AS day_month, \(d.month("NULL")) AS no_month,
                       \(d.addingDays(30, to: "'2026-01-31T09:30:05Z'")) AS later, \(d.addingDays(-1, to: "'2026-03-01'")) AS earlier,
                       \(d.position(of: "':'", in: "'price: too high'")) AS colon, \(d.position(of: "':'", in: "'none'")) AS missing,
                       \(d.jsonText("'{\"to\": \"sign\", \"quote\": 7}'", key: "to")) AS stage, \(d.jsonText("'{\"quote\": 7}'", key: "quote")) AS quote,
                       \(d.jsonText("'{}'", key: "to")) AS absent
                """).first
        }
        #expect(row?["month"] == .text("2026-01"))
        #expect(row?["day_month"] == .text("2026-02"))
        #expect(row?["no_month"] == .null)
        #expect(row?["later"] == .text("2026-03-02 09:30:05"))
        #expect(row?["earlier"] == .text("2026-02-28 00:00:00"))
        #expect(row?["colon"] == .integer(6))
        #expect(row?["missing"] == .integer(0))
        #expect(row?["stage"] == .text("sign"))
        #expect(row?["quote"] == .text("7"))
        #expect(row?["absent"] == .null)
    }

    /// `stringAggregate` on SQLite joins rows in the order a sorted subquery gives them, leaving NULLs out.
    @Test func theDialectsStringAggregateJoinsInTheSubquerysOrder() throws {
        let store = try SQLiteStore(path: temporaryPath())
        let rows = try store.transaction { db -> [SQLRow] in
            let joined = db.dialect.stringAggregate("v", separator: "'\n", orderedBy: "k DESC")
            return try db.query("""
                WITH t(g, k, v) AS (VALUES (1, 1, 'a'), (1, 2, 'b'), (1, 3, NULL), (2, 1, NULL))
                SELECT g, \(joined) AS j FROM (SELECT * FROM t ORDER BY g, k DESC) AS sorted GROUP BY g ORDER BY g
                """)
        }
        #expect(rows.map { $0["j"] } == [.text("b'\na"), .null])
    }

    @Test func preparedStatementsInsertInBulkAndBindEveryType() throws {
        let store = try SQLiteStore(path: temporaryPath())
        try store.migrate([Migration(module: "t", name: "v1", statements: ["CREATE TABLE t (a INTEGER, b TEXT, c REAL)"])])
        try store.transaction { db in
            let insert = try db.prepare("INSERT INTO t (a, b, c) VALUES (?, ?, ?)")
            for i in 0..<1000 { try insert.execute([.integer(Int64(i)), .text("杭州 \(i)"), .null]) }
        }
        let rows = try store.transaction { try $0.query("SELECT count(*) AS n, max(b) AS top FROM t WHERE a >= ?", [.integer(500)]) }
        #expect(rows.first?.integer("n") == 500)
        #expect(rows.first?.text("top") == "杭州 999")
    }

    @Test func reportsAnUnopenableFileAsADatabaseFailure() {
        #expect(throws: DatabaseFailure.self) { try SQLiteStore(path: "/nonexistent-dir/x/funnel.db") }
    }
}
