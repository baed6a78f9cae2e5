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
        #expect(completer.complete("lead list | wh").candidates.map(\.word) == ["where"])
        #expect(completer.complete("stage use screen ").candidates.isEmpty)
    }
}
