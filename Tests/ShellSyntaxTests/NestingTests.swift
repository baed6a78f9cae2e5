import ShellSyntax
import Testing

/// A seeded generator (SplitMix64): every run builds the same inputs.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Deeply nested and long-chained text of every shape the parser recurses on: the parser takes
/// `Parser.maximumNesting` levels and refuses the next at the token that opens it, never crashing;
/// chains of one operator are one level however long.
@Suite struct NestingTests {
    static let limit = Parser.maximumNesting

    /// A way to nest: text before and after the inner code. In `before`, `@` marks each token that
    /// opens a level (the parser reports there when that level is one too many). `statements` says
    /// whether the inner code is statements (else a value: a literal or something starting with a
    /// bracket or a quote); `isValue` whether the template itself can stand where a value goes.
    struct Template {
        let before: String
        let after: String
        let statements: Bool
        let isValue: Bool
    }

    static let templates: [Template] = [
        // Blocks of statements.
        Template(before: "@if true { ", after: " }", statements: true, isValue: false),
        Template(before: "@if false { } else if true { ", after: " }", statements: true, isValue: false),
        Template(before: "@if false { } else { ", after: " }", statements: true, isValue: false),
        Template(before: "for x in $xs @{ ", after: " }", statements: true, isValue: false),
        Template(before: "while $go @{ ", after: " }", statements: true, isValue: false),
        Template(before: "try @{ ", after: " }", statements: true, isValue: false),
        Template(before: "try @{ } catch { |e| ", after: " }", statements: true, isValue: false),
        Template(before: "def f [x?: int = 1] @{ ", after: " }", statements: true, isValue: false),
        Template(before: "each @{ |x| ", after: " }", statements: true, isValue: false),
        Template(before: "let c = @{ ", after: " }", statements: true, isValue: false),
        Template(before: "print $\"@(", after: ")\"", statements: true, isValue: false),
        // Values.
        Template(before: "@(", after: ")", statements: true, isValue: true),
        Template(before: "$\"@(", after: ")\"", statements: true, isValue: true),
        Template(before: "@{ |x, y| ", after: " }", statements: true, isValue: true),
        Template(before: "@[", after: "]", statements: false, isValue: true),
        Template(before: "@[1, ", after: ", 2]", statements: false, isValue: true),
        Template(before: "@{a: ", after: "}", statements: false, isValue: true),
        Template(before: "@{a: 1, b: ", after: "}", statements: false, isValue: true),
        Template(before: "@(true and @not ", after: ")", statements: false, isValue: true),
        Template(before: "@(1 + @- ", after: ")", statements: false, isValue: true),
        Template(before: "@(@if ", after: " { 1 } else { 2 })", statements: false, isValue: true),
        Template(before: "@(1 + 2 * ", after: " * 3 - 4 // 5)", statements: false, isValue: true),
        Template(before: "@(false or true and ", after: " and true or false)", statements: false, isValue: true),
        Template(before: "@(1 < ", after: " + 2 == true)", statements: false, isValue: true),
    ]

    /// Text nested from `choices`, `depth` levels or one more (a template may open two), and the byte
    /// offset of the token that opens level `limit + 1`, if there is one.
    static func nested(_ depth: Int, from choices: [Template], using generator: inout SeededGenerator)
        -> (text: String, levels: Int, crossing: Int?) {
        var before: [UInt8] = []
        var afters: [String] = []
        var levels = 0
        var crossing: Int?
        var statements = true
        while levels < depth {
            let fitting = choices.filter { statements || $0.isValue }
            let template = fitting.isEmpty ? templates[11] : fitting[Int.random(in: 0..<fitting.count, using: &generator)]
            for byte in template.before.utf8 {
                guard byte == UInt8(ascii: "@") else { before.append(byte); continue }
                levels += 1
                if levels == limit + 1 { crossing = before.count }
            }
            afters.append(template.after)
            statements = template.statements
        }
        let core = statements ? "print 1" : "1"
        return (String(decoding: before, as: UTF8.self) + core + afters.reversed().joined(), levels, crossing)
    }

    /// Parses the text: up to the limit it must parse (and the tree must print, compare and free);
    /// past it the error must be the nesting one, at the token that opens level `limit + 1`.
    /// Parses on a stack with room for all that, as a script does (and checks on the test's thread,
    /// where the test framework sees the checks).
    static func check(_ text: String, levels: Int, crossing: Int?, _ what: String) {
        let source = SourceFile(name: "t", text: text)
        let outcome = Stack.withAtLeast(Stack.scriptSize) { () -> Result<Int, Diagnostic> in
            do throws(Diagnostic) {
                let block = try Parser.parse(source)
                return .success(block == block ? block.sketch.utf8.count : 0)
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let sketched):
            #expect(levels <= limit, "\(what): \(levels) levels parsed")
            #expect(sketched > 0, "\(what)")
        case .failure(let error):
            #expect(levels > limit, "\(what): \(error.message) at \(error.span.start)")
            #expect(error.message == Parser.nestingMessage, "\(what): \(error.message)")
            #expect(error.span.start == crossing, "\(what): at \(error.span.start), expected \(crossing ?? -1)")
            #expect(error.rendered(in: source).hasPrefix("t:1:\((crossing ?? 0) + 1): error: nested too deeply"), "\(what)")
        }
    }

