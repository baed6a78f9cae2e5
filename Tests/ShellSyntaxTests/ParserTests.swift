import ShellSyntax
import Testing

@Suite struct ParserTests {
    func sketch(_ text: String) throws -> String { try Parser.parse(SourceFile(name: "t", text: text)).sketch }

    @Test(arguments: [
        ("lead add \"杭州 客户\" --budget 50000", #"(cmd lead add "杭州 客户" --budget 50000)"#),
        ("lead list | where budget > 1000 | count", "(pipe (cmd lead list) (cmd where budget > 1000) (cmd count))"),
        ("lead list |\n  count", "(pipe (cmd lead list) (cmd count))"),
        ("lead list\n| count", "(pipe (cmd lead list) (cmd count))"),
        ("lead add a \\\n --budget 5", "(cmd lead add a --budget 5)"),
        ("x --name=\"a b\"", "(cmd x --name=a b)"),
        ("let x = 5 + 2 * 3", "(let x (+ 5 (* 2 3)))"),
        ("mut n = 0; $n += 1; $n = $n - 1", "(mut n 0); (set n + 1); (set n (- $n 1))"),
        ("let y = now + 30day", "(let y (+ (cmd now) dur:2592000))"),
        ("print $\"a $x.b (1 + 2)\"", "(cmd print (str \"a \" $x.b \" \" (sub {(+ 1 2)})))"),
        ("print \"Dunning (min 5 days) \\(a\\) \\$x $5\"", "(cmd print \"Dunning (min 5 days) (a) $x $5\")"),
        ("print $\"\\(($n)\\) $5\"", "(cmd print (str \"(\" (sub {$n}) \") $5\"))"),
        (#"print $'say "hi" \ ($who)'"#, #"(cmd print (str "say "hi" \ " (sub {$who})))"#),
        ("print $\"plain\"", "(cmd print \"plain\")"),
        ("[1, 2.5, 100CNY, 2026-01-31, a] | first", "(pipe [1 dec:2.5 money:100CNY date:2026-01-31 \"a\"] (cmd first))"),
        ("{name: Acme, budget: 5}", "{name: \"Acme\", budget: 5}"),
        ("each { |x, y| $x }", "(cmd each (closure [x y] {$x}))"),
        ("each { $it.name }", "(cmd each (closure [] {$it.name}))"),
        ("(lead show L-1).budget", "(sub {(cmd lead show L-1)}.budget)"),
        ("if $a > 1 { x } else if $a < 0 { y } else { z }", "(if (> $a 1) {(cmd x)} elif (< $a 0) {(cmd y)} else {(cmd z)})"),
        ("if true {\n a\n}\nelse {\n b\n}", "(if true {(cmd a)} else {(cmd b)})"),
        ("for i in 1..10 { if $i == 3 { continue }; break }", "(for i 1..10 {(if (== $i 3) {(continue)}); (break)})"),
        ("while not $done { $done = true }", "(while (not $done) {(set done true)})"),
        ("def greet [name: string, --loud, --times: int = 2, ...rest] { return $name }",
         "(def greet [positional:name:string switchFlag:loud flag:times:int=2 rest:rest] {(return $name)})"),
        ("try { error make x } catch { |e| print $e.msg }", "(try {(cmd error make x)} |e| {(cmd print $e.msg)})"),
        ("-5 + - $x", "(+ -5 (neg $x))"),
        ("$a and not $b or $c", "(or (and $a (not $b)) $c)"),
        ("'it''s' # comment", "\"its\""),
        ("(\n 1 +\n 2\n)", "(sub {(+ 1 2)})"),
        ("for i in $a..$b.c { }", "(for i (range $a $b.c) {})"),
        ("each 1..$n", "(cmd each (range 1 $n))"),
    ])
    func parses(text: String, expected: String) throws {
        #expect(try sketch(text) == expected)
    }

    @Test func conditionsReadBareWordsAsColumns() throws {
        let source = SourceFile(name: "t", text: "budget > 1000 and status == qualified or not $x")
        let tokens = try Lexer.tokens(source)
        let condition = try Parser.parseCondition(tokens, in: source, at: Span(0, 1))
        #expect(condition.sketch == "(or (and (> col:budget 1000) (== col:status col?:qualified)) (not $x))")
    }

    @Test func commasSeparateOnlyInsideListsAndRecords() throws {
        #expect(try sketch("x 12,345.67 [1,2,3] --tags vip,expo") == "(cmd x 12,345.67 [1 2 3] --tags vip,expo)")
        #expect(try sketch("[12,345 6]") == "[\"12,345\" 6]")
        #expect(try sketch("{a: 1, b: x,y}") == "{a: 1, b: \"x,y\"}")
        #expect(try sketch("each { |a, b| x --t c,d }") == "(cmd each (closure [a b] {(cmd x --t c,d)}))")
        #expect(try sketch("x --map=\"Budget (CNY)=budget\"") == "(cmd x --map=Budget (CNY)=budget)")
    }

    @Test(arguments: [
        ("lead add \"x", "unterminated string", 9, true),
        ("lead add 'x", "unterminated string", 9, true),
        ("lead list |", "expected a command after |", 10, true),
        ("| count", "a pipeline cannot start with |", 0, false),
        ("a | | b", "expected a command after |", 2, false),
        ("a |; b", "expected a command after |", 2, false),
        (#"a "\q""#, "unknown escape", 3, false),
        (#"print "after ($days) days""#, #"a plain "…" string does not interpolate: ($days)"#, 13, false),
        (#"print "hi $name.first!""#, #"a plain "…" string does not interpolate: $name.first"#, 10, false),
        (#"print "a ($x"#, "unterminated string", 6, true),
        (#"print $"a ($x)"#, "unterminated string", 7, true),
        (#"print $"a ($x"#, "unclosed ( in string interpolation", 10, true),
        (#"print $'a"#, "unterminated string: no closing '", 7, true),
        (#"print $"a"b"#, "an interpolated string cannot be glued to a word", 6, false),
        ("let = 5", "expected a variable name", 4, false),
        ("let x 5", "expected = after let x", 6, false),
        ("for x { }", "expected in after for x", 6, false),
        ("if $x { a", "expected } before the end of input", 9, true),
        ("[1, 2", "unclosed [", 0, true),
        ("x )", "unmatched )", 2, false),
        ("def f [x: nope] { }", "expected a type after x:", 10, false),
        ("def f [x, x] { }", "parameter x is declared twice", 10, false),
        ("1 +", "expected a value after +", 2, true),
    ])
    func reportsErrorsWithTheirSpan(text: String, message: String, offset: Int, incomplete: Bool) {
        do throws(Diagnostic) {
            _ = try Parser.parse(SourceFile(name: "t", text: text))
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.message.hasPrefix(message), "\(error.message)")
            #expect(error.span.start == offset, "\(text): \(error.message)")
            #expect(error.isIncompleteInput == incomplete, "\(text)")
        }
    }

    @Test func rendersFileLineColumnTheLineAndACaretUnderWideText() {
        let source = SourceFile(name: "month-end.funnel", text: "lead list\nlead add 杭州 --budget 12abc\n")
        let start = "lead list\nlead add 杭州 --budget ".utf8.count
        let diagnostic = Diagnostic("bad value", at: Span(start, start + 5), hint: "try 12.00")
        #expect(diagnostic.rendered(in: source) == """
        month-end.funnel:2:22: error: bad value
          lead add 杭州 --budget 12abc
                                 ^^^^^
        hint: try 12.00
        """)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "(", count: 100_000) + String(repeating: ")", count: 100_000)
        #expect(throws: Diagnostic.self) { try Parser.parse(SourceFile(name: "t", text: text)) }
        let lists = String(repeating: "[", count: 50_000)
        #expect(throws: Diagnostic.self) { try Parser.parse(SourceFile(name: "t", text: lists)) }
    }

    @Test func neverTrapsOnRandomInput() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab $x.y\"'|;#\\\n\r\t-=+*/<>!~杭()[]{},:.?01 letmutdefifelseforinwhiletrycatch".unicodeScalars)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0..<60, using: &generator)
            var text = ""
            for _ in 0..<length {
                if Int.random(in: 0..<4, using: &generator) > 0 {
                    text.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
                } else {
                    text.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0...127, using: &generator)))
                }
            }
            let source = SourceFile(name: "fuzz", text: text)
            do throws(Diagnostic) {
                _ = try Parser.parse(source).sketch
            } catch {
                _ = error.rendered(in: source)
            }
        }
    }
}
