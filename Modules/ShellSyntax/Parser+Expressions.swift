extension Parser {
    // MARK: - Expressions

    /// Operators by precedence climbing. Operators of one precedence in a row form one chain
    /// (`a + b - c`, `x and y and z`), built in a loop, so a long chain needs no deeper recursion or
    /// deeper tree than a short one; the right operand of each is parsed at the next precedence up, so
    /// the recursion here is at most one call per precedence level.
    mutating func parseExpression(minimum: Int = 0) throws(Diagnostic) -> Expression {
        var left = try parseUnary()
        while let first = binaryOperator, first.precedence >= minimum {
            let precedence = first.precedence
            var links: [(op: BinaryOperator, operand: Expression)] = []
            while let op = binaryOperator, op.precedence == precedence {
                let opToken = current
                advance()
                if parenDepth > 0 { skipNewlines() }
                if atEnd || isStatementEnd {
                    throw Diagnostic("expected a value after \(opToken.text)", at: opToken.span, incomplete: atEnd)
                }
                var right = try parseExpression(minimum: precedence + 1)
                if op.isComparison, case .column(let name, true, let span) = right { right = .column(name, strict: false, span) }
                links.append((op, right))
            }
            left = .chain(left, links, left.span.through(links[links.count - 1].operand.span))
        }
        return left
    }

    /// The binary operator at the current token, if it is one.
    var binaryOperator: BinaryOperator? {
        guard current.isBare, !current.hasQuotedPart else { return nil }
        return BinaryOperator(word: current.text)
    }

    mutating func parseUnary() throws(Diagnostic) -> Expression {
        let token = current
        if token.isWord("not") {
            try deeper(at: token.span)
            defer { nesting -= 1 }
            advance()
            let operand = try parseExpression(minimum: 3)
            return .not(operand, token.span.through(operand.span))
        }
        if token.isWord("-") {
            try deeper(at: token.span)
            defer { nesting -= 1 }
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
            if token.text == "match" { return .match(try parseMatch()) }
            if token.text == "try" { return try parseTryExpression() }
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
            return .call(CommandCall(arguments: [.positional(.bareWord(token.text, token.span))], span: token.span, tokens: []))
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
            return .variable(name: parts[0], path: parts.dropFirst().map { PathMember($0) }, span)
        }
        guard let low = end(left, offset: 0), let high = end(right, offset: dots + 2) else { return nil }
        return .range(low, high, token.span)
    }

    /// A value that needs no operators: variable, string, ( ), [ ], { }.
    mutating func parseAtom() throws(Diagnostic) -> Expression {
        let token = current
        switch token.kind {
        case .variable(let name, let path):
            advance()
            return .variable(name: name, path: path, token.span)
        case .string(let parts):
            advance()
            return try stringExpression(parts, span: token.span)
        case .openParen:
            try deeper(at: token.span)
            defer { nesting -= 1 }
            advance()
            let saved = (parenDepth, conditionMode)
            parenDepth = 1
            conditionMode = false
            let block = try parseBlock(closing: .closeParen)
            (parenDepth, conditionMode) = saved
            let close = try expect(.closeParen, ")")
            var path: [PathMember] = []
            var end = close.span
            while current.isBare, !current.spaceBefore, current.text.hasPrefix("."), current.text.count > 1 {
                // Read from the source as written, so quotes (`."days overdue"`) and `?` keep their meaning.
                let written = String(decoding: source.bytes[(current.span.start + 1)..<current.span.end], as: UTF8.self)
                path += PathMember.parse(written)
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
                let block = try Parser.parseInterpolation(source, span: inner, nesting: nesting)
                pieces.append(.expression(.subexpression(block, path: [], Span(inner.start - 1, inner.end + 1))))
            }
        }
        return .interpolation(pieces, span)
    }

    /// A list item or record value: like an argument, but a bare word is a literal or text.
    mutating func parseItem() throws(Diagnostic) -> Expression {
        let token = current
        if token.isWord("-"), startsNegation { return try parseNegation() }
        if token.isBare {
            advance()
            if token.hasQuotedPart { return .literal(.string(token.text), token.span) }
            return .literal(LiteralClassifier.literal(token.text) ?? .string(token.text), token.span)
        }
        return try parseAtom()
    }

    mutating func parseList() throws(Diagnostic) -> Expression {
        let open = current
        try deeper(at: open.span)
        defer { nesting -= 1 }
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
        try deeper(at: open.span)
        defer { nesting -= 1 }
        let savedDepth = (parenDepth, conditionMode)
        parenDepth = 0
        conditionMode = false
        let body = try parseBlock(closing: .closeBrace)
        (parenDepth, conditionMode) = savedDepth
        let close = try expect(.closeBrace, "}")
        return .closure(Closure(parameters: parameters, body: body), open.span.through(close.span))
    }

    mutating func parseRecord(open: Token) throws(Diagnostic) -> Expression {
        try deeper(at: open.span)
        defer { nesting -= 1 }
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

    /// Whether the current `-` is glued to a variable or `(` after it (`-$m`, `-($a + 1)`): a unary
    /// minus wherever a value may stand, arguments and list items included.
    var startsNegation: Bool { gluedToNext(at: 0) }

    /// `-$m`, `-($a + 1)` as an argument or item.
    mutating func parseNegation() throws(Diagnostic) -> Expression {
        let minus = current
        try deeper(at: minus.span)
        defer { nesting -= 1 }
        advance()
        let operand = try parseAtom()
        return .negate(operand, minus.span.through(operand.span))
    }

    /// `try { ... } catch { |err| ... }` where a value is wanted (`let r = try { ... } catch { ... }`):
    /// the body's value, or when it fails the handler's.
    mutating func parseTryExpression() throws(Diagnostic) -> Expression {
        let statement = try parseTry()
        return .subexpression(Block(statements: [statement], span: statement.span), path: [], statement.span)
    }

    /// `match VALUE { PATTERN => RESULT ... }`: arms separated by new lines or commas; a pattern is a
    /// value (a literal, quoted text, a bare word as text, a variable), an integer range `a..b`, `_`,
    /// or several of them joined by `|`; a result is an expression or a `{ block }`.
    mutating func parseMatch() throws(Diagnostic) -> MatchExpression {
        let keyword = current
        try deeper(at: keyword.span)
        defer { nesting -= 1 }
        advance()
        if isStatementEnd || current.kind == .openBrace {
            throw Diagnostic("expected a value to match after match", at: current.span, incomplete: atEnd)
        }
        let subject = try parseExpression()
        let open = try expect(.openBrace, "{ to start the match arms")
        var arms: [MatchExpression.Arm] = []
        while true {
            while current.kind == .newline || current.kind == .comma { advance() }
            if current.kind == .closeBrace { break }
            if atEnd { throw Diagnostic("unclosed { of match", at: open.span, incomplete: true) }
            let start = current.span
            var patterns = [try parsePattern()]
            while current.kind == .pipe {
                advance()
                patterns.append(try parsePattern())
            }
            guard current.isWord("=>") else {
                throw Diagnostic("expected => after the pattern, found \(current.describe)", at: current.span,
                                 hint: "arms are written PATTERN => RESULT, e.g. 1 => 'one' or _ => 'other'", incomplete: atEnd)
            }
            advance()
            skipNewlines()
            let body: Block
            if current.kind == .openBrace, !(peek().isBare && peek().text.hasSuffix(":")) {
                body = try parseBraceBlock("the match arm")
            } else {
                let value = try parseExpression()
                body = Block(statements: [.pipeline(Pipeline(elements: [.expression(value)]))], span: value.span)
            }
            arms.append(MatchExpression.Arm(patterns: patterns, body: body, span: start.through(body.span)))
            if !(current.kind == .newline || current.kind == .comma || current.kind == .closeBrace) {
                throw Diagnostic("unexpected \(current.describe) after a match arm", at: current.span,
                                 hint: "separate arms with a new line or a comma")
            }
        }
        guard !arms.isEmpty else { throw Diagnostic("a match needs at least one arm", at: open.span.through(current.span)) }
        let close = current
        advance()
        return MatchExpression(subject: subject, arms: arms, span: keyword.span.through(close.span))
    }

    /// One alternative of a match pattern.
    mutating func parsePattern() throws(Diagnostic) -> MatchExpression.Pattern {
        let token = current
        if token.isBare, !token.hasQuotedPart {
            if token.text == "_" { advance(); return .any }
            if case .range(let low, let high)? = LiteralClassifier.literal(token.text) { advance(); return .range(low, high) }
            if token.text == "=>" || BinaryOperator(word: token.text) != nil {
                throw Diagnostic("expected a pattern, found \(token.describe)", at: token.span,
                                 hint: "a pattern is a value, a range such as 1..5, or _ for anything")
            }
        }
        switch token.kind {
        case .bare, .string, .variable, .openParen, .openBracket: return .value(try parseItem())
        default:
            throw Diagnostic("expected a pattern, found \(token.describe)", at: token.span,
                             hint: "a pattern is a value, a range such as 1..5, or _ for anything", incomplete: atEnd)
        }
    }

    mutating func parseIf() throws(Diagnostic) -> IfExpression {
        let keyword = current
        advance()
        var branches: [(condition: Expression, body: Block)] = []
        var otherwise: Block?
        var end = keyword.span
        var levelAt = keyword.span
        while true {
            // The condition is a level (`if if c {} {} {}` nests); the body is one of its own.
            try deeper(at: levelAt)
            let condition = try parseExpression()
            nesting -= 1
            let body = try parseBraceBlock("the if body")
            branches.append((condition, body))
            end = body.span
            let saved = index
            skipNewlines()
            guard current.isWord("else") else { index = saved; break }
            advance()
            if current.isWord("if") { levelAt = current.span; advance(); continue }
            let block = try parseBraceBlock("the else body")
            otherwise = block
            end = block.span
            break
        }
        return IfExpression(branches: branches, otherwise: otherwise, span: keyword.span.through(end))
    }
}
