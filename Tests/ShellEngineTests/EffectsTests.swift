import Foundation
import FunnelTestSupport
@testable import ShellEngine
import ShellSyntax
import Testing

/// Which statements may write, worked out before they run: those take the write lock when they start
/// (and so wait for other writers), the rest only read and never wait.
@Suite struct EffectsTests {
    func mayWrite(_ script: String, after setup: String = "") throws -> [Bool] {
        let shell = try TestShell()
        if !setup.isEmpty { _ = try shell.run(setup) }
        return try shell.session.interpreter.compile(SourceFile(name: "<test>", text: script)).map(\.mayWrite)
    }

    @Test func readingStatementsDoNotWriteAndChangingOnesDo() throws {
        #expect(try mayWrite("lead list | where budget > 5 | count; lead show L-1; report funnel; 1 + 2") == [false, false, false, false])
        #expect(try mayWrite("lead add Acme; lead list | lead screen; lead list | save out.csv --force") == [true, true, true])
        // A dry run writes and undoes: it takes the lock too.
        #expect(try mayWrite("lead rm L-1 --dry-run") == [true])
        // A command of an implementation that is not active counts as it would run.
        #expect(try mayWrite("screen train") == [true])
        // `review replay` runs another implementation's command in a savepoint it rolls back.
        #expect(try mayWrite("review replay screen fit") == [true])
    }

    @Test func closuresAndDefsAreFollowed() throws {
        #expect(try mayWrite("lead list | each { |l| lead edit $l.id --need 2 }") == [true])
        #expect(try mayWrite("lead list | each { |l| $l.name }") == [false])
        #expect(try mayWrite("if true { lead add X } else { 1 }") == [true])
        // Through defs, hoisted or defined earlier, however deep.
        #expect(try mayWrite("reader; writer; def reader [] { lead list | count }; def writer [] { middle }; def middle [] { lead add Y }")
            == [false, true, false, false, false])
        #expect(try mayWrite("loop 1", after: "def loop [n: int] { if $n > 0 { loop ($n - 1) } else { lead list | count } }") == [false])
        // A closure held in a variable cannot be seen: running one counts as writing.
        #expect(try mayWrite("let f = { |l| $l.name }; lead list | each $f") == [false, true])
        #expect(try mayWrite("lead list | update name $f", after: "let f = { |l| $l.name }") == [true])
    }
}

/// Pipelines are checked against their commands' signatures before anything runs.
@Suite struct PipelineShapeTests {
    @Test func aCommandThatGivesNothingCannotBePipedOn() throws {
        let shell = try TestShell()
        let failure = try #require(shell.failure(of: "lead add Acme\nlead import leads.csv | lead screen"))
        #expect(failure.description.contains("2:1: error: lead import gives nothing to pipe on, so nothing would reach lead screen"), "\(failure.description)")
        // Refused before anything ran: the first line did not run either.
        #expect(try shell.run("lead list | count") == "0\n")
    }
}
