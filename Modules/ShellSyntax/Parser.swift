/// Turns script text into a `Script`. Never traps: any byte sequence gives a script or a `Diagnostic`.
///
/// The grammar for now: statements separated by `;` or newlines, each a pipeline of commands joined by
/// `|`, each command a sequence of words. Words are bare (`lead`, `--budget`, `>=`), double-quoted
/// (`"杭州 \"A\""` with `\" \\ \n \t` escapes) or single-quoted (`'as is'`), and may be glued together
/// (`--name="a b"`). `#` at the start of a word comments out the rest of the line. A line ending in `|`
/// or `\` continues on the next line.
public struct Parser {
    private let bytes: [UInt8]
    private var position = 0

    public init(_ source: SourceFile) {
        self.bytes = source.bytes
    }

    public static func parse(_ source: SourceFile) throws(Diagnostic) -> Script {
        var parser = Parser(source)
        return try parser.parseScript()
    }

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r"), pipe = UInt8(ascii: "|"), semicolon = UInt8(ascii: ";")
    private static let hash = UInt8(ascii: "#"), doubleQuote = UInt8(ascii: "\""), singleQuote = UInt8(ascii: "'")
    private static let backslash = UInt8(ascii: "\\")

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func parseScript() throws(Diagnostic) -> Script {
        var statements: [Pipeline] = []
        var commands: [CommandCall] = []
        var words: [Word] = []
        var pendingPipe: Span?

        func finishCommand() {
            guard !words.isEmpty else { return }
            commands.append(CommandCall(words: words))
            words = []
        }

        while true {
            skipBlanks()
            guard let byte = current else { break }
            switch byte {
            case Parser.hash:
                while let b = current, b != Parser.newline { position += 1 }
            case Parser.newline, Parser.semicolon:
                let span = Span(position, position + 1)
                position += 1
                if let pipeSpan = pendingPipe, words.isEmpty {
                    if byte == Parser.newline { continue } // a line ending in `|` continues
                    throw Diagnostic("expected a command after |", at: pipeSpan)
                }
                finishCommand()
                if !commands.isEmpty { statements.append(Pipeline(commands: commands)) }
                commands = []
                pendingPipe = nil
            case Parser.pipe:
                let span = Span(position, position + 1)
                position += 1
                if words.isEmpty {
                    throw Diagnostic(pendingPipe == nil && commands.isEmpty ? "a pipeline cannot start with |" : "expected a command before |", at: span)
                }
                finishCommand()
                pendingPipe = span
            case Parser.backslash where isLineContinuation():
                position += 1
                if current == Parser.carriageReturn { position += 1 }
                position += 1
            default:
                words.append(try parseWord())
                pendingPipe = nil
            }
        }
        if let pipeSpan = pendingPipe, words.isEmpty {
            throw Diagnostic("expected a command after |", at: pipeSpan, incomplete: true)
        }
        finishCommand()
        if !commands.isEmpty { statements.append(Pipeline(commands: commands)) }
        return Script(statements: statements)
    }

    private mutating func skipBlanks() {
        while let b = current, b == Parser.space || b == Parser.tab || b == Parser.carriageReturn { position += 1 }
    }

    /// A backslash followed only by the end of the line.
    private func isLineContinuation() -> Bool {
        var next = position + 1
        if next < bytes.count && bytes[next] == Parser.carriageReturn { next += 1 }
        return next >= bytes.count || bytes[next] == Parser.newline
    }

    private mutating func parseWord() throws(Diagnostic) -> Word {
        let start = position
        var text: [UInt8] = []
        var quoted = false
        loop: while let byte = current {
            switch byte {
            case Parser.space, Parser.tab, Parser.newline, Parser.carriageReturn, Parser.pipe, Parser.semicolon:
                break loop
            case Parser.doubleQuote:
                if position == start { quoted = true }
                try readDoubleQuoted(into: &text)
            case Parser.singleQuote:
                if position == start { quoted = true }
                try readSingleQuoted(into: &text)
            default:
                text.append(byte)
                position += 1
            }
        }
        return Word(text: String(decoding: text, as: UTF8.self), span: Span(start, position), isQuoted: quoted)
    }

    private mutating func readDoubleQuoted(into text: inout [UInt8]) throws(Diagnostic) {
        let open = position
        position += 1
        while let byte = current {
            position += 1
            switch byte {
            case Parser.doubleQuote:
                return
            case Parser.backslash:
                guard let escaped = current else { break }
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): text.append(Parser.newline)
                case UInt8(ascii: "t"): text.append(Parser.tab)
                case UInt8(ascii: "r"): text.append(Parser.carriageReturn)
                case Parser.doubleQuote, Parser.backslash, UInt8(ascii: "$"), UInt8(ascii: "("): text.append(escaped)
                default:
                    throw Diagnostic("unknown escape \\\(Character(Unicode.Scalar(escaped)))",
                                     at: Span(position - 2, position),
                                     hint: "use \\\\ for a backslash, or single quotes for text taken as is")
                }
            default:
                text.append(byte)
            }
        }
        throw Diagnostic("unterminated string: no closing \"", at: Span(open, open + 1), incomplete: true)
    }

    private mutating func readSingleQuoted(into text: inout [UInt8]) throws(Diagnostic) {
        let open = position
        position += 1
        while let byte = current {
            position += 1
            if byte == Parser.singleQuote { return }
            text.append(byte)
        }
        throw Diagnostic("unterminated string: no closing '", at: Span(open, open + 1), incomplete: true)
    }
}
