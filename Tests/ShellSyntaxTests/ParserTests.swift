import ShellSyntax
import Testing

@Suite struct ParserTests {
    func parse(_ text: String) throws -> Script { try Parser.parse(SourceFile(name: "t", text: text)) }

    func words(_ text: String) throws -> [[[String]]] {
        try parse(text).statements.map { $0.commands.map { $0.words.map(\.text) } }
    }

    @Test func splitsStatementsPipelinesAndWords() throws {
        #expect(try words("lead add \"杭州 客户\" --budget 50000; lead list | where budget > 1000 | count")
                == [[["lead", "add", "杭州 客户", "--budget", "50000"]], [["lead", "list"], ["where", "budget", ">", "1000"], ["count"]]])
    }

    @Test func handlesCommentsNewlinesAndContinuations() throws {
        let script = """
        #!/usr/bin/env funnel
        lead list |   # every lead
          count
        lead add a \\
          --budget 5
        """
        #expect(try words(script) == [[["lead", "list"], ["count"]], [["lead", "add", "a", "--budget", "5"]]])
    }

    @Test func quotesEscapesAndGluedWords() throws {
        let command = try parse(#"x "a\"b\\c\n" 'it''s' --name="a b" "" '#not comment'"#).statements[0].commands[0]
        #expect(command.words.map(\.text) == ["x", "a\"b\\c\n", "its", "--name=a b", "", "#not comment"])
        #expect(command.words[3].flagName == "name")
        #expect(command.words[3].inlineFlagValue?.text == "a b")
        #expect(command.words[4].isQuoted)
        #expect(command.words[1].flagName == nil)
    }

    @Test func quotedDashesAreNotFlags() throws {
        let word = try parse(#"x "--budget""#).statements[0].commands[0].words[1]
        #expect(word.flagName == nil)
    }

    @Test(arguments: [
        ("lead add \"x", "unterminated string", 9, true),
        ("lead add 'x", "unterminated string", 9, true),
        ("lead list |", "expected a command after |", 10, true),
        ("| count", "a pipeline cannot start with |", 0, false),
        ("a | | b", "expected a command before |", 4, false),
        ("a |; b", "expected a command after |", 2, false),
        (#"a "\q""#, "unknown escape", 3, false),
    ])
    func reportsErrorsWithTheirSpan(text: String, message: String, offset: Int, incomplete: Bool) {
        do throws(Diagnostic) {
            _ = try Parser.parse(SourceFile(name: "t", text: text))
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.message.hasPrefix(message))
            #expect(error.span.start == offset)
            #expect(error.isIncompleteInput == incomplete)
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

    @Test func neverTrapsOnRandomBytes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab \"'|;#\\\n\r\t-=杭$()".unicodeScalars)
        for _ in 0..<5000 {
            let length = Int.random(in: 0..<40, using: &generator)
            var text = ""
            for _ in 0..<length {
                if Bool.random(using: &generator) {
                    text.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
                } else {
                    text.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0...127, using: &generator)))
                }
            }
            let source = SourceFile(name: "fuzz", text: text)
            do throws(Diagnostic) {
                let script = try Parser.parse(source)
                for statement in script.statements { #expect(!statement.commands.isEmpty) }
            } catch {
                _ = error.rendered(in: source)  // rendering any error must not trap either
            }
        }
    }
}
