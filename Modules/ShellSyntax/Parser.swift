/// Turns tokens into a syntax tree. Never traps: any input gives a `Block` or a `Diagnostic`.
///
/// The grammar, informally (docs/language.md is the reference):
///
///     block      := statement ((';' | newline) statement)*
///     statement  := 'let' NAME '=' pipeline | 'mut' NAME '=' pipeline | $NAME ('='|'+='|'-=') pipeline
///                 | 'def' NAME '[' params ']' '{' block '}' | 'for' NAME 'in' expr '{' block '}'
///                 | 'while' expr '{' block '}' | 'break' | 'continue' | 'return' pipeline?
///                 | 'try' '{' block '}' ('catch' '{' ('|' NAME '|')? block '}')? | pipeline
///     pipeline   := element ('|' command)*
///     element    := command | expr
///     command    := WORD argument*
///     expr       := operands joined by or, and, not, comparisons, + - * / // mod (usual precedence)
public struct Parser {
    let source: SourceFile
    var tokens: [Token]
    var index = 0
    /// Parsing a row condition: bare words are columns.
    var conditionMode = false
    /// How many brackets are open; a newline inside ( ) or [ ] does not end a statement.
    var parenDepth = 0
    /// How many levels deep the parser is (see `maximumNesting`).
    var nesting = 0

    /// How deeply code may nest: blocks (`{ }` bodies, `( )`, closures, string interpolations), lists,
    /// records, `not` and unary `-`, and `if` conditions each open a level. Past it the parser reports
    /// `nestingMessage` at the token that opens level 1,001, rather than exhausting the stack; the
    /// compiler counts the same levels across `source`d files and row conditions, and the interpreter
    /// allows as many nested calls of `def`s and closures. Chains of one operator (`a + b + c`,
    /// `x and y and z`) are one level however long they are.
    public static let maximumNesting = 1000
    public static let nestingMessage = "nested too deeply (more than \(maximumNesting) levels)"
    /// The stack parsing `maximumNesting` levels needs, with room to spare (measured in docs/architecture.md).
    static let stackNeeded = 64 << 20

    init(source: SourceFile, tokens: [Token]) {
        self.source = source
        self.tokens = tokens
    }

    /// Parses a whole script.
    public static func parse(_ source: SourceFile) throws(Diagnostic) -> Block {
        try Stack.withAtLeast(stackNeeded) { () throws(Diagnostic) -> Block in
            var parser = Parser(source: source, tokens: try Lexer.tokens(source))
            return try parser.parseBlock(closing: nil)
        }
    }

    /// Parses the tokens of a row condition (`budget > 5 and industry == retail`), or a closure;
    /// `nesting` is how many levels deep the condition stands.
    public static func parseCondition(_ tokens: [Token], in source: SourceFile, at span: Span,
                                      nesting: Int = 0) throws(Diagnostic) -> Expression {
        try Stack.withAtLeast(stackNeeded) { () throws(Diagnostic) -> Expression in
            var parser = Parser(source: source, tokens: tokens)
            parser.nesting = nesting
            parser.conditionMode = true
            parser.stripTrailingSeparators()
            guard !parser.atEnd else { throw Diagnostic("expected a condition, e.g. budget > 1000", at: span) }
            let expression = try parser.parseExpression()
            guard parser.atEnd else {
                throw Diagnostic("unexpected \(parser.current.describe) in condition", at: parser.current.span,
                                 hint: "join conditions with and / or; quote text with spaces")
            }
            return expression
        }
    }

    /// Parses the text of an interpolated `(expression)` inside a string, one level deeper than `nesting`.
    static func parseInterpolation(_ source: SourceFile, span: Span, nesting: Int) throws(Diagnostic) -> Block {
        var parser = Parser(source: source, tokens: try Lexer.tokens(source, span: span))
        parser.parenDepth = 1
        parser.nesting = nesting
        try parser.deeper(at: Span(span.start - 1, span.start))
        return try parser.parseBlock(closing: nil)
    }

    /// Opens a level of nesting at `span`, or reports that there are too many; the caller closes it
    /// with `nesting -= 1`.
    mutating func deeper(at span: Span) throws(Diagnostic) {
        guard nesting < Parser.maximumNesting else { throw Diagnostic(Parser.nestingMessage, at: span) }
        nesting += 1
    }

    // MARK: - Token access

    var current: Token { tokens[min(index, tokens.count - 1)] }
    var atEnd: Bool { if case .end = current.kind { return true } else { return false } }

    func peek(_ offset: Int = 1) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    mutating func stripTrailingSeparators() {
        while let last = tokens.last, last.kind == .end { tokens.removeLast() }
        while let last = tokens.last, last.kind == .newline || last.kind == .semicolon { tokens.removeLast() }
        let endOffset = tokens.last?.span.end ?? 0
        tokens.append(Token(.end, text: "", span: Span(endOffset, endOffset), spaceBefore: true))
    }

