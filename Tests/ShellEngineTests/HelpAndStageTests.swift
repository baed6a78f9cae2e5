import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

@Suite struct HelpAndStageTests {
    @Test func helpListsCommandsByStageAndExplainsOne() throws {
        let shell = try TestShell()
        let overview = try shell.run("help")
        #expect(overview.contains("capture — manual"))
        #expect(overview.contains("lead screen"))
        #expect(overview.contains("sort-by"))
        let detail = try shell.run("help lead add")
        #expect(detail.contains("Usage: lead add NAME"))
        #expect(detail.contains("--budget AMOUNT"))
        #expect(detail.contains("Examples:"))
        #expect(try shell.run("help lead").contains("lead list"))
        #expect(shell.failure(of: "help leed add")?.description.contains("did you mean \"lead add\"") == true)
    }

    @Test func stageListShowsSlotsInOrderAndTheActiveImplementation() throws {
        let shell = try TestShell()
        let rows = try shell.rows("stage list")
        #expect(rows.map { $0["slot"]?.plainText ?? "" } == ["capture", "screen", "screen", "screen", "discover", "recommend", "negotiate", "sign", "payment", "service", "revisit", "analyze", "review"])
        #expect(rows.map { $0["implementation"]?.plainText ?? "" } == ["manual", "bant", "fit", "predictive", "needs", "needs-match", "quotes", "contracts", "receivables", "tickets", "cadence", "journal", "periodic"])
        #expect(rows.map { $0["active"]?.plainText ?? "" } == ["true", "true", "false", "false", "true", "true", "true", "true", "true", "true", "true", "true", "true"])
        try shell.run("stage use screen fit")
        #expect(try shell.rows("stage list")[2]["active"]?.plainText == "true")
        #expect(shell.failure(of: "stage use screen nope")?.description.contains("implementations: bant, fit") == true)
        #expect(shell.failure(of: "stage use nope fit")?.description.contains("no stage slot") == true)
    }

    @Test func configSetStoresSettingsStagesRead() throws {
        let shell = try TestShell()
        try shell.run("config set screen.bant.threshold 70")
        #expect(try shell.run("config list --csv") == "key,value\nscreen.bant.threshold,70\n")
        try shell.run("config set screen.bant.threshold 80 --dry-run")
        #expect(try shell.run("config list --csv") == "key,value\nscreen.bant.threshold,70\n")
    }
}

@Suite struct ShellConventionTests {
    @Test func everyCommandTakesHelp() throws {
        let shell = try TestShell()
        #expect(try shell.run("lead add --help").contains("Usage: lead add NAME"))
        #expect(try shell.run("where --help").contains("Usage: where CONDITION"))
        try shell.run("def greet [name: string] { print $name }")
        #expect(try shell.run("greet --help").contains("Usage: greet NAME"))
        #expect(try shell.run("help language").contains("def name [a, b: int"))
    }

    @Test func coloursOnlyOnTerminalsAndNeverWithNoColor() {
        let text = "f:1:2: error: bad\n  x\n  ^\nhint: try y"
        #expect(TerminalStyle(enabled: false).diagnostic(text) == text)
        #expect(TerminalStyle(enabled: true).diagnostic(text).contains("\u{1B}[31m"))
        #expect(!TerminalStyle(fileDescriptor: -1).enabled)
        #expect(!TerminalStyle(fileDescriptor: 0, environment: ["NO_COLOR": "1", "TERM": "xterm"]).enabled)
    }

    @Test func definedCommandsAreCheckedHelpedAndCompleted() throws {
        let shell = try TestShell()
        try shell.run("# Says hello.\ndef greet [name: string, --times: int = 1] { for i in 1..$times { print \"hi $name\" } }")
        #expect(try shell.run("greet 杭州 --times 2") == "hi 杭州\nhi 杭州\n")
        #expect(shell.failure(of: "greet")?.description.contains("greet needs NAME") == true)
        #expect(shell.failure(of: "greet x --times many")?.description.contains("bad value for --times") == true)
        #expect(try shell.run("help").contains("greet             Says hello."))
        #expect(Completer(session: shell.session).complete("gre").candidates.map(\.word) == ["greet"])
        #expect(Completer(session: shell.session).complete("greet x --t").candidates.map(\.word) == ["--times"])
    }

    @Test func variablesComplete() throws {
        let shell = try TestShell()
        try shell.run("let budget_floor = 5; let buyers = [a]")
        #expect(Completer(session: shell.session).complete("print $bu").candidates.map(\.word) == ["$budget_floor", "$buyers"])
    }
}
