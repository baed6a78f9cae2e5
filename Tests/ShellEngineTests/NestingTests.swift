import Foundation
import FunnelTestSupport
import ShellEngine
import ShellSyntax
import Testing

/// Scripts nested around and past `Parser.maximumNesting` levels, calls as deep, and chains of
/// 100,000 terms, through the whole shell (lexer, parser, compiler, interpreter): each either runs
/// and prints the right value, or fails with a located error; none crashes.
@Suite struct NestingTests {
    static let limit = Parser.maximumNesting

    /// A seeded generator (SplitMix64): every run builds the same scripts.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
    }

    /// One level (or two) of nesting: the text before and after the inner code; `@` in `before`
    /// marks each token that opens a level.
    struct Layer {
        let before: String
        let after: String
    }

    /// A runnable script nested `levels` levels deep, what it prints when that is within the limit,
    /// and the offset of the token opening level `limit + 1` when it is not.
    struct Script {
        let text: String
        let levels: Int
        let output: String
        let crossing: Int?
    }

    /// Builds a script: a value (7 or true) wrapped in operators, parentheses, `if`s and strings,
    /// then in lists and records (read back with a field path), bound and printed inside blocks,
    /// loops, `try`, closures run by `each` and `def`s that are called: `depth` levels or one more.
    static func script(depth: Int, using generator: inout Generator) -> Script {
        var layers: [Layer] = []  // innermost first
        var levels = 0
        func add(_ before: String, _ after: String) {
            layers.append(Layer(before: before, after: after))
            levels += before.filter { $0 == "@" }.count
        }
        let isInt = Bool.random(using: &generator)
        var value = isInt ? 7 : 1  // for a bool, 1 is true and 0 false
        var isText = false
        let scalarDepth = Int.random(in: 0...depth, using: &generator)
        let containerDepth = Int.random(in: 0...(depth - scalarDepth), using: &generator)
        while levels < scalarDepth {
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: add("@(", ")")
            case 1: add("@(@if true { ", " } else { 0 })")
            case 2: add("$\"@(", ")\""); isText = true
            case _ where isText: add("$\"@(", ")\"")
            case 3 where isInt: add("@(0 + @- ", ")"); value = -value
            case 3: add("@(true and @not ", ")"); value = 1 - value
            case _ where isInt: add("@(1 + ", " - 1)")
            default: add("@(false or ", " and true)")
            }
        }
        var path: [String] = []  // outermost first
        while levels < scalarDepth + containerDepth {
            switch Int.random(in: 0..<5, using: &generator) {
            case 0: add("@[", "]"); path.insert("0", at: 0)
            case 1: add("@[0, ", ", 0]"); path.insert("1", at: 0)
            case 2: add("@{a: ", "}"); path.insert("a", at: 0)
            case 3: add("@{z: 1, a: ", "}"); path.insert("a", at: 0)
            default: add("@(", ")")
            }
        }
        let shown = isInt ? String(value) : value == 1 ? "true" : "false"
        let core = "let v = " + layers.reversed().map(\.before).joined() + (isInt ? "7" : "true")
            + layers.map(\.after).joined() + "; print $v" + path.map { "." + $0 }.joined()
        var statements: [Layer] = []
        var statementLevels = 0
        var definitions = 0
        while levels + statementLevels < depth {
            let layer: Layer
            switch Int.random(in: 0..<9, using: &generator) {
            case 0: layer = Layer(before: "@if true { ", after: " }")
            case 1: layer = Layer(before: "@if false { } else { ", after: " }")
            case 2: layer = Layer(before: "for i in $one @{ ", after: " }")
            case 3: layer = Layer(before: "mut w = true; while $w @{ $w = false; ", after: " }")
            case 4: layer = Layer(before: "try @{ ", after: " }")
            case 5: layer = Layer(before: "try @{ error make x } catch { |e| ", after: " }")
            case 6: layer = Layer(before: "@(", after: ")")
            case 7: layer = Layer(before: "let e = @($one | each @{ ", after: " })")
            default:
                definitions += 1
                layer = Layer(before: "def g\(definitions) [] @{ ", after: " }; g\(definitions)")
            }
            statements.append(layer)
            statementLevels += layer.before.filter { $0 == "@" }.count
        }
        // Written out from the outside in, noting where level `limit + 1` opens.
        var text: [UInt8] = Array("let one = [1]\n".utf8)
        var opened = 0
        var crossing: Int?
        func write(_ piece: String) {
            for byte in piece.utf8 {
                guard byte == UInt8(ascii: "@") else { text.append(byte); continue }
                opened += 1
                if opened == limit + 1 { crossing = text.count }
            }
        }
        for layer in statements { write(layer.before) }
        write(core)
        for layer in statements.reversed() { write(layer.after) }
        return Script(text: String(decoding: text, as: UTF8.self), levels: opened, output: shown + "\n", crossing: crossing)
    }

    /// What running a script gave: its output or its failure.
    typealias Outcome = Result<String, ScriptFailure>

    /// Runs scripts one after another in one shell, on a stack like the one `funnel` runs scripts on
    /// (the shell, with `def`s as deep as the scripts, is freed there too).
    static func run(_ scripts: [String]) throws -> [Outcome] {
        try Stack.withAtLeast(Stack.scriptSize) { () throws -> [Outcome] in
            let shell = try TestShell()
            return scripts.map { text in
                do { return .success(try shell.run(text, name: "<nest>")) } catch let failure as ScriptFailure {
                    return .failure(failure)
                } catch {
                    return .success("unexpected \(error)")
                }
            }
        }
    }

    /// Random scripts of every shape, around and past the limit: within it each prints its value,
    /// past it each fails at the token opening level 1,001 with the nesting error.
    @Test func fuzzNestedScripts() throws {
        var generator = Generator(state: 13)
        var scripts: [Script] = []
        for round in 0..<48 {
            let depth: Int
            switch round % 4 {
            case 0: depth = Int.random(in: 1...40, using: &generator)
            case 1: depth = Int.random(in: (Self.limit - 2)...(Self.limit + 2), using: &generator)
            case 2: depth = Int.random(in: (Self.limit - 60)...(Self.limit + 60), using: &generator)
            default: depth = Int.random(in: (Self.limit + 1)...(3 * Self.limit), using: &generator)
            }
            scripts.append(Self.script(depth: depth, using: &generator))
        }
        let outcomes = try Self.run(scripts.map(\.text))
        for (script, outcome) in zip(scripts, outcomes) {
            let what = "\(script.levels) levels: \(script.text.prefix(300))"
            switch outcome {
            case .success(let output):
                #expect(script.levels <= Self.limit, "ran \(what)")
                #expect(output == script.output, "\(what)")
            case .failure(let failure):
                #expect(script.levels > Self.limit, "\(failure.description.prefix(300)) in \(what)")
                #expect(failure.diagnostic.message == Parser.nestingMessage, "\(what)")
                #expect(failure.diagnostic.span.start == script.crossing, "at \(failure.diagnostic.span.start) in \(what)")
                #expect(failure.description.hasPrefix("<nest>:2:"), "\(what)")
            }
        }
    }

    /// The inputs of the issue: deep `if`s and `for`s fail where level 1,001 opens; 10,000- and
    /// 100,000-term sums and a 100,000-term `and` run.
    @Test func theScriptsOfTheIssue() throws {
        let deepIf = String(repeating: "if true {", count: 2_500) + "print 1" + String(repeating: "}", count: 2_500)
        let deepFor = String(repeating: "for i in [1] {", count: 5_000) + "print $i" + String(repeating: "}", count: 5_000)
        let justIf = String(repeating: "if true {", count: Self.limit) + "print 1" + String(repeating: "}", count: Self.limit)
        let justFor = String(repeating: "for i in [1] {", count: Self.limit) + "print $i" + String(repeating: "}", count: Self.limit)
        let sum = { (n: Int) in "print (" + Array(repeating: "1", count: n).joined(separator: " + ") + ")" }
        let conjunction = "print (" + Array(repeating: "true", count: 100_000).joined(separator: " and ") + ")"
        let outcomes = try Self.run([deepIf, deepFor, justIf, justFor, sum(10_000), sum(100_000), conjunction])
        #expect(try outcomes[0].failureDescription().hasPrefix("<nest>:1:\(9 * Self.limit + 1): error: nested too deeply (more than 1000 levels)"))
        // In a for, the list after in is a level too: level 1,001 opens at the [ of the 1,001st for.
        #expect(try outcomes[1].failureDescription().hasPrefix("<nest>:1:\(14 * Self.limit + 10): error: nested too deeply"))
        #expect(try outcomes[2].get() == "1\n")
        #expect(try outcomes[3].get() == "1\n")
        #expect(try outcomes[4].get() == "10000\n")
        #expect(try outcomes[5].get() == "100000\n")
        #expect(try outcomes[6].get() == "true\n")
    }

    /// Commands nested in the closures of commands, to the limit: a call keeps its words as a slice of
    /// the script's tokens and a `where` closure is not parsed again, so this takes linear time and
    /// memory (it took 6 s and 490 MB at 499 levels of `where` when each level copied and re-parsed).
    @Test func commandsNestedInClosuresRunToTheLimit() throws {
        let wheres = "print (" + String(repeating: "([1] | where { |x| ", count: Self.limit / 2 - 1) + "true"
            + String(repeating: " } | length) == 1", count: Self.limit / 2 - 1) + ")"
        let eaches = "let r = (" + String(repeating: "[1] | each { ", count: Self.limit - 1) + "print 1"
            + String(repeating: " }", count: Self.limit - 1) + ")"
        let outcomes = try Self.run([wheres, eaches])
        #expect(try outcomes[0].get() == "true\n")
        #expect(try outcomes[1].get() == "1\n")
    }

    /// A `def` may call itself 1,000 deep; deeper is a located error whose call chain is shown short.
    @Test func recursionStopsAtTheCallLimit() throws {
        let countdown = "def f [n: int] { if $n > 0 { f ($n - 1) } else { \"done\" } }\n"
        let mutual = "def ping [n: int] { pong $n }\ndef pong [n: int] { ping $n }\n"
        let outcomes = try Self.run([countdown + "f \(Self.limit - 1)", countdown + "f \(Self.limit)", countdown + "f 100000",
                                     mutual + "ping 1"])
        #expect(try outcomes[0].get() == "done\n")
        for outcome in outcomes[1...2] {
            let text = try outcome.failureDescription()
            #expect(text.hasPrefix("<nest>:1:30: error: calls nested too deeply (more than 1000 levels)"), "\(text)")
            #expect(text.hasSuffix("""
              in f, called at <nest>:1:30 (999 times)
              in f, called at <nest>:2:1
            """), "\(text)")
        }
        let text = try outcomes[3].failureDescription()
        #expect(text.hasPrefix("<nest>:2:21: error: calls nested too deeply (more than 1000 levels)"), "\(text)")
        // A cycle of calls is shown once with its count, not 1,000 lines.
        #expect(text.hasSuffix("""
          in pong, called at <nest>:1:21
          in ping, called at <nest>:2:21
          (the 2 lines above, 499 times over)
          in pong, called at <nest>:1:21
          in ping, called at <nest>:3:1
        """), "\(text)")
        #expect(!text.contains("more ..."), "\(text)")
    }

    /// Calls that each stand deep in blocks run out of stack before the call limit: a located error too.
    @Test func callsDeepInBlocksStopWithALocatedError() throws {
        let body = String(repeating: "if true { ", count: 900) + "if $n > 0 { f ($n - 1) } else { 0 }" + String(repeating: " }", count: 900)
        let outcomes = try Self.run(["def f [n: int] { \(body) }\nf 999"])
        let text = try outcomes[0].failureDescription()
        #expect(text.hasPrefix("<nest>:1:\(17 + 10 * 900 + 13): error: calls nested too deeply (out of stack after "), "\(text.prefix(300))")
    }

    /// The parser sees a `source`d file on its own; the compiler counts its levels on top of the
    /// levels the `source` stands in, and reports the excess in the sourced file.
    @Test func sourcedFilesNestOnTopOfWhereTheyAreSourced() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-nesting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inner = directory.appendingPathComponent("inner.funnel")
        try (String(repeating: "if true { ", count: 600) + "print 1" + String(repeating: " }", count: 600)).write(to: inner, atomically: true, encoding: .utf8)
        let around = { (levels: Int) in
            String(repeating: "if true { ", count: levels) + "source \(inner.path)" + String(repeating: " }", count: levels)
        }
        // The sourced file is a level of its own: 399 + 1 + 600 levels run, 400 + 1 + 600 do not.
        let outcomes = try Self.run([around(399), around(400)])
        #expect(try outcomes[0].get() == "1\n")
        let text = try outcomes[1].failureDescription()
        #expect(text.hasPrefix("\(inner.path):1:\(10 * 599 + 1): error: nested too deeply (more than 1000 levels)"), "\(text.prefix(200))")
    }

    /// Chains evaluate left to right as the nested operations they stand for: `and` and `or` stop at
    /// the first operand that decides, and an error points from the chain's start to the operand.
    @Test func chainsKeepTheirMeaning() throws {
        let many = { (term: String, n: Int) in Array(repeating: term, count: n).joined(separator: " and ") }
        let outcomes = try Self.run([
            "print (false and (error make boom) and true)",
            "print (true or (error make boom) or true)",
            "print (" + many("true", 50_000) + " and false and (error make boom) and " + many("true", 50_000) + ")",
            "print (true and true and 5 and true)",
            "print (10 // 2 // 0)",
            "print (1 + 2 - 3 * 4 * 5 + 6) (2 * 3 * 4 // 5 mod 3) (1 < 2 == true)",
            "let x = 3; print ($x + $x + 1 - $x * 2)",
        ])
        #expect(try outcomes[0].get() == "false\n")
        #expect(try outcomes[1].get() == "true\n")
        #expect(try outcomes[2].get() == "false\n")
        #expect(try outcomes[3].failureDescription().hasPrefix("<nest>:1:26: error: and needs bools on both sides"))
        #expect(try outcomes[4].failureDescription() == """
        <nest>:1:8: error: division by zero
          print (10 // 2 // 0)
                 ^^^^^^^^^^^^
        """)
        #expect(try outcomes[5].get() == "-51\n1\ntrue\n")
        #expect(try outcomes[6].get() == "1\n")
    }

    /// `where` with an `and` chain becomes SQL up to `RelationPushdown.maximumSQLOperands` operands
    /// and is filtered in memory past it, with the same rows either way.
    @Test func longConditionsPushDownOrFilterInMemory() throws {
        let short = Array(repeating: "budget > 1", count: 150).joined(separator: " and ")
        let long = Array(repeating: "budget > 1", count: 20_000).joined(separator: " and ")
        let setup = PushdownTests.data
        var scripts = [setup]
        for condition in [short, long] {
            scripts += ["lead list | where \(condition) | get id | to json",
                        "lead list | each { |l| $l } | where \(condition) | get id | to json",
                        "lead list | where \(condition) | explain | get reads | to json"]
        }
        let outcomes = try Self.run(scripts)
        let results = try outcomes.dropFirst().map { try $0.get() }
        #expect(results[0] == results[1])
        #expect(results[0].contains("L-1"))
        #expect(results[2].contains("sql"))
        #expect(results[3] == results[0])
        #expect(results[4] == results[0])
        #expect(results[5].contains("in memory"))
    }

    /// `funnel` runs scripts on its main thread and tests on small ones: a script gets a stack large
    /// enough for 1,000 levels wherever `Session.run` is called.
    @Test func scriptsRunDeepFromASmallThread() throws {
        let levels = String(repeating: "[1] | each { if true { (", count: Self.limit / 3) + "print 1" + String(repeating: ") } }", count: Self.limit / 3)
        let text = "let r = (\(levels))"
        nonisolated(unsafe) var printed: String?
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            printed = try? TestShell().run(text)
            done.signal()
        }
        thread.stackSize = 512 << 10
        thread.start()
        done.wait()
        #expect(printed == "1\n")
    }
}

extension Result where Success == String, Failure == ScriptFailure {
    /// The rendered failure, or an error when the script succeeded.
    func failureDescription() throws -> String {
        switch self {
        case .success(let output): throw Unexpected(output: output)
        case .failure(let failure): return failure.description
        }
    }
}

struct Unexpected: Error { let output: String }
