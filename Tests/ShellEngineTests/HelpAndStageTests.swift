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
        #expect(rows.map { $0["slot"]?.plainText ?? "" } == ["capture", "screen", "screen"])
        #expect(rows.map { $0["implementation"]?.plainText ?? "" } == ["manual", "bant", "fit"])
        #expect(rows.map { $0["active"]?.plainText ?? "" } == ["true", "true", "false"])
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
