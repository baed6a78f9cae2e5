import Foundation
import FunnelTestSupport
import PluginHost
import ShellEngine
import StageKit
import Testing

/// The service and revisit slots filled by out-of-process plugins: their tickets, steps, revisits and
/// logs are handed on as `ticket`, `ticket-step`, `revisit` and `revisit-log` records, checked by the
/// same StageKit types as the built-in stages' (due times from the contract's service level, the
/// status flow, NPS 0 to 10, repeat deals), and a bad one is refused whole.
@Suite struct ServicePluginTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let helpdesk = root + "/Plugins/examples/python-service/helpdesk.py"

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-service-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A customer C-1 with a gold contract K-1, and C-2 without a contract.
    func shell(in folder: String) throws -> TestShell {
        let shell = try TestShell()
        shell.plugins = PluginList(file: folder + "/plugins.json")
        _ = try shell.run("""
            lead add "宁波港务"; lead qualify L-1 --force
            product add P Pee --price 100
            quote add D-1 --line 'P x 1' --override; quote send Q-1; quote accept Q-1
            contract sign Q-1 --delivery 2026-03-01 --service gold --signatory 王经理
            lead add Other; lead qualify L-2 --force
            """)
        return shell
    }

    /// A Python plugin `team` in `slot` (implementation `team-SLOT`) whose verbs each take a positional
    /// `subject` (any text) and hand on their records: Python source of a list, where `a` is the subject.
    func plugin(in folder: String, slot: String, verbs: [(name: String, handoffs: String)]) throws -> String {
        let path = folder + "/plugin-\(UUID().uuidString.prefix(8)).py"
        let commands = verbs.map { #"{"name": "\#($0.name)", "kind": "verb", "positionals": [{"name": "subject", "type": "string"}], "output": "nothing"}"# }
        let answers = verbs.map { "\"\($0.name)\": lambda a: \($0.handoffs.split(separator: "\n").joined(separator: " "))," }
        let script = """
            #!/usr/bin/env python3
            import json, sys
            def send(message): print(json.dumps(message), flush=True)
            answers = {\(answers.joined(separator: "\n    "))}
            for line in sys.stdin:
                m = json.loads(line)
                if m["type"] == "hello":
                    send({"type": "hello", "protocol": "1.1", "name": "team", "version": "1", "stages": [{"slot": "\(slot)",
                          "implementation": "team-\(slot)", "commands": [\(commands.joined(separator: ", "))]}]})
                elif m["type"] == "call":
                    send({"type": "handoffs", "id": m["id"], "handoffs": answers[m["command"]](m["arguments"]["subject"])})
                    send({"type": "done", "id": m["id"]})
                elif m["type"] == "goodbye":
                    break

            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        return path
    }

    func count(_ shell: TestShell, _ sql: String) throws -> Int64? {
        try shell.query(sql).first?.integer("n")
    }

    @Test func theHelpdeskRaisesTicketsDueByTheContractAndMarksThemDone() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        _ = try shell.run("plugin add \(Self.helpdesk); stage use service helpdesk")
        // The built-in verbs are gone while the help desk serves; the catalog's ticket list stays.
        #expect(shell.failure(of: "ticket open C-1 support") != nil)
        #expect(try shell.run("ticket raise C-1 installation \"install 20 units\"") == "raised a normal installation ticket for C-1: install 20 units\nopened T-1\n")
        // An issue is high priority by the help desk's own rule; C-2 has no contract: standard, 120h.
        _ = try shell.run("ticket raise C-2 issue \"line down\"")
        let tickets = try shell.rows("ticket list")
        #expect(tickets.map { $0["id"]?.plainText ?? "" } == ["T-1", "T-2"])
        #expect(tickets.map { $0["contract"]?.plainText ?? "" } == ["K-1", ""])
        #expect(tickets.map { $0["priority"]?.plainText ?? "" } == ["normal", "high"])
        #expect(try shell.query("SELECT due_at FROM tickets ORDER BY id").map { $0.text("due_at") ?? "" }
                == ["2026-01-31T04:00:00Z", "2026-02-05T00:00:00Z"])
        // A dry run hands on and undoes.
        #expect(try shell.run("ticket done T-1 --resolution installed --satisfaction 5 --dry-run") == "would mark T-1 done: installed (satisfaction 5)\n")
        #expect(try shell.query("SELECT status FROM tickets WHERE id = 1").first?.text("status") == "open")
        #expect(try shell.run("ticket done T-1 --resolution installed --satisfaction 5") == "T-1 done: installed (satisfaction 5)\n")
        let done = try #require(try shell.rows("ticket list").first)
        #expect(done["status"] == .string("closed"))
        #expect(done["satisfaction"] == .int(5))
        let journal = try shell.query("SELECT type, implementation FROM events WHERE subject = 'T-1' ORDER BY id")
        #expect(journal.map { $0.text("type") ?? "" } == ["ticket.opened", "ticket.in-progress", "ticket.resolved", "ticket.closed"])
        #expect(Set(journal.map { $0.text("implementation") ?? "" }) == ["helpdesk"])
        // The plugin's own checks speak of its flags.
        #expect(shell.failure(of: "ticket done T-2 --resolution x --satisfaction 7")?.description.contains("--satisfaction 7: the customer's satisfaction is 1 to 5") == true)
        #expect(shell.failure(of: "ticket raise C-1 repair")?.description.contains("kind 'repair'") == true)
    }

    @Test func aStepOutOfTurnIsRefusedWholeAndNothingChanges() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        _ = try shell.run("plugin add \(Self.helpdesk); stage use service helpdesk; ticket raise C-1 support")
        _ = try shell.run("ticket take T-1")
        let before = try count(shell, "SELECT count(*) AS n FROM events")
        // `ticket done` without --taken starts it again: the start step does not fit an in-progress ticket.
        let refused = try #require(shell.failure(of: "ticket done T-1 --resolution fixed --satisfaction 4"))
        #expect(refused.description.contains("plugin helpdesk handed on a record Funnel refused: hand-off 1: T-1 is in-progress; only a ticket that is open can be in-progress; nothing was changed"),
                "\(refused.description)")
        #expect(try shell.query("SELECT status, resolution FROM tickets").first?.text("status") == "in-progress")
        #expect(try count(shell, "SELECT count(*) AS n FROM events") == before)
        _ = try shell.run("ticket done T-1 --resolution fixed --satisfaction 4 --taken")
        #expect(try shell.query("SELECT status FROM tickets").first?.text("status") == "closed")
        // A ticket that does not exist.
        #expect(shell.failure(of: "ticket take T-9")?.description.contains("no ticket T-9; nothing was changed") == true)
    }

    @Test func aBadTicketHandOffIsRefusedWholeAfterAGoodOne() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        let cases: [(String, String)] = [
            // The first ticket is fine; the second names another customer's contract.
            (#"[{"kind": "ticket", "customer": "C-1", "ticket_kind": "support"}, {"kind": "ticket", "customer": "C-2", "ticket_kind": "support", "contract": "K-1"}]"#,
             "hand-off 2: K-1 is not C-2's contract"),
            (#"[{"kind": "ticket", "customer": "C-1", "ticket_kind": "repair"}]"#, "a ticket's kind is installation, training, support or issue, not \"repair\""),
            (#"[{"kind": "ticket", "customer": "C-1", "ticket_kind": "support", "priority": "asap"}]"#, "a ticket's priority is low, normal, high or urgent"),
            (#"[{"kind": "ticket", "customer": "C-9", "ticket_kind": "support"}]"#, "no customer C-9"),
            (#"[{"kind": "ticket", "customer": "C-1"}]"#, "hand-off 1: ticket_kind (installation, training, support or issue) is missing"),
            (#"[{"kind": "ticket", "customer": "C-1", "ticket_kind": "support"}, {"kind": "ticket-step", "ticket": "T-1", "step": "start"}, {"kind": "ticket-step", "ticket": "T-1", "step": "resolve"}]"#,
             "say how it was resolved"),
            (#"[{"kind": "ticket", "customer": "C-1", "ticket_kind": "support"}, {"kind": "ticket-step", "ticket": "T-1", "step": "close", "satisfaction": 5}]"#,
             "hand-off 2: T-1 is open; only a ticket that is resolved can be closed"),
            (#"[{"kind": "ticket", "customer": "C-1", "ticket_kind": "support"}, {"kind": "ticket-step", "ticket": "T-1", "step": "reopen"}]"#,
             "hand-off 2: step is start, resolve or close, not \"reopen\""),
            (#"[{"kind": "ticket", "customer": "C-1", "ticket_kind": "support"}, {"kind": "ticket-step", "ticket": "T-1", "step": "start"}, {"kind": "ticket-step", "ticket": "T-1", "step": "resolve", "resolution": "ok"}, {"kind": "ticket-step", "ticket": "T-1", "step": "close", "satisfaction": 6}]"#,
             "the customer's satisfaction goes from 1 to 5, not 6"),
            // A service stage cannot log revisits: that is the revisit slot's hand-off.
            (#"[{"kind": "revisit-log", "customer": "C-1", "outcome": "fine"}]"#, "hand-off 1: a revisit is revisit's hand-off; service cannot record one"),
        ]
        let path = try plugin(in: folder, slot: "service", verbs: cases.enumerated().map { ("ticket try\($0.offset)", $0.element.0) })
        _ = try shell.run("plugin add \(path); stage use service team-service")
        let events = try count(shell, "SELECT count(*) AS n FROM events")
        for (index, (_, message)) in cases.enumerated() {
            try shell.forgetRolledBackIDs(in: "tickets")  // each case's new ticket is T-1
            let failure = try #require(shell.failure(of: "ticket try\(index) x"), "case \(index)")
            #expect(failure.description.contains("plugin team handed on a record Funnel refused: "), "\(failure.description)")
            #expect(failure.description.contains(message), "case \(index): \(failure.description)")
            #expect(failure.description.contains("; nothing was changed"), "\(failure.description)")
            #expect(try count(shell, "SELECT count(*) AS n FROM tickets") == 0, "case \(index)")
            #expect(try count(shell, "SELECT count(*) AS n FROM revisits") == 0, "case \(index)")
            #expect(try count(shell, "SELECT count(*) AS n FROM events") == events, "case \(index)")
        }
    }

    @Test func aRevisitPluginSchedulesAndLogsAndANeedOpensARepeatDeal() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        let path = try plugin(in: folder, slot: "revisit", verbs: [
            ("revisit call", """
                [{"kind": "revisit", "customer": a, "due": "2026-02-14"},
                 {"kind": "revisit-log", "customer": a, "outcome": "expanding", "nps": 9, "need": "second site", "priority": "high", "next": "2026-04-30"}]
                """),
            ("revisit bad", """
                [{"kind": "revisit", "customer": "C-1", "due": "2026-02-14"},
                 {"kind": "revisit-log", "customer": "C-1", "outcome": "fine", "need": "more", "nps": int(a)}]
                """),
            ("revisit past", #"[{"kind": "revisit", "customer": "C-1", "due": a}]"#),
        ])
        _ = try shell.run("plugin add \(path); stage use revisit team-revisit")
        // NPS 11 is refused after a good schedule: the schedule goes too, and no deal opens.
        let failure = try #require(shell.failure(of: "revisit bad 11"))
        #expect(failure.description.contains("plugin team handed on a record Funnel refused: hand-off 2: NPS is 0 to 10, not 11; nothing was changed"), "\(failure.description)")
        #expect(try count(shell, "SELECT count(*) AS n FROM revisits") == 0)
        #expect(try count(shell, "SELECT count(*) AS n FROM deals") == 2)
        #expect(shell.failure(of: "revisit call C-9")?.description.contains("no customer C-9") == true)
        _ = try shell.run("revisit call C-1")
        // The scheduled revisit is the one marked done; the next is pending.
        let revisits = try shell.rows("revisit list")
        #expect(revisits.map { $0["done"]?.plainText ?? "" } == ["2026-01-31", ""])
        #expect(revisits.map { $0["due"]?.plainText ?? "" } == ["2026-02-14", "2026-04-30"])
        #expect(revisits.map { $0["deal"]?.plainText ?? "" } == ["D-3", ""])
        #expect(try shell.query("SELECT stage, status FROM deals WHERE id = 3").first?.text("stage") == "discover")
        #expect(try shell.rows("need list D-3").first?["priority"] == .string("high"))
        #expect(try shell.rows("customer health C-1").first?["average nps"]?.plainText == "9")
        #expect(try shell.query("SELECT DISTINCT implementation FROM events WHERE type IN ('revisit.scheduled', 'revisit.done') OR subject = 'D-3'")
                .map { $0.text("implementation") ?? "" } == ["team-revisit"])
        // A revisit in the past is refused.
        #expect(shell.failure(of: "revisit past 2026-01-30")?.description.contains("hand-off 1: a revisit is due today or later, not 2026-01-30") == true)
        #expect(shell.failure(of: "revisit past soon")?.description.contains("hand-off 1: due \"soon\" is not a date") == true)
    }
}
