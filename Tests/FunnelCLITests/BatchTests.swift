import Foundation
import Testing

@Suite struct BatchTests {
    @Test func theDoneWhenScenarioWorks() throws {
        let funnel = FunnelProcess()
        let added = try funnel.script(#"lead add "杭州 客户" --budget 50000 --authority yes --need 3 --timeline 30; lead add Tiny --budget 500"#)
        #expect(added.status == 0)
        #expect(added.stdout == "L-1 added: 杭州 客户\nL-2 added: Tiny\n")
        let screened = try funnel.script("lead list | where budget > 1000 | lead screen")
        #expect(screened.stdout == """
        id   name       score  verdict    by    why
        L-1  杭州 客户    100  qualified  bant  budget 30 · authority 25 · need 25 · timeline 20

        """)
        let fit = try funnel.script("stage use screen fit; lead screen L-1 | select verdict by")
        #expect(fit.stdout.contains("disqualified  fit"))
        let journal = try funnel.script("journal list L-1 --type lead.screened | select actor slot implementation --csv")
        let user = ProcessInfo.processInfo.userName  // the OS user, whatever $USER says
        #expect(journal.stdout == "actor,slot,implementation\n\(user),screen,bant\n\(user),screen,fit\n")
    }

    @Test func createsTheDatabaseOwnerOnlyAtTheDefaultPathOrFunnelDB() throws {
        let funnel = FunnelProcess()
        #expect(try funnel.run(["-c", "lead list | count"]).stdout == "0\n")
        let path = funnel.directory.appendingPathComponent("funnel.db").path
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let other = funnel.directory.appendingPathComponent("other.db").path
        #expect(try funnel.run(["-c", "lead add X"], environment: ["FUNNEL_DB": other]).status == 0)
        #expect(FileManager.default.fileExists(atPath: other))
    }

    @Test func runsFilesShebangScriptsAndStdin() throws {
        let funnel = FunnelProcess()
        let file = funnel.directory.appendingPathComponent("month-end.funnel")
        try "#!\(FunnelProcess.binary)\n# a comment\nlead add Acme --budget 5\nlead list | count\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try funnel.run(["--db", funnel.database, "run", file.path]).stdout == "L-1 added: Acme\n1\n")
        chmod(file.path, 0o755)
        let direct = try funnel.run([], executable: file.path, environment: ["FUNNEL_DB": funnel.database])
        #expect(direct.stdout == "L-2 added: Acme\n  possible duplicate of L-1 Acme (same company); see lead dupes, lead merge\n2\n")
        #expect(direct.status == 0)
        let piped = try funnel.run(["--db", funnel.database], stdin: "lead list |\n  count\n")
        #expect(piped.stdout == "2\n")
    }

    @Test func failsFastWithALocatedErrorUnlessKeepGoing() throws {
        let funnel = FunnelProcess()
        let file = funnel.directory.appendingPathComponent("bad.funnel")
        try "lead add A\nlead show L-9\nlead add B\n".write(to: file, atomically: true, encoding: .utf8)
        let failed = try funnel.run(["--db", funnel.database, "run", file.path])
        #expect(failed.status == 1)
        #expect(failed.stderr == "\(file.path):2:11: error: no lead L-9\n  lead show L-9\n            ^^^\n")
        #expect(try funnel.script("lead list | count").stdout == "1\n")
        let going = try funnel.run(["--db", funnel.database, "--keep-going", "run", file.path])
        #expect(going.status == 1)
        #expect(try funnel.script("lead list | count").stdout == "3\n")
    }

    @Test func exitCodesAreTheDocumentedOnes() throws {
        let funnel = FunnelProcess()
        #expect(try funnel.script("lead list").status == 0)
        #expect(try funnel.script("nonsense").status == 1)
        #expect(try funnel.run(["--bogus"]).status == 2)
        #expect(try funnel.run(["run", "/nonexistent.funnel"]).status == 2)
        #expect(try funnel.run(["--now", "someday", "-c", "help"]).status == 2)
        let database = try funnel.run(["--db", "/nonexistent-dir/x.db", "-c", "lead list"])
        #expect(database.status == 3)
        #expect(database.stderr.contains("cannot"))
        #expect(try funnel.run(["--help"]).stdout.contains("Exit codes: 0 ok, 1 script error, 2 usage error, 3 database error"))
    }

    @Test func theStartUpScriptRunsFirstAndNoInitSkipsIt() throws {
        let funnel = FunnelProcess()
        let config = funnel.directory.appendingPathComponent("config/funnel")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try "stage use screen fit\n".write(to: config.appendingPathComponent("init.funnel"), atomically: true, encoding: .utf8)
        try funnel.script("lead add Acme --budget 50000 --authority yes --need 3 --timeline 30")
        #expect(try funnel.script("lead screen L-1 | select by --csv").stdout == "by\nfit\n")
        #expect(try funnel.script("lead screen L-1 | select by --csv", ["--no-init"]).stdout == "by\nbant\n")
    }

    @Test func outputModesAndTheFixedClock() throws {
        let funnel = FunnelProcess()
        try funnel.script("lead add Acme --budget 1234.5")
        #expect(try funnel.script("lead list | select id budget created", ["--json"]).stdout
                == #"[{"id":"L-1","budget":{"amount":"1234.50","currency":"CNY"},"created":"2026-01-31"}]"# + "\n")
        #expect(try funnel.run(["--db", funnel.database, "--now", "2026-03-01", "-c", "lead add B; lead list | select created --csv"]).stdout
                == "L-2 added: B\ncreated\n2026-01-31\n2026-03-01\n")
    }

    /// Each bad input: a clear message with its location, a non-zero exit, and the database as it was.
    @Test(arguments: [
        ("nonsense list", "<command line>:1:1: error: unknown command \"nonsense\""),
        ("lead add X --budget 12abc", "<command line>:1:21: error: bad value for --budget: \"12abc\" is not an amount"),
        ("lead add \"X", "<command line>:1:10: error: unterminated string"),
        ("lead show L-42", "<command line>:1:11: error: no lead L-42"),
        ("lead show L-01", "<command line>:1:11: error: bad value for ID: \"L-01\" is not a lead id: ids have no leading zeros (L-1)"),
        ("lead edit L-1 --need many", "<command line>:1:22: error: bad value for --need"),
        ("lead add Y; lead rm L-1; lead edit L-1 --budget 5; lead add Z", "<command line>:1:36: error: no lead L-1"),
    ])
    func badInputChangesNothingAfterTheFailure(script: String, message: String) throws {
        let funnel = FunnelProcess()
        try funnel.script("lead add Acme --budget 5000")
        let snapshot = "lead list --csv; journal list --csv"
        let before = try funnel.script(snapshot).stdout
        let result = try funnel.script(script)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix(message), "got: \(result.stderr)")
        #expect(result.stderr.contains("^"))
        if !script.contains(";") {
            #expect(try funnel.script(snapshot).stdout == before)
        } else {
            // Statements before the failing one stay done; nothing after it runs.
            #expect(try funnel.script("lead list | select name --csv").stdout == "name\nY\n")
        }
    }
}

@Suite struct ScriptFeatureTests {
    @Test func argumentsReachTheScriptAsArgsAndExitSetsTheStatus() throws {
        let funnel = FunnelProcess()
        let file = funnel.directory.appendingPathComponent("args.funnel")
        try "print ($args | length) ($args.0)\nif ($args.1 == stop) { exit 4 }\nprint unreachable\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try funnel.run(["--db", funnel.database, "run", file.path, "杭州", "stop"])
        #expect(result.stdout == "2\n杭州\n")
        #expect(result.status == 4)
    }

    @Test func defMainChecksItsArguments() throws {
        let funnel = FunnelProcess()
        let file = funnel.directory.appendingPathComponent("main.funnel")
        try "def main [n: int] { print ($n * 2) }\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try funnel.run(["--db", funnel.database, "run", file.path, "21"]).stdout == "42\n")
        let bad = try funnel.run(["--db", funnel.database, "run", file.path, "many"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad value for N: \"many\" is not a whole number"))
    }

    @Test func atomicRunsKeepAllOrNothing() throws {
        let funnel = FunnelProcess()
        let file = funnel.directory.appendingPathComponent("batch.funnel")
        try "lead add A\nlead add B\nlead show L-9\n".write(to: file, atomically: true, encoding: .utf8)
        let failed = try funnel.run(["--db", funnel.database, "--atomic", "run", file.path])
        #expect(failed.status == 1)
        #expect(try funnel.script("lead list | count").stdout == "0\n")
        try "lead add A\nlead add B\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try funnel.run(["--db", funnel.database, "--atomic", "run", file.path]).status == 0)
        #expect(try funnel.script("lead list | count").stdout == "2\n")
    }

    @Test func jsonMakesEveryResultMachineReadable() throws {
        let funnel = FunnelProcess()
        let result = try funnel.script("lead add A --budget 5; lead list | select id budget; 1 + 1; [a b]", ["--json"])
        // A creating command's result is its record, as JSON like any other (no "L-1 added" text).
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(result.stdout)")
        #expect(lines.first?.hasPrefix(#"{"id":"L-1","name":"A","#) == true && lines.first?.contains(#""budget":{"amount":"5.00","currency":"CNY"}"#) == true)
        #expect(lines.dropFirst().joined(separator: "\n") == "[{\"id\":\"L-1\",\"budget\":{\"amount\":\"5.00\",\"currency\":\"CNY\"}}]\n2\n[\"a\",\"b\"]")
    }

    @Test func sourceIsRelativeToTheSourcingFileAndErrorsShowTheChain() throws {
        let funnel = FunnelProcess()
        let lib = funnel.directory.appendingPathComponent("lib")
        try FileManager.default.createDirectory(at: lib, withIntermediateDirectories: true)
        try "def shout [text: string] { error make $\"too loud: ($text)\" }\nlet greeting = \"hello\"\n"
            .write(to: lib.appendingPathComponent("helpers.funnel"), atomically: true, encoding: .utf8)
        try "source helpers.funnel\nprint $greeting\n".write(to: lib.appendingPathComponent("main.funnel"), atomically: true, encoding: .utf8)
        try "source lib/main.funnel\nshout $greeting\n".write(to: funnel.directory.appendingPathComponent("top.funnel"), atomically: true, encoding: .utf8)
        let result = try funnel.run(["--db", funnel.database, "run", funnel.directory.appendingPathComponent("top.funnel").path])
        #expect(result.stdout == "hello\n")
        #expect(result.status == 1)
        #expect(result.stderr.contains("helpers.funnel:1:28: error: too loud: hello"))
        #expect(result.stderr.contains("in shout, called at \(funnel.directory.path)/top.funnel:2:1"))
    }
}
