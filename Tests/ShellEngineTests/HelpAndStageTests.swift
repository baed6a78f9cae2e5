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
        try shell.run("config unset screen.bant.threshold")
        #expect(try shell.run("config list --csv") == "key,value\n")
        #expect(shell.failure(of: "config unset screen.bant.threshold")?.description.contains("screen.bant.threshold is not set") == true)
    }

    /// A misspelt key or a value its stage could not use fails when it is set, with nothing stored;
    /// keys outside every known family are a team's own and are stored as they are.
    @Test func configSetChecksKnownSettings() throws {
        let shell = try TestShell()
        let typo = try #require(shell.failure(of: "config set screen.bant.wieght.budget 5"))
        #expect(typo.description.contains("unknown setting screen.bant.wieght.budget"))
        #expect(typo.description.contains("did you mean screen.bant.weight.budget?"))
        #expect(shell.failure(of: "config set screen.bant.weight.budget abc")?.description
            .contains("setting screen.bant.weight.budget: \"abc\" is not a whole number from -1000000 to 1000000") == true)
        #expect(shell.failure(of: "config set screen.fit.typical-deal '5 XYZ'")?.description.contains("\"XYZ\" is not a currency code") == true)
        #expect(shell.failure(of: "config set discover.gate.decision-maker maybe")?.description.contains("is not true or false") == true)
        #expect(shell.failure(of: "config set plugin.timeout 0")?.description.contains("not a number of seconds") == true)
        #expect(shell.failure(of: "config set plugin.timeot 5")?.description.contains("did you mean plugin.timeout?") == true)
        #expect(shell.failure(of: "config set screen.assign.region.East bob")?.description
            .contains("setting screen.assign.region.East: it is read in lower case: use east") == true)
        #expect(shell.failure(of: "config set forecast.probability.negotaite 60")?.description
            .contains("setting forecast.probability.negotaite: negotaite is not a stage (stages: capture, screen") == true)
        #expect(try shell.run("config list --csv") == "key,value\n")
        try shell.run("config set screen.assign.region.华东 dora; config set acme.pilot.weeks 4; config set revisit.cadence.gold 30day")
        try shell.run("config set forecast.probability.negotiate 60; config set revisit.probability.sign 90")
        let known = try shell.rows("config list --known")
        #expect(known.first { $0["key"] == .string("screen.assign.region.*") }?["value"] == .string("华东=dora"))
        #expect(known.first { $0["key"] == .string("screen.bant.threshold") }?["default"] == .string("60"))
        #expect(known.contains { $0["key"] == .string("negotiate.discount.limit") })
        #expect(!known.contains { $0["key"] == .string("acme.pilot.weeks") })
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-typo-\(UUID().uuidString).conf").path
        try "[screen.bant]\nthreshold = 70\nweight.budgt = 5\n".write(toFile: file, atomically: true, encoding: .utf8)
        let load = try #require(shell.failure(of: "config load \(file)"))
        #expect(load.description.contains("\(file):3: unknown setting screen.bant.weight.budgt"))
        #expect(load.description.contains("did you mean screen.bant.weight.budget?"))
        #expect(try shell.query("SELECT count(*) AS n FROM settings WHERE key LIKE 'screen.bant.%'").first?.integer("n") == 0)
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
        try shell.run("# Says hello.\ndef greet [name: string, --times: int = 1] { for i in 1..$times { print $\"hi ($name)\" } }")
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
