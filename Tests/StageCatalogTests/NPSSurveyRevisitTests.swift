import AlternativeStages
import FunnelTestSupport
import ShellEngine
import StageCatalog
import StageKit
import Testing

/// The in-process `nps-survey` revisit: its own verbs, its own rule for the next survey, and the
/// built-in's records (through StageKit's `RevisitLog` and `RevisitSchedule`).
@Suite struct NPSSurveyRevisitTests {
    func shell() throws -> TestShell {
        let shell = try TestShell(stages: StageCatalog.builtIn + AlternativeStages.all)
        _ = try shell.run("lead add Acme; lead qualify L-1 --force; stage use revisit nps-survey")
        return shell
    }

    @Test func theScoreSetsTheNextSurveyAndANeedOpensARepeatDeal() throws {
        let shell = try shell()
        // The built-in's verbs are gone while nps-survey is active; the catalog's revisit list stays.
        #expect(shell.failure(of: "revisit log C-1 --outcome x") != nil)
        #expect(try shell.run("revisit survey C-1 --outcome grumpy --nps 5 --dry-run") == "would log a survey of C-1 and ask again on 2026-02-14\n")
        #expect(try shell.rows("revisit list").isEmpty)
        #expect(shell.failure(of: "revisit survey C-1 --outcome x --nps 11")?.description.contains("NPS is 0 to 10, not 11") == true)
        #expect(try shell.run("revisit survey C-1 --outcome grumpy --nps 5")
                == "survey of C-1 logged · NPS 5, a detractor · next survey 2026-02-14\n")
        #expect(try shell.run("revisit survey C-1 --outcome delighted --nps 10 --need spares --priority high")
                == "survey of C-1 logged · NPS 10, a promoter · repeat deal D-2 opened in discover · next survey 2026-05-01\n")
        // The second survey took the pending one the first scheduled.
        let revisits = try shell.rows("revisit list")
        #expect(revisits.map { $0["due"]?.plainText ?? "" } == ["2026-01-31", "2026-02-14", "2026-05-01"])
        #expect(revisits.map { $0["done"]?.plainText ?? "" } == ["2026-01-31", "2026-01-31", ""])
        #expect(try shell.rows("need list D-2").first?["priority"] == .string("high"))
        #expect(try shell.rows("customer health C-1").first?["average nps"]?.plainText == "7.5")
        #expect(try shell.query("SELECT DISTINCT implementation FROM events WHERE type = 'revisit.done'").map { $0.text("implementation") } == ["nps-survey"])
        #expect(try shell.run("revisit plan C-1 --in 7day") == "C-1 survey planned for 2026-02-07\n")
        #expect(try shell.rows("revisit list --due").map { $0["due"]?.plainText ?? "" } == ["2026-02-07"])
    }
}