    mutating func expect(_ kind: Token.Kind, _ what: String) throws(Diagnostic) -> Token {
        guard current.kind == kind else {
            throw Diagnostic("expected \(what), found \(current.describe)", at: current.span, incomplete: atEnd)
        }
        let token = current
        advance()
        return token
    }

    // MARK: - Pipelines and commands

    mutating func parsePipeline() throws(Diagnostic) -> Pipeline {
        var elements = [try parseElement(first: true)]
        while true {
            if current.kind == .newline {
                // A line starting with | continues the pipeline.
                let saved = index
                skipNewlines()
                if current.kind != .pipe { index = saved; break }
            }
            guard current.kind == .pipe else { break }
            let pipe = current
            advance()
            skipNewlines()
            if atEnd { throw Diagnostic("expected a command after |", at: pipe.span, incomplete: true) }
            if current.kind == .pipe || isStatementEnd {
                throw Diagnostic("expected a command after |", at: pipe.span)
            }
            elements.append(try parseElement(first: false))
        }
        return Pipeline(elements: elements)
    }

    mutating func parseElement(first: Bool) throws(Diagnostic) -> Pipeline.Element {
        let token = current
        if token.kind == .pipe { throw Diagnostic("a pipeline cannot start with |", at: token.span) }
        if token.isBare && !token.hasQuotedPart {
            if token.text == "if" { return .expression(.ifElse(try parseIf())) }
            if token.text == "match" { return .expression(.match(try parseMatch())) }
            if token.text == "try" { return .expression(try parseTryExpression()) }
            if token.text == "-", startsNegation { return .expression(try parseExpression()) }
            if LiteralClassifier.literal(token.text) == nil && !token.text.hasPrefix("--") {
                // `word OP value` is an expression (`status == qualified`), except `word - …`: text cannot
                // be subtracted from, so `print - 5` is a command given `-` and `5`.
                if first, peek().isBare, !peek().hasQuotedPart, BinaryOperator(word: peek().text) != nil,
                   BinaryOperator(word: token.text) == nil, peek().text != "-" {
                    return .expression(try parseExpression())
                }
                return .command(try parseCommandCall())
            }
        }
        guard first else {
            throw Diagnostic("expected a command after |, found \(token.describe)", at: token.span,
                             hint: "only the first element of a pipeline can be a value")
        }
        return .expression(try parseExpression())
    }

    /// Whether the token after the one at `offset` is a variable or `(` written right against it
    /// (`-$m`, `-(...)`): then a `-` there is a unary minus, not a subtraction.
    func gluedToNext(at offset: Int) -> Bool {
        let next = peek(offset + 1)
        guard !next.spaceBefore else { return false }
        switch next.kind {
        case .variable, .openParen: return true
        default: return false
        }
    }

    mutating func parseCommandCall() throws(Diagnostic) -> CommandCall {
        let start = current.span
        var arguments: [Argument] = []
        var afterName: Int?
        while !isStatementEnd && current.kind != .pipe && current.kind != .closeBracket {
            arguments.append(try parseArgument())
            if afterName == nil { afterName = index }
        }
        let end = arguments.last?.span ?? start
        return CommandCall(arguments: arguments, span: start.through(end), tokens: tokens[(afterName ?? index)..<index])
    }

    mutating func parseArgument() throws(Diagnostic) -> Argument {
        let token = current
        if token.isBare && !token.hasQuotedPart && token.text.hasPrefix("--") && token.text.utf8.count > 2 {
            advance()
            let body = token.text.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                let name = String(body[..<equals])
                let valueText = String(body[body.index(after: equals)...])
                let offset = 2 + name.utf8.count + 1
                let value = Expression.bareWord(valueText, Span(token.span.start + offset, token.span.end))
                return .flag(name: name, value: value, token.span)
            }
            return .flag(name: String(body), value: nil, token.span)
        }
        if token.isWord("-"), startsNegation { return .positional(try parseNegation()) }
        if token.isBare {
            advance()
            if !token.hasQuotedPart, token.text.contains("$"), let range = rangeExpression(token) { return .positional(range) }
            return .positional(.bareWord(token.text, token.span))
        }
        return .positional(try parseAtom())
    }

}

extension BinaryOperator {
    init?(word: String) {
        self.init(rawValue: word)
    }
}

extension Token {
    /// How the token is named in error messages.
    var describe: String {
        switch kind {
        case .end: return "the end of input"
        case .newline: return "a new line"
        case .string: return "a string"
        case .variable: return "$" + text.dropFirst()
        default: return "\"\(text)\""
        }
    }

    static func describe(_ kind: Kind) -> String {
        switch kind {
        case .closeParen: return ")"
        case .closeBracket: return "]"
        case .closeBrace: return "}"
        default: return "the end"
        }
    }
}
