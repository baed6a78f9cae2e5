/// The parsed form of script text. Pure syntax: names are not resolved and commands not looked up.

/// A literal written in the script.
public enum Literal: Sendable, Equatable {
    case int(Int64)
    /// A decimal number, kept as its text so nothing is lost (`12.50`).
    case decimal(String)
    /// Money written with its currency glued on: `12.50CNY`, `100USD`.
    case money(String)
    /// A duration in seconds: `30day`, `2week`, `4hr`, `15min`, `30sec`.
    case duration(Int64)
    /// A calendar duration in whole months: `1month`, `3months`, `1year` (12 months).
    case months(Int64)
    /// A calendar date or timestamp: `2026-01-31`.
    case date(String)
    /// A range of integers, both ends included: `1..10`.
    case range(Int64, Int64)
    case string(String)
    case bool(Bool)
    case null
}

/// A binary operator.
public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "mod"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case contains = "=~", notContains = "!~", isIn = "in", notIn = "not-in"
    case and = "and", or = "or"

    var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .contains, .notContains, .isIn, .notIn:
            return 4
        case .add, .subtract: return 5
        case .multiply, .divide, .floorDivide, .modulo: return 6
        }
    }

    public var isComparison: Bool { precedence == 4 }
}

/// An expression with the span of text it came from.
public indirect enum Expression: Sendable, Equatable {
    case literal(Literal, Span)
    /// A bare word in argument position (`lead`, `--budget`, `12,345.67`): its meaning comes from the
    /// command's signature.
    case bareWord(String, Span)
    /// A bare word in a row condition (`where budget > 5`): a column of the row; when `strict` is
    /// false and the row has no such column, the word itself as text.
    case column(String, strict: Bool, Span)
    case variable(name: String, path: [PathMember], Span)
    case interpolation([InterpolationPart], Span)
    case list([Expression], Span)
    case record([(key: String, value: Expression)], Span)
    case closure(Closure, Span)
    /// `(pipeline)`, optionally followed by a field path: `(lead show L-1).budget`.
    case subexpression(Block, path: [PathMember], Span)
    /// Binary operators of one precedence, applied left to right: `a + b - c` is
    /// `.chain(a, [(+, b), (-, c)])`, `a * b` a chain of one. A chain holds its operands in an array,
    /// so a chain of 100,000 terms is as shallow as one of two (and frees without deep recursion).
    case chain(Expression, [(op: BinaryOperator, operand: Expression)], Span)
    /// `$a..$b`, `1..$n`: a range whose ends are computed.
    case range(Expression, Expression, Span)
    case not(Expression, Span)
    case negate(Expression, Span)
    /// A command called with no arguments inside an expression: `now` in `now + 30day`.
    case call(CommandCall)
    case ifElse(IfExpression)
    /// `match VALUE { PATTERN => RESULT, ... }`.
    case match(MatchExpression)

    public var span: Span {
        switch self {
        case .literal(_, let s), .bareWord(_, let s), .column(_, _, let s), .variable(_, _, let s),
             .interpolation(_, let s), .list(_, let s), .record(_, let s), .closure(_, let s),
             .subexpression(_, _, let s), .chain(_, _, let s), .not(_, let s), .negate(_, let s),
             .range(_, _, let s):
            return s
        case .call(let call): return call.span
        case .ifElse(let branch): return branch.span
        case .match(let match): return match.span
        }
    }

    /// Expressions are equal when they are of one kind and come from the same text: comparing spans
    /// needs no walk of the operands (a tree may be 1,000 levels deep and a chain 100,000 terms long).
    public static func == (a: Expression, b: Expression) -> Bool { a.span == b.span && a.kind == b.kind }

    /// Which case this is, without its payload.
    var kind: Int {
        switch self {
        case .literal: return 0
        case .bareWord: return 1
        case .column: return 2
        case .variable: return 3
        case .interpolation: return 4
        case .list: return 5
        case .record: return 6
        case .closure: return 7
        case .subexpression: return 8
        case .chain: return 9
        case .range: return 10
        case .not: return 11
        case .negate: return 12
        case .call: return 13
        case .ifElse: return 14
        case .match: return 15
        }
    }
}

/// A piece of an interpolated string.
public enum InterpolationPart: Sendable, Equatable {
    case text(String)
    case expression(Expression)
}

/// `{ |a, b| statements }`; parameters may be empty.
public struct Closure: Sendable, Equatable {
    public var parameters: [String]
    public var body: Block
}

