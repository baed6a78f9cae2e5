import StageKit

/// Every command the shell can run now: its own built-ins and the active stages' commands.
public final class CommandTable: @unchecked Sendable {
    // @unchecked: built once at start-up; the registry it reads changes only on the shell's thread.

    public let registry: StageRegistry
    public private(set) var builtins: [Command] = []

    public init(registry: StageRegistry) {
        self.registry = registry
    }

    /// Adds the shell's own commands; names must not clash with each other or with stage commands.
    public func addBuiltins(_ commands: [Command]) {
        builtins += commands
    }

    /// The command of that name and the stage that runs it (`nil` for a built-in).
    public func command(named name: String) -> (Command, StageDescriptor?)? {
        if let builtin = builtins.first(where: { $0.name == name }) { return (builtin, nil) }
        if let (command, stage) = registry.command(named: name) { return (command, stage) }
        return nil
    }

    /// All commands runnable now: built-ins, then the active stages' in lifecycle order.
    public var all: [(Command, StageDescriptor?)] {
        builtins.map { ($0, nil) } + registry.activeCommands.map { ($0.0, Optional($0.1)) }
    }

    /// Every command name, sorted.
    public var names: [String] { all.map(\.0.name).sorted() }

    /// The names closest to a mistyped one, for "did you mean" hints.
    public func suggestions(for text: String) -> [String] {
        let scored = names.map { ($0, EditDistance.between($0, text)) }
        let limit = max(2, text.count / 3)
        return scored.filter { $0.1 <= limit }.sorted { $0.1 < $1.1 }.prefix(3).map(\.0)
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
}
