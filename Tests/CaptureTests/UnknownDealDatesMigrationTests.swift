import Foundation
import FunnelStore
import FunnelTestSupport
import ShellEngine
import StageHost
import StageKit
import Testing

/// A database made before core v22, where `deal import` stored an unknown creation day and stage as
/// the empty text (the columns were NOT NULL), opened by this Funnel: the table is rebuilt, the empty
/// texts become NULL, and every figure and note reads as it did.
@Suite struct UnknownDealDatesMigrationTests {
    static let v22 = "core/v22-unknown-deal-dates-and-stages"

    /// A database file at the shape of the last Funnel before v22, holding deals as its import wrote them:
    /// D-1 won without a creation day (its cycle unknown), D-2 lost without the stage it reached, D-3
    /// open and undated, D-4 removed (so the next id is 5), and a need and a custom value on them.
    func oldDatabase() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-v21-\(UUID().uuidString).db").path
        let migrations = try TestShell().session.registry.migrations
        let before = migrations.filter { $0.identifier != Self.v22 }
        #expect(before.count == migrations.count - 1)
        let store = try SQLiteStore(path: path)
        try store.migrate(before)
        try store.transaction { db in
            for statement in [
                "INSERT INTO customers (name, created_at) VALUES ('Acme', '2017-01-01T00:00:00Z')",
                """
                INSERT INTO deals (customer_id, title, stage, status, value_minor, value_currency, created_at, closed_at, lost_reason) VALUES
                    (1, 'Acme deal', 'sign', 'won', 10000, 'CNY', '', '2017-03-01T00:00:00Z', NULL),
                    (1, 'Acme deal', '', 'lost', 5000, 'CNY', '2017-02-01T00:00:00Z', '2017-02-20T00:00:00Z', 'price'),
                    (1, 'Acme deal', 'discover', 'open', 10000, 'CNY', '', NULL, NULL),
                    (1, 'Gone', 'discover', 'open', NULL, NULL, '2017-01-05T00:00:00Z', NULL, NULL)
                """,
                "DELETE FROM deals WHERE id = 4",
                "INSERT INTO needs (deal_id, kind, description, priority) VALUES (2, 'budget', 'fits the budget', 'high')",
                "INSERT INTO custom_fields (entity, name, type, position) VALUES ('deal', 'region_code', 'string', 1)",
                "INSERT INTO custom_values (entity, field, record, value) VALUES ('deal', 'region_code', 1, 'N1'), ('deal', 'region_code', 3, 'S2')",
            ] { try db.execute(statement, []) }
        }
        return path
    }

    @Test func emptyDatesAndStagesBecomeNullAndEveryReportReadsThemAsUnknown() throws {
        let path = try oldDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let shell = try TestShell(path: path, now: "2026-12-04")
        #expect(try shell.query("SELECT identifier FROM grdb_migrations WHERE identifier = '\(Self.v22)'").count == 1)
        // Unknown is NULL now, nothing is the empty text, and the columns take NULL.
        #expect(try shell.query("SELECT id FROM deals WHERE created_at IS NULL ORDER BY id").map { $0.integer("id") } == [1, 3])
        #expect(try shell.query("SELECT id FROM deals WHERE stage IS NULL").map { $0.integer("id") } == [2])
        #expect(try shell.query("SELECT count(*) AS n FROM deals WHERE created_at = '' OR stage = ''").first?.integer("n") == 0)
        let nullable = try shell.query("SELECT name FROM pragma_table_info('deals') WHERE \"notnull\" = 0 AND name IN ('stage', 'created_at') ORDER BY name")
        #expect(nullable.map { $0.text("name") } == ["created_at", "stage"])
        // Every index and the custom values' trigger are there, and the foreign keys hold.
        let schema = try shell.query("SELECT type, name FROM sqlite_master WHERE tbl_name = 'deals' AND name NOT LIKE 'sqlite_%' ORDER BY type, name")
        #expect(schema.map { "\($0.text("type") ?? "") \($0.text("name") ?? "")" }
            == ["index deals_by_close", "index deals_by_opening", "index deals_owner_status", "table deals", "trigger deals_custom_values"])
        #expect(try shell.query("PRAGMA foreign_key_check").isEmpty)

        // The notes count the same deals as before.
        let winloss = try #require(try shell.rows("report winloss").first)
        #expect(winloss["won"] == .int(1) && winloss["lost"] == .int(1) && winloss["cycle days"] == .null)
        #expect(shell.output.notes.contains("1 won deal without a known creation day is left out of cycle days"))
        _ = try shell.rows("report funnel")
        #expect(shell.output.notes.contains("1 deal imported without the stage reached is counted apart, in no stage"))
        _ = try shell.rows("report funnel --period 2017")
        #expect(shell.output.notes.contains("2 deals imported without an opening day are in no period's funnel"))
        let findings = try shell.rows("review run --period 2017-Q1").map { $0["finding"]?.plainText ?? "" }
        #expect(findings.contains("1 lost deal imported without the stage reached is in no stage of the funnel."))
        // Lists and their push-down filters read NULL as unknown, as they read the empty text.
        #expect(try shell.rows("deal list | where created == null").map { $0["id"]?.plainText ?? "" } == ["D-1", "D-3"])
        #expect(try shell.rows("deal list | where stage == null").map { $0["id"]?.plainText ?? "" } == ["D-2"])
        #expect(try shell.rows("deal list | where created < 2020-01-01").map { $0["id"]?.plainText ?? "" } == ["D-2"])
        #expect(try shell.rows("deal show D-2").first?["stage"] == .null)
        // The file that made them is still known as imported: an undated open deal is not imported twice.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-again-\(UUID().uuidString).csv").path
        try Data("customer,status,value\nAcme,open,100\n".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(shell.failure(of: "deal import \(file)") != nil)
        #expect(shell.printed.contains("rejected line 2: the same deal is already D-3 (was this file imported before?)"))
        // Ids are never reused, and removing a deal still removes its custom values.
        try Data("customer,status,value\nAcme,open,200\n".utf8).write(to: URL(fileURLWithPath: file))
        #expect(try shell.run("deal import \(file) --quiet") == "imported 1 deal · 0 new customers\n")
        #expect(try shell.query("SELECT max(id) AS id, count(*) AS n FROM deals").first.map { [$0.integer("id"), $0.integer("n")] } == [5, 4])
        try shell.execute("DELETE FROM deals WHERE id = 3")
        #expect(try shell.query("SELECT record FROM custom_values WHERE entity = 'deal'").map { $0.integer("record") } == [1])
    }
}
