import Foundation
import FunnelTestSupport
import PluginHost
import ShellEngine
import StageKit
import Testing

/// Slots replaced by out-of-process plugins through verbs (protocol 1.1): declared arguments, dry
/// runs passed through, hand-off records checked, applied and journaled by Funnel.
@Suite struct VerbPluginTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-verbs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A Python plugin offering one stage with one verb; `body` answers a call (`m` is the call, `send`
    /// writes a message).
    func plugin(in folder: String, stage: String, body: String) throws -> String {
        let path = folder + "/plugin-\(UUID().uuidString.prefix(8)).py"
        let script = """
            #!/usr/bin/env python3
            import json, sys
            def send(message): print(json.dumps(message), flush=True)
            for line in sys.stdin:
                m = json.loads(line)
                if m["type"] == "hello":
                    send({"type": "hello", "protocol": "1.1", "name": "team", "version": "2", "stages": [\(stage)]})
                elif m["type"] == "call":
            \(body.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n"))
                    send({"type": "done", "id": m["id"]})
                elif m["type"] == "goodbye":
                    break

            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        return path
    }

    static let recommend = """
        {"slot": "recommend", "implementation": "team-picks", "commands": [{"name": "deal recommend", "kind": "verb",
         "summary": "Propose our best seller.", "positionals": [{"name": "deal", "type": "deal"}],
         "flags": [{"name": "limit", "type": "int", "summary": "At most this many."}], "output": "table", "impact": "low"}]}
        """

    func shell(in folder: String) throws -> TestShell {
        let shell = try TestShell()
        shell.plugins = PluginList(file: folder + "/plugins.json")
        _ = try shell.run("lead add Acme; lead qualify L-1 --force; need add D-1 reporting; deal edit D-1 --budget-confirmed yes; deal advance D-1")
        _ = try shell.run("product add GT-1 Reports --price 40000 --addresses reporting")
        return shell
    }

    @Test func aPythonRecommendProposesThroughTheHandOffAndTheGateHolds() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        let log = folder + "/calls.json"
        let path = try plugin(in: folder, stage: Self.recommend, body: """
            open("\(log)", "a").write(json.dumps(m) + "\\n")
            product = "PR-9" if m["arguments"]["limit"] == 9 else "PR-1"
            send({"type": "records", "id": m["id"], "records": [{"rank": 1, "sku": "GT-1"}]})
            send({"type": "say", "id": m["id"], "text": "proposed our best seller"})
            send({"type": "handoffs", "id": m["id"], "handoffs": [{"kind": "proposal", "deal": m["arguments"]["deal"], "product": product,
                  "rank": 1, "reason": "best seller"}]})
            """)
        _ = try shell.run("plugin add \(path); stage use recommend team-picks")
        // Declared arguments are checked by Funnel before the plugin is asked.
        #expect(shell.failure(of: "deal recommend L-1")?.description.contains("deal") == true)
        #expect(shell.failure(of: "deal advance D-1")?.description.contains("no product recommended yet") == true)
        // A dry run tells the plugin, and keeps nothing.
        let dry = try shell.run("deal recommend D-1 --dry-run")
        #expect(dry.contains("proposed our best seller"), "\(dry)")
        #expect(try shell.query("SELECT count(*) AS n FROM proposed_products").first?.integer("n") == 0)
        // A hand-off Funnel refuses fails the whole command, in the plugin's words and Funnel's.
        let refused = try #require(shell.failure(of: "deal recommend D-1 --limit 9"))
        #expect(refused.description.contains("plugin team handed on a record Funnel refused: no product PR-9; nothing was changed"), "\(refused.description)")
        #expect(try shell.query("SELECT count(*) AS n FROM events WHERE type = 'deal.recommended'").first?.integer("n") == 0)
        // The real thing: the table, the line, the hand-off, journaled as the plugin's implementation.
        let rows = try shell.rows("deal recommend D-1 --limit 3")
        #expect(rows.map { $0["sku"]?.plainText ?? "" } == ["GT-1"])
        #expect(try shell.query("SELECT implementation FROM events WHERE type = 'deal.recommended'").map { $0.text("implementation") } == ["team-picks"])
        _ = try shell.run("deal advance D-1")
        #expect(try shell.query("SELECT stage FROM deals").first?.text("stage") == "negotiate")
        // The catalog stayed, and the built-in reports of proposals see the plugin's.
        #expect(try shell.rows("product list").count == 1)
        #expect(try shell.rows("proposal list D-1").map { $0["fits"]?.plainText ?? "" } == ["best seller"])
        let calls = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        let first = try JSONSerialization.jsonObject(with: Data(calls[0].utf8)) as? [String: Any]
        let arguments = first?["arguments"] as? [String: Any]
        #expect(arguments?["deal"] as? String == "D-1")
        #expect(arguments?["dry_run"] as? Bool == true)
        #expect(arguments?["limit"] is NSNull)
        // Funnel's clock travels with the call, so a plugin's dates follow --now.
        #expect(first?["now"] as? String == "2026-01-31T00:00:00Z")
    }

    @Test func aPythonNegotiateHandsAnAcceptedQuoteToTheBuiltInSigning() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        _ = try shell.run("deal recommend D-1; deal advance D-1")
        let path = try plugin(in: folder, stage: """
            {"slot": "negotiate", "implementation": "handshake", "commands": [{"name": "quote agree", "kind": "verb",
             "positionals": [{"name": "deal", "type": "deal"}, {"name": "price", "type": "money"}], "output": "nothing"}]}
            """, body: """
            send({"type": "handoffs", "id": m["id"], "handoffs": [{"kind": "accepted-quote", "quote": "Q-70", "deal": m["arguments"]["deal"],
                  "lines": [{"product": "PR-1", "quantity": 2, "unit_price": m["arguments"]["price"], "discount": 500}],
                  "discount": 1000, "valid_until": "2026-03-01"}]})
            send({"type": "say", "id": m["id"], "text": "agreed"})
            """)
        _ = try shell.run("plugin add \(path); stage use negotiate handshake")
        #expect(try shell.run("quote agree D-1 38000") == "agreed\n")
        _ = try shell.run("deal advance D-1")
        // 2 × 38,000 less 5% = 72,200, less 10% = 64,980.
        #expect(try shell.run("contract sign Q-70 --delivery 2026-03-01 --signatory 王经理 --yes")
                == "K-1 signed · D-1 won · 64,980.00 CNY, delivery 2026-03-01, net 30\n")
        #expect(try shell.query("SELECT implementation FROM events WHERE type = 'quote.accepted'").first?.text("implementation") == "handshake")
        // The same quote cannot be handed on twice, nor to a deal that is won or lost.
        #expect(shell.failure(of: "quote agree D-1 38000")?.description.contains("D-1 is won; only an open deal accepts a quote") == true)
    }

    /// What the built-in path refuses, a hand-off is refused too: an expired quote, a closed deal; and
    /// the built-in quotes never take an id a plugin's hand-off has used.
    @Test func aHandedOnQuoteMeetsTheBuiltInRules() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        let path = try plugin(in: folder, stage: """
            {"slot": "negotiate", "implementation": "handshake", "commands": [{"name": "quote agree", "kind": "verb",
             "positionals": [{"name": "deal", "type": "deal"}, {"name": "quote", "type": "quote"}, {"name": "until", "type": "date"}], "output": "nothing"}]}
            """, body: """
            send({"type": "handoffs", "id": m["id"], "handoffs": [{"kind": "accepted-quote", "quote": m["arguments"]["quote"], "deal": m["arguments"]["deal"],
                  "lines": [{"product": "PR-1", "quantity": 1, "unit_price": {"amount": "100.00", "currency": "CNY"}}], "valid_until": m["arguments"]["until"]}]})
            """)
        _ = try shell.run("plugin add \(path); stage use negotiate handshake")
        #expect(shell.failure(of: "quote agree D-1 Q-1 2026-01-30")?.description.contains("Q-1 expired on 2026-01-30") == true)
        _ = try shell.run("lead add Lost; lead qualify L-2 --force; deal lose D-2 --reason price")
        #expect(shell.failure(of: "quote agree D-2 Q-1 2026-03-01")?.description.contains("D-2 is lost; only an open deal accepts a quote") == true)
        _ = try shell.run("quote agree D-1 Q-1 2026-03-01; stage use negotiate quotes")
        #expect(try shell.run("quote add D-1 --line 'GT-1 x 1' --override").contains("Q-2"))
        #expect(try shell.query("SELECT id FROM quotes").map { $0.integer("id") } == [2])
        // The product catalog shows ids, as hand-offs name products by them.
        #expect(try shell.rows("product list").first?["id"]?.plainText == "PR-1")
    }

    /// An inserted slot with records of its own kind and a gate that asks for one.
    @Test func anInsertedSlotKeepsItsOwnRecordsAndItsGateHolds() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        _ = try shell.run("deal recommend D-1")
        let path = try plugin(in: folder, stage: """
            {"slot": "trial", "implementation": "pilot", "follows": "recommend", "gate": {"exit": ["pilot"]},
             "commands": [{"name": "trial plan", "kind": "verb", "positionals": [{"name": "deal", "type": "deal"}],
                           "flags": [{"name": "weeks", "type": "int"}], "output": "nothing"}]}
            """, body: """
            send({"type": "handoffs", "id": m["id"], "handoffs": [{"kind": "record", "record": "pilot", "subject": m["arguments"]["deal"],
                  "fields": {"weeks": m["arguments"]["weeks"]}}]})
            """)
        _ = try shell.run("plugin add \(path); deal advance D-1")
        #expect(try shell.query("SELECT stage FROM deals").first?.text("stage") == "trial")
        #expect(shell.failure(of: "deal advance D-1")?.description.contains("cannot leave trial: no pilot recorded for D-1") == true)
        _ = try shell.run("trial plan D-1 --weeks 4")
        let journal = try shell.query("SELECT implementation, payload FROM events WHERE type = 'trial.pilot'")
        #expect(journal.first?.text("implementation") == "pilot")
        #expect(journal.first?.text("payload") == "{\"weeks\":4}")
        _ = try shell.run("deal advance D-1")
        #expect(try shell.query("SELECT stage FROM deals").first?.text("stage") == "negotiate")
        #expect(shell.failure(of: "trial plan D-9 --weeks 4")?.description.contains("no deal D-9") == true)
    }

    /// `plugin add` opening a script is a prelude, like `plugin load`: its verbs can be called below.
    @Test func aScriptOpeningWithPluginAddCallsItsVerbs() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        let path = try plugin(in: folder, stage: Self.recommend, body: """
            send({"type": "records", "id": m["id"], "records": [{"rank": 1, "sku": "GT-1"}]})
            """)
        let out = try shell.run("plugin add \(path)\nstage use recommend team-picks\ndeal recommend D-1 | get sku\n")
        #expect(out.hasSuffix("GT-1\n"), "\(out)")
        // An inactive implementation's command has help, with how to select it.
        let help = try shell.run("help report evidence")
        #expect(help.contains("Which evidence was shown"), "\(help)")
        #expect(help.contains("recommend/needs-match is not the active implementation: stage use recommend needs-match"))
    }

    @Test func aVerbNeedsProtocol1Point1AndKnownTypes() throws {
        let folder = try folder()
        let shell = try TestShell()
        shell.plugins = PluginList(file: folder + "/plugins.json")
        let old = try plugin(in: folder, stage: Self.recommend, body: "pass")
        try String(contentsOfFile: old, encoding: .utf8).replacingOccurrences(of: "\"protocol\": \"1.1\"", with: "\"protocol\": \"1.0\"")
            .write(toFile: old, atomically: true, encoding: .utf8)
        chmod(old, 0o755)
        #expect(shell.failure(of: "plugin add \(old)")?.description.contains("offered verb deal recommend, which needs protocol 1.1") == true)
        let odd = try plugin(in: folder, stage: Self.recommend.replacingOccurrences(of: "\"type\": \"int\"", with: "\"type\": \"colour\""), body: "pass")
        #expect(shell.failure(of: "plugin add \(odd)")?.description.contains("declared deal recommend limit of type colour") == true)
    }

    static let discount = """
        {"slot": "negotiate", "implementation": "terms", "commands": [{"name": "deal terms", "kind": "verb", "summary": "Offer terms.",
         "positionals": [{"name": "deal", "type": "deal"}],
         "flags": [{"name": "rate", "type": "percent", "default": "5%"}, {"name": "mode", "type": "string", "choices": ["firm", "flexible"], "default": "firm"},
                   {"name": "within", "type": "duration", "default": "30day"}, {"name": "rounds", "type": "int", "default": 2}],
         "output": "table", "impact": "none"}]}
        """

    /// Choices, percentages, durations and defaults are declared once and checked by Funnel, so the
    /// plugin gets what it declared (a percentage as basis points) or is not asked at all.
    @Test func declaredChoicesPercentagesAndDefaultsAreCheckedByFunnel() throws {
        let folder = try folder()
        let shell = try shell(in: folder)
        let path = try plugin(in: folder, stage: Self.discount, body: """
            send({"type": "records", "id": m["id"], "records": [{k: m["arguments"][k] for k in ["rate", "mode", "within", "rounds"]}]})
            """)
        _ = try shell.run("plugin add \(path); stage use negotiate terms")
        let defaults = try #require(try shell.rows("deal terms D-1").first)
        #expect(defaults["rate"] == .int(500) && defaults["mode"] == .string("firm") && defaults["rounds"] == .int(2), "\(defaults)")
        #expect(defaults["within"] != nil && defaults["within"] != .null, "\(defaults)")
        let given = try #require(try shell.rows("deal terms D-1 --rate 12.5% --mode FLEXIBLE").first)
        #expect(given["rate"] == .int(1250) && given["mode"] == .string("flexible"), "\(given)")
        #expect(shell.failure(of: "deal terms D-1 --rate 150%")?.description.contains("\"150%\" is not a percentage from 0% to 100%") == true)
        #expect(shell.failure(of: "deal terms D-1 --mode soft")?.description.contains("\"soft\" is not one of firm, flexible") == true)
        #expect(try shell.run("help deal terms").contains("firm"))
        // A default that is not of its declared type is refused when the plugin is added.
        let odd = try plugin(in: folder, stage: Self.discount.replacingOccurrences(of: "\"default\": \"30day\"", with: "\"default\": \"soon\""), body: "pass")
        #expect(shell.failure(of: "plugin add \(odd)")?.description.contains("declared deal terms --within with default \"soon\", which is not a duration") == true)
    }
}
