#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit

/// Every command the shell can run now: its own (engine) commands, the user's `def`s, and the
/// active stages' commands.
public final class CommandTable: @unchecked Sendable {
    // @unchecked: changed only on the shell's thread (start-up, `def`, `stage use`).

    /// A command found by name.
    enum Entry {
        case engine(EngineCommand)
        case user(UserCommand)
        case stage(Command, StageDescriptor)

        var signature: CommandSignature {
            switch self {
            case .engine(let c): return c.signature
            case .user(let c): return c.signature
            case .stage(let c, _): return c.signature
            }
        }
    }

    public let registry: StageRegistry
    /// Set when a command registered stages whose migrations have not run: the session applies them
    /// once the command's transaction has committed.
    var migrationsPending = false
    /// Whether `transaction begin` left a transaction open (set by the session before each statement).
    public internal(set) var isInExplicitTransaction = false
    private(set) var engineCommands: [EngineCommand] = []
    private var engineByName: [String: EngineCommand] = [:]
    private(set) var userCommands: [String: UserCommand] = [:]

    public init(registry: StageRegistry) {
        self.registry = registry
    }

    /// Asks the session to apply the registered stages' migrations once the running command's
    /// transaction has committed (a command that registered stages, such as `plugin load`).
    public func requestMigrations() { migrationsPending = true }

    /// Adds shell commands of the program's own (the plugin commands), after the built-in ones; a name
    /// already taken is skipped.
    public func addEngineCommands(_ commands: [EngineCommand]) {
        for command in commands where engineByName[command.signature.name] == nil {
            engineCommands.append(command)
            engineByName[command.signature.name] = command
        }
    }

    func define(_ command: UserCommand) { userCommands[command.signature.name] = command }

    func lookup(_ name: String) -> Entry? {
        if let command = engineByName[name] { return .engine(command) }
        if let command = userCommands[name] { return .user(command) }
        if let (command, stage) = registry.command(named: name) { return .stage(command, stage) }
        return nil
    }

    /// The signature of the command of that name, if any.
    public func signature(of name: String) -> CommandSignature? { lookup(name)?.signature }

    /// Every runnable command's signature with the stage that runs it, if any: the shell's own,
    /// the user's, then the active stages' in lifecycle order.
    public var all: [(signature: CommandSignature, stage: StageDescriptor?)] {
        engineCommands.map { ($0.signature, nil) }
            + userCommands.values.sorted { $0.signature.name < $1.signature.name }.map { ($0.signature, nil) }
            + registry.activeCommands.map { ($0.0.signature, Optional($0.1)) }
    }

    /// The shell's own commands' signatures.
    public var builtinSignatures: [CommandSignature] { engineCommands.map(\.signature) }

    /// The user's `def`s' signatures.
    public var userSignatures: [CommandSignature] { userCommands.values.map(\.signature).sorted { $0.name < $1.name } }

    /// Every command name, sorted.
    public var names: [String] { all.map(\.signature.name).sorted() }

    /// The names closest to a mistyped one, for "did you mean" hints.
    public func suggestions(for text: String) -> [String] {
        EditDistance.closest(to: text, among: names)
    }

    /// The commands closest to a mistyped first word (and the word after it, if any): a one-word
    /// command by its name, a two-word one by its first word — with the word after it, by both, so
    /// `laed list` suggests `lead list`, and `laed` alone the group `lead`. Closest first.
    func suggestions(for first: String, then second: String?) -> [String] {
        let limit = max(2, first.count / 3)
        var scored: [(String, Int, Int)] = []  // name, distance, 0 for a two-word match (first at a tie)
        var groups = Set<String>()
        for name in names {
            let words = name.split(separator: " ", maxSplits: 1).map(String.init)
            let distance = EditDistance.between(words[0], first)
            guard distance <= limit, distance < max(first.count, 2) else { continue }
            if words.count == 1 {
                scored.append((name, distance, 1))
            } else if let second {
                let rest = EditDistance.between(words[1], second)
                if rest <= max(2, second.count / 3) { scored.append((name, distance + rest, 0)) }
            } else if groups.insert(words[0]).inserted {
                scored.append((words[0], distance, 1))
            }
        }
        return scored.enumerated().sorted { ($0.element.1, $0.element.2, $0.offset) < ($1.element.1, $1.element.2, $1.offset) }
            .prefix(3).map(\.element.0)
    }
}

/// Edit distance over characters where swapping two neighbours counts as one edit (so `lsit` is one
/// edit from `list`): the optimal string alignment distance.
enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }

    /// Up to three candidates within a third of the word's length, closest first.
    static func closest(to text: String, among candidates: [String]) -> [String] {
        let limit = max(2, text.count / 3)
        return candidates.map { ($0, between($0, text)) }.filter { $0.1 <= limit }
            .sorted { $0.1 < $1.1 }.prefix(3).map(\.0)
    }
}
