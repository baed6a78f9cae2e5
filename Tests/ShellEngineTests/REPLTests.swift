import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

@Suite struct REPLTests {
    @Test func continuesIncompleteEntriesAndRecordsWholeEntriesInHistory() throws {
        let shell = try TestShell()
        let reader = ScriptedLineReader(["lead add \"杭州", "客户\"", "lead list |", "count", "", "exit", "lead add never"])
        #expect(REPL(session: shell.session, reader: reader).run() == 0)
        #expect(reader.history == ["lead add \"杭州\n客户\"", "lead list |\ncount", "exit"])
        let prompt = "funnel> "
        #expect(reader.prompts == [prompt, REPL.continuationPrompt, prompt, REPL.continuationPrompt, prompt, prompt])
        #expect(shell.output.text.hasSuffix("1\n"))
    }

    @Test func anErrorDoesNotEndTheSession() throws {
        let shell = try TestShell()
        let reader = ScriptedLineReader(["lead show L-1", "lead add Acme", "lead list | count"])
        #expect(REPL(session: shell.session, reader: reader).run() == 0)
        #expect(shell.failures.count == 1)
        #expect(shell.output.text.hasSuffix("1\n"))
    }

    @Test func completesCommandsSubcommandsFlagsChoicesAndLiveIDs() throws {
        let shell = try TestShell()
        try shell.run("lead add \"杭州 客户\"; lead add Acme")
        let completer = Completer(session: shell.session)
        #expect(completer.complete("le").candidates.map(\.word) == ["lead", "length"])
        #expect(completer.complete("lead s").candidates.map(\.word) == ["screen", "show"])
        #expect(completer.complete("lead add x --bud").candidates.map(\.word) == ["--budget"])
        #expect(completer.complete("lead add x --authority ").candidates.map(\.word) == ["yes", "no"])
        let ids = completer.complete("lead show L-")
        #expect(ids.candidates.map(\.word) == ["L-1", "L-2"])
        #expect(ids.candidates.first?.display == "L-1  杭州 客户 · new")
        // After a pipe, only commands that take its rows: `whoami` and `lead add` take none.
        #expect(completer.complete("lead list | wh").candidates.map(\.word) == ["where"])
        #expect(completer.complete("wh").candidates.map(\.word) == ["where", "whoami"])
        #expect(completer.complete("lead list | lead s").candidates.map(\.word) == ["screen"])
        #expect(completer.complete("lead s").candidates.map(\.word) == ["screen", "show"])
    }

    @Test func completesStageSlotsAndTheirImplementations() throws {
        let shell = try TestShell()
        let completer = Completer(session: shell.session)
        #expect(completer.complete("stage use scr").candidates.map(\.word) == ["screen"])
        #expect(completer.complete("stage use ").candidates.first?.display == "capture  (manual)")
        let implementations = completer.complete("stage use screen ").candidates
        #expect(implementations.map(\.word) == ["bant", "fit", "predictive"])
        #expect(implementations.first?.display == "bant  (active)")
        #expect(completer.complete("stage use nosuch ").candidates.isEmpty)
        #expect(completer.complete("stage use screen bant ").candidates.isEmpty)
    }

    @Test func completesTheColumnsOfTheRowsPipedInWithoutRunningAnythingThatWrites() throws {
        let shell = try TestShell()
        try shell.run("field add lead employees int; lead add Acme --budget 500")
        let completer = Completer(session: shell.session)
        func words(_ line: String) -> [String] { completer.complete(line).candidates.map(\.word) }
        let columns = words("lead list | where ")
        #expect(columns.first == "id")
        #expect(columns.contains("email") && columns.contains("employees"))
        #expect(words("lead list | where bu") == ["budget"])
        #expect(words("lead list --status new | sort-by budget | select id em") == ["email", "employees"])
        #expect(words("lead list | where budget > 5 and sc") == ["score"])
        #expect(words("lead list | where budget ").isEmpty)  // an operator comes next, not a column
        #expect(words("lead list | select id name | sort-by ") == ["id", "name"])
        #expect(words("lead list | group-by own") == ["owner"])
        #expect(words("lead list | group-by owner ").isEmpty)
        #expect(words("invoice list | sort-by \"da") == ["\"days overdue\""])
        #expect(words("deal list | reject st") == ["stage", "status"])
        #expect(words("lead list | str upcase name em") == ["email", "employees"])
        try shell.run("let big = (lead list | where budget > 100)")
        #expect(words("$big | get na") == ["name"])
        // A pipeline that would write or print is not run to find its columns.
        #expect(words("lead add Beta | where ").isEmpty)
        #expect(words("lead list | each { |l| lead add $l.name } | where ").isEmpty)
        #expect(try shell.run("lead list | count") == "1\n")
        #expect(shell.printed.components(separatedBy: "\n").filter { $0.hasPrefix("L-") && $0.contains("added") }.count == 1)
    }

