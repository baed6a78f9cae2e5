import Foundation
import FunnelTestSupport
import PluginHost
import ShellEngine
import StageKit
import Testing

/// A negotiate plugin in Python: quote ids come from the contract's one counter (a hand-off may leave
/// out `quote`), and its `quote preview`, negotiate's deciding verb, is what `review replay negotiate`
/// asks about every agreed price.
@Suite struct NegotiatePluginReplayTests {
    /// A plugin offering `quote agree DEAL PRICE` (one unit of PR-1, no quote id: Funnel numbers it) and
    /// `quote preview` (each line at its list price less 5% on the line; it refuses to price D-2). It
    /// appends every call it gets to `log`.
    func plugin(in folder: String, log: String) throws -> String {
        let path = folder + "/team_price.py"
        let script = #"""
            #!/usr/bin/env python3
            import json, sys
            from decimal import Decimal, ROUND_HALF_EVEN
            def send(message): print(json.dumps(message), flush=True)
            def money(value): return {"amount": str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)), "currency": "CNY"}
            agree = {"name": "quote agree", "kind": "verb", "positionals": [{"name": "deal", "type": "deal"}, {"name": "price", "type": "money"}],
                     "output": "nothing"}
            preview = {"name": "quote preview", "kind": "verb", "input": "table", "output": "table", "impact": "none"}
            for line in sys.stdin:
                m = json.loads(line)
                if m["type"] == "hello":
                    send({"type": "hello", "protocol": "1.1", "name": "team", "version": "1",
                          "stages": [{"slot": "negotiate", "implementation": "team-price", "commands": [agree, preview]}]})
                elif m["type"] == "call":
                    open("LOG", "a").write(json.dumps(m) + "\n")
                    if m["command"] == "quote agree":
                        send({"type": "handoffs", "id": m["id"], "handoffs": [{"kind": "accepted-quote", "deal": m["arguments"]["deal"],
                              "lines": [{"product": "PR-1", "quantity": 1, "unit_price": m["arguments"]["price"]}], "valid_until": "2026-03-01"}]})
                    elif any(r["deal"] == "D-2" for r in m["records"]):
                        send({"type": "error", "id": m["id"], "message": "no price list for D-2"})
                        continue
                    else:
                        rows, subtotal = [], Decimal(0)
                        for r in m["records"]:
                            amount = (Decimal(r["list price"]["amount"]) * r["quantity"] * Decimal("0.95")).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
                            subtotal += amount
                            rows.append({"line": r["sku"], "product": r["name"], "quantity": r["quantity"], "unit price": r["list price"],
                                         "discount": "5%", "amount": money(amount), "ships": None})
                        rows += [{"line": "subtotal", "amount": money(subtotal)}, {"line": "discount", "discount": "0%", "amount": money(Decimal(0))},
                                 {"line": "total", "amount": money(subtotal)}]
                        send({"type": "records", "id": m["id"], "records": rows})
                    send({"type": "done", "id": m["id"]})
                elif m["type"] == "goodbye":
                    break

            """#.replacingOccurrences(of: "\"LOG\"", with: "\"\(log)\"")
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        return path
    }

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-negotiate-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aHandOffWithoutAQuoteIdIsNumberedFromTheContractsCounter() throws {
        let folder = try folder()
        let shell = try TestShell()
        shell.plugins = PluginList(file: folder + "/plugins.json")
        _ = try shell.run("""
            lead add A; lead qualify L-1 --force; lead add B; lead qualify L-2 --force; lead add C; lead qualify L-3 --force
            product add GTX-PRO "GTX Pro" --price 4821
            quote add D-1 --line 'GTX-PRO x 2' --override
            """)
        let path = try plugin(in: folder, log: folder + "/calls.json")
        _ = try shell.run("plugin add \(path); stage use negotiate team-price")
        // A dry run says which id Funnel would give, and uses none up.
        #expect(try shell.run("quote agree D-2 4000 --dry-run") == "would accept Q-2 for D-2: 4,000.00 CNY\n")
        #expect(try shell.run("quote agree D-2 4000") == "accepted Q-2 for D-2: 4,000.00 CNY\n")
        #expect(try shell.query("SELECT quote_id, implementation FROM accepted_quotes").map { "\($0.integer("quote_id") ?? 0) \($0.text("implementation") ?? "")" }
                == ["2 team-price"])
        // A refused hand-off gives its id back: D-9 does not exist, and the next quote is still Q-3.
        #expect(shell.failure(of: "quote agree D-9 4000")?.description.contains("no deal D-9") == true)
        // The built-in quotes draw from the same counter, and so does the next hand-off.
        _ = try shell.run("stage use negotiate quotes")
        #expect(try shell.run("quote add D-3 --line 'GTX-PRO x 1' --override").hasPrefix("Q-3 "))
        _ = try shell.run("stage use negotiate team-price")
        #expect(try shell.run("quote agree D-3 4500") == "accepted Q-4 for D-3: 4,500.00 CNY\n")
        #expect(try shell.run("contract sign Q-2 --delivery 2026-03-01 --signatory x --yes").hasPrefix("K-1 signed · D-2 won · 4,000.00 CNY"))
    }

    @Test func replayAsksThePluginsQuotePreviewAboutEveryAgreedPrice() throws {
        let folder = try folder()
        let shell = try TestShell()
        shell.plugins = PluginList(file: folder + "/plugins.json")
        _ = try shell.run("""
            lead add A; lead qualify L-1 --force; lead add B; lead qualify L-2 --force
            product add GTX-PRO "GTX Pro" --price 4821; product add SVC Service --price 1000
            quote add D-1 --line 'GTX-PRO x 20' --line 'SVC x 3' --discount 8% --override; quote send Q-1; quote accept Q-1
            contract sign Q-1 --delivery 2026-03-01 --signatory x --yes
            quote add D-2 --line 'SVC x 1' --override; quote send Q-2; quote accept Q-2
            """)
        let log = folder + "/calls.json"
        let path = try plugin(in: folder, log: log)
        _ = try shell.run("plugin add \(path)")
        let events = try shell.query("SELECT count(*) AS n FROM events").first?.integer("n")
        let rows = try shell.rows("review replay negotiate team-price")
        #expect(rows.map { $0["deal"]?.plainText ?? "" } == ["D-1", "D-2"])
        // (96,420 + 3,000) less 8% = 91,466.40 agreed; less 5% a line = 94,449.00 the plugin would quote.
        #expect(rows[0]["agreed"]?.plainText == "91,466.40 CNY")
        #expect(rows[0]["would"]?.plainText == "94,449.00 CNY")
        #expect(rows[0]["difference"]?.plainText == "2,982.60 CNY")
        #expect(rows[0]["off list"]?.plainText == "8%")
        #expect(rows[0]["would off list"]?.plainText == "5%")
        #expect(rows[0]["outcome"]?.plainText == "won")
        #expect(rows[0]["would terms"]?.plainText == "GTX-PRO 20 × 4,821.00 CNY -5%, SVC 3 × 1,000.00 CNY -5%")
        // A deal the plugin will not price is shown with its refusal; the others still are.
        #expect(rows[1]["would"] == .null)
        #expect(rows[1]["would terms"]?.plainText.contains("refused: ") == true)
        #expect(rows[1]["would terms"]?.plainText.contains("no price list for D-2") == true)
        #expect(rows[1]["outcome"]?.plainText == "open")
        #expect(shell.output.notes.last == "negotiate team-price would quote the same total for 0 of 2 deals (0 of the 1 won), more for 1 and less for 0, "
            + "and priced 1 not at all; nothing was changed")
        // The plugin got the same deal, products and quantities, with what it cannot read for itself.
        let first = try #require(try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").first)
        let call = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(call["command"] as? String == "quote preview")
        let records = try #require(call["records"] as? [[String: Any]])
        #expect(records.map { $0["product"] as? String } == ["PR-1", "PR-2"])
        #expect(records.map { $0["quantity"] as? Int } == [20, 3])
        #expect(records.map { $0["deal"] as? String } == ["D-1", "D-1"])
        #expect(records.map { $0["sku"] as? String } == ["GTX-PRO", "SVC"])
        #expect((records.first?["list price"] as? [String: Any])?["amount"] as? String == "4821.00")
        // Nothing changed, and the built-in stays the active implementation.
        #expect(try shell.query("SELECT count(*) AS n FROM events").first?.integer("n") == events)
        #expect(try shell.rows("stage list | where slot == negotiate | where active").first?["implementation"]?.plainText == "quotes")
    }

    /// An implementation without the deciding verb cannot be replayed, and says why.
    @Test func anImplementationWithoutQuotePreviewCannotBeReplayed() throws {
        let folder = try folder()
        let shell = try TestShell()
        shell.plugins = PluginList(file: folder + "/plugins.json")
        let path = folder + "/agree_only.py"
        try Data(#"""
            #!/usr/bin/env python3
            import json, sys
            for line in sys.stdin:
                m = json.loads(line)
                if m["type"] == "hello":
                    print(json.dumps({"type": "hello", "protocol": "1.1", "name": "agree-only", "stages": [{"slot": "negotiate", "implementation": "agree-only",
                          "commands": [{"name": "quote agree", "kind": "verb", "output": "nothing"}]}]}), flush=True)
                elif m["type"] == "goodbye":
                    break

            """#.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        _ = try shell.run("plugin add \(path)")
        #expect(shell.failure(of: "review replay negotiate agree-only")?.description.contains("negotiate agree-only has no quote preview command to replay") == true)
    }
}
