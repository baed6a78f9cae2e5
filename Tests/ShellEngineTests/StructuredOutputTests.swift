import Foundation
import FunnelModel
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// CSV and JSON that programs and spreadsheets read: money as plain numbers beside a currency
/// column, lists as JSON cells, dates ISO, and `null` as JSON; read back by `open` and `from csv`.
@Suite struct StructuredOutputTests {
    func temporaryFile(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-structured-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    @Test func csvWritesMoneyAsAPlainAmountBesideItsCurrency() throws {
        let shell = try TestShell()
        try shell.run("lead add Acme --budget '50,000 CNY'; lead add Beta --budget '1,234.50 USD'; lead add Gamma")
        #expect(try shell.run("lead list | select name budget | to csv") == """
        name,budget,budget_currency
        Acme,50000.00,CNY
        Beta,1234.50,USD
        Gamma,,

        """)
        // The same text from --csv on the command, and a money value outside a table keeps its currency.
        #expect(try shell.run("lead list | select name budget | first 1 --csv") == "name,budget,budget_currency\nAcme,50000.00,CNY\n")
        #expect(try shell.run("[{due: 2026-01-31, paid: 12.50USD}] | to csv") == "due,paid,paid_currency\n2026-01-31,12.50,USD\n")
    }

    @Test func csvWritesListsAndRecordsAsJSONCellsThatComeBack() throws {
        let shell = try TestShell()
        let text = try shell.run(#"[{name: 'Acme, Inc.', tags: [vip 'say "hi"'], total: 5CNY}] | to csv"#)
        #expect(text == #"""
        name,tags,total,total_currency
        "Acme, Inc.","[""vip"",""say \""hi\""""]",5.00,CNY

        """#)
        let back = try shell.rows(#"[{name: 'Acme, Inc.', tags: [vip 'say "hi"'], total: 5CNY}] | to csv | from csv"#)
        #expect(back == [Record([("name", .string("Acme, Inc.")), ("tags", .list([.string("vip"), .string("say \"hi\"")])),
                                 ("total", .money(try Money.parse("5 CNY")))])])
        // A cell that only looks like JSON stays text.
        #expect(try shell.rows(#""a\n[draft]\n" | from csv"#).first?["a"] == .string("[draft]"))
    }

    @Test func saveAndOpenReadBackTheSameTable() throws {
        let shell = try TestShell()
        try shell.run("lead add 杭州钢铁 --budget '50,000 CNY' --tags vip,expo --company 'Hangzhou \"Steel\", Ltd.'")
        try shell.run("lead add Beta --budget '99.99 EUR'; lead add Gamma")
        let path = try temporaryFile("leads.csv")
        let columns = "lead list | select name company tags budget"
        try shell.run(columns + " | save " + path)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("name,company,tags,budget,budget_currency\n"))
        #expect(try shell.rows("open " + path) == shell.rows(columns))
        // A pair that is not money (a text amount) stays two columns of text.
        let odd = try temporaryFile("odd.csv")
        try Data("fee,fee_currency\nn/a,CNY\n".utf8).write(to: URL(fileURLWithPath: odd))
        #expect(try shell.rows("open " + odd) == [Record([("fee", .string("n/a")), ("fee_currency", .string("CNY"))])])
    }

    @Test func jsonOfNothingIsNull() throws {
        let shell = try TestShell()
        #expect(try shell.run("null | to json") == "null\n")
        #expect(try shell.run("[null 1] | to json") == "[null,1]\n")
    }

    @Test func machineOutputKeepsMessagesOffStandardOutput() throws {
        let shell = try TestShell()
        try shell.run("lead add Acme")
        // A dry run's line and an engine command's line are notes (standard error) under --json.
        #expect(try shell.run("lead rm L-1 --dry-run --json") == "")
        #expect(shell.output.notes.last?.contains("would") == true)
        let path = try temporaryFile("one.json")
        #expect(try shell.run("[1] | save " + path + " --dry-run --json") == "")
        #expect(shell.output.notes.last?.hasPrefix("would write") == true)
        // print keeps standard output parseable: text as a JSON string.
        #expect(try shell.run("print 'a \"b\"' --json") == "\"a \\\"b\\\"\"\n")
    }
}
