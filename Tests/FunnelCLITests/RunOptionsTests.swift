import Foundation
import Testing

/// `funnel run`: funnel's options before the file (as the README writes `funnel run --atomic
/// month-end.funnel`), the script's after it, and `def main`'s flags passed as flags.
@Suite struct RunOptionsTests {
    func script(_ funnel: FunnelProcess, _ name: String, _ text: String) throws -> String {
        let file = funnel.directory.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// The README's line, run as written (the test directory is the working directory), and `--keep-going` after `run`.
    @Test func optionsAfterRunAreFunnelsAndAFailedAtomicRunSaysNothingWasKept() throws {
        let funnel = FunnelProcess()
        _ = try script(funnel, "month-end.funnel", "lead add A\nlead add B\nerror make \"boom\"\n")
        let atomic = try funnel.run(["--db", funnel.database, "run", "--atomic", "month-end.funnel"])
        #expect(atomic.status == 1)
        #expect(atomic.stderr.hasSuffix("funnel: --atomic: the run failed, so nothing it did was kept (all of it was rolled back)\n"), "\(atomic.stderr)")
        #expect(try funnel.script("lead list | count").stdout == "0\n")
        let going = try funnel.run(["--db", funnel.database, "run", "--keep-going", "month-end.funnel"])
        #expect(going.status == 1)
        #expect(try funnel.script("lead list | count").stdout == "2\n")
        // Funnel's option after the file of a script without def main was meant for funnel: refused, nothing runs.
        let misplaced = try funnel.run(["--db", funnel.database, "run", "month-end.funnel", "--atomic"])
        #expect(misplaced.status == 2)
        #expect(misplaced.stderr.contains("--atomic after the script file would go to the script, which has no def main to take it; "
                                          + "put funnel's options before the file: funnel run --atomic month-end.funnel"), "\(misplaced.stderr)")
        #expect(try funnel.script("lead list | count").stdout == "2\n")
        #expect(try funnel.run(["run", "--frobnicate", "month-end.funnel"]).stderr.contains("unknown option --frobnicate"))
    }

    /// `def main`'s parameters and flags, as its usage line advertises them.
    @Test func defMainTakesItsFlags() throws {
        let funnel = FunnelProcess()
        let path = try script(funnel, "m.funnel", """
            def main [a: string, n: int = 1, --flag: int = 7, --sw] {
              print $"a=($a) n=($n) flag=($flag) sw=($sw)"
            }

            """)
        func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            let result = try funnel.run(["--db", funnel.database, "run", path] + arguments)
            return (result.status, result.stdout, result.stderr)
        }
        #expect(try run(["x", "2", "--sw"]).stdout == "a=x n=2 flag=7 sw=true\n")
        #expect(try run(["x", "--flag", "9"]).stdout == "a=x n=1 flag=9 sw=false\n")
        #expect(try run(["x", "--flag=11", "--sw"]).stdout == "a=x n=1 flag=11 sw=true\n")
        #expect(try run(["two words (and $x)", "-5"]).stdout == "a=two words (and $x) n=-5 flag=7 sw=false\n")
        let unknown = try run(["x", "--nope"])
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown flag --nope for main"), "\(unknown.stderr)")
        let extra = try run(["x", "2", "3"])
        #expect(extra.status == 1 && extra.stderr.contains("too many arguments for main"), "\(extra.stderr)")
        // With --atomic, what main does is rolled back with the rest.
        let writer = try script(funnel, "w.funnel", "lead add Top\ndef main [name: string] { lead add $name; error make \"late\" }\n")
        #expect(try funnel.run(["--db", funnel.database, "run", "--atomic", writer, "Inner"]).status == 1)
        #expect(try funnel.script("lead list | count").stdout == "0\n")
    }

    /// A value nested deeper than a main thread's stack can take apart is let go of on the script's
    /// stack when Funnel leaves: it crashed (a segmentation fault after printing the result).
    @Test func aDeeplyNestedValueDoesNotCrashFunnelAsItLeaves() throws {
        let funnel = FunnelProcess()
        let result = try funnel.script("mut v = []; for i in 1..100000 { $v = [$v] }; $v | length")
        #expect(result.status == 0, "\(result.stderr.prefix(300))")
        #expect(result.stdout == "1\n")
    }
}
