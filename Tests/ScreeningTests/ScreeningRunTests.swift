import Foundation
import FunnelModel
import FunnelTestSupport
import ShellEngine
import StageHost
import StageKit
import Testing

/// A screening is one run (`DecisionRun`): one `screen.ran` journal event and a row per lead in the
/// `decisions` table, which `journal list` shows as the `lead.screened` events they stand for.
@Suite struct ScreeningRunTests {
    static let leads = """
        lead add Acme --budget 50000 --authority yes --need 3 --timeline 30
        lead add Tiny --budget 500
        lead add Beta --budget 20000 --authority no --need 2 --timeline 200
        """

    /// Screening leads again writes none whose status and score stay the same (the wide row is not
    /// rewritten), while the run is still recorded for every lead; a lead whose score changes is written.
    @Test(.enabled(if: TestDatabases.postgresServer == nil, "counts rewrites with a SQLite trigger"))
    func screeningAgainRewritesOnlyTheLeadsThatChange() throws {
        let shell = try TestShell()
        try shell.run(Self.leads)
        try shell.execute("CREATE TEMP TABLE rewritten (id INTEGER)")
        // One statement with a semicolon inside: past `execute`, which splits on them.
        try shell.store.transaction { database in
            try database.execute("CREATE TEMP TRIGGER count_rewrites AFTER UPDATE OF status, score ON leads BEGIN INSERT INTO rewritten VALUES (NEW.id); END", [])
        }
        try shell.run("lead list | lead screen")
        #expect(try shell.query("SELECT count(*) AS n FROM rewritten").first?.integer("n") == 3)
        try shell.execute("DELETE FROM rewritten")
        try shell.run("lead list | lead screen")
        #expect(try shell.query("SELECT count(*) AS n FROM rewritten").first?.integer("n") == 0)
        #expect(try shell.query("SELECT count(*) AS n FROM decisions").first?.integer("n") == 6)
        try shell.run("lead edit L-2 --budget 90000 --authority yes --need 3 --timeline 10")
        try shell.execute("DELETE FROM rewritten")
        try shell.run("lead list | lead screen")
        #expect(try shell.query("SELECT id FROM rewritten").map { $0.integer("id") } == [2])
    }

    /// A scorer's leads are read with only the columns it names; the others are unknown, not wrong.
    @Test func leadsReadWithSomeColumnsHaveOnlyThose() throws {
        let shell = try TestShell()
        try shell.run(Self.leads)
        let leads = try shell.store.transaction { database in
            LeadTable.leads(from: try LeadTable.rows(where: Relation.Fragment("id >= ?", [.integer(2)]), reading: ["budget_minor", "budget_currency", "need"],
                                                     in: database))
        }
        #expect(leads.map(\.id.description) == ["L-2", "L-3"])
        #expect(leads.map { $0.budget?.formatted } == ["500.00 CNY", "20,000.00 CNY"])
        #expect(leads.map(\.need) == [nil, 2])
        #expect(leads.allSatisfy { $0.authority == nil && $0.timelineDays == nil && $0.name.isEmpty })
    }

