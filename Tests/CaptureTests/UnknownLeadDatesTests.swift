import Foundation
import FunnelStore
import FunnelTestSupport
import ShellEngine
import StageHost
import StageKit
import Testing

/// A lead imported from a file without a creation column keeps its creation day unknown (NULL), as an
/// imported deal does since core v22: never the day of the import. Time-based figures leave it out
/// and say how many; figures over all history count it.
@Suite struct UnknownLeadDatesTests {
    static let v25 = "core/v25-unknown-lead-dates"

    func file(_ content: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-leads-\(UUID().uuidString).csv").path
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func leadsWithoutACreationDayAreInNoPeriodAndNoCohort() throws {
        let shell = try TestShell(now: "2026-06-30")
        let path = try file("name,created,Converted\nAcme,2026-01-10,1\nBeta,,0\nGamma,,\n")
        try shell.run("lead import \(path) --quiet")
        #expect(try shell.query("SELECT name FROM leads WHERE created_at IS NULL ORDER BY id").map { $0.text("name") } == ["Beta", "Gamma"])
        #expect(try shell.rows("lead list | where created == null").map { $0["name"]?.plainText ?? "" } == ["Beta", "Gamma"])
        // All history counts the three; the quarter of the import day holds none of the undated, and says so.
        #expect(try shell.rows("report funnel").first { $0["stage"] == .string("capture") }?["count"] == .int(3))
        #expect(try shell.rows("report funnel --period 2026-Q2").first { $0["stage"] == .string("capture") }?["count"] == .int(0))
        #expect(shell.output.notes.contains("2 leads imported without a creation day are in no period's funnel"))
        #expect(try shell.rows("report funnel --period 2026-Q1").first { $0["stage"] == .string("capture") }?["count"] == .int(1))
        let cohorts = try shell.rows("report cohorts")
        #expect(cohorts.map { $0["month"]?.plainText ?? "" } == ["2026-01"], "\(cohorts)")
        #expect(shell.output.notes.contains("2 leads imported without a creation day are in no cohort"))
        // A review of a period says how many leads its "leads captured" leaves out.
        try shell.run("review run --period 2026-Q1")
        #expect(shell.printed.contains("2 leads imported without a creation day are in no period's leads captured (all time counts them)."))
        // A lead typed in is dated now, as before.
        try shell.run("lead add Delta")
        #expect(try shell.query("SELECT created_at FROM leads WHERE name = 'Delta'").first?.text("created_at") == "2026-06-30T00:00:00Z")
        // Merging keeps the known day over an unknown one.
        try shell.run("lead merge L-2 L-1 --yes")
        #expect(try shell.query("SELECT created_at FROM leads WHERE id = 2").first?.text("created_at")?.hasPrefix("2026-01-10") == true)
    }

    /// A database made before core v25 (leads.created_at NOT NULL) opened by this Funnel: `leads` is
    /// rebuilt with every row, id counter, index and trigger as they were, and takes an unknown day.
    @Test func theMigrationKeepsEveryLeadAndTakesUnknownDays() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-v23-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let migrations = try TestShell().session.registry.migrations
        let before = migrations.filter { $0.identifier != Self.v25 }
        #expect(before.count == migrations.count - 1)
        let store = try SQLiteStore(path: path)
        try store.migrate(before)
        try store.transaction { db in
            for statement in [
                "INSERT INTO leads (name, email, email_key, status, created_at) VALUES ('Acme', 'a@acme.example', 'a@acme.example', 'new', '2026-01-10T00:00:00Z')",
                "INSERT INTO leads (name, status, created_at) VALUES ('Gone', 'new', '2026-01-11T00:00:00Z')",
                "DELETE FROM leads WHERE id = 2",
                "INSERT INTO custom_fields (entity, name, type, position) VALUES ('lead', 'segment', 'string', 1)",
                "INSERT INTO custom_values (entity, field, record, value) VALUES ('lead', 'segment', 1, 'east')",
            ] { try db.execute(statement, []) }
        }
        let shell = try TestShell(path: path, now: "2026-06-30")
        #expect(try shell.query("SELECT identifier FROM grdb_migrations WHERE identifier = '\(Self.v25)'").count == 1)
        let nullable = try shell.query("SELECT \"notnull\" AS n FROM pragma_table_info('leads') WHERE name = 'created_at'")
        #expect(nullable.first?.integer("n") == 0)
        let schema = try shell.query("SELECT type, name FROM sqlite_master WHERE tbl_name = 'leads' AND name NOT LIKE 'sqlite_%' ORDER BY type, name")
        #expect(schema.map { "\($0.text("type") ?? "") \($0.text("name") ?? "")" }
            == ["index leads_budget", "index leads_company_key", "index leads_converted", "index leads_email_key", "index leads_phone_key",
                "index leads_status", "table leads", "trigger leads_custom_values"])
        #expect(try shell.query("PRAGMA foreign_key_check").isEmpty)
        let acme = try #require(try shell.rows("lead show L-1").first)
        #expect(acme["email"] == .string("a@acme.example") && acme["segment"] == .string("east"), "\(acme)")
        // The next lead is L-3: the removed L-2's id is not reused; one without a day imports as unknown.
        try shell.run("lead import \(try file("name\nBeta\n")) --quiet")
        #expect(try shell.query("SELECT id, created_at FROM leads ORDER BY id DESC LIMIT 1").map { "\($0.integer("id") ?? 0) \($0.text("created_at") ?? "null")" }
            == ["3 null"])
        // The custom values' trigger still clears a removed lead's values.
        try shell.run("lead rm L-1 --yes")
        #expect(try shell.query("SELECT count(*) AS n FROM custom_values WHERE entity = 'lead'").first?.integer("n") == 0)
    }
}
