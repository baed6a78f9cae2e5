import Foundation
import FunnelTestSupport
import ShellEngine
import ShellSyntax
import Testing

/// Issue 16: one shape for `first`/`last`, quoted and optional field paths, floor modulo, unknown
/// columns refused whether or not there are rows, and errors that say what helps.
@Suite struct ShapesPathsAndErrorsTests {
    func shellWithLeads() throws -> TestShell {
        let shell = try TestShell()
        try shell.run("""
        lead add Acme --budget 50000
        lead add Beta --budget 800
        lead add Gamma --budget 9000
        """)
        return shell
    }

    // MARK: first and last

    @Test func firstWithoutACountIsTheItemAndWithACountAlwaysAList() throws {
        let shell = try TestShell()
        #expect(try shell.run("[1 2 3] | first | to json") == "1\n")
        #expect(try shell.run("[1 2 3] | first 1 | to json") == "[1]\n")
        #expect(try shell.run("[1 2 3] | last | to json") == "3\n")
        #expect(try shell.run("[1 2 3] | last 1 | to json") == "[3]\n")
        #expect(try shell.run("[1 2 3] | first 2 | to json") == "[1,2]\n")
        // A table after a `where` that keeps every row: the same rule.
        #expect(try shell.run("[{a: 1} {a: 2}] | where a > 0 | first | to json") == "{\"a\":1}\n")
        #expect(try shell.run("[{a: 1} {a: 2}] | where a > 0 | first 1 | to json") == "[{\"a\":1}]\n")
        #expect(try shell.run("[{a: 1} {a: 2}] | last | to json") == "{\"a\":2}\n")
        // Nothing to take: null for the item, an empty list for a count.
        #expect(try shell.run("print (([] | first) == null) ([] | last 1 | to json)") == "true\n[]\n")
    }

    @Test func firstOfStoredRowsIsARecordWhereverTheRowsComeFrom() throws {
        let shell = try shellWithLeads()
        #expect(try shell.run("lead show (lead list | first).id | get name") == "Acme\n")
        #expect(try shell.run("lead list | first | get name") == "Acme\n")
        #expect(try shell.run("lead list | where budget > 0 | first | get name") == "Acme\n")
        #expect(try shell.run("lead list | sort-by budget --reverse | first | get name") == "Acme\n")
        #expect(try shell.run("lead list | sort-by budget | last | get name") == "Acme\n")
        #expect(try shell.run("(lead list | first).budget") == "50,000.00 CNY\n")
        #expect(try shell.run("lead list | first 1 | get name | to json") == "[\"Acme\"]\n")
        #expect(try shell.run("lead list | where budget > 1000 | first 1 | count") == "1\n")
        #expect(try shell.run("lead list | last 1 | select name | to json") == "[{\"name\":\"Gamma\"}]\n")
        #expect(try shell.run("print ((lead list | where budget > 1000000 | first) == null)") == "true\n")
    }

    // MARK: floor modulo

    @Test func moduloIsFloorModuloForEverySign() throws {
        let shell = try TestShell()
        #expect(try shell.run("print (-7 mod 2) (7 mod -2) (-7 mod -2) (7 mod 2) (-7 // 2) (-6 mod 3)") == "1\n-1\n-1\n1\n-4\n0\n")
    }

    /// `(a // b) * b + (a mod b) == a`, `a mod b` between 0 and b (excluded), over many values of
    /// both signs and the Int64 edges, checked exactly (in 128 bits: `(a // b) * b` itself may not fit).
    @Test func divisionAndModuloAgreeOverManyValuesAndTheEdges() throws {
        var generator = ModuloValues(seed: 16)
        var pairs: [(Int64, Int64)] = []
        let edges: [Int64] = [.min, .min + 1, -3, -2, -1, 0, 1, 2, 3, .max - 1, .max]
        for a in edges { for b in edges where b != 0 && !(a == .min && b == -1) { pairs.append((a, b)) } }
        for _ in 0..<400 {
            let a = Int64.random(in: -1000...1000, using: &generator), b = Int64.random(in: -40...40, using: &generator)
            if b != 0 { pairs.append((a, b)) }
        }
        for _ in 0..<100 {
            let a = Int64.random(in: .min ... .max, using: &generator), b = Int64.random(in: .min ... .max, using: &generator)
            if b != 0 && !(a == .min && b == -1) { pairs.append((a, b)) }
        }
        let script = pairs.map { pair in "print (\(pair.0) // \(pair.1)) (\(pair.0) mod \(pair.1))" }.joined(separator: "\n")
        let lines = try TestShell().run(script).split(separator: "\n").map { Int64($0) }
        try #require(lines.count == pairs.count * 2)
        for (index, (a, b)) in pairs.enumerated() {
            let quotient = try #require(lines[2 * index]), remainder = try #require(lines[2 * index + 1])
            #expect(Int128(quotient) * Int128(b) + Int128(remainder) == Int128(a), "\(a) // \(b) = \(quotient), mod \(remainder)")
            #expect(remainder == 0 || (remainder < 0) == (b < 0), "\(a) mod \(b) = \(remainder) has not the sign of \(b)")
            #expect(Int128(remainder).magnitude < Int128(b).magnitude)
        }
        // The one quotient that does not fit is an error, not a trap; its remainder is 0.
        let shell = try TestShell()
        let failure = try #require(shell.failure(of: "print (-9223372036854775808 // -1)"))
        #expect(failure.diagnostic.message == "integer overflow")
        #expect(try shell.run("print (-9223372036854775808 mod -1)") == "0\n")
    }

