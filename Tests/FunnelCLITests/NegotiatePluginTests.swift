import Foundation
import Testing

/// Plugins/examples/python-negotiate, written from docs/plugin-protocol.md alone, run as its README
/// shows: the built-in lifecycle up to negotiation, the plugin's quote, then the built-in signing.
@Suite struct NegotiatePluginTests {
    @Test func theReadmeWalkSignsTheHandedOnQuote() throws {
        let funnel = FunnelProcess()
        let example = FunnelProcess.repositoryRoot.appendingPathComponent("Plugins/examples/python-negotiate")
        let plugins = funnel.directory.appendingPathComponent("Plugins/examples/python-negotiate")
        try FileManager.default.createDirectory(at: plugins.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: example, to: plugins)
        // The lifecycle up to negotiation, with the built-in stages.
        let setup = try funnel.script("""
            lead add Acme --budget 100000 --authority yes --need 3 --timeline 30; lead qualify L-1 --owner alice --force
            need add D-1 "ERP integration" --priority high; deal edit D-1 --budget-confirmed yes; deal advance D-1
            product add ERP-LINK "ERP Link" --price 38000 --addresses "erp integration"; deal recommend D-1; deal advance D-1
            """)
        #expect(setup.status == 0, "\(setup.stderr)")
        let environment = ["HANDSHAKE_QUOTES_STATE": funnel.directory.appendingPathComponent("quotes.json").path]
        // The README's lines, exactly.
        #expect(chmod(plugins.appendingPathComponent("handshake_quotes.py").path, 0o755) == 0)
        let lines = [
            "plugin add Plugins/examples/python-negotiate/handshake_quotes.py",
            "stage use negotiate handshake-quotes; quote agree D-1 PR-1 --quantity 2 --price 38000 --discount 5% --dry-run",
            "stage use negotiate handshake-quotes; quote agree D-1 PR-1 --quantity 2 --price 38000 --discount 5%",
            "deal advance D-1",
            "contract sign Q-9001 --delivery 2026-03-01 --signatory X --yes",
        ]
        var outputs: [String] = []
        for line in lines {
            let result = try funnel.run(["--db", funnel.database, "-c", line], environment: environment)
            #expect(result.status == 0, "\(line): \(result.stderr)")
            outputs.append(result.stdout)
        }
        // 2 × 38,000 less 5%.
        #expect(outputs[4] == "K-1 signed · D-1 won · 72,200.00 CNY, delivery 2026-03-01, net 30\n", "\(outputs)")
        let journal = try funnel.script("journal list D-1 --type quote.accepted | get implementation")
        #expect(journal.stdout.contains("handshake-quotes"), "\(journal.stdout)")
        #expect(try funnel.script("report winloss | get won").stdout.contains("1"))
    }
}