    @Test func completesFilePathsAfterImportCommands() throws {
        let shell = try TestShell()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("name\nAcme\n".utf8).write(to: directory.appendingPathComponent("leads.csv"))
        let completer = Completer(session: shell.session)
        for command in ["lead import", "deal import", "invoice import", "payment import", "product import"] {
            #expect(completer.complete(command + " " + directory.path + "/le").candidates.map(\.word) == [directory.path + "/leads.csv"])
        }
        let folder = try #require(completer.complete("lead import " + directory.path + "/s").candidates.first)
        #expect(folder.word == directory.path + "/sub/" && !folder.isComplete)
    }
}

@Suite struct REPLSessionTests {
    @Test func highImpactCommandsAskAndDoNothingWhenDeclined() throws {
        let shell = try TestShell()
        try shell.run("lead add Acme; lead add Beta")
        let reader = ScriptedLineReader(["lead rm L-1", "n", "lead rm L-2", "y", "lead rm L-1 --yes", "lead list | count"])
        #expect(REPL(session: shell.session, reader: reader).run() == 0)
        #expect(reader.prompts.filter { $0 == "proceed? [y/N] " }.count == 2)
        #expect(shell.printed.contains("would delete L-1: Acme"))
        #expect(shell.failures.first?.description.contains("not confirmed: nothing changed") == true)
        #expect(shell.printed.hasSuffix("L-2 deleted: Beta\nL-1 deleted: Acme\n0\n"))
    }

    @Test func batchNeverAsks() throws {
        let shell = try TestShell()
        try shell.run("lead add Acme; lead rm L-1")
        #expect(try shell.run("lead list | count") == "0\n")
    }

    @Test func sessionSaveWritesTheEntriesThatSucceededAndTheScriptReplays() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("session.funnel").path
        let shell = try TestShell()
        let reader = ScriptedLineReader([
            "let min = 1000", "def big [] { lead list | where budget > $min }", "lead add Acme --budget 5000",
            "lead show L-9", "lead add Tiny --budget 5", "help", "big | count", "session save \(path)",
        ])
        #expect(REPL(session: shell.session, reader: reader).run() == 0)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!saved.contains("L-9") && !saved.contains("help\n") && !saved.contains("session save"))
        #expect(saved.contains("let min = 1000\ndef big [] { lead list | where budget > $min }\nlead add Acme --budget 5000\n"))
        let replay = try TestShell()
        #expect(try replay.run(saved).hasSuffix("1\n"))
    }

    /// An entry that failed part-way keeps what ran before the failure (a binding), and a failed
    /// statement leaves its variables as they were: the saved script replays to the same state.
    @Test func aSavedSessionReplaysEntriesThatFailedPartWay() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("session.funnel").path
        let shell = try TestShell()
        let reader = ScriptedLineReader([
            "let x = 5; error make \"oops\"", "mut n = 1", "for i in 1..10 { $n += $i; if $i == 3 { error make \"stop\" } }",
            "print $\"($x) ($n)\"", "session save \(path)",
        ])
        #expect(REPL(session: shell.session, reader: reader).run() == 0)
        // The loop failed: n is as it was before it, 1, not 7.
        #expect(shell.printed.contains("5 1\n"), "\(shell.printed)")
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved.contains("let x = 5\n") && !saved.contains("oops") && !saved.contains("stop"), "\(saved)")
        let replay = try TestShell()
        #expect(try replay.run(saved).hasSuffix("5 1\n"))
    }

    @Test func transactionsSpanEntriesAndThePromptShowsThem() throws {
        let shell = try TestShell(path: FileManager.default.temporaryDirectory.appendingPathComponent("funnel-txn-\(UUID().uuidString).db").path)
        let reader = ScriptedLineReader(["transaction begin", "lead add A", "lead show L-9", "lead add B", "transaction rollback",
                                         "lead list | count", "transaction begin", "lead add C", "transaction commit", "lead list | count"])
        let repl = REPL(session: shell.session, reader: reader, name: "t.db")
        #expect(repl.run() == 0)
        #expect(reader.prompts.contains("t.db*> "))
        #expect(shell.printed.contains("rolled back\n0\n"))
        #expect(shell.printed.hasSuffix("committed\n1\n"))
    }

    @Test func historyListsAndFiltersPastEntries() throws {
        let shell = try TestShell()
        let reader = ScriptedLineReader(["lead add Acme", "lead list | count", "print x", "history lead --last 2"])
        #expect(REPL(session: shell.session, reader: reader).run() == 0)
        #expect(shell.printed.hasSuffix("index  command\n    2  lead list | count\n    4  history lead --last 2\n"))
    }
}