    // MARK: unknown columns

    @Test func anUnknownColumnIsAnErrorWithOrWithoutRowsPushedDownOrNot() throws {
        for shell in [try TestShell(), try shellWithLeads()] {
            for pipeline in ["lead list | where budgte > 5",                        // pushed down to SQL
                             "lead list | where { |l| true } | where budgte > 5",   // in memory
                             "lead list | where budget > 5 and budgte < 9"] {
                let failure = try #require(shell.failure(of: pipeline), "\(pipeline)")
                #expect(failure.diagnostic.message == "no column \"budgte\"", "\(pipeline)")
                #expect(failure.diagnostic.hint == "did you mean \"budget\"?", "\(pipeline)")
            }
            for pipeline in ["lead list | sort-by budgte", "lead list | where { |l| true } | sort-by budgte",
                             "lead list | select id budgte", "lead list | where { |l| true } | select id budgte",
                             "lead list | reject budgte", "lead list | where { |l| true } | reject id budgte",
                             "lead list | group-by budgte", "lead list | where { |l| true } | group-by budgte",
                             "lead list | update budgte 5", "lead list | get budgte"] {
                let failure = try #require(shell.failure(of: pipeline), "\(pipeline)")
                #expect(failure.diagnostic.message == "no column \"budgte\"", "\(pipeline)")
                #expect(failure.diagnostic.hint?.hasPrefix("did you mean \"budget\"?") == true, "\(pipeline)")
            }
            // A column dropped by select is gone for what follows, in SQL as in memory.
            let dropped = try #require(shell.failure(of: "lead list | select id name | where budget > 5"))
            #expect(dropped.diagnostic.hint == "columns: id, name")
        }
        // Nothing close: the columns are listed.
        let far = try #require(try TestShell().failure(of: "[{a: 1}] | where zzz > 1"))
        #expect(far.diagnostic.hint == "columns: a")
    }