    @Test func aRunIsOneJournalEventAndARowPerLead() throws {
        let shell = try TestShell()
        try shell.run(Self.leads)
        let before = try #require(try shell.query("SELECT count(*) AS n FROM events").first?.integer("n"))
        try shell.run("lead list | lead screen")
        let events = try shell.query("SELECT type, subject, slot, implementation, payload FROM events ORDER BY id")
        #expect(events.count == before + 1)
        let run = try #require(events.last)
        #expect(run.text("type") == "screen.ran")
        #expect(run.text("subject") == "leads")
        #expect(run.text("slot") == "screen")
        #expect(run.text("implementation") == "bant")
        #expect(run.text("payload") == #"{"decided":3,"disqualified":2,"qualified":1,"threshold":60}"#)
        let rows = try shell.query("""
            SELECT d.run, d.subject, d.decision, d.score, r.text AS reasons
            FROM decisions d LEFT JOIN decision_reasons r ON r.id = d.reason ORDER BY d.subject
            """)
        #expect(rows.map { $0.integer("subject") } == [1, 2, 3])
        #expect(rows.map { $0.text("decision") } == ["qualified", "disqualified", "disqualified"])
        #expect(rows.map { $0.integer("score") } == [100, 15, 46])
        #expect(rows[0].text("reasons") == "budget 30 · authority 25 · need 25 · timeline 20")
        // The leads' status and score are where they were.
        #expect(try shell.query("SELECT status, score FROM leads ORDER BY id").map { "\($0.text("status") ?? "") \($0.integer("score") ?? -1)" }
            == ["qualified 100", "disqualified 15", "disqualified 46"])
        // Each verdict reads in the journal as an event of the run.
        let journal = try shell.rows("journal list --type lead.screened")
        #expect(journal.map { $0["subject"]?.plainText ?? "" } == ["L-1", "L-2", "L-3"])
        #expect(Set(journal.map { $0["event"]?.plainText ?? "" }).count == 1)
        #expect(journal[0]["details"]?.plainText == #"{"verdict":"qualified","score":100,"why":"budget 30 · authority 25 · need 25 · timeline 20"}"#)
        #expect(journal.allSatisfy { $0["actor"]?.plainText == "tester" && $0["implementation"]?.plainText == "bant" })
    }

    /// `journal list L-1` shows the lead's screenings in time order with its other events, whatever
    /// filter is given.
    @Test func aLeadsJournalShowsItsScreeningsInOrderWithItsOtherEvents() throws {
        let shell = try TestShell()
        try shell.run(Self.leads)
        try shell.run("lead screen L-1; lead edit L-1 --budget 800; lead list | lead screen; stage use screen fit; lead screen L-1")
        let journal = try shell.rows("journal list l-1")
        #expect(journal.map { "\($0["type"]?.plainText ?? "") \($0["implementation"]?.plainText ?? "")" }
            == ["lead.added manual", "lead.screened bant", "lead.edited manual", "lead.screened bant", "lead.screened fit"])
        let ids = journal.compactMap { if case .int(let id)? = $0["event"] { id } else { nil } }
        #expect(ids == ids.sorted() && Set(ids).count == 5)
        #expect(journal.map { $0["details"]?.plainText.contains(#""verdict":"disqualified""#) == true } == [false, false, false, false, true])
        #expect(try shell.rows("journal list L-1 --type lead.screened").count == 3)
        #expect(try shell.rows("journal list L-2 --type lead.screened").count == 1)
        #expect(try shell.rows("journal list L-1 --type lead.edited").count == 1)
        #expect(try shell.rows("journal list --type screen.ran").map { $0["subject"]?.plainText ?? "" } == ["leads", "leads", "leads"])
        // The whole journal: each run's event, then its verdicts.
        let all = try shell.rows("journal list | where type != lead.added").map { "\($0["type"]?.plainText ?? "") \($0["subject"]?.plainText ?? "")" }
        #expect(all == ["screen.ran leads", "lead.screened L-1", "lead.edited L-1", "screen.ran leads", "lead.screened L-1",
                        "lead.screened L-2", "lead.screened L-3", "screen.ran leads", "lead.screened L-1"])
    }

    /// A database from before core v26 holds one `lead.screened` event per lead. Opened by this
    /// Funnel it gains the tables, its old events still show and count, and new runs add to them.
    @Test func aDatabaseWithPerLeadEventsKeepsThemAndScreensOn() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-v23-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            // The shape of the last Funnel before v26, with its screening journaled lead by lead (and
            // the header it left: no migrations' fingerprint).
            let old = try TestShell(path: path, now: "2026-01-10")
            try old.run(Self.leads)
            try old.execute("""
                DROP TABLE decisions; DROP TABLE decision_runs; DROP TABLE decision_reasons;
                DELETE FROM grdb_migrations WHERE identifier IN ('core/v26-decision-runs', 'core/v27-decision-reasons');
                PRAGMA user_version = 0;
                UPDATE leads SET status = CASE id WHEN 1 THEN 'qualified' ELSE 'disqualified' END, score = CASE id WHEN 1 THEN 90 ELSE 10 END;
                INSERT INTO events (at, actor, subject, slot, implementation, type, payload) VALUES
                    ('2026-01-10T09:00:00Z', 'old', 'L-1', 'screen', 'fit', 'lead.screened', '{"score":90,"threshold":60,"verdict":"qualified","points":{"industry":30},"reasons":[]}'),
                    ('2026-01-10T09:00:00Z', 'old', 'L-2', 'screen', 'fit', 'lead.screened', '{"score":10,"threshold":60,"verdict":"disqualified","points":{"industry":0},"reasons":["industry unknown"]}'),
                    ('2026-01-10T09:00:00Z', 'old', 'L-3', 'screen', 'fit', 'lead.screened', '{"score":10,"threshold":60,"verdict":"disqualified","points":{"industry":0},"reasons":["industry unknown"]}')
                """)
        }
        let shell = try TestShell(path: path, now: "2026-01-31")
        #expect(try shell.query("SELECT count(*) AS n FROM grdb_migrations WHERE identifier = 'core/v26-decision-runs'").first?.integer("n") == 1)
        func recorded() throws -> [String] {
            try shell.session.store.transaction { database in
                try Decision.recorded(in: .screen, database: database).map { "\($0.subject) \($0.decision) \($0.implementation)" }
            }
        }
        #expect(try recorded() == ["L-1 qualified fit", "L-2 disqualified fit", "L-3 disqualified fit"])
        #expect(try shell.rows("journal list L-2 --type lead.screened").map { $0["details"]?.plainText ?? "" }
            == [#"{"score":10,"threshold":60,"verdict":"disqualified","points":{"industry":0},"reasons":["industry unknown"]}"#])

        try shell.run("lead screen L-2")
        #expect(try recorded() == ["L-1 qualified fit", "L-2 disqualified bant", "L-3 disqualified fit"])
        let journal = try shell.rows("journal list L-2")
        #expect(journal.map { "\($0["type"]?.plainText ?? "") \($0["actor"]?.plainText ?? "") \($0["implementation"]?.plainText ?? "")" }
            == ["lead.added tester manual", "lead.screened old fit", "lead.screened tester bant"])
        // Replay reads both shapes: every decided lead, old and new, is compared.
        _ = try shell.rows("review replay screen fit")
        #expect(shell.output.notes.last?.hasPrefix("screen fit agrees on 2 of 3 decided leads") == true)
    }

    /// The same shape records other bulk decisions: here a dunning run's levels on invoices.
    @Test func anyBulkDecisionIsARunOfRows() throws {
        let shell = try TestShell()
        let entries = try shell.session.store.transaction { database -> [DecisionRun.JournalEntry] in
            let stage = StageDescriptor(slot: .payment, implementation: "dunning-test", summary: "", version: "1", follows: nil)
            let context = StageContext(database: database, clock: shell.session.clock, output: shell.output, actor: "tester", stage: stage)
            let run = try DecisionRun(deciding: "invoice.reminded", about: .invoice, decisionName: "level", context: context)
            try run.record([DecisionRun.Row(subject: 3, decision: "1"), DecisionRun.Row(subject: 7, decision: "2", reasons: "31 days overdue")])
            try run.finish("payment.ran")
            return try DecisionRun.journalEntries(subject: "I-7", type: nil, in: database)
        }
        #expect(entries.map(\.payload) == [#"{"level":"2","why":"31 days overdue"}"#])
        #expect(entries.map(\.type) == ["invoice.reminded"])
        #expect(entries.map(\.implementation) == ["dunning-test"])
        let run = try #require(try shell.rows("journal list --type payment.ran").first)
        #expect(run["subject"]?.plainText == "invoices")
        #expect(run["details"]?.plainText == #"{"decided":2,"1":1,"2":1}"#)
        #expect(try shell.rows("journal list I-3").map { $0["details"]?.plainText ?? "" } == [#"{"level":"1"}"#])
    }

    /// A subject decided twice in one run keeps its last decision and counts once in the run's event.
    @Test func aSubjectDecidedTwiceCountsOnce() throws {
        let shell = try TestShell()
        try shell.session.store.transaction { database in
            let stage = StageDescriptor(slot: .payment, implementation: "dunning-test", summary: "", version: "1", follows: nil)
            let context = StageContext(database: database, clock: shell.session.clock, output: shell.output, actor: "tester", stage: stage)
            let run = try DecisionRun(deciding: "invoice.reminded", about: .invoice, decisionName: "level", context: context)
            try run.record([DecisionRun.Row(subject: 3, decision: "1"), DecisionRun.Row(subject: 7, decision: "1")])
            try run.record([DecisionRun.Row(subject: 3, decision: "2")])
            try run.finish("payment.ran")
        }
        #expect(try shell.rows("journal list --type payment.ran").first?["details"]?.plainText == #"{"decided":2,"1":1,"2":1}"#)
        #expect(try shell.rows("journal list I-3").map { $0["details"]?.plainText ?? "" } == [#"{"level":"2"}"#])
    }

    /// Leads screened with the same reasons share one stored line, across runs too; each still reads
    /// its own reasons in the journal.
    @Test func eachReasonsLineIsStoredOnce() throws {
        let shell = try TestShell()
        try shell.run("lead add A --budget 500; lead add B --budget 500; lead add C --budget 50000 --authority yes --need 3 --timeline 30")
        try shell.run("lead list | lead screen; lead list | lead screen")
        #expect(try shell.query("SELECT count(*) AS n FROM decisions").first?.integer("n") == 6)
        #expect(try shell.query("SELECT count(*) AS n FROM decision_reasons").first?.integer("n") == 2)
        let why = try shell.rows("journal list --type lead.screened").map { $0["details"]?.plainText ?? "" }
        #expect(why.count == 6)
        #expect(why.filter { $0.contains("budget below") }.count == 4)
        #expect(why.filter { $0.contains(#""why":"budget 30 · authority 25 · need 25 · timeline 20""#) }.count == 2)
    }

    /// A database screened before core v27 kept each decision's reasons in `decisions.reasons`;
    /// opened by this Funnel its decisions keep their reasons, each distinct line stored once.
    @Test func decisionsFromBeforeV27KeepTheirReasons() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-v26-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let old = try TestShell(path: path, now: "2026-01-10")
            try old.run(Self.leads)
            try old.run("lead list | lead screen")
            // Back to the v26 shape: the reasons text in each row, and no migrations' fingerprint.
            try old.execute("""
                CREATE TABLE decisions_v26 (run INTEGER NOT NULL REFERENCES decision_runs(id), subject INTEGER NOT NULL, decision TEXT NOT NULL, score INTEGER, reasons TEXT, PRIMARY KEY (run, subject)) WITHOUT ROWID;
                INSERT INTO decisions_v26 SELECT d.run, d.subject, d.decision, d.score, r.text FROM decisions d LEFT JOIN decision_reasons r ON r.id = d.reason;
                INSERT INTO decisions_v26 VALUES (1, 9, 'disqualified', 3, 'budget 15 · authority 0 · need 0 · timeline 0');
                DROP TABLE decisions; DROP TABLE decision_reasons; ALTER TABLE decisions_v26 RENAME TO decisions;
                PRAGMA user_version = 0;
                DELETE FROM grdb_migrations WHERE identifier = 'core/v27-decision-reasons'
                """)
        }
        let shell = try TestShell(path: path, now: "2026-01-31")
        #expect(try shell.query("SELECT count(*) AS n FROM decision_reasons").first?.integer("n") == 4)
        let rows = try shell.query("SELECT d.subject, r.text FROM decisions d LEFT JOIN decision_reasons r ON r.id = d.reason ORDER BY d.subject")
        #expect(rows.map { $0.integer("subject") } == [1, 2, 3, 9])
        #expect(rows[0].text("text") == "budget 30 · authority 25 · need 25 · timeline 20")
        #expect(rows[3].text("text") == "budget 15 · authority 0 · need 0 · timeline 0")
        #expect(try shell.rows("journal list L-1 --type lead.screened").map { $0["details"]?.plainText ?? "" }
            == [#"{"verdict":"qualified","score":100,"why":"budget 30 · authority 25 · need 25 · timeline 20"}"#])
        // And it screens on: the new run's identical lines are the stored ones.
        try shell.run("lead list | lead screen")
        #expect(try shell.query("SELECT count(*) AS n FROM decision_reasons").first?.integer("n") == 4)
    }
}