    @Test(arguments: templates.indices)
    func eachShapeNestsToTheLimitAndNoFurther(_ index: Int) {
        var generator = SeededGenerator(seed: UInt64(index))
        for depth in [1, Self.limit - 1, Self.limit, Self.limit + 1, 1_500] {
            let (text, levels, crossing) = Self.nested(depth, from: [Self.templates[index]], using: &generator)
            Self.check(text, levels: levels, crossing: crossing, "\(Self.templates[index].before) × \(depth)")
        }
    }

    @Test func theShapesOfTheIssueStopAtALocatedError() {
        // `if true {` 2,500 deep, `for` 5,000 deep, 100,000 parentheses, 50,000 brackets.
        for (open, close, depth) in [("if true { ", " }", 2_500), ("for x in $xs { ", " }", 5_000), ("(", ")", 100_000),
                                     ("[", "]", 50_000)] {
            let text = String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
            let crossing = open.utf8.count * Self.limit + (open.hasPrefix("for") ? "for x in $xs ".utf8.count : 0)
            Self.check(text, levels: depth, crossing: crossing, "\(open) × \(depth)")
        }
    }

    /// Random mixes of every shape at depths around and past the limit.
    @Test func fuzzMixedNesting() {
        var generator = SeededGenerator(seed: 13)
        for round in 0..<80 {
            let count = Int.random(in: 1...5, using: &generator)
            let choices = (0..<count).map { _ in Self.templates[Int.random(in: 0..<Self.templates.count, using: &generator)] }
            let depth: Int
            switch round % 4 {
            case 0: depth = Int.random(in: 1...60, using: &generator)
            case 1: depth = Int.random(in: (Self.limit - 3)...(Self.limit + 3), using: &generator)
            case 2: depth = Int.random(in: (Self.limit - 100)...(Self.limit + 100), using: &generator)
            default: depth = Int.random(in: (Self.limit + 1)...(3 * Self.limit), using: &generator)
            }
            let (text, levels, crossing) = Self.nested(depth, from: choices, using: &generator)
            Self.check(text, levels: levels, crossing: crossing, "round \(round): " + choices.map(\.before).joined(separator: " | "))
        }
    }

    /// 100,000 terms of one precedence are one chain: parsed in a loop, as deep as two terms.
    @Test(arguments: [("+", "1"), ("-", "1"), ("*", "1"), ("and", "true"), ("or", "false"), ("<", "1"), ("//", "9")])
    func longChainsAreOneLevel(op: String, term: String) throws {
        let count = 100_000
        let text = "print (" + Array(repeating: term, count: count).joined(separator: " \(op) ") + ")"
        // Only the first operand and the links are kept: the whole tree is freed on a large stack.
        let (first, links, span, equal) = try Stack.withAtLeast(Stack.scriptSize) { () throws -> (String, [String], Span, Bool)? in
            let block = try Parser.parse(SourceFile(name: "t", text: text))
            guard case .pipeline(let pipeline) = block.statements[0], case .command(let call) = pipeline.elements[0],
                  case .positional(.subexpression(let inner, _, _)) = call.arguments[1],
                  case .pipeline(let innerPipeline) = inner.statements[0],
                  case .expression(.chain(let first, let links, let span)) = innerPipeline.elements[0] else { return nil }
            return (first.sketch, links.map { $0.op.rawValue + " " + $0.operand.sketch }, span, block == block && !block.sketch.isEmpty)
        } ?? ("", [], Span(0, 0), false)
        #expect(first == term)
        #expect(links.count == count - 1)
        #expect(links.allSatisfy { $0 == op + " " + term })
        #expect(span.end == text.utf8.count - 1)
        #expect(equal)
    }

    /// Chains of mixed precedence nest once per precedence level, not once per operator.
    @Test func mixedPrecedenceChainsNestByPrecedence() throws {
        var generator = SeededGenerator(seed: 7)
        let ops = ["+", "-", "*", "/", "//", "mod", "==", "<", "and", "or"]
        var parts = ["1"]
        for _ in 0..<100_000 { parts += [ops[Int.random(in: 0..<ops.count, using: &generator)], "2"] }
        let text = parts.joined(separator: " ")
        let sketched = try Stack.withAtLeast(Stack.scriptSize) { () throws -> Bool in
            let block = try Parser.parse(SourceFile(name: "t", text: "print (\(text))"))
            return block == block && !block.sketch.isEmpty
        }
        #expect(sketched)
        #expect(try sketch("1 + 2 - 3 * 4 * 5 + 6") == "(+ (- (+ 1 2) (* (* 3 4) 5)) 6)")
        #expect(try sketch("$a or $b and $c and not $d or $e") == "(or (or $a (and (and $b $c) (not $d))) $e)")
        #expect(try sketch("1 < 2 == true") == "(== (< 1 2) true)")
    }

    func sketch(_ text: String) throws -> String { try Parser.parse(SourceFile(name: "t", text: text)).sketch }

    /// A row condition is parsed apart from its script, starting as deep as the command stands.
    @Test func conditionsCountFromWhereTheyStand() throws {
        let source = SourceFile(name: "t", text: "(((budget > 1)))")
        let tokens = try Lexer.tokens(source)
        #expect(try Parser.parseCondition(tokens, in: source, at: Span(0, 1), nesting: Self.limit - 3).sketch
                == "(sub {(sub {(sub {(> (cmd budget) 1)})})})")
        do throws(Diagnostic) {
            _ = try Parser.parseCondition(tokens, in: source, at: Span(0, 1), nesting: Self.limit - 2)
            Issue.record("expected the nesting error")
        } catch {
            #expect(error.message == Parser.nestingMessage)
            #expect(error.span.start == 2)
        }
    }
}
