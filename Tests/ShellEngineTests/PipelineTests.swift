import FunnelModel
import FunnelTestSupport
import ShellEngine
import StageKit
import StageCatalog
import Testing

/// A stage whose one command always fails, to prove a failing pipeline leaves nothing behind.
struct FailingStage: Stage {
    var descriptor: StageDescriptor {
        StageDescriptor(slot: StageSlot("failing"), implementation: "always", summary: "Fails.", version: "1", follows: .screen)
    }
    var commands: [Command] {
        [Command(CommandSignature("fail", summary: "Fail.", input: .any)) { _, _ in throw CommandError("failing on purpose") }]
    }
}

@Suite struct PipelineTests {
    func shellWithLeads() throws -> TestShell {
        let shell = try TestShell()
        try shell.run("""
        lead add Acme --budget 50000 --industry retail
        lead add "杭州 客户" --budget "120,000.00 CNY" --industry manufacturing
        lead add Beta --budget 800
        lead add Gamma
        """)
        return shell
    }

    @Test func whereComparesMoneyWithWholeUnits() throws {
        let shell = try shellWithLeads()
        #expect(try shell.run("lead list | where budget > 1000 | count") == "2\n")
        #expect(try shell.run("lead list | where budget <= 800 | count") == "1\n")
        #expect(try shell.run("lead list | where budget == 800.00 | count") == "1\n")
        #expect(try shell.run("lead list | where industry == retail | count") == "1\n")
        #expect(try shell.run("lead list | where name =~ 杭州 | count") == "1\n")
        #expect(try shell.run("lead list | where budget != null | count") == "3\n")
        #expect(try shell.run("lead list | where id >= L-3 | count") == "2\n")
    }

    @Test func integerEdgesStayExact() throws {
        let shell = try TestShell()
        #expect(try shell.run("-9223372036854775808 mod -1") == "0\n")
        #expect(try shell.run("-9223372036854775808 / -1") == "9223372036854775808\n")
        #expect(try shell.run("-7 // 2") == "-4\n")
        #expect(try shell.run("[9223372036854775807 1] | avg") == "4611686018427387904\n")
        #expect(try shell.run("[9223372036854775807 9223372036854775806] | avg") == "9223372036854775806.5\n")
        #expect(try shell.run("[1 2] | avg") == "1.5\n")
        #expect(try shell.run("0..9223372036854775806 | count") == "9223372036854775807\n")
    }

    @Test func sortsBySeveralKeysWithNullsLast() throws {
        let shell = try shellWithLeads()
        let names = try shell.rows("lead list | sort-by budget --reverse | select name").map { $0["name"]?.plainText ?? "" }
        #expect(names == ["杭州 客户", "Acme", "Beta", "Gamma"])
        let ascending = try shell.rows("lead list | sort-by budget | select name").map { $0["name"]?.plainText ?? "" }
        #expect(ascending == ["Beta", "Acme", "杭州 客户", "Gamma"])
    }

    @Test func selectAndFirstShapeTheTable() throws {
        let shell = try shellWithLeads()
        #expect(try shell.run("lead list | select id name | first 2") == """
        id   name
        L-1  Acme
        L-2  杭州 客户

        """)
        #expect(try shell.run("lead list | first 0") == "(no rows)\n")
    }

    @Test func tablesAlignByDisplayWidthAndRightAlignAmounts() throws {
        let shell = try shellWithLeads()
        #expect(try shell.run("lead list | select name budget | first 3") == """
        name               budget
        Acme        50,000.00 CNY
        杭州 客户  120,000.00 CNY
        Beta           800.00 CNY

        """)
    }

    @Test func printsCSVAndJSON() throws {
        let shell = try shellWithLeads()
        #expect(try shell.run("lead list | select id name budget | first 2 --csv") == """
        id,name,budget,budget_currency
        L-1,Acme,50000.00,CNY
        L-2,杭州 客户,120000.00,CNY

        """)
        #expect(try shell.run("lead list | select id budget | first 1 --json")
                == #"[{"id":"L-1","budget":{"amount":"50000.00","currency":"CNY"}}]"# + "\n")
    }

    @Test func errorsPointAtTheWordAtFault() throws {
        let shell = try shellWithLeads()
        let unknownColumn = try #require(shell.failure(of: "lead list | where bugdet > 5"))
        #expect(unknownColumn.description.contains("<test>:1:19: error: no column \"bugdet\""))
        let unknownCommand = try #require(shell.failure(of: "lead lsit"))
        #expect(unknownCommand.description.contains("hint: did you mean \"lead list\"?"))
        let badOperator = try #require(shell.failure(of: "lead list | where budget >> 5"))
        #expect(badOperator.description.contains("unexpected \">>\" in condition"))
        let noInput = try #require(shell.failure(of: "lead list | lead add x"))
        #expect(noInput.description.contains("lead add does not take pipeline input"))
        let tooMany = try #require(shell.failure(of: "lead show L-1 L-2"))
        #expect(tooMany.description.contains("too many arguments"))
        #expect(tooMany.exitCode == 1)
    }

    @Test func aFailingStatementChangesNothingAndStopsTheScript() throws {
        let shell = try TestShell(stages: StageCatalog.builtIn + [FailingStage()])
        try shell.run("lead add Acme; lead add Beta")
        // lead rm deletes both leads, then `fail` throws in the same statement: the deletions roll back,
        // and the statement after it never runs.
        let failure = try #require(shell.failure(of: "if true { lead list | lead rm; fail }; lead add Never"))
        #expect(failure.description.contains("<test>:1:32: error: failing on purpose"), "\(failure.description)")
        #expect(try shell.run("lead list | count") == "2\n")
        #expect(try shell.query("SELECT count(*) AS n FROM events WHERE type = 'lead.removed'").first?.integer("n") == 0)
    }

    @Test func keepGoingRunsTheRestAndReportsEveryFailure() throws {
        let shell = try shellWithLeads()
        shell.session.keepGoing = true
        let failure = shell.failure(of: "lead show L-99; lead add After; lead show L-98")
        #expect(failure?.description.contains("L-99") == true)
        #expect(shell.failures.count == 2)
        #expect(try shell.run("lead list | count") == "5\n")
    }

    @Test func dryRunShowsTheChangeAndWritesNothing() throws {
        let shell = try shellWithLeads()
        #expect(try shell.run("lead rm L-1 --dry-run") == "would delete L-1: Acme\n")
        #expect(try shell.run("lead list | count") == "4\n")
        let events = try shell.query("SELECT count(*) AS n FROM events").first?.integer("n")
        _ = try shell.run("lead list | lead rm --dry-run")
        #expect(try shell.query("SELECT count(*) AS n FROM events").first?.integer("n") == events)
        #expect(try shell.run("lead list | count") == "4\n")
    }
}