    @Test func theCaretCoversOnlyTheUnknownColumn() throws {
        let failure = try #require(try TestShell().failure(of: "lead list | select id nmae"))
        #expect(failure.description == """
        <test>:1:23: error: no column "nmae"
          lead list | select id nmae
                                ^^^^
        hint: did you mean "name"?
        """)
    }

    // MARK: field paths

    @Test func quotedAndOptionalFieldPaths() throws {
        let shell = try TestShell()
        try shell.run("""
        let i = {"days overdue": 45, name: Acme, contact: {城市: 杭州}}
        let rows = ("customer,days overdue\\nAcme,45\\nBeta,10" | from csv)
        """)
        #expect(try shell.run("print $i.\"days overdue\" $i.'days overdue' $i.contact.城市 $i.contact.\"城市\"") == "45\n45\n杭州\n杭州\n")
        #expect(try shell.run("print ($i.phone? == null) ($i.phone?.number == null) ($i.contact.phone? == null)") == "true\ntrue\ntrue\n")
        #expect(try shell.run("print ($rows | first).\"days overdue\" ($rows | first).phone?") == "45\n\n")
        #expect(try shell.run("$rows | where { |r| $r.\"days overdue\" > 30 } | get customer") == "Acme\n")
        // In a row condition `$it` is the row, so a column with a space is reachable there too.
        #expect(try shell.run("$rows | where $it.\"days overdue\" > 30 | get customer") == "Acme\n")
        #expect(try shell.run("$rows | where $it.phone? == null | count") == "2\n")
        #expect(try shell.run("[1 2 3] | where $it > 1 | to json") == "[2,3]\n")
        let unknown = try #require(try TestShell().failure(of: "lead list | where $it.budgte > 5"))
        #expect(unknown.diagnostic.hint == "did you mean \"budget\"?")
        #expect(try shell.run("$rows | sort-by \"days overdue\" | get customer | to json") == "[\"Beta\",\"Acme\"]\n")
        #expect(try shell.run("$rows | select \"days overdue\" | to json") == "[{\"days overdue\":45},{\"days overdue\":10}]\n")
        #expect(try shell.run("$rows | get \"days overdue\" | to json") == "[45,10]\n")
        #expect(try shell.run("$rows.phone? | to json") == "[null,null]\n")
        #expect(try shell.run("$i | get 'contact.\"城市\"'") == "杭州\n")
        #expect(try shell.run("print (($i | get phone?) == null)") == "true\n")
        #expect(try shell.run("[{a: 1} {b: 2}] | get a? | to json") == "[1,null]\n")
        // Without `?`, a missing field is still an error, with a close name when there is one.
        let failure = try #require(shell.failure(of: "print $i.nmae"))
        #expect(failure.diagnostic.message == "no field \"nmae\"")
        #expect(failure.diagnostic.hint == "did you mean \"name\"?")
        // In an interpolated string `?` stays text.
        #expect(try shell.run("print $\"is it $i.name?\"") == "is it Acme?\n")
    }

    // MARK: errors that help

    @Test func aMissingEnvironmentVariableIsNamedWithCloseNamesOnly() throws {
        setenv("FUNNEL_ISSUE16_SETTING", "on", 1)
        let shell = try TestShell()
        let far = try #require(shell.failure(of: "print $env.NOPE_NOT_SET_16"))
        #expect(far.diagnostic.message == "environment variable NOPE_NOT_SET_16 is not set")
        #expect(!far.description.contains("PATH"), "\(far.description)")
        #expect(!far.description.contains("FUNNEL_ISSUE16_SETTING"))
        let close = try #require(shell.failure(of: "print $env.FUNNEL_ISSUE16_SETTNIG"))
        #expect(close.diagnostic.hint == "did you mean \"$env.FUNNEL_ISSUE16_SETTING\"?")
        #expect(try shell.run("print $env.FUNNEL_ISSUE16_SETTING ($env.NOPE_NOT_SET_16? == null)") == "on\ntrue\n")
    }

    @Test func aMistypedGroupSuggestsTheTwoWordCommand() throws {
        let shell = try TestShell()
        #expect(shell.failure(of: "laed list")?.diagnostic.hint == "did you mean \"lead list\"?")
        #expect(shell.failure(of: "laed")?.diagnostic.hint == "did you mean \"lead\"?")
        #expect(shell.failure(of: "pritn 5")?.diagnostic.hint == "did you mean \"print\"?")
    }

    @Test func anErrorInASourcedFileShowsWhereItWasSourcedFrom() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-source-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.funnel").path, b = folder.appendingPathComponent("b.funnel").path
        let c = folder.appendingPathComponent("c.funnel").path
        try "# helpers\nsource c.funnel\n".write(toFile: b, atomically: true, encoding: .utf8)
        try "print start\n\nprint (1 / 0)\n".write(toFile: c, atomically: true, encoding: .utf8)
        let main = "print one\nsource b.funnel\n"
        let shell = try TestShell()
        let failure = try #require(shell.failure(of: main, name: a))
        #expect(failure.description == """
        \(c):3:8: error: division by zero
          print (1 / 0)
                 ^^^^^
          in \(c), sourced at \(b):2:1
          in \(b), sourced at \(a):2:1
        """)
        // A file that does not compile, and a `source` inside a block, show the chain the same way.
        try "nosuch 5\n".write(toFile: c, atomically: true, encoding: .utf8)
        let compile = try #require(try TestShell().failure(of: main, name: a))
        #expect(compile.description.hasSuffix("  in \(c), sourced at \(b):2:1\n  in \(b), sourced at \(a):2:1"), "\(compile.description)")
        let nested = try #require(try TestShell().failure(of: "if true {\n  source b.funnel\n}\n", name: a))
        #expect(nested.description.hasSuffix("  in \(c), sourced at \(b):2:1\n  in \(b), sourced at \(a):2:3"), "\(nested.description)")
    }
}

/// A small deterministic generator (SplitMix64), so a property test checks the same values every run.
struct ModuloValues: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
