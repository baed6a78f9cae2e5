import Foundation
import FunnelTestSupport
import PluginHost
import ShellEngine
import StageKit
import Testing

/// Capture, discover and sign replaced by out-of-process plugins: their hand-offs (`lead`, `need`,
/// `budget`, `contract`) are checked by StageKit's rules, applied, journaled as the plugin, and the
/// slots' gates hold for them.
@Suite struct CoreHandOffPluginTests {
    /// One Python plugin filling three slots; each verb hands on the JSON list it is given, as is.
    static let plugin = """
        #!/usr/bin/env python3
        import json, sys
        def send(message): print(json.dumps(message), flush=True)
        def verb(name, slot, implementation):
            return {"slot": slot, "implementation": implementation, "commands": [{"name": name, "kind": "verb", "summary": "Hand on records.",
                    "positionals": [{"name": "records", "type": "string", "summary": "JSON."}], "output": "nothing", "impact": "low"}]}
        for line in sys.stdin:
            m = json.loads(line)
            if m["type"] == "hello":
                send({"type": "hello", "protocol": "1.1", "name": "relay", "version": "1", "stages": [
                    verb("lead take", "capture", "intake"), verb("call log", "discover", "calls"), verb("contract take", "sign", "docs")]})
            elif m["type"] == "call":
                send({"type": "handoffs", "id": m["id"], "handoffs": json.loads(m["arguments"]["records"])})
                send({"type": "done", "id": m["id"]})
            elif m["type"] == "goodbye":
                break

        """

    func shell() throws -> TestShell {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-core-handoffs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/relay.py"
        try Data(Self.plugin.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        let shell = try TestShell()
        shell.plugins = PluginList(file: folder + "/plugins.json")
        _ = try shell.run("plugin add \(path); stage use capture intake; stage use discover calls; stage use sign docs")
        return shell
    }

    func count(_ shell: TestShell, _ table: String) throws -> Int64 {
        try shell.query("SELECT count(*) AS n FROM \(table)").first?.integer("n") ?? -1
    }

    @Test func aCapturePluginsLeadMeetsTheSameRulesAsLeadAdd() throws {
        let shell = try shell()
        let bad = try #require(shell.failure(of: #"lead take '[{"kind": "lead", "name": "Acme"}, {"kind": "lead", "name": "Beta", "need": 9}]'"#))
        #expect(bad.description.contains("plugin relay handed on a record Funnel refused: hand-off 2: need: need is 0 to 3, not 9; nothing was changed"),
                "\(bad.description)")
        #expect(shell.failure(of: #"lead take '[{"kind": "lead", "name": "Acme", "email": "nobody"}]'"#)?.description
                    .contains("email: \"nobody\" is not an e-mail address") == true)
        #expect(shell.failure(of: #"lead take '[{"kind": "lead", "name": "Acme", "budget": 5}]'"#)?.description.contains("budget must be money") == true)
        #expect(try count(shell, "leads") == 0)
        // Funnel numbers the lead and says so: the plugin cannot know the id.
        try shell.forgetRolledBackIDs(in: "leads")
        #expect(try shell.run(#"lead take '[{"kind": "lead", "name": "杭州钢铁", "budget": {"amount": "200000.00", "currency": "CNY"}, "authority": true, "need": 3, "timeline": 30}]'"#)
                == "added L-1: 杭州钢铁\n")
        let lead = try #require(try shell.rows("lead show L-1").first)
        #expect(lead["budget"]?.plainText == "200,000.00 CNY" && lead["authority"] == .bool(true))
        #expect(try shell.query("SELECT implementation FROM events WHERE type = 'lead.added'").first?.text("implementation") == "intake")
        // A lead is capture's hand-off: another slot's plugin cannot hand one on.
        #expect(shell.failure(of: #"call log '[{"kind": "lead", "name": "Sneaky"}]'"#)?.description.contains("a new lead is capture's hand-off; discover cannot record one") == true)
    }

    @Test func aDiscoverPluginsNeedsAndBudgetOpenTheSlotsGate() throws {
        let shell = try shell()
        _ = try shell.run("stage use capture manual; lead add Acme; lead qualify L-1 --force")
        #expect(shell.failure(of: "deal advance D-1")?.description.contains("no need recorded") == true)
        #expect(shell.failure(of: #"call log '[{"kind": "need", "deal": "D-1", "description": "reporting", "priority": "urgent"}]'"#)?.description
                    .contains("a need's priority is one of low, medium, high, critical, not \"urgent\"") == true)
        #expect(shell.failure(of: #"call log '[{"kind": "budget", "deal": "D-9", "confirmed": true}]'"#)?.description.contains("no deal D-9") == true)
        #expect(try count(shell, "needs") == 0)
        _ = try shell.run(#"call log '[{"kind": "need", "deal": "D-1", "description": "reporting", "need_kind": "pain", "priority": "high"}, {"kind": "budget", "deal": "D-1", "confirmed": true}]'"#)
        _ = try shell.run("deal advance D-1")
        #expect(try shell.query("SELECT stage FROM deals").first?.text("stage") == "recommend")
        #expect(try shell.rows("need list D-1").map { $0["kind"]?.plainText ?? "" } == ["pain"])
        #expect(try shell.query("SELECT implementation FROM events WHERE type = 'deal.budget-confirmed'").first?.text("implementation") == "calls")
    }

    @Test func aSignPluginsContractWinsTheDealAndIsInvoicedByTheBuiltInPayment() throws {
        let shell = try shell()
        _ = try shell.run("stage use capture manual; product add A Alpha --price 100; lead add Acme; lead qualify L-1 --force; quote add D-1 --line 'A x 3' --override")
        #expect(shell.failure(of: #"contract take '[{"kind": "contract", "quote": "Q-1", "delivery": "2026-03-01", "signatory": "Li"}]'"#)?.description
                    .contains("Q-1 is not an accepted quote") == true)
        _ = try shell.run("quote send Q-1; quote accept Q-1")
        #expect(shell.failure(of: #"contract take '[{"kind": "contract", "quote": "Q-1", "delivery": "2026-03-01", "signatory": "Li", "service": "platinum"}]'"#)?
                    .description.contains("the service level is one of gold, silver, bronze, standard, not \"platinum\"") == true)
        #expect(shell.failure(of: #"contract take '[{"kind": "contract", "quote": "Q-1", "delivery": "soon", "signatory": "Li"}]'"#)?
                    .description.contains("delivery \"soon\" is not a date") == true)
        #expect(try count(shell, "contracts") == 0)
        #expect(try shell.run(#"contract take '[{"kind": "contract", "quote": "Q-1", "delivery": "2026-03-01", "payment": "50% deposit, 50% net 30", "signatory": "Li"}]'"#)
                == "signed K-1\n")
        #expect(try shell.query("SELECT status FROM deals").first?.text("status") == "won")
        #expect(try shell.rows("invoice generate K-1").map { $0["amount"]?.plainText ?? "" } == ["150.00 CNY", "150.00 CNY"])
        #expect(try shell.query("SELECT implementation FROM events WHERE type = 'contract.signed'").first?.text("implementation") == "docs")
    }
}
