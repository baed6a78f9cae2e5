import FunnelModel

/// A shell command: its signature and what it does.
public struct Command: Sendable {
    public let signature: CommandSignature
    /// A catalog command works on data every implementation of the lifecycle shares (core tables:
    /// leads, deals, products, customers …), not on the slot's own job: it stays available whichever
    /// implementation of its slot is active (`product list` still lists the catalog while a team's own
    /// `recommend` is in use). The slot's other commands are its verbs, replaced with it.
    public let isCatalog: Bool
    public let run: @Sendable (Invocation, StageContext) throws -> Value

    public init(_ signature: CommandSignature, catalog: Bool = false, run: @escaping @Sendable (Invocation, StageContext) throws -> Value) {
        self.signature = signature
        self.isCatalog = catalog
        self.run = run
    }

    public var name: String { signature.name }
}

/// A command's arguments after parsing and validation against its signature, plus its pipeline input.
public struct Invocation: Sendable {
    public var arguments: [String: Value]
    public var input: Value
    /// Set by `--dry-run`: report what would change, change nothing.
    public var isDryRun: Bool
    /// Whether the command's value is used: bound (`let x = (lead add A)`), piped on, passed as an
    /// argument, or printed as JSON or CSV. A creating command (`CommandSignature.creating()`) then
    /// says nothing and lets its record speak; when the value is not used, it says what it did
    /// (`L-1 added: Acme`) and the shell shows that line instead of the record.
    public var isValueUsed: Bool = false

    public init(arguments: [String: Value] = [:], input: Value = .null, isDryRun: Bool = false) {
        self.arguments = arguments
        self.input = input
        self.isDryRun = isDryRun
    }

    public subscript(name: String) -> Value? {
        guard let value = arguments[name], value != .null else { return nil }
        return value
    }

    public func string(_ name: String) -> String? {
        if case .string(let s)? = self[name] { return s }
        return self[name]?.plainText
    }

    public func int(_ name: String) -> Int64? {
        if case .int(let i)? = self[name] { return i }
        return nil
    }

    public func money(_ name: String) -> Money? {
        if case .money(let m)? = self[name] { return m }
        return nil
    }

    /// The currency the flag or positional `name` gives (`--currency usd`, `--currency RMB`), read by
    /// `Currency.read`; `fallback` when it is absent. A text that is no currency is a `CommandError`
    /// blaming that argument.
    public func currency(_ name: String, fallback: Currency = .cny) throws(CommandError) -> Currency {
        guard let text = string(name) else { return fallback }
        do throws(Currency.UnknownCode) { return try Currency.read(text) } catch { throw CommandError(error.description, argument: name) }
    }

    public func id(_ name: String) -> EntityID? {
        if case .id(let id)? = self[name] { return id }
        return nil
    }

    public func flag(_ name: String) -> Bool {
        if case .bool(let b)? = self[name] { return b }
        return false
    }

    public func list(_ name: String) -> [Value] {
        switch self[name] {
        case .list(let items)?: return items
        case let value?: return [value]
        case nil: return []
        }
    }
}

/// An error a command reports to the user; `argument` names the positional or flag at fault, so the
/// shell can point its caret at that word.
public struct CommandError: Error, CustomStringConvertible {
    public let message: String
    public let argument: String?
    public let hint: String?

    public init(_ message: String, argument: String? = nil, hint: String? = nil) {
        self.message = message
        self.argument = argument
        self.hint = hint
    }

    public var description: String { message }

    public static func notFound(_ id: EntityID, argument: String? = nil) -> CommandError {
        CommandError("no \(id.kind.noun) \(id)", argument: argument)
    }
}
