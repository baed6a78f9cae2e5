import Foundation
import FunnelTestSupport
@testable import ShellEngine
import ShellSyntax
import StageKit
import Testing

/// Tables that fit the terminal: a list command's default columns, cells cut at the width (wide
/// characters counted twice), `--wide`, `--expand`, and the pager; none of it where output is not a
/// terminal, and never in the value passed on or in `--json`/`--csv`.
@Suite struct TerminalTablesTests {
    func atTerminal(columns: Int, rows: Int? = nil) throws -> TestShell {
        let shell = try TestShell()
        shell.session.terminalSize = { TerminalSize(columns: columns, rows: rows) }
        return shell
    }

    func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }
    func words(_ line: String?) -> [String] { (line ?? "").split(separator: " ").map(String.init) }

    @Test func aListShowsItsDefaultColumnsAtATerminalWhileTheValueKeepsEveryColumn() throws {
        let shell = try atTerminal(columns: 120)
        try shell.run("lead add Acme --budget 50000 --email buyer@acme.example --source web --owner wei")
        let shown = lines(try shell.run("lead list"))
        #expect(words(shown.first) == ["id", "name", "company", "status", "score", "budget", "owner", "source"])
        #expect(shown.last == "(11 more columns: --wide, --expand or select shows them)")
        #expect(!shown.joined().contains("buyer@acme.example"))
        // Filters and sorts keep the default set; what flows on keeps every column.
        #expect(words(lines(try shell.run("lead list | where budget > 5 | sort-by name")).first).count == 8)
        #expect(try shell.run("lead list | where budget > 5 | get email") == "buyer@acme.example\n")
        #expect(try shell.run("lead list --json").contains("\"email\":\"buyer@acme.example\""))
        #expect(try shell.run("lead list --csv").contains("buyer@acme.example"))
        // Chosen columns are all shown; a column added down the pipeline follows the default set.
        #expect(try shell.run("lead list | select id email") == "id   email\nL-1  buyer@acme.example\n")
        #expect(words(lines(try shell.run("lead list | insert note hot")).first).last == "note")
        // Not a terminal: every column, as before.
        shell.session.terminalSize = { nil }
        let full = lines(try shell.run("lead list"))
        #expect(words(full.first).count == 19)
        #expect(full.joined().contains("buyer@acme.example"))
    }

    @Test func rowsPipedIntoPrintPrintAsABareResultDoes() throws {
        let shell = try atTerminal(columns: 40)
        try shell.run("lead add 杭州未来科技有限公司华东区域采购中心 --budget 50000 --email buyer@acme.example")
        let bare = try shell.run("lead list")
        #expect(try shell.run("lead list | print") == bare)
        #expect(try shell.run("print (lead list | where budget > 5)") == bare)
        let shown = lines(bare)
        #expect(words(shown.first).starts(with: ["id", "name"]) && !bare.contains("buyer@acme.example"))
        #expect(shown.allSatisfy { DisplayWidth.of($0) <= 40 } && bare.contains("…"))
        // --wide and --expand work on print too; elsewhere than a terminal every column is whole.
        #expect(try shell.run("lead list | print --expand").contains("email      buyer@acme.example"))
        shell.session.terminalSize = { nil }
        #expect(try shell.run("lead list | print").contains("buyer@acme.example"))
    }

    @Test func customFieldsAreAmongTheMoreColumns() throws {
        let shell = try atTerminal(columns: 300)
        try shell.run("field add lead employees int; lead add Acme; lead edit L-1 --set employees=40")
        let shown = lines(try shell.run("lead list"))
        #expect(!words(shown.first).contains("employees"))
        #expect(shown.last == "(12 more columns: --wide, --expand or select shows them)")
        #expect(try shell.run("lead list | get employees") == "40\n")
        #expect(words(lines(try shell.run("lead list --wide")).first).contains("employees"))
    }

    @Test func everyListCommandsDefaultColumnsAreAmongItsColumns() throws {
        let shell = try TestShell()
        let lists = shell.session.table.all.filter { !$0.signature.displayColumns.isEmpty }
        #expect(Set(lists.map(\.signature.name)).isSuperset(of: ["lead list", "deal list", "quote list", "contract list", "invoice list",
                                                                "ticket list", "revisit list", "customer list", "product list"]))
        for (signature, _) in lists {
            let value = try shell.session.evaluate(SourceFile(name: "<test>", text: signature.name))
            let columns = try #require(ColumnCheck.known(value), "\(signature.name) gave \(value.typeName)")
            #expect(Set(signature.displayColumns).isSubset(of: columns), "\(signature.name): \(signature.displayColumns) not in \(columns)")
            #expect(signature.displayColumns.count < columns.count)
        }
    }

    @Test func longCellsEndInAnEllipsisAtTheTerminalWidthCountingChineseTwice() throws {
        let shell = try atTerminal(columns: 40)
        try shell.run(#"lead add "杭州未来科技有限公司华东区域采购中心" --company "Very Long Company Name Limited" --budget 50000"#)
        let shown = lines(try shell.run("lead list"))
        for line in shown { #expect(DisplayWidth.of(line) <= 40, "\(line)") }
        #expect(shown[1].hasPrefix("L-1  杭州"))
        #expect(shown[1].contains("…"))
        // Columns that cannot fit even cut are left out and counted.
        #expect(shown.last?.hasPrefix("(") == true && shown.last?.contains("more columns") == true && shown.last?.hasSuffix("…") == true)
        for line in lines(try shell.run("lead list --wide")) { #expect(DisplayWidth.of(line) <= 40, "\(line)") }
        // A record is cut to the width too.
        for line in lines(try shell.run("lead show L-1")) { #expect(DisplayWidth.of(line) <= 40, "\(line)") }
    }

    @Test func expandShowsEachRecordAsABlockOfEveryField() throws {
        let shell = try TestShell()
        try shell.run("lead add Acme --email buyer@acme.example; lead add Beta")
        let shown = lines(try shell.run("lead list --expand"))
        #expect(shown.first == "-[ RECORD 1 ]---------------------------")
        #expect(shown.contains("email      buyer@acme.example"))
        #expect(shown.contains("name       Beta"))
        #expect(shown.filter { $0.hasPrefix("-[ RECORD") }.count == 2)
        #expect(shown.count == 2 + 2 * 19)
        // At a terminal too, and every column even after select.
        let narrow = try atTerminal(columns: 30)
        try narrow.run("lead add Acme --email a-very-long-address@acme.example")
        let block = lines(try narrow.run("lead list | select name email --expand"))
        #expect(block == ["-[ RECORD 1 ]-----------------", "name   Acme", "email  a-very-long-address@ac…"])
    }

    @Test func columnWidthsShrinkTheWidestFirstAndLeaveOutWhatCannotFit() {
        #expect(TableRenderer.fit([10, 30, 5], into: 80) == [10, 30, 5])
        #expect(TableRenderer.fit([10, 30, 5], into: 30) == [10, 11, 5])
        let four = TableRenderer.fit([10, 10, 10, 10], into: 20)
        #expect(four.count == 2 && four.reduce(0, +) + 2 == 20 && four.allSatisfy { $0 >= TableLayout.minimumColumnWidth })
        #expect(TableRenderer.fit([50], into: 20) == [20])
        // A column that may not be cut (an amount) is left out whole when it cannot fit.
        #expect(TableRenderer.fit([10, 13, 13], minimums: [6, 13, 13], into: 30) == [10, 13])
        #expect(TableLayout.truncate("杭州客户", to: 5) == "杭州…")
        #expect(TableLayout.truncate("Acme", to: 4) == "Acme")
        #expect(TableLayout.truncate("Acme Ltd", to: 4) == "Acm…")
    }

    @Test func aResultTallerThanTheTerminalGoesThroughThePagerButNeverJSON() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pager-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let paged = directory.appendingPathComponent("paged.txt").path
        let shell = try atTerminal(columns: 80, rows: 5)
        shell.session.pager = Pager(command: "cat > '" + paged + "'")
        try shell.run("lead add A; lead add B; lead add C; lead add D; lead add E; lead add F")
        #expect(try shell.run("lead list") == "")
        let text = try String(contentsOfFile: paged, encoding: .utf8)
        #expect(text.hasPrefix("id   name"))
        #expect(text.contains("L-6  F"))
        try FileManager.default.removeItem(atPath: paged)
        #expect(try shell.run("lead list | first 2 | select name") == "name\nA\nB\n")
        #expect(try shell.run("lead list --json").contains("\"name\":\"F\""))
        #expect(try shell.run("lead list --csv").contains("F"))
        #expect(!FileManager.default.fileExists(atPath: paged))
    }

    @Test func thePagerComesFromTheEnvironmentAndAFailedOneLeavesTheTextToPrint() {
        #expect(Pager.fromEnvironment(["PAGER": "more -d"]) == Pager(command: "more -d"))
        #expect(Pager.fromEnvironment(["PAGER": " "]) == nil)
        #expect(Pager.fromEnvironment(["PATH": "/nonexistent"]) == nil)
        #expect(!Pager(command: "/nonexistent/pager").show("text"))
        #expect(Pager(command: "true").show("text"))
    }
}
