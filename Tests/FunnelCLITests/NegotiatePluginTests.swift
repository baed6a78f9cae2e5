import Foundation
import Testing

/// Plugins/examples/python-negotiate, written from docs/plugin-protocol.md alone, run as its README
/// shows: the built-in lifecycle up to negotiation, the plugin's quote (numbered by Funnel), the
/// built-in signing, and the replay of the plugin's pricing over the agreed quote.
@Suite struct NegotiatePluginTests {
    /// A test directory with the example plugin copied to where the README's lines find it, and a
    /// database with a deal ready to negotiate.
    func prepared() throws -> FunnelProcess {
        let funnel = FunnelProcess()
        let example = FunnelProcess.repositoryRoot.appendingPathComponent("Plugins/examples/python-negotiate")
        let plugins = funnel.directory.appendingPathComponent("Plugins/examples/python-negotiate")
        try FileManager.default.createDirectory(at: plugins.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: example, to: plugins)
        #expect(chmod(plugins.appendingPathComponent("handshake_quotes.py").path, 0o755) == 0)
        // The lifecycle up to negotiation, with the built-in stages.
        let setup = try funnel.script("""
            lead add Acme --budget 100000 --authority yes --need 3 --timeline 30; lead qualify L-1 --owner alice --force
            need add D-1 "ERP integration" --priority high; deal edit D-1 --budget-confirmed yes; deal advance D-1
            product add ERP-LINK "ERP Link" --price 38000 --addresses "erp integration"; deal recommend D-1; deal advance D-1
            """)
        #expect(setup.status == 0, "\(setup.stderr)")
        return funnel
    }

    @Test func theReadmeWalkSignsTheHandedOnQuote() throws {
        let funnel = try prepared()
        // The README's lines, exactly.
        let lines = [
            "plugin add Plugins/examples/python-negotiate/handshake_quotes.py",
            "stage use negotiate handshake-quotes; quote agree D-1 PR-1 --quantity 2 --price 38000 --discount 5% --dry-run",
            "stage use negotiate handshake-quotes; quote agree D-1 PR-1 --quantity 2 --price 38000 --discount 5%",
            "deal advance D-1",
            "contract sign Q-1 --delivery 2026-03-01 --signatory X --yes",
            "review replay negotiate handshake-quotes",
        ]
        var outputs: [String] = []
        for line in lines {
            let result = try funnel.run(["--db", funnel.database, "-c", line])
            #expect(result.status == 0, "\(line): \(result.stderr)")
            outputs.append(result.stdout)
        }
        // Funnel numbers the quote (the plugin leaves the id out) and says so after the plugin's line;
        // a dry run uses up no id.
        #expect(outputs[1].contains("would hand on D-1's accepted quote: 2 x PR-1, total 72200.00 CNY\nwould accept Q-1 for D-1: 72,200.00 CNY\n"),
                "\(outputs[1])")
        #expect(outputs[2].contains("handed on D-1's accepted quote: 2 x PR-1, total 72200.00 CNY\naccepted Q-1 for D-1: 72,200.00 CNY\n"),
                "\(outputs[2])")
        // 2 × 38,000 less 5%.
        #expect(outputs[4] == "K-1 signed · D-1 won · 72,200.00 CNY, delivery 2026-03-01, net 30\n", "\(outputs)")
        let journal = try funnel.script("journal list D-1 --type quote.accepted | get implementation")
        #expect(journal.stdout.contains("handshake-quotes"), "\(journal.stdout)")
        #expect(try funnel.script("report winloss | get won").stdout.contains("1"))
        // The replay: the plugin would quote the list price less 10%, 68,400.00, 3,800.00 below the 72,200.00 agreed.
        #expect(outputs[5].contains("72,200.00 CNY") && outputs[5].contains("68,400.00 CNY") && outputs[5].contains("-3,800.00 CNY"), "\(outputs[5])")
        let replay = try funnel.run(["--db", funnel.database, "--json", "-c", "review replay negotiate handshake-quotes | select deal would difference outcome"])
        #expect(replay.stdout.contains(#""deal":"D-1""#) && replay.stdout.contains(#""outcome":"won""#), "\(replay.stdout)")
        #expect(replay.stderr.contains("negotiate handshake-quotes would quote the same total for 0 of 1 deals (0 of the 1 won), more for 0 and less for 1"),
                "\(replay.stderr)")
        // The plugin keeps no file of its own any more.
        let data = funnel.directory.appendingPathComponent(".local/share/funnel")
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).sorted() == ["plugins.json"])
    }

    /// The README: a script may open with `plugin add` and call the plugin's verbs further down.
    @Test func aScriptOpeningWithPluginAddCallsQuoteAgree() throws {
        let funnel = try prepared()
        let result = try funnel.script("""
            plugin add Plugins/examples/python-negotiate/handshake_quotes.py
            stage use negotiate handshake-quotes
            quote agree D-1 PR-1 --price 38000 --quote-discount 12%
            deal advance D-1
            """)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("accepted Q-1 for D-1: 33,440.00 CNY"), "\(result.stdout)")
        #expect(try funnel.script("deal list | get stage").stdout.contains("sign"))
    }
}