/// `if c { } else if d { } else { }`.
public struct IfExpression: Sendable, Equatable {
    public var branches: [(condition: Expression, body: Block)]
    public var otherwise: Block?
    public var span: Span

    public static func == (a: IfExpression, b: IfExpression) -> Bool { a.span == b.span }
}

/// `match $x { 1 => a, 2..5 | 9 => b, _ => c }`: the first arm with a pattern the value matches
/// gives the result.
public struct MatchExpression: Sendable, Equatable {
    /// What an arm's pattern may be: any of several alternatives (`a | b`).
    public enum Pattern: Sendable, Equatable {
        /// A value the subject must equal, as `==` compares (`1`, `'text'`, `qualified`, `100CNY`).
        case value(Expression)
        /// Integers from the first to the second, both included (`2..5`): the subject must be an int within.
        case range(Int64, Int64)
        /// `_`: anything.
        case any
    }

    public struct Arm: Sendable, Equatable {
        public var patterns: [Pattern]
        /// The arm's result: one expression, or a `{ block }`.
        public var body: Block
        public var span: Span

        public static func == (a: Arm, b: Arm) -> Bool { a.span == b.span }
    }

    public var subject: Expression
    public var arms: [Arm]
    public var span: Span

    public static func == (a: MatchExpression, b: MatchExpression) -> Bool { a.span == b.span }
}

/// One argument of a command call, with its span; the signature decides what it means.
public enum Argument: Sendable, Equatable {
    /// `--name`, or `--name=value` with the value's expression.
    case flag(name: String, value: Expression?, Span)
    case positional(Expression)

    public var span: Span {
        switch self {
        case .flag(_, _, let s): return s
        case .positional(let e): return e.span
        }
    }
}

/// A command call: its words as arguments (the first one or two name the command) and, for
/// commands whose arguments form a condition (`where`), the tokens to parse one from.
public struct CommandCall: Sendable, Equatable {
    public var arguments: [Argument]
    public var span: Span
    /// The tokens after the first word, kept so a row condition can be parsed from them: a slice of
    /// the script's tokens, shared rather than copied (nested calls would otherwise each copy the
    /// tokens of every call inside them).
    public var tokens: ArraySlice<Token>
}

/// Commands joined by `|`; the first element may be an expression (`$leads | where ...`).
public struct Pipeline: Sendable, Equatable {
    public enum Element: Sendable, Equatable {
        case command(CommandCall)
        case expression(Expression)

        public var span: Span {
            switch self {
            case .command(let c): return c.span
            case .expression(let e): return e.span
            }
        }
    }

    public var elements: [Element]
    public var span: Span { elements.first.map { $0.span.through(elements.last?.span ?? $0.span) } ?? Span(0, 0) }
}

/// A parameter of a `def`.
public struct ParameterDeclaration: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case positional, optional, rest, flag, switchFlag }
    public var name: String
    public var kind: Kind
    /// The declared type (`int`, `string`, `money`, ...), if any.
    public var type: String?
    public var defaultValue: Expression?
    public var span: Span
}

/// A statement.
public indirect enum Statement: Sendable, Equatable {
    case pipeline(Pipeline)
    case binding(name: String, mutable: Bool, value: Pipeline, Span)
    /// `$x = value`, `$x += value`, `$x -= value`.
    case assignment(name: String, operator: BinaryOperator?, value: Pipeline, Span)
    case definition(Definition)
    case forLoop(variable: String, sequence: Expression, body: Block, Span)
    case whileLoop(condition: Expression, body: Block, Span)
    case breakLoop(Span)
    case continueLoop(Span)
    case returnValue(Pipeline?, Span)
    case tryCatch(body: Block, errorName: String?, handler: Block?, Span)

    public var span: Span {
        switch self {
        case .pipeline(let p): return p.span
        case .binding(_, _, _, let s), .assignment(_, _, _, let s), .forLoop(_, _, _, let s),
             .whileLoop(_, _, let s), .breakLoop(let s), .continueLoop(let s), .returnValue(_, let s),
             .tryCatch(_, _, _, let s):
            return s
        case .definition(let d): return d.span
        }
    }
}

/// `def name [parameters] { body }`, with the comment lines right above it as its summary.
public struct Definition: Sendable, Equatable {
    public var name: String
    public var parameters: [ParameterDeclaration]
    public var body: Block
    public var summary: String?
    public var span: Span
    public var nameSpan: Span
}

/// Statements run in order; the value of the last one is the block's value.
public struct Block: Sendable, Equatable {
    public var statements: [Statement]
    public var span: Span
}
