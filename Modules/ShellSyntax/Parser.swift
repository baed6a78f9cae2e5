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
    /// How deeply expressions nest; past `maximumNesting` the input is refused rather than
    /// exhausting the stack.
    var nesting = 0
    static let maximumNesting = 150

    init(source: SourceFile, tokens: [Token]) {
        self.source = source
        self.tokens = tokens
    }

    /// Parses a whole script.
    public static func parse(_ source: SourceFile) throws(Diagnostic) -> Block {
        var parser = Parser(source: source, tokens: try Lexer.tokens(source))
        let block = try parser.parseBlock(closing: nil)
        return block
    }

    /// Parses the tokens of a row condition (`budget > 5 and industry == retail`), or a closure.
    public static func parseCondition(_ tokens: [Token], in source: SourceFile, at span: Span) throws(Diagnostic) -> Expression {
        var parser = Parser(source: source, tokens: tokens)
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

    /// Parses the text of an interpolated `(expression)` inside a string.
    static func parseInterpolation(_ source: SourceFile, span: Span) throws(Diagnostic) -> Block {
        var parser = Parser(source: source, tokens: try Lexer.tokens(source, span: span))
        parser.parenDepth = 1
        return try parser.parseBlock(closing: nil)
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

    // MARK: - Blocks and statements

    mutating func parseBlock(closing: Token.Kind?) throws(Diagnostic) -> Block {
        let start = current.span.start
        var statements: [Statement] = []
        while true {
            while current.kind == .newline || current.kind == .semicolon { advance() }
            if let closing, current.kind == closing { break }
            if atEnd {
                if let closing {
                    throw Diagnostic("expected \(Token.describe(closing)) before the end of input",
                                     at: Span(source.text.utf8.count, source.text.utf8.count), incomplete: true)
                }
                break
            }
            if closing == nil, let stray = strayCloser() { throw stray }
            statements.append(try parseStatement())
            switch current.kind {
            case .newline, .semicolon, .end: continue
            case let kind where kind == closing: continue
            default:
                if let stray = strayCloser() { throw stray }
                throw Diagnostic("unexpected \(current.describe)", at: current.span,
                                 hint: "separate statements with ; or a new line")
            }
        }
        return Block(statements: statements, span: Span(start, current.span.start))
    }

    func strayCloser() -> Diagnostic? {
        switch current.kind {
        case .closeParen, .closeBracket, .closeBrace:
            return Diagnostic("unmatched \(current.text)", at: current.span)
        default:
            return nil
        }
    }

    mutating func parseStatement() throws(Diagnostic) -> Statement {
        let token = current
        if token.isBare && !token.hasQuotedPart {
            switch token.text {
            case "let", "mut": return try parseBinding()
            case "def": return .definition(try parseDefinition())
            case "for": return try parseFor()
            case "while":
                advance()
                let condition = try parseExpression()
                let body = try parseBraceBlock("the loop body")
                return .whileLoop(condition: condition, body: body, token.span.through(body.span))
            case "break": advance(); return .breakLoop(token.span)
            case "continue": advance(); return .continueLoop(token.span)
            case "return":
                advance()
                if isStatementEnd { return .returnValue(nil, token.span) }
                let value = try parsePipeline()
                return .returnValue(value, token.span.through(value.span))
            case "try": return try parseTry()
            default: break
            }
        }
        if case .variable(let name, let path) = token.kind, path.isEmpty, peek().isBare,
           ["=", "+=", "-="].contains(peek().text) {
            advance()
            let op: BinaryOperator? = current.text == "+=" ? .add : current.text == "-=" ? .subtract : nil
            advance()
            skipNewlines()
            let value = try parsePipeline()
            return .assignment(name: name, operator: op, value: value, token.span.through(value.span))
        }
        return .pipeline(try parsePipeline())
    }

    var isStatementEnd: Bool {
        switch current.kind {
        case .newline, .semicolon, .end, .closeBrace, .closeParen: return true
        default: return false
        }
    }

    mutating func parseName(_ what: String) throws(Diagnostic) -> Token {
        let token = current
        guard token.isBare, !token.hasQuotedPart, let first = token.text.utf8.first,
              !(first >= 48 && first <= 57), token.text.utf8.allSatisfy({ Lexer.isNameByte($0) || $0 == UInt8(ascii: "-") })
        else {
            throw Diagnostic("expected \(what), found \(token.describe)", at: token.span,
                             hint: "names are letters, digits, _ and -, starting with a letter", incomplete: atEnd)
        }
        advance()
        return token
    }

    mutating func parseBinding() throws(Diagnostic) -> Statement {
        let keyword = current
        advance()
        let name = try parseName("a variable name after \(keyword.text)")
        guard current.isWord("=") else {
            throw Diagnostic("expected = after \(keyword.text) \(name.text)", at: current.span, incomplete: atEnd)
        }
        advance()
        skipNewlines()
        let value = try parsePipeline()
        return .binding(name: name.text, mutable: keyword.text == "mut", value: value, keyword.span.through(value.span))
    }

    mutating func parseFor() throws(Diagnostic) -> Statement {
        let keyword = current
        advance()
        let name = try parseName("a variable name after for")
        guard current.isWord("in") else {
            throw Diagnostic("expected in after for \(name.text)", at: current.span, incomplete: atEnd)
        }
        advance()
        let sequence = try parseExpression()
        let body = try parseBraceBlock("the loop body")
        return .forLoop(variable: name.text, sequence: sequence, body: body, keyword.span.through(body.span))
    }

    mutating func parseTry() throws(Diagnostic) -> Statement {
        let keyword = current
        advance()
        let body = try parseBraceBlock("the try body")
        let saved = index
        skipNewlines()
        guard current.isWord("catch") else {
            index = saved
            return .tryCatch(body: body, errorName: nil, handler: nil, keyword.span.through(body.span))
        }
        advance()
        let open = try expect(.openBrace, "{ after catch")
        skipNewlines()
        var errorName: String?
        if current.kind == .pipe {
            advance()
            errorName = try parseName("the error's name").text
            _ = try expect(.pipe, "| after the error's name")
        }
        let handler = try parseBlock(closing: .closeBrace)
        let close = try expect(.closeBrace, "}")
        return .tryCatch(body: body, errorName: errorName, handler: Block(statements: handler.statements, span: open.span.through(close.span)),
                         keyword.span.through(close.span))
    }

    /// `{ statements }`.
    mutating func parseBraceBlock(_ what: String) throws(Diagnostic) -> Block {
        let open = try expect(.openBrace, "{ to start \(what)")
        let saved = parenDepth
        parenDepth = 0
        let block = try parseBlock(closing: .closeBrace)
        parenDepth = saved
        let close = try expect(.closeBrace, "} to end \(what)")
        return Block(statements: block.statements, span: open.span.through(close.span))
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
            if LiteralClassifier.literal(token.text) == nil && !token.text.hasPrefix("--") {
                if first, peek().isBare, !peek().hasQuotedPart, BinaryOperator(word: peek().text) != nil,
                   BinaryOperator(word: token.text) == nil {
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

    mutating func parseCommandCall() throws(Diagnostic) -> CommandCall {
        let start = current.span
        var arguments: [Argument] = []
        var callTokens: [Token] = []
        var first = true
        while !isStatementEnd && current.kind != .pipe && current.kind != .closeBracket {
            let before = index
            arguments.append(try parseArgument())
            if !first { callTokens += tokens[before..<index] }
            first = false
        }
        let end = arguments.last?.span ?? start
        callTokens.append(Token(.end, text: "", span: Span(end.end, end.end), spaceBefore: true))
        return CommandCall(arguments: arguments, span: start.through(end), tokens: callTokens)
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
        if token.isBare {
            advance()
            if !token.hasQuotedPart, token.text.contains("$"), let range = rangeExpression(token) { return .positional(range) }
            return .positional(.bareWord(token.text, token.span))
        }
        return .positional(try parseAtom())
    }

    // MARK: - Expressions

    mutating func parseExpression(minimum: Int = 0) throws(Diagnostic) -> Expression {
        var left = try parseUnary()
        while current.isBare, !current.hasQuotedPart, let op = BinaryOperator(word: current.text), op.precedence >= minimum {
            let opToken = current
            advance()
            if parenDepth > 0 { skipNewlines() }
            if atEnd || isStatementEnd {
                throw Diagnostic("expected a value after \(opToken.text)", at: opToken.span, incomplete: atEnd)
            }
            var right = try parseExpression(minimum: op.precedence + 1)
            if op.isComparison, case .column(let name, true, let span) = right { right = .column(name, strict: false, span) }
            left = .binary(op, left, right, left.span.through(right.span))
        }
        return left
    }

    mutating func parseUnary() throws(Diagnostic) -> Expression {
        let token = current
        nesting += 1
        defer { nesting -= 1 }
        guard nesting < Parser.maximumNesting else {
            throw Diagnostic("expression nested too deeply (more than \(Parser.maximumNesting) levels)", at: token.span)
        }
        if token.isWord("not") {
            advance()
            let operand = try parseExpression(minimum: 3)
            return .not(operand, token.span.through(operand.span))
        }
        if token.isWord("-") {
            advance()
            let operand = try parseExpression(minimum: 7)
            return .negate(operand, token.span.through(operand.span))
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws(Diagnostic) -> Expression {
        let token = current
        switch token.kind {
        case .bare:
            if token.hasQuotedPart {
                advance()
                return .literal(.string(token.text), token.span)
            }
            if token.text == "if" { return .ifElse(try parseIf()) }
            if let literal = LiteralClassifier.literal(token.text) {
                advance()
                return .literal(literal, token.span)
            }
            if BinaryOperator(word: token.text) != nil || token.text == "=" {
                throw Diagnostic("expected a value, found operator \(token.text)", at: token.span)
            }
            if let range = rangeExpression(token) {
                advance()
                return range
            }
            advance()
            if conditionMode { return .column(token.text, strict: true, token.span) }
            return .call(CommandCall(arguments: [.positional(.bareWord(token.text, token.span))], span: token.span,
                                     tokens: [Token(.end, text: "", span: Span(token.span.end, token.span.end), spaceBefore: true)]))
        case .end:
            throw Diagnostic("expected a value", at: token.span, incomplete: true)
        case .newline, .semicolon, .pipe, .comma, .closeParen, .closeBracket, .closeBrace:
            throw Diagnostic("expected a value, found \(token.describe)", at: token.span)
        default:
            return try parseAtom()
        }
    }

    /// `1..$n`, `$a..$b`: a bare word with `..` between an integer or variable on each side.
    func rangeExpression(_ token: Token) -> Expression? {
        let bytes = Array(token.text.utf8)
        guard let dots = (0..<max(0, bytes.count - 1)).first(where: { bytes[$0] == 46 && bytes[$0 + 1] == 46 }) else { return nil }
        let left = String(decoding: bytes[..<dots], as: UTF8.self), right = String(decoding: bytes[(dots + 2)...], as: UTF8.self)
        func end(_ text: String, offset: Int) -> Expression? {
            let span = Span(token.span.start + offset, token.span.start + offset + text.utf8.count)
            if let value = Int64(text) { return .literal(.int(value), span) }
            guard text.hasPrefix("$"), text.count > 1 else { return nil }
            let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { Lexer.isNameByte($0) || $0 == 45 } }) else { return nil }
            return .variable(name: parts[0], path: Array(parts.dropFirst()), span)
        }
        guard let low = end(left, offset: 0), let high = end(right, offset: dots + 2) else { return nil }
        return .range(low, high, token.span)
    }

    /// A value that needs no operators: variable, string, ( ), [ ], { }.
    mutating func parseAtom() throws(Diagnostic) -> Expression {
        let token = current
        nesting += 1
        defer { nesting -= 1 }
        guard nesting < Parser.maximumNesting else {
            throw Diagnostic("expression nested too deeply (more than \(Parser.maximumNesting) levels)", at: token.span)
        }
        switch token.kind {
        case .variable(let name, let path):
            advance()
            return .variable(name: name, path: path, token.span)
        case .string(let parts):
            advance()
            return try stringExpression(parts, span: token.span)
        case .openParen:
            advance()
            let saved = (parenDepth, conditionMode)
            parenDepth = 1
            conditionMode = false
            let block = try parseBlock(closing: .closeParen)
            (parenDepth, conditionMode) = saved
            let close = try expect(.closeParen, ")")
            var path: [String] = []
            var end = close.span
            while current.isBare, !current.spaceBefore, current.text.hasPrefix("."), current.text.count > 1 {
                path += current.text.dropFirst().split(separator: ".").map(String.init)
                end = current.span
                advance()
            }
            return .subexpression(block, path: path, token.span.through(end))
        case .openBracket:
            return try parseList()
        case .openBrace:
            return try parseBraces()
        case .bare:
            advance()
            return .bareWord(token.text, token.span)
        case .end:
            throw Diagnostic("expected a value", at: token.span, incomplete: true)
        default:
            throw Diagnostic("expected a value, found \(token.describe)", at: token.span)
        }
    }

    func stringExpression(_ parts: [StringPart], span: Span) throws(Diagnostic) -> Expression {
        if parts.count == 1, case .text(let text) = parts[0] { return .literal(.string(text), span) }
        var pieces: [InterpolationPart] = []
        for part in parts {
            switch part {
            case .text(let text): pieces.append(.text(text))
            case .variable(let name, let path, let span): pieces.append(.expression(.variable(name: name, path: path, span)))
            case .expression(let inner):
                let block = try Parser.parseInterpolation(source, span: inner)
                pieces.append(.expression(.subexpression(block, path: [], Span(inner.start - 1, inner.end + 1))))
            }
        }
        return .interpolation(pieces, span)
    }

    /// A list item or record value: like an argument, but a bare word is a literal or text.
    mutating func parseItem() throws(Diagnostic) -> Expression {
        let token = current
        if token.isBare {
            advance()
            if token.hasQuotedPart { return .literal(.string(token.text), token.span) }
            return .literal(LiteralClassifier.literal(token.text) ?? .string(token.text), token.span)
        }
        return try parseAtom()
    }

    mutating func parseList() throws(Diagnostic) -> Expression {
        let open = current
        advance()
        var items: [Expression] = []
        while true {
            while current.kind == .newline || current.kind == .comma { advance() }
            if current.kind == .closeBracket { break }
            if atEnd { throw Diagnostic("unclosed [", at: open.span, incomplete: true) }
            items.append(try parseItem())
        }
        let close = current
        advance()
        return .list(items, open.span.through(close.span))
    }

    mutating func parseBraces() throws(Diagnostic) -> Expression {
        let open = current
        advance()
        let saved = index
        skipNewlines()
        if current.kind == .closeBrace {
            let close = current
            advance()
            return .record([], open.span.through(close.span))
        }
        if current.isBare, current.text.hasSuffix(":"), current.text.count > 1 || current.hasQuotedPart {
            return try parseRecord(open: open)
        }
        var parameters: [String] = []
        if current.kind == .pipe {
            advance()
            while current.kind != .pipe {
                if atEnd { throw Diagnostic("unclosed | in closure parameters", at: open.span, incomplete: true) }
                parameters.append(try parseName("a parameter name").text)
                if current.kind == .comma { advance() }
            }
            advance()
        } else {
            index = saved
        }
        let savedDepth = (parenDepth, conditionMode)
        parenDepth = 0
        conditionMode = false
        let body = try parseBlock(closing: .closeBrace)
        (parenDepth, conditionMode) = savedDepth
        let close = try expect(.closeBrace, "}")
        return .closure(Closure(parameters: parameters, body: body), open.span.through(close.span))
    }

    mutating func parseRecord(open: Token) throws(Diagnostic) -> Expression {
        var fields: [(key: String, value: Expression)] = []
        while true {
            while current.kind == .newline || current.kind == .comma { advance() }
            if current.kind == .closeBrace { break }
            if atEnd { throw Diagnostic("unclosed {", at: open.span, incomplete: true) }
            let key = current
            guard key.isBare, key.text.hasSuffix(":") else {
                throw Diagnostic("expected a field name followed by :, found \(key.describe)", at: key.span,
                                 hint: "records are written {name: value, other: value}")
            }
            advance()
            skipNewlines()
            if current.kind == .closeBrace || current.kind == .comma || atEnd {
                throw Diagnostic("expected a value for \(key.text.dropLast())", at: key.span, incomplete: atEnd)
            }
            fields.append((String(key.text.dropLast()), try parseItem()))
        }
        let close = current
        advance()
        return .record(fields, open.span.through(close.span))
    }

    mutating func parseIf() throws(Diagnostic) -> IfExpression {
        let keyword = current
        advance()
        var branches: [(condition: Expression, body: Block)] = []
        var otherwise: Block?
        var end = keyword.span
        while true {
            let condition = try parseExpression()
            let body = try parseBraceBlock("the if body")
            branches.append((condition, body))
            end = body.span
            let saved = index
            skipNewlines()
            guard current.isWord("else") else { index = saved; break }
            advance()
            if current.isWord("if") { advance(); continue }
            let block = try parseBraceBlock("the else body")
            otherwise = block
            end = block.span
            break
        }
        return IfExpression(branches: branches, otherwise: otherwise, span: keyword.span.through(end))
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
