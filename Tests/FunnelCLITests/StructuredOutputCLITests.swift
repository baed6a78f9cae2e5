import Foundation
import Testing

/// `funnel --json` and `--csv` as programs read them, and the generated command reference.
@Suite struct StructuredOutputCLITests {
    @Test func csvOutputImportsBackUnchanged() throws {
        let funnel = FunnelProcess()
        let setup = try funnel.script(#"""
        field add lead employees int
        lead add "杭州钢铁, 有限公司" --company 'Hangzhou "Steel"' --budget "50,000 CNY" --tags "vip,expo" --authority yes
        lead add Beta --budget "1,234.50 USD" --email b@beta.example
        lead edit L-2 --set employees=40
        """#)
        #expect(setup.status == 0, "\(setup.stderr)")
        let csv = try funnel.script("lead list", ["--csv"])
        #expect(csv.status == 0 && csv.stdout.hasPrefix("id,name,"), "\(csv.stdout)\(csv.stderr)")
        #expect(csv.stdout.contains(",50000.00,CNY,") && csv.stdout.contains(",1234.50,USD,"), "\(csv.stdout)")
        let path = funnel.directory.appendingPathComponent("leads.csv").path
        try Data(csv.stdout.utf8).write(to: URL(fileURLWithPath: path))

        let other = FunnelProcess()
        let imported = try other.script("field add lead employees int; lead import " + path + " --quiet --yes", ["--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        // Everything on standard output is JSON: the field's record; the import's summary is on standard error.
        #expect(imported.stdout == #"{"entity":"lead","name":"employees","type":"int"}"# + "\n", "\(imported.stdout)")
        #expect(imported.stderr.contains("imported 2 leads"), "\(imported.stderr)")
        let compared = "lead list | reject id source"
        #expect(try other.script(compared, ["--json"]).stdout == funnel.script(compared, ["--json"]).stdout)
    }

    @Test func jsonOutputIsJSONOnly() throws {
        let funnel = FunnelProcess()
        let result = try funnel.script("lead add E; lead rm L-1 --dry-run; print done; null | to json; lead add F | get name", ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(result.stdout)")
        #expect(lines.first?.hasPrefix(#"{"id":"L-1","name":"E","#) == true)
        #expect(Array(lines.dropFirst()) == [#""done""#, #""null""#, #""F""#])
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])) != nil, "\(line)") }
        #expect(result.stderr.contains("would"), "\(result.stderr)")
    }

    @Test func theCommandReferenceIsCurrent() throws {
        let funnel = FunnelProcess()
        let generated = try funnel.script("help --markdown")
        #expect(generated.status == 0, "\(generated.stderr)")
        let path = FunnelProcess.repositoryRoot.appendingPathComponent("docs/commands.md").path
        let stored = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(stored == generated.stdout,
                "docs/commands.md is not what help --markdown gives: regenerate it from the repository's root with funnel -c 'help --markdown | save docs/commands.md --force'")
        // The reference covers every command, with types, choices and defaults from the signatures.
        let names = try funnel.script("help").stdout
        #expect(names.contains("contract sign"))
        for heading in ["### `lead add`", "### `contract sign`", "### `help`", "### `lead screen`"] { #expect(generated.stdout.contains(heading), "\(heading)") }
        #expect(generated.stdout.contains(#"| `--priority low\|medium\|high\|critical` | one of low, medium, high, critical | `medium` |"#))

        // The documented way to regenerate it, run as written (in a folder with a docs/), writes the same text.
        try FileManager.default.createDirectory(at: funnel.directory.appendingPathComponent("docs"), withIntermediateDirectories: true)
        let copy = try funnel.run(["-c", "help --markdown | save docs/commands.md --force"])
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(try String(contentsOfFile: funnel.directory.appendingPathComponent("docs/commands.md").path, encoding: .utf8) == generated.stdout)
    }
}
